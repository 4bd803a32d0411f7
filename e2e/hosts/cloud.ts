/**
 * The fake cloud's "hosts" mode, used by `npm run e2e`: the harness server loads this module with
 * `--hosts <sim-dir> --hosts-module <this file>` (startHarness({ hostsDir, hostsModule })), and
 * applying a resource also builds what it stands for, so provisioners have real hosts to ssh into.
 * - a port gets the next fixed IP in 127.42.1.0/24, a floating IP the next in 127.42.2.0/24;
 * - an instance boots a simulated host (machine.ts) with its user data, on its port's IP;
 * - a volume is a sparse file; an attachment a loop device plus the by-id link in the host;
 * - a floating IP association forwards TCP port 22 of the floating address to the port's IP.
 * Destroys undo each of these. Values the configuration leaves unknown still come from the
 * deterministic fakes; only addresses are chosen here.
 */
import { randomUUID } from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as net from "net";
import { isObjectValue } from "cdktf-stackato-openstack-harness";
import type { Value, ValueObject } from "cdktf-stackato-openstack-harness";
import { attachVolume, bootHost, createVolumeFile, detachVolume, stopHost } from "./machine";
import { allocateAddress, readRegistry, Registry, writeRegistry } from "./registry";

/** Ports a floating IP forwards: ssh is all that provisioning and the e2e checks use. */
const FORWARDED_PORTS = [22];

export class HostsCloud {
  private readonly registry: Registry;
  private readonly forwarders = new Map<string, net.Server[]>();

  constructor(private readonly simDir: string) {
    if (!simDir) throw new Error("--hosts needs the simulation directory");
    this.registry = readRegistry(simDir);
  }

  readonly applyHook = async (typeName: string, prior: Value, newState: Value, config: Value): Promise<Value> => {
    const result = await this.apply(typeName, asObject(prior), asObject(newState), asObject(config));
    writeRegistry(this.simDir, this.registry);
    return result;
  };

  private async apply(
    typeName: string,
    prior: ValueObject | null,
    state: ValueObject | null,
    config: ValueObject | null,
  ): Promise<Value> {
    switch (typeName) {
      case "openstack_networking_port_v2":
        return this.port(prior, state);
      case "openstack_networking_floatingip_v2":
        return this.floatingIp(prior, state);
      case "openstack_compute_instance_v2":
        return this.instance(prior, state, config);
      case "openstack_blockstorage_volume_v3":
        return this.volume(prior, state);
      case "openstack_compute_volume_attach_v2":
        return this.attachment(prior, state);
      case "openstack_networking_floatingip_associate_v2":
        return this.association(prior, state);
      default:
        return state;
    }
  }

  private port(prior: ValueObject | null, state: ValueObject | null): Value {
    if (!state) {
      delete this.registry.ports[String(prior!.id)];
      return state;
    }
    const id = String(state.id);
    const ip =
      this.registry.ports[id] ??
      (prior ? String((prior.all_fixed_ips as string[])[0]) : allocateAddress(this.registry, "fixed"));
    this.registry.ports[id] = ip;
    return { ...state, all_fixed_ips: [ip] };
  }

  private floatingIp(prior: ValueObject | null, state: ValueObject | null): Value {
    if (!state) {
      delete this.registry.floatingIps[String(prior!.address)];
      return state;
    }
    const address = prior ? String(prior.address) : allocateAddress(this.registry, "floating");
    if (!(address in this.registry.floatingIps)) this.registry.floatingIps[address] = null;
    return { ...state, address };
  }

