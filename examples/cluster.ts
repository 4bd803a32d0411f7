import { TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { Frontend, ServerGroupPolicy, StackatoCluster, StackatoImage } from "../lib";
import { CommonSettings, addStackBasics, commonSettingsFromEnv, sshSettingsFor } from "./settings";

export interface ClusterExampleSettings extends CommonSettings {
  /** The cluster's DNS name. */
  readonly domain: string;
  /** Private key for provisioning. @default "~/.ssh/id_rsa" */
  readonly privateKeyFile?: string;
  /** Log in through ssh-agent instead of a key file (it is forwarded to every node). */
  readonly useSshAgent?: boolean;
  readonly deaFlavorName: string;
  /** How many DEAs. @default 2 */
  readonly deaCount?: number;
  /** Set the Stackato license from the sensitive variable `stackato_license_key` (`TF_VAR_stackato_license_key`). */
  readonly withLicenseKey?: boolean;
  /** Add 1 to rotate the cluster's certificate (`certificateGeneration`). */
  readonly certificateGeneration?: number;
  /**
   * The front door: a load balancer in front of the two routers, or the two routers themselves (each
   * with a floating IP). Switching a deployed cluster keeps the routers, and takes the load balancer
   * out of the cluster or adds it.
   * @default "load-balancer"
   */
  readonly frontDoor?: "load-balancer" | "routers";
}

export function clusterSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ClusterExampleSettings {
  return {
    ...commonSettingsFromEnv(env),
    domain: env.STACKATO_DOMAIN || "paas.example.com",
    privateKeyFile: env.STACKATO_SSH_PRIVATE_KEY || undefined,
    useSshAgent: env.STACKATO_SSH_AGENT === "true",
    deaFlavorName: env.STACKATO_DEA_FLAVOR || "m1.large",
    deaCount: env.STACKATO_DEA_COUNT ? Number(env.STACKATO_DEA_COUNT) : undefined,
    withLicenseKey: env.STACKATO_LICENSE_KEY_VARIABLE === "true",
    certificateGeneration: env.STACKATO_CERTIFICATE_GENERATION
      ? Number(env.STACKATO_CERTIFICATE_GENERATION)
      : undefined,
  };
}

/**
 * A production-shaped cluster: core (primary, controller, router), 2 more controllers sharing the
 * droplets volume over sshfs, 2 DEAs, a load balancer in front of 2 routers, and a data-services
 * node with its own volume.
 */
export class ClusterStack extends TerraformStack {
  readonly cluster: StackatoCluster;

  constructor(scope: Construct, id: string, settings: ClusterExampleSettings) {
    super(scope, id);
    const keypair = addStackBasics(this, id, settings);
    const image = new StackatoImage(this, "Image", { existingImageName: settings.imageName });
    const routers = { count: 2, flavorName: settings.flavorName, serverGroupPolicy: ServerGroupPolicy.ANTI_AFFINITY };
    this.cluster = new StackatoCluster(this, "Cluster", {
      domain: settings.domain,
      image,
      keyName: keypair.keyName,
      networkName: settings.networkName,
      floatingIpPool: settings.floatingIpPool || undefined,
      sshSourceCidrs: settings.sshSourceCidrs,
      core: { flavorName: settings.flavorName },
      frontend:
        settings.frontDoor === "routers"
          ? Frontend.routers(routers)
          : Frontend.loadBalancer({ flavorName: settings.flavorName }),
      ssh: sshSettingsFor(settings.privateKeyFile, settings.useSshAgent),
      licenseKey: settings.withLicenseKey
        ? new TerraformVariable(this, "stackato_license_key", {
            type: "string",
            sensitive: true,
            description: "The Stackato license, set on the core with kato license set",
          }).stringValue
        : undefined,
      certificateGeneration: settings.certificateGeneration,
    });
    this.cluster.addControllers({
      count: 2,
      flavorName: settings.flavorName,
      serverGroupPolicy: ServerGroupPolicy.ANTI_AFFINITY,
    });
    this.cluster.addSharedDropletVolume({ sizeGb: 10 });
    this.cluster.addDeas({
      count: settings.deaCount ?? 2,
      flavorName: settings.deaFlavorName,
      serverGroupPolicy: ServerGroupPolicy.SOFT_ANTI_AFFINITY,
    });
    // The same routers either way (construct Routers, stackato-router-1 and -2), so a switch keeps them.
    if (settings.frontDoor !== "routers") this.cluster.addRouters(routers);
    this.cluster.addDataServices({ flavorName: settings.flavorName, volume: { sizeGb: 10 } });
  }
}
