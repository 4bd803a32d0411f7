/**
 * What a reviewer asks of a stack, read from its Terraform JSON: the nodes and their roles, the
 * security groups and which CIDRs they admit, the volumes and where they are attached.
 */
import {
  attributesRead,
  asArray,
  asObject,
  asString,
  displayPath,
  Json,
  referencedAddress,
  referencesIn,
  ResourceConfig,
  StackConfig,
} from "./stack-config";
import { naturalCompare } from "./order";

export interface NodeView {
  readonly address: string;
  readonly name: string;
  /** `stackato_roles` metadata, e.g. `dea`; a node without it is a micro cloud. */
  readonly roles: string;
  readonly flavor: string;
  readonly image: string;
  readonly groups: string[];
  readonly floatingIp?: string;
}

export interface GroupView {
  readonly address: string;
  readonly name: string;
}

export interface IngressRow {
  readonly address: string;
  readonly protocol: string;
  readonly ports: string;
  readonly cidr: string;
  readonly group: string;
  readonly nodes: string[];
  readonly isPublic: boolean;
}

export interface VolumeView {
  readonly address: string;
  readonly name: string;
  readonly sizeGb: string;
  readonly attachedTo: string[];
  readonly preventDestroy: boolean;
}

/** A Controller's sshfs mount of the Primary's droplet share. */
export interface MountView {
  readonly from: string;
  readonly to: string;
  readonly mountPoint: string;
}

export interface StackModel {
  readonly nodes: NodeView[];
  readonly groups: GroupView[];
  readonly ingress: IngressRow[];
  /** Group-to-group ingress rules: traffic between the cluster's own nodes. */
  readonly internalRuleCount: number;
  readonly volumes: VolumeView[];
  readonly mounts: MountView[];
}

const PUBLIC_CIDRS = new Set(["0.0.0.0/0", "::/0"]);

export function isPublicCidr(cidr: string): boolean {
  return PUBLIC_CIDRS.has(cidr);
}

export function buildModel(stack: StackConfig): StackModel {
  const all = [...stack.resources.values()];
  const ofType = (type: string, mode: "managed" | "data" = "managed") =>
    all.filter((r) => r.type === type && r.mode === mode);
  const groups = ofType("openstack_networking_secgroup_v2").map((g) => ({
    address: g.address,
    name: asString(g.body.name) ?? g.name,
  }));
  const groupName = (address: string | undefined) =>
    (address && groups.find((g) => g.address === address)?.name) ?? address ?? "?";
  const describe = (value: Json | undefined) => describeValue(value, stack);

  const ports = new Map(ofType("openstack_networking_port_v2").map((p) => [p.address, p]));
  const floatingIpOfPort = new Map<string, string>();
  for (const association of ofType("openstack_networking_floatingip_associate_v2")) {
    const port = referencedAddress(association.body.port_id, stack.resources);
    if (port) floatingIpOfPort.set(port, describe(association.body.floating_ip));
  }
  const nodes: NodeView[] = ofType("openstack_compute_instance_v2").map((instance) => {
    const portAddresses = asArray(instance.body.network).flatMap((n) =>
      referencesIn(asObject(n).port, stack.resources).filter((a) => ports.has(a)),
    );
    const groupAddresses = [
      ...portAddresses.flatMap((p) => referencesIn(ports.get(p)!.body.security_group_ids, stack.resources)),
      ...referencesIn(instance.body.security_groups, stack.resources),
    ];
    const plainGroupNames = asArray(instance.body.security_groups)
      .map(asString)
      .filter((s): s is string => s !== undefined && !s.includes("${"));
    const metadata = asObject(instance.body.metadata);
    return {
      address: instance.address,
      name: asString(instance.body.name) ?? instance.name,
      roles: asString(metadata.stackato_roles) ?? "micro cloud",
      flavor: asString(instance.body.flavor_name) ?? asString(instance.body.flavor_id) ?? "?",
      image: describe(instance.body.image_id ?? instance.body.image_name),
      groups: [...new Set([...groupAddresses.map(groupName), ...plainGroupNames])].sort(),
      floatingIp: portAddresses.map((p) => floatingIpOfPort.get(p)).find((ip) => ip !== undefined),
    };
  });

  const nodesInGroup = (groupAddress: string | undefined) =>
    nodes.filter((n) => n.groups.includes(groupName(groupAddress))).map((n) => n.name);
  const rules = ofType("openstack_networking_secgroup_rule_v2").filter((r) => r.body.direction === "ingress");
  const ingress: IngressRow[] = rules
    .filter((r) => typeof r.body.remote_ip_prefix === "string")
    .map((rule) => {
      const group = referencedAddress(rule.body.security_group_id, stack.resources);
      const cidr = asString(rule.body.remote_ip_prefix)!;
      return {
        address: rule.address,
        protocol: asString(rule.body.protocol) ?? "any",
        ports: portRange(rule.body.port_range_min, rule.body.port_range_max),
        cidr,
        group: groupName(group),
        nodes: nodesInGroup(group),
        isPublic: isPublicCidr(cidr),
      };
    })
    .sort(byExposure);

  const attachments = ofType("openstack_compute_volume_attach_v2");
  const volumes: VolumeView[] = ofType("openstack_blockstorage_volume_v3").map((volume) => ({
    address: volume.address,
    name: asString(volume.body.name) ?? volume.name,
    sizeGb: asString(volume.body.size) ?? "?",
    attachedTo: attachments
      .filter((a) => referencesIn(a.body.volume_id, stack.resources).includes(volume.address))
      .map((a) => {
        const instance = referencedAddress(a.body.instance_id, stack.resources);
        return nodes.find((n) => n.address === instance)?.name ?? describe(a.body.instance_id);
      }),
    preventDestroy: asObject(volume.body.lifecycle).prevent_destroy === true,
  }));
  const nodeOfPort = (port: string | undefined) => {
    const instance = ofType("openstack_compute_instance_v2").find((i) =>
      asArray(i.body.network).some(
        (n) => port !== undefined && referencesIn(asObject(n).port, stack.resources).includes(port),
      ),
    );
    return instance ? (nodes.find((n) => n.address === instance.address)?.name ?? "?") : "?";
  };
  const nodeNamed = (address: string | undefined) => nodes.find((n) => n.address === address)?.name ?? "?";
  const mounts: MountView[] = ofType("null_resource")
    .map((step) => asObject(step.body.triggers))
    .filter((t) => t.mount_point !== undefined && t.remote_dir !== undefined && t.primary_ip !== undefined)
    .map((t) => ({
      from: nodeNamed(referencedAddress(t.instance_id, stack.resources)),
      to: nodeOfPort(referencedAddress(t.primary_ip, stack.resources)),
      mountPoint: asString(t.mount_point) ?? "?",
    }));
  return {
    mounts,
    nodes: nodes.sort((a, b) => naturalCompare(a.name, b.name)),
    groups,
    ingress,
    internalRuleCount: rules.length - ingress.length,
    volumes,
  };
}

