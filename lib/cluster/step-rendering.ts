import { Resource as NullResource } from "../../.gen/providers/null/resource";
import { Fn, ITerraformDependable, SSHProvisionerConnection, TerraformResource } from "cdktf";
import { Construct } from "constructs";
import { lateString } from "../private/late-value";
import { ensureNullProvider } from "../private/null-provider";
import { PlannedStep, StepAction } from "../provisioning/plan";
import { ProvisionStep, ProvisionStepProps } from "../provisioning/provision-step";
import { literalSafe } from "../base/terraform-text";
import { versionAtLeast } from "../provisioning/version";
import {
  CLUSTER_KEY_FILE,
  CLUSTER_KEY_PATH,
  CLUSTER_PUBLIC_KEY_UPLOAD,
  SSL_CERT_FILE,
  SSL_KEY_FILE,
  installSslScript,
  LICENSE_KEY_PARAM,
  licenseScript,
  sslCertificateCommand,
  SHARED_DROPLETS_SUBDIR,
  attachScript,
  authorizeClusterKeyScript,
  clusterKeygenCommand,
  controllerSharedDropletsScript,
  coreSetupScript,
  externalDatabaseScript,
  loadBalancerScript,
  mountVolumeScript,
  relocateScript,
  shareStagedUploadsScript,
} from "../provisioning/scripts";
import { NodeVolume } from "../storage/node-volume";
import { CONTROLLER_MOUNT_POINT, SharedDropletVolume } from "../storage/shared-droplet-volume";
import { Member } from "./members";
import { NodeKind } from "../base/node-kind";

/** What the provisioner reads from its cluster; the member list grows with every addXxx() call. */
export interface ProvisionerSource {
  readonly members: readonly Member[];
  readonly sharedDroplets?: SharedDropletVolume;
  readonly clusterName: string;
  readonly domain: string;
  readonly coreExtraRoles: string[];
  readonly stackatoVersion: string;
  /** Bumped to install the shared certificate again everywhere (a self-signed one made anew); 0 by default. */
  readonly certificateGeneration: number;
  /** A reference to the sensitive variable holding the Stackato license, set on the core. */
  readonly licenseKey?: string;
  /** The construct that holds cluster-wide local steps (the shared SSL certificate). */
  readonly clusterScope: Construct;
  /** Local folder of the certificate the routers and load balancer share (relative to the stack's directory). */
  readonly sslDirectory: string;
  /** The ssh connection for a node; its host and bastion follow the final layout. */
  connectionTo(member: Member): SSHProvisionerConnection;
  /** The same, as values for a destroy-time provisioner's own state. */
  connectionInputs(member: Member): Record<string, string>;
}

