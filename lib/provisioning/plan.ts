import { NodeKind } from "../base/node-kind";
import { versionAtLeast } from "./version";

/** What a provisioning step does. */
export enum StepAction {
  CORE_SETUP = "core-setup",
  MOUNT_DROPLETS_VOLUME = "mount-droplets-volume",
  RELOCATE_DROPLETS = "relocate-droplets",
  SHARE_STAGED_UPLOADS = "share-staged-uploads",
  /** Runs on the deploying machine: creates the cluster-internal key pair. */
  CREATE_CLUSTER_KEY = "create-cluster-key",
  AUTHORIZE_CLUSTER_KEY = "authorize-cluster-key",
  MOUNT_SHARED_DROPLETS = "mount-shared-droplets",
  ATTACH = "attach",
  MOUNT_SERVICES_VOLUME = "mount-services-volume",
  RELOCATE_SERVICES = "relocate-services",
  EXTERNAL_MYSQL = "external-mysql",
  EXTERNAL_POSTGRESQL = "external-postgresql",
  LOAD_BALANCER_SETUP = "load-balancer-setup",
  /** Runs on the deploying machine: the certificate the core, routers and load balancer all serve. */
  CREATE_SSL_CERTIFICATE = "create-ssl-certificate",
  INSTALL_SSL_CERTIFICATE = "install-ssl-certificate",
  /** `kato license set` on the core (Stackato 3.4 and later), before any other node joins. */
  SET_LICENSE = "set-license",
}

/** One node as the plan sees it. */
export interface PlanNode {
  /** Nova server name, unique in the cluster. */
  readonly name: string;
  readonly kind: NodeKind;
  readonly roles: string[];
  /** The node has a data-services volume to mount and relocate services into. */
  readonly hasServicesVolume: boolean;
  readonly externalMysql: boolean;
  readonly externalPostgresql: boolean;
}

/** The cluster's layout: everything the provisioning order depends on. */
export interface PlanInput {
  /** Every node, the core first, in the order they were added. */
  readonly nodes: PlanNode[];
  /** The Primary has a droplets volume that other Controllers mount. */
  readonly sharedDroplets: boolean;
  /** Stackato release, e.g. "3.6.2". */
  readonly stackatoVersion: string;
  /**
   * The cluster has a license key to set on the core.
   * @default false
   */
  readonly license?: boolean;
}

/** What a step waits for: another step, a node being reachable over ssh, or a node's volume being attached. */
export type PlanDependency =
  { readonly step: string } | { readonly reachable: string } | { readonly volumeAttached: string };

/** One step of the plan. */
export interface PlannedStep {
  /** Unique in the plan, e.g. "stackato-dea-1/attach". */
  readonly id: string;
  /** The node the step runs on (the Primary for the cluster key, which runs locally). */
  readonly node: string;
  readonly action: StepAction;
  /** Dependencies, in the order they are declared. */
  readonly after: PlanDependency[];
}

export function stepId(node: string, action: StepAction): string {
  return `${node}/${action}`;
}

/**
 * The cluster guide's order, as data: core setup; the droplets volume and the cluster key on the
 * Primary; every other node attaches after the core and its droplets volume (Controllers after their
 * sshfs mount, which comes after the volume); data
 * volumes and external databases after their node attached; the load balancer after every router.
 * A pure function of the layout: adding a node only adds steps and dependencies.
 */
