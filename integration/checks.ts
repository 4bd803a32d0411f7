/**
 * What the real APIs report after the apply, compared with what the synthesized JSON declares.
 * Terraform's state only maps each declared resource to its cloud id; every fact checked below is
 * read back from Nova, Neutron, Cinder or Glance themselves.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import type { OpenStack } from "./openstack-api";
import type { StackJson } from "./terraform";

type State = Map<string, Record<string, unknown>>;
type Body = Record<string, unknown>;

/** A failed expectation: the message says what the API answered and what the JSON declared. */
export class CheckFailure extends Error {}

function expect(condition: boolean, message: string): void {
  if (!condition) throw new CheckFailure(message);
}

function same(a: Iterable<string>, b: Iterable<string>): boolean {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Resolves a `${type.name.attr}` (or `${data.type.name.attr}`) reference through the state. */
export function resolve(state: State, value: unknown): unknown {
  if (typeof value !== "string") return value;
  const m = /^\$\{((?:data\.)?[\w-]+\.[\w-]+)\.(\w+)\}$/.exec(value);
  if (!m) return value;
  const resource = state.get(m[1]);
  if (!resource) throw new CheckFailure(`${m[1]} is not in the state`);
  return resource[m[2]];
}

function resources(stack: StackJson, type: string): [string, Body][] {
  return Object.entries(stack.resource?.[type] ?? {}).map(([name, body]) => [`${type}.${name}`, body]);
}

function idOf(state: State, address: string): string {
  const id = state.get(address)?.id;
  if (typeof id !== "string") throw new CheckFailure(`${address} has no id in the state`);
  return id;
}

interface Rule {
  direction: string;
  ethertype: string;
  protocol: string | null;
  port_range_min: number | null;
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  remote_group_id: string | null;
}

/**
 * Neutron (since Yoga) stores a TCP/UDP range of 1-65535 as "any port" and reports null for both
 * ends; the two mean the same traffic, so the comparison treats them as equal. Terraform does not:
 * see the second-plan check.
 */
function fullRange(r: Rule): boolean {
  return (r.protocol === "tcp" || r.protocol === "udp") && r.port_range_min === 1 && r.port_range_max === 65535;
}

function ruleKey(r: Rule): string {
  if (fullRange(r)) r = { ...r, port_range_min: null, port_range_max: null };
  return [
    r.direction,
    r.ethertype,
    r.protocol ?? "any",
    r.port_range_min ?? "",
    r.port_range_max ?? "",
    r.remote_ip_prefix ?? "",
    r.remote_group_id ?? "",
  ].join(" ");
}

/** Security groups: the API's rules of each group are exactly the rules the JSON declares for it. */
export async function checkSecurityGroups(os: OpenStack, stack: StackJson, state: State): Promise<string> {
  const groups = resources(stack, "openstack_networking_secgroup_v2");
  expect(groups.length > 0, "the stack declares no security group");
  const nameOf = new Map<string, string>();
  for (const [address, body] of groups) nameOf.set(idOf(state, address), String(body.name));
  const summary: string[] = [];
  for (const [address, body] of groups) {
    const id = idOf(state, address);
    const { security_group: sg } = await os.get<{ security_group: { name: string; security_group_rules: Rule[] } }>(
      "network",
      `/v2.0/security-groups/${id}`,
    );
    expect(sg.name === body.name, `${address}: Neutron names it ${sg.name}, the JSON ${String(body.name)}`);
    const declared = resources(stack, "openstack_networking_secgroup_rule_v2")
      .filter(([, rule]) => resolve(state, rule.security_group_id) === id)
      .map(([, rule]) =>
        ruleKey({
          direction: String(rule.direction),
          ethertype: String(rule.ethertype),
          protocol: (rule.protocol as string | undefined) ?? null,
          port_range_min: (rule.port_range_min as number | undefined) ?? null,
          port_range_max: (rule.port_range_max as number | undefined) ?? null,
          remote_ip_prefix: (rule.remote_ip_prefix as string | undefined) ?? null,
          remote_group_id: (resolve(state, rule.remote_group_id) as string | undefined) ?? null,
        }),
      );
    const actual = sg.security_group_rules.map(ruleKey);
    const named = (keys: string[]) =>
      keys.map((k) => k.replace(/[0-9a-f-]{36}/g, (g) => `group:${nameOf.get(g) ?? g}`)).sort();
    expect(
      same(declared, actual),
      `${sg.name}: Neutron has rules\n    ${named(actual).join("\n    ")}\n  the JSON declares\n    ${named(declared).join("\n    ")}`,
    );
    // The exposure the Stackato OpenStack guide asks for, whatever the JSON says: the external group opens
    // 22/80/443 to CIDRs and nothing else to any CIDR; the internal group has no CIDR ingress at all.
    const cidrIngress = sg.security_group_rules
      .filter((r) => r.direction === "ingress" && r.remote_ip_prefix)
      .map((r) => `${r.protocol}/${r.port_range_min}-${r.port_range_max}`);
    if (sg.name === "stackato-ext")
      expect(
        same(new Set(cidrIngress), ["tcp/22-22", "tcp/80-80", "tcp/443-443"]),
        `stackato-ext: CIDR ingress is ${cidrIngress.join(", ")}, the seed opens exactly 22, 80 and 443`,
      );
    if (sg.name === "stackato-int")
      expect(cidrIngress.length === 0, `stackato-int has CIDR ingress rules: ${cidrIngress.join(", ")}`);
    summary.push(`${sg.name} ${actual.length} rules`);
  }
  return summary.join(", ");
}

/** Ports: in exactly the declared groups, on the declared network, bound to the instance that uses them. */
export async function checkPorts(os: OpenStack, stack: StackJson, state: State): Promise<string> {
  const users = new Map<string, string>();
  for (const [address, body] of resources(stack, "openstack_compute_instance_v2")) {
    for (const net of (body.network as Body[] | undefined) ?? [])
      users.set(String(resolve(state, net.port)), idOf(state, address));
  }
  const ports = resources(stack, "openstack_networking_port_v2");
  for (const [address, body] of ports) {
    const id = idOf(state, address);
    const { port } = await os.get<{ port: Body }>("network", `/v2.0/ports/${id}`);
    const declared = ((body.security_group_ids as string[] | undefined) ?? []).map((r) => String(resolve(state, r)));
    const actual = port.security_groups as string[];
    expect(
      same(declared, actual),
      `${address}: Neutron has groups ${actual.join(",")}, the JSON ${declared.join(",")}`,
    );
    expect(
      port.network_id === resolve(state, body.network_id),
      `${address}: on network ${String(port.network_id)}, declared ${String(resolve(state, body.network_id))}`,
    );
    expect(
      port.device_id === users.get(id),
      `${address}: device_id ${String(port.device_id)}, but instance ${users.get(id)} uses it`,
    );
    expect(port["binding:vif_type"] !== "binding_failed", `${address}: binding failed`);
  }
  return `${ports.length} ports`;
}

/** Instances: ACTIVE, with the declared name, flavor, image and key pair. */
export async function checkInstances(os: OpenStack, stack: StackJson, state: State): Promise<string> {
  const instances = resources(stack, "openstack_compute_instance_v2");
  for (const [address, body] of instances) {
    const { server } = await os.get<{ server: Body }>("compute", `/servers/${idOf(state, address)}`, {
      "OpenStack-API-Version": "compute 2.47",
    });
    expect(server.status === "ACTIVE", `${address}: status ${String(server.status)}`);
    expect(server.name === body.name, `${address}: named ${String(server.name)}`);
    const flavor = (server.flavor as Body).original_name;
    expect(flavor === body.flavor_name, `${address}: flavor ${String(flavor)}, declared ${String(body.flavor_name)}`);
    const image = (server.image as Body).id;
    expect(image === resolve(state, body.image_id), `${address}: image ${String(image)}`);
    expect(server.key_name === resolve(state, body.key_pair), `${address}: key pair ${String(server.key_name)}`);
  }
  return `${instances.length} instances ACTIVE`;
}

/** Server groups: the declared policy, exactly the declared members, anti-affinity on distinct hosts. */
export async function checkServerGroups(os: OpenStack, stack: StackJson, state: State): Promise<string> {
  const groups = resources(stack, "openstack_compute_servergroup_v2");
  const summary: string[] = [];
  for (const [address, body] of groups) {
    const id = idOf(state, address);
    const { server_group: group } = await os.get<{ server_group: { policy: string; members: string[] } }>(
      "compute",
      `/os-server-groups/${id}`,
      { "OpenStack-API-Version": "compute 2.64" },
    );
    const policy = (body.policies as string[])[0];
    expect(group.policy === policy, `${address}: Nova's policy is ${group.policy}, declared ${policy}`);
    const members = resources(stack, "openstack_compute_instance_v2")
      .filter(([, inst]) =>
        ((inst.scheduler_hints as Body[] | undefined) ?? []).some((h) => resolve(state, h.group) === id),
      )
      .map(([a]) => idOf(state, a));
    expect(
      same(group.members, members),
      `${address}: members ${group.members.join(",")}, declared ${members.join(",")}`,
    );
    const hosts: string[] = [];
    for (const m of members)
      hosts.push(String((await os.get<{ server: Body }>("compute", `/servers/${m}`)).server.hostId));
    if (policy === "anti-affinity")
      expect(
        new Set(hosts).size === hosts.length,
        `${address}: anti-affinity members share a host (${hosts.join(",")})`,
      );
    summary.push(`${String(body.name)} ${group.policy} ${members.length} members on ${new Set(hosts).size} hosts`);
  }
  return summary.join(", ") || "none declared";
}

/** Volumes: in-use, attached to the declared instance, as Cinder and Nova both report. */
export async function checkVolumes(os: OpenStack, stack: StackJson, state: State): Promise<string> {
  const attachments = resources(stack, "openstack_compute_volume_attach_v2");
  for (const [address, body] of attachments) {
    const server = String(resolve(state, body.instance_id));
    const volumeId = String(resolve(state, body.volume_id));
    const { volume } = await os.get<{ volume: { status: string; attachments: { server_id: string }[] } }>(
      "volumev3",
      `/volumes/${volumeId}`,
    );
    expect(volume.status === "in-use", `${address}: volume ${volumeId} is ${volume.status}`);
    expect(
      same(
        volume.attachments.map((a) => a.server_id),
        [server],
      ),
      `${address}: Cinder attaches it to ${volume.attachments.map((a) => a.server_id).join(",")}, declared ${server}`,
    );
    const { volumeAttachments } = await os.get<{ volumeAttachments: { volumeId: string }[] }>(
      "compute",
      `/servers/${server}/os-volume_attachments`,
    );
    expect(
      volumeAttachments.some((a) => a.volumeId === volumeId),
      `${address}: Nova does not list the volume`,
    );
  }
  return `${attachments.length} volumes in-use on their servers`;
}

/** Floating IPs: each on the declared port, and only the declared nodes have one. */
export async function checkFloatingIps(os: OpenStack, stack: StackJson, state: State): Promise<string> {
  const declared = new Map<string, string>();
  for (const [, body] of resources(stack, "openstack_networking_floatingip_associate_v2"))
    declared.set(String(resolve(state, body.floating_ip)), String(resolve(state, body.port_id)));
  const ports = new Set(resources(stack, "openstack_networking_port_v2").map(([a]) => idOf(state, a)));
  const { floatingips } = await os.get<{ floatingips: { floating_ip_address: string; port_id: string | null }[] }>(
    "network",
    `/v2.0/floatingips?project_id=${os.projectId}`,
  );
  const exposed = floatingips.filter((f) => f.port_id && ports.has(f.port_id));
  expect(
    same(
      exposed.map((f) => `${f.floating_ip_address}>${f.port_id}`),
      [...declared].map(([ip, port]) => `${ip}>${port}`),
    ),
    `Neutron associates ${exposed.map((f) => `${f.floating_ip_address}>${f.port_id}`).join(",") || "nothing"} with this stack's ports, the JSON ${[...declared].join(",")}`,
  );
  const names: string[] = [];
  for (const f of exposed) {
    const { port } = await os.get<{ port: Body }>("network", `/v2.0/ports/${f.port_id}`);
    const { server } = await os.get<{ server: Body }>("compute", `/servers/${String(port.device_id)}`);
    names.push(`${String(server.name)} ${f.floating_ip_address}`);
  }
  return names.join(", ") || "none";
}

/** An image uploaded from localFilePath: active, the declared formats, and the file's bytes. */
export async function checkImages(os: OpenStack, stack: StackJson, state: State): Promise<string> {
  const images = resources(stack, "openstack_images_image_v2");
  const summary: string[] = [];
  for (const [address, body] of images) {
    const image = await os.get<Body>("image", `/v2/images/${idOf(state, address)}`);
    expect(image.status === "active", `${address}: status ${String(image.status)}`);
    expect(image.disk_format === body.disk_format, `${address}: disk_format ${String(image.disk_format)}`);
    expect(image.container_format === body.container_format, `${address}: container ${String(image.container_format)}`);
    expect(image.min_ram === body.min_ram_mb, `${address}: min_ram ${String(image.min_ram)}`);
    expect(image.visibility === body.visibility, `${address}: visibility ${String(image.visibility)}`);
    const file = String(body.local_file_path);
    if (body.local_file_path !== undefined) {
      const bytes = fs.readFileSync(file);
      expect(
        image.size === bytes.length,
        `${address}: Glance has ${String(image.size)} bytes, the file ${bytes.length}`,
      );
      const md5 = crypto.createHash("md5").update(bytes).digest("hex");
      expect(image.checksum === md5, `${address}: checksum ${String(image.checksum)}, the file's md5 ${md5}`);
    }
    summary.push(`${String(image.name)} ${String(image.disk_format)} ${String(image.size)} bytes`);
  }
  return summary.join(", ") || "none uploaded";
}

/** Key pairs registered by the stack hold the declared public key. */
export async function checkKeypairs(os: OpenStack, stack: StackJson): Promise<string> {
  const keypairs = resources(stack, "openstack_compute_keypair_v2");
  for (const [address, body] of keypairs) {
    const { keypair } = await os.get<{ keypair: Body }>("compute", `/os-keypairs/${String(body.name)}`);
    expect(
      String(keypair.public_key).trim() === String(body.public_key).trim(),
      `${address}: Nova's public key differs from the JSON's`,
    );
  }
  return `${keypairs.length} key pairs`;
}