/** Builds the resource of one planned step, under the construct that owns what the step sets up. */
export function renderStep(
  step: PlannedStep,
  byName: Map<string, Member>,
  source: ProvisionerSource,
  dependsOn: ITerraformDependable[],
): TerraformResource {
  const member = byName.get(step.node)!;
  const core = source.members[0];
  const droplets = source.sharedDroplets;
  const run = (
    scope: Construct,
    id: string,
    props: Omit<ProvisionStepProps, "instanceId" | "connection" | "dependsOn">,
  ) =>
    new ProvisionStep(scope, id, {
      instanceId: member.server.instanceId,
      connection: source.connectionTo(member),
      dependsOn,
      ...props,
    }).resource;
  // The shared certificate, uploaded into the node's private directory for the script to install.
  const sslUploads = [SSL_KEY_FILE, SSL_CERT_FILE].map((file) => ({
    source: `${source.sslDirectory}/${file}`,
    destination: file,
  }));
  // A regenerated cluster key (its local-exec resource replaced) is authorized again and handed out again.
  const clusterKey = () => ({
    cluster_key_id: (droplets!.node.findChild("ClusterKey") as TerraformResource & { id: string }).id,
  });
  // The plan creates the certificate before any step that installs it, so it exists when they are made.
  const certificateId = () =>
    (source.clusterScope.node.findChild("SslCertificate") as TerraformResource & { id: string }).id;
  // Once a generation is given, every step that installs the certificate follows the certificate's id:
  // a new generation (a new certificate resource) re-runs them. Without one, the steps stay as they were.
  const certificateFollowers = (): Record<string, string> =>
    source.certificateGeneration > 0 ? { ssl_certificate_id: certificateId() } : {};
  const mount = (volume: NodeVolume) =>
    run(volume, "Mount", {
      script: mountVolumeScript({
        deviceSerial: Fn.substr(volume.volume.id, 0, 20),
        mountPoint: volume.mountPoint,
        label: volume.label,
      }),
    });

  switch (step.action) {
    case StepAction.CORE_SETUP:
      return run(member.scope, "Setup", {
        script: coreSetupScript({ domain: source.domain, extraRoles: source.coreExtraRoles }),
      });
    case StepAction.SET_LICENSE:
      return run(member.scope, "License", {
        script: licenseScript({ licenseKey: source.licenseKey! }),
        // The key reaches the node in a 0700 file and the triggers as its sha256 only.
        secretParams: [LICENSE_KEY_PARAM],
      });
    case StepAction.MOUNT_DROPLETS_VOLUME:
      return mount(droplets!.storage);
    case StepAction.RELOCATE_DROPLETS:
      return run(droplets!, "RelocateDroplets", {
        script: relocateScript({
          what: "droplets",
          volume: droplets!.storage.mountPoint,
          target: `${droplets!.sharedDirectory}/${SHARED_DROPLETS_SUBDIR}`,
        }),
      });
    case StepAction.SHARE_STAGED_UPLOADS:
      return run(droplets!, "ShareStagedUploads", {
        script: shareStagedUploadsScript({ sharedDir: droplets!.sharedDirectory }),
      });
    case StepAction.CREATE_CLUSTER_KEY: {
      ensureNullProvider(droplets!);
      return new NullResource(droplets!, "ClusterKey", {
        triggers: { key_directory: literalSafe(droplets!.keyDirectory) },
        provisioners: [
          {
            type: "local-exec",
            command: clusterKeygenCommand(droplets!.keyDirectory, `stackato-cluster-${source.clusterName}`),
          },
        ],
      });
    }
    case StepAction.AUTHORIZE_CLUSTER_KEY:
      return run(droplets!, "AuthorizeClusterKey", {
        script: authorizeClusterKeyScript(),
        uploads: [
          { source: `${droplets!.keyDirectory}/${CLUSTER_KEY_FILE}.pub`, destination: CLUSTER_PUBLIC_KEY_UPLOAD },
        ],
        extraTriggers: clusterKey(),
      });
    case StepAction.MOUNT_SHARED_DROPLETS:
      return run(droplets!, `Sshfs-${member.name}`, {
        script: controllerSharedDropletsScript({
          primaryIp: core.server.privateIp,
          remoteDir: droplets!.sharedDirectory,
          mountPoint: CONTROLLER_MOUNT_POINT,
          shareStagedUploads: versionAtLeast(source.stackatoVersion, "3.2"),
        }),
        uploads: [{ source: `${droplets!.keyDirectory}/${CLUSTER_KEY_FILE}`, destination: CLUSTER_KEY_PATH }],
        extraTriggers: clusterKey(),
      });
    case StepAction.ATTACH:
      return run(member.scope, "Attach", {
        // Routers serve the cluster's hostname, so they take it (and its certificate) before attaching,
        // as the cluster guide's load-balancer section does.
        script: attachScript({
          coreIp: core.server.privateIp,
          roles: member.roles,
          renameTo: member.kind === NodeKind.ROUTER ? source.domain : undefined,
          sharedSsl: member.kind === NodeKind.ROUTER,
        }),
        privateUploads: member.kind === NodeKind.ROUTER ? sslUploads : undefined,
        extraTriggers: member.kind === NodeKind.ROUTER ? certificateFollowers() : undefined,
      });
    case StepAction.MOUNT_SERVICES_VOLUME:
      return mount(member.dataVolume!.storage);
    case StepAction.RELOCATE_SERVICES:
      return run(member.dataVolume!, "RelocateServices", {
        script: relocateScript({
          what: "services",
          volume: member.dataVolume!.storage.mountPoint,
          target: member.dataVolume!.servicesDirectory,
        }),
      });
    case StepAction.EXTERNAL_MYSQL:
    case StepAction.EXTERNAL_POSTGRESQL: {
      const kind = step.action === StepAction.EXTERNAL_MYSQL ? "mysql" : "postgresql";
      const db = (kind === "mysql" ? member.externalMysql : member.externalPostgresql)!;
      return run(member.scope, kind === "mysql" ? "ExternalMysql" : "ExternalPostgresql", {
        script: externalDatabaseScript({
          kind,
          host: db.host,
          port: db.port ?? (kind === "mysql" ? 3306 : 5432),
          user: db.user ?? (kind === "mysql" ? "root" : "postgres"),
          password: db.password,
        }),
        secretParams: ["DB_PASS"],
      });
    }
    case StepAction.LOAD_BALANCER_SETUP: {
      // Read at synth: the pool grows with every addRouters() call, which come after the load balancer.
      const routers = () => source.members.filter((m) => m.kind === NodeKind.ROUTER);
      return run(member.scope, "Setup", {
        script: loadBalancerScript({
          coreIp: core.server.privateIp,
          domain: source.domain,
          routerIps: lateString(() =>
            Fn.join(
              " ",
              routers().map((r) => r.server.privateIp),
            ),
          ),
        }),
        privateUploads: sslUploads,
        // A replaced router (same address) left the pool before its old VM went: set it up again.
        extraTriggers: {
          router_instance_ids: lateString(() =>
            Fn.join(
              ",",
              routers().map((r) => r.server.instanceId),
            ),
          ),
          ...certificateFollowers(),
        },
      });
    }
    case StepAction.CREATE_SSL_CERTIFICATE:
      ensureNullProvider(source.clusterScope);
      return new NullResource(source.clusterScope, "SslCertificate", {
        triggers: {
          ssl_directory: literalSafe(source.sslDirectory),
          domain: literalSafe(source.domain),
          ...(source.certificateGeneration > 0 ? { generation: String(source.certificateGeneration) } : {}),
        },
        provisioners: [
          {
            type: "local-exec",
            command: sslCertificateCommand(source.sslDirectory, source.domain, source.certificateGeneration),
          },
        ],
      });
    case StepAction.INSTALL_SSL_CERTIFICATE:
      return run(member.scope, "InstallSsl", {
        script: installSslScript(),
        privateUploads: sslUploads,
        // Nothing else in this step changes with the domain: a new certificate (a new domain) must re-run it.
        extraTriggers: { ssl_certificate_id: certificateId() },
      });
  }
}