export function planProvisioning(input: PlanInput): PlannedStep[] {
  const [core, ...others] = input.nodes;
  const steps: PlannedStep[] = [];
  const add = (node: string, action: StepAction, after: PlanDependency[]): PlanDependency => {
    const id = stepId(node, action);
    steps.push({ id, node, action, after });
    return { step: id };
  };

  const coreSetup = add(core.name, StepAction.CORE_SETUP, [{ reachable: core.name }]);
  // "Add the license key before building cluster": right after the core's setup, and everything that
  // waits for the core waits for it too, right after coreSetup (present from the start, so a node or
  // volume added later only appends dependencies, as the provisioner needs).
  const coreReady: PlanDependency[] = [coreSetup];
  if (input.license) coreReady.push(add(core.name, StepAction.SET_LICENSE, [coreSetup]));
  const readyForControllers: PlanDependency[] = [];
  // Relocating the droplets stops kato on the core, message bus included: nobody attaches meanwhile.
  const coreVolumeDone: PlanDependency[] = [];
  if (input.sharedDroplets) {
    const mount = add(core.name, StepAction.MOUNT_DROPLETS_VOLUME, [
      { volumeAttached: core.name },
      { reachable: core.name },
      ...coreReady,
    ]);
    const relocate = add(core.name, StepAction.RELOCATE_DROPLETS, [...coreReady, mount]);
    coreVolumeDone.push(relocate);
    // Staged droplet uploads became a second shared path in Stackato 3.2.
    if (versionAtLeast(input.stackatoVersion, "3.2"))
      coreVolumeDone.push(add(core.name, StepAction.SHARE_STAGED_UPLOADS, [relocate]));
    readyForControllers.push(...coreVolumeDone);
    const key = add(core.name, StepAction.CREATE_CLUSTER_KEY, []);
    readyForControllers.push(key, add(core.name, StepAction.AUTHORIZE_CLUSTER_KEY, [key, { reachable: core.name }]));
  }

  // The load balancer and every router must serve the same certificate (SSO and AOK need it), and
  // `kato node rename` makes each node its own: one certificate goes to all of them.
  const certificate: PlanDependency[] = [];
  if (others.some((n) => n.kind === NodeKind.ROUTER || n.kind === NodeKind.LOAD_BALANCER)) {
    const created = add(core.name, StepAction.CREATE_SSL_CERTIFICATE, []);
    // After the core's volume steps: steps on one node must not run at once, because one step's kato
    // stop must not be undone by another's start (and both would fight over the node's kato).
    add(core.name, StepAction.INSTALL_SSL_CERTIFICATE, [
      ...coreReady,
      created,
      { reachable: core.name },
      ...coreVolumeDone,
    ]);
    certificate.push(created);
  }

  const routerAttaches: PlanDependency[] = [];
  for (const node of others) {
    if (node.kind === NodeKind.LOAD_BALANCER) continue;
    const after: PlanDependency[] = [...coreReady, { reachable: node.name }];
    if (input.sharedDroplets && node.roles.includes("controller")) {
      after.push(add(node.name, StepAction.MOUNT_SHARED_DROPLETS, [...readyForControllers, { reachable: node.name }]));
    } else {
      // Appended, not inserted: a volume added after this node only adds dependencies at the end.
      after.push(...coreVolumeDone);
    }
    if (node.kind === NodeKind.ROUTER) after.push(...certificate);
    const attach = add(node.name, StepAction.ATTACH, after);
    if (node.kind === NodeKind.ROUTER) routerAttaches.push(attach);
    const afterAttach: PlanDependency[] = [attach];
    if (node.hasServicesVolume) {
      const mount = add(node.name, StepAction.MOUNT_SERVICES_VOLUME, [
        { volumeAttached: node.name },
        { reachable: node.name },
      ]);
      afterAttach.push(add(node.name, StepAction.RELOCATE_SERVICES, [mount, attach]));
    }
    if (node.externalMysql) add(node.name, StepAction.EXTERNAL_MYSQL, afterAttach);
    if (node.externalPostgresql) add(node.name, StepAction.EXTERNAL_POSTGRESQL, afterAttach);
  }
  for (const lb of others.filter((n) => n.kind === NodeKind.LOAD_BALANCER)) {
    add(lb.name, StepAction.LOAD_BALANCER_SETUP, [
      ...coreReady,
      { reachable: lb.name },
      ...certificate,
      ...routerAttaches,
    ]);
  }
  return steps;
}

/** The plan as text, one step a line with what it waits for: for reviews and debugging. */
export function describePlan(steps: PlannedStep[]): string {
  const describe = (d: PlanDependency) =>
    "step" in d ? d.step : "reachable" in d ? `${d.reachable} reachable` : `${d.volumeAttached} volume attached`;
  return steps
    .map((s, i) => `${i + 1}. ${s.id}${s.after.length ? ` (after ${s.after.map(describe).join(", ")})` : ""}`)
    .join("\n");
}