  private async instance(
    prior: ValueObject | null,
    state: ValueObject | null,
    config: ValueObject | null,
  ): Promise<Value> {
    if (prior && (!state || prior.id !== state.id)) {
      const host = this.registry.hosts[String(prior.id)];
      if (host) {
        stopHost(host);
        // When each VM went, for checks of what had to happen before (a node removed from its cluster).
        fs.appendFileSync(
          path.join(this.simDir, "host-events.jsonl"),
          `${JSON.stringify({ t: Date.now(), event: "destroyed", name: host.name, ip: host.ip })}\n`,
        );
      }
      delete this.registry.hosts[String(prior.id)];
    }
    if (!state || (prior && prior.id === state.id)) return state;
    // Nova gives every new server a new id; the fakes derive ids from the configuration, which a
    // replacement keeps, and steps that trigger on the instance id would then never re-run.
    state = { ...state, id: randomUUID() };
    const portId = String(((config?.network as ValueObject[]) ?? [])[0]?.port ?? "");
    const ip = this.registry.ports[portId];
    if (!ip)
      throw new Error(
        `hosts mode: instance ${String(state.name)} needs a network block with a port created in this run`,
      );
    const host = await bootHost(this.simDir, {
      name: String(state.name),
      instanceId: String(state.id),
      ip,
      userData: String(config?.user_data ?? ""),
    });
    this.registry.hosts[host.instanceId] = host;
    return { ...state, access_ip_v4: ip };
  }

  private volume(prior: ValueObject | null, state: ValueObject | null): Value {
    if (!state) {
      delete this.registry.volumes[String(prior!.id)];
      return state;
    }
    const id = String(state.id);
    this.registry.volumes[id] = createVolumeFile(this.simDir, id, Number(state.size));
    return state;
  }

  private attachment(prior: ValueObject | null, state: ValueObject | null): Value {
    if (prior && !state) {
      const record = this.registry.attachments[String(prior.id)];
      if (record) detachVolume(record.loopDevice, record.byIdLink);
      delete this.registry.attachments[String(prior.id)];
      return state;
    }
    if (!state || this.registry.attachments[String(state.id)]) return state;
    const volumeId = String(state.volume_id);
    const instanceId = String(state.instance_id);
    const file = this.registry.volumes[volumeId];
    const host = this.registry.hosts[instanceId];
    if (!file || !host)
      throw new Error(`hosts mode: attachment of volume ${volumeId} to ${instanceId}: volume or host unknown`);
    const { loopDevice, byIdLink } = attachVolume(file, volumeId, host.dir);
    this.registry.attachments[String(state.id)] = { volumeId, instanceId, loopDevice, byIdLink };
    return { ...state, device: "/dev/vdc" };
  }

  private async association(prior: ValueObject | null, state: ValueObject | null): Promise<Value> {
    if (prior) this.unforward(String(prior.floating_ip));
    if (!state) return state;
    const address = String(state.floating_ip);
    const target = this.registry.ports[String(state.port_id)];
    if (!target) throw new Error(`hosts mode: floating IP ${address} associated with an unknown port`);
    await this.forward(address, target);
    this.registry.floatingIps[address] = target;
    return { ...state, fixed_ip: target };
  }

  private async forward(address: string, target: string): Promise<void> {
    const servers = await Promise.all(
      FORWARDED_PORTS.map(
        (port) =>
          new Promise<net.Server>((resolve, reject) => {
            const server = net.createServer((inbound) => {
              const outbound = net.connect({ host: target, port });
              inbound.pipe(outbound).pipe(inbound);
              const close = () => {
                inbound.destroy();
                outbound.destroy();
              };
              inbound.on("error", close);
              outbound.on("error", close);
            });
            server.once("error", reject);
            server.listen(port, address, () => resolve(server));
          }),
      ),
    );
    this.forwarders.set(address, servers);
  }

  private unforward(address: string): void {
    for (const server of this.forwarders.get(address) ?? []) server.close();
    this.forwarders.delete(address);
    if (address in this.registry.floatingIps) this.registry.floatingIps[address] = null;
  }

  /** Stops forwarding and every host; loop devices are left to the runner (hosts must be gone first). */
  async shutdown(): Promise<void> {
    for (const address of [...this.forwarders.keys()]) this.unforward(address);
    for (const host of Object.values(this.registry.hosts)) stopHost(host);
  }
}

function asObject(value: Value): ValueObject | null {
  return isObjectValue(value) ? value : null;
}
