import { LocalBackend, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { StackatoCluster, StackatoImage, StackatoKeypair } from "../lib";
import { OpenstackProvider } from "../lib/openstack";

/** Settings of the cluster example; every one has a default, so synth needs no credentials or files. */
export interface ClusterExampleSettings {
  readonly domain: string;
  readonly imageName: string;
  readonly keyName: string;
  readonly publicKeyFile?: string;
  /** Private key for provisioning; without one, ssh-agent is used. */
  readonly privateKeyFile?: string;
  readonly flavorName: string;
  readonly deaFlavorName: string;
  readonly networkName: string;
  readonly floatingIpPool: string;
  readonly sshSourceCidrs: string[];
}

export function clusterSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ClusterExampleSettings {
  return {
    domain: env.STACKATO_DOMAIN ?? "paas.example.com",
    imageName: env.STACKATO_IMAGE_NAME ?? "Stackato-3.6.2",
    keyName: env.STACKATO_KEYPAIR ?? "stackato-admin",
    publicKeyFile: env.STACKATO_PUBLIC_KEY_FILE || undefined,
    privateKeyFile: env.STACKATO_SSH_PRIVATE_KEY || undefined,
    flavorName: env.STACKATO_FLAVOR ?? "m1.medium",
    deaFlavorName: env.STACKATO_DEA_FLAVOR ?? "m1.large",
    networkName: env.STACKATO_NETWORK ?? "private",
    floatingIpPool: env.STACKATO_FLOATING_IP_POOL ?? "public",
    sshSourceCidrs: (env.STACKATO_SSH_CIDRS ?? "0.0.0.0/0").split(",").map((c) => c.trim()),
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
    new OpenstackProvider(this, "openstack", {});
    // State in the project folder (cdktf.out/stacks/<id>/../../..), as a relative path so the
    // synthesized JSON is the same on every machine.
    new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });

    const image = new StackatoImage(this, "Image", { existingImageName: settings.imageName });
    const keypair = new StackatoKeypair(
      this,
      "Keypair",
      settings.publicKeyFile ? { publicKeyFile: settings.publicKeyFile } : { existingKeyName: settings.keyName },
    );
    this.cluster = new StackatoCluster(this, "Cluster", {
      domain: settings.domain,
      image,
      keyName: keypair.keyName,
      networkName: settings.networkName,
      floatingIpPool: settings.floatingIpPool,
      sshSourceCidrs: settings.sshSourceCidrs,
      core: { flavorName: settings.flavorName },
      ssh: settings.privateKeyFile ? { privateKeyPath: settings.privateKeyFile } : { useSshAgent: true },
    });
    this.cluster.addControllers({ count: 2, flavorName: settings.flavorName, serverGroupPolicy: "anti-affinity" });
    this.cluster.addSharedDropletVolume({ sizeGb: 10 });
    this.cluster.addDeas({ count: 2, flavorName: settings.deaFlavorName, serverGroupPolicy: "soft-anti-affinity" });
    this.cluster.addRouters({ count: 2, flavorName: settings.flavorName, serverGroupPolicy: "anti-affinity" });
    this.cluster.addLoadBalancer({ flavorName: settings.flavorName });
    this.cluster.addDataServices({ flavorName: settings.flavorName, volume: { sizeGb: 10 } });
  }
}