function byExposure(a: IngressRow, b: IngressRow): number {
  return (
    Number(b.isPublic) - Number(a.isPublic) ||
    naturalCompare(a.group, b.group) ||
    naturalCompare(a.cidr, b.cidr) ||
    naturalCompare(a.protocol, b.protocol) ||
    naturalCompare(a.ports, b.ports) ||
    naturalCompare(a.address, b.address)
  );
}

function portRange(min: Json | undefined, max: Json | undefined): string {
  const low = asString(min);
  const high = asString(max);
  if (low === undefined && high === undefined) return "all";
  if (low === "1" && high === "65535") return "all";
  return low === high || high === undefined ? (low ?? "?") : `${low}-${high}`;
}

/**
 * A value as a reviewer reads it: literals as they are; a reference as the thing it names, e.g.
 * `image "Stackato-3.6.2" (lookup)` for a data source, or the resource's construct path.
 */
export function describeValue(value: Json | undefined, stack: StackConfig): string {
  if (value === undefined || value === null) return "-";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  if (!text.includes("${")) return text;
  const address = referencedAddress(value, stack.resources);
  const target = address ? stack.resources.get(address) : undefined;
  if (!address || !target) return "(known after apply)";
  const name = asString(target.body.name);
  if (target.mode === "data" && target.type === "openstack_networking_floatingip_v2")
    return `reserved floating IP ${asString(target.body.address) ?? "?"}`;
  if (target.mode === "data") return `${name ? `"${name}"` : displayPath(target)} (lookup)`;
  if (target.type === "openstack_networking_floatingip_v2")
    return `new floating IP from ${asString(target.body.pool) ?? "?"}`;
  const attribute = attributesRead(text, address)[0];
  const what = `${KIND_NAMES[target.type] ?? target.type} ${name ? `"${name}"` : displayPath(target)}`;
  return attribute ? `${attribute} of ${what}` : what;
}

const KIND_NAMES: Record<string, string> = {
  null_resource: "step",
  openstack_blockstorage_volume_v3: "volume",
  openstack_compute_instance_v2: "server",
  openstack_networking_port_v2: "port",
  openstack_networking_secgroup_v2: "security group",
  openstack_images_image_v2: "image",
  openstack_compute_keypair_v2: "keypair",
};

export function resourceLabel(resource: ResourceConfig | undefined, address: string): string {
  return resource ? `${displayPath(resource)}` : address;
}
