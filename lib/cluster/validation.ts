import { Token } from "cdktf";
import { SshAccess, SshSettings } from "../provisioning/ssh";
import { sshSettingsErrors } from "../provisioning/ssh-validation";
import { dnsLabel, domainErrors, nonBlanks, secretReferenceErrors, stackatoVersion } from "../base/validation";
import { versionAtLeast } from "../provisioning/version";
import { StackatoClusterProps } from "./cluster-props";
import { Member } from "./members";
import { NodeKind } from "../base/node-kind";
import { Frontend } from "./frontend";
import { reservedFloatingIpErrors } from "./reserved-floating-ips";
import { NodeRoleLayout, roleLayoutErrors } from "./roles";

/**
 * Longest cluster name: `<name>-controller-12` (and a later call's `<name>-controller2-12`) must stay
 * one DNS label (63 characters), with room for two-digit ordinals.
 */
export const CLUSTER_NAME_MAX_LENGTH = 40;

/** What the cluster-wide checks look at, once every addXxx() call has run. */
export interface ClusterValidationInput {
  readonly domain: string;
  /** Problems found while the addXxx() calls ran (bad counts, flavors, ...). */
  readonly optionErrors: string[];
  readonly layout: NodeRoleLayout[];
  /** Every node; the front door's are marked `exposed`. */
  readonly members: readonly Member[];
  /** The front door the cluster was made with. */
  readonly frontend: Frontend;
  readonly ssh?: SshSettings;
  readonly provisioning: boolean;
  readonly hasSharedDropletVolume: boolean;
  readonly props?: StackatoClusterProps;
}

/** Cluster-wide validation messages; each names the prop or method and the fix. */
export function clusterErrors(input: ClusterValidationInput): string[] {
  const errors = [...domainErrors(input.domain), ...input.optionErrors, ...roleLayoutErrors(input.layout)];
  errors.push(...SshAccess.errors(input.provisioning, input.ssh));
  if (input.provisioning) {
    errors.push(
      ...sshSettingsErrors(input.ssh, {
        nodeNames: input.members.map((m) => m.name),
        mayUseBastion: input.props?.floatingIpPool !== undefined || input.members.some((m) => m.server.hasFloatingIp),
      }),
    );
  }
  if (input.props) errors.push(...clusterPropsErrors(input.props));
  errors.push(...reservedFloatingIpErrors(input.members, input.frontend, input.props?.floatingIpPool));
  const controllers = input.layout.filter((l) => l.roles.includes("controller")).reduce((sum, l) => sum + l.count, 0);
  if (controllers > 1 && !input.hasSharedDropletVolume) {
    errors.push(
      `controllers: ${controllers} controllers need a SharedDropletVolume to share droplets; call cluster.addSharedDropletVolume()`,
    );
  }
  const kinds = input.members.map((m) => m.kind);
  if (kinds.includes(NodeKind.LOAD_BALANCER) && !kinds.includes(NodeKind.ROUTER)) {
    errors.push(
      "frontend: Frontend.loadBalancer() spreads traffic over routers, and there are none; add them with addRouters()",
    );
  }
  return errors;
}

/** Checks of the constructor's own props. */
function clusterPropsErrors(props: StackatoClusterProps): string[] {
  const errors = [
    ...nonBlanks([
      [
        "keyName",
        props.keyName,
        "give the Nova keypair's name, such as StackatoKeypair.keyName; without a key every provisioner waits out its timeout",
      ],
      ["floatingIpPool", props.floatingIpPool, "give the external network's name, or leave it out for no floating IPs"],
      ["image.imageId", props.image.imageId, "pass a StackatoImage, or an object whose imageId is a Glance image id"],
    ]),
    ...dnsLabel("name", props.name, CLUSTER_NAME_MAX_LENGTH, undefined, false),
    ...stackatoVersion("stackatoVersion", props.stackatoVersion, false),
    ...secretReferenceErrors("licenseKey", props.licenseKey, "stackato_license_key"),
  ];
  const version = props.stackatoVersion ?? "3.6.2";
  if (
    props.licenseKey !== undefined &&
    !Token.isUnresolved(version) &&
    stackatoVersion("stackatoVersion", version).length === 0 &&
    !versionAtLeast(version, "3.4")
  ) {
    errors.push(
      `licenseKey: \`kato license set\` came with Stackato 3.4, and stackatoVersion is ${version}; register the license in the Management Console instead, or leave licenseKey out`,
    );
  }
  const generation = props.certificateGeneration;
  if (generation !== undefined && (!Number.isInteger(generation) || generation < 0)) {
    errors.push(
      `certificateGeneration: ${generation} is not a generation; give a whole number, 0 or more, and add 1 to rotate the certificate`,
    );
  }
  if (props.licenseKey !== undefined && props.provisioning === false) {
    errors.push(
      "licenseKey: provisioning is off, so nothing logs in to set the license; leave provisioning on, or drop licenseKey",
    );
  }
  if (props.securityGroups && props.sshSourceCidrs) {
    errors.push(
      "sshSourceCidrs: only applies to the groups this construct creates, so it would be ignored; set it on the StackatoSecurityGroups you passed",
    );
  }
  if (props.securityGroups && !props.securityGroups.internal) {
    errors.push(
      `securityGroups: ${props.securityGroups.node.path} has no internal group, and every cluster node joins it; create the groups with internalGroup: true (the default)`,
    );
  }
  return errors;
}

/** Settings that go nowhere, or a cluster that cannot do its job; warnings, because neither is wrong as such. */
export function clusterWarnings(layout: NodeRoleLayout[]): string[] {
  const deas = layout.filter((l) => l.roles.includes("dea")).reduce((sum, l) => sum + l.count, 0);
  return deas > 0
    ? []
    : [
        'roles: no node has the dea role, so the cluster cannot run applications; add DEAs with addDeas(), or give the core extraRoles: ["dea"]',
      ];
}

/** ssh settings on a cluster that never logs in. */
export function unusedSshWarning(props: StackatoClusterProps): string | undefined {
  if (props.provisioning ?? true) return undefined;
  if (props.ssh === undefined) return undefined;
  return "ssh: provisioning is off, so nothing logs in and these settings are unused; drop ssh, or leave provisioning on";
}
