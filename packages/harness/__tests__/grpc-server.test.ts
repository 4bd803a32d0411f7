/** The harness over real gRPC on unix sockets, as Terraform sees it, and the server process lifecycle. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { decodeMsgpack, encodeMsgpack, isUnknown } from "../cty";
import { harnessEnv, startHarness } from "..";
import { impliedType, loadProviderSchemas } from "../schema";
import { RunningServers, startServers } from "../server";

const OPENSTACK = "registry.terraform.io/terraform-provider-openstack/openstack";
const NULL = "registry.terraform.io/hashicorp/null";

function providerClient(socket: string): any {
  const definition = protoLoader.loadSync(path.join(__dirname, "..", "proto", "tfplugin6.proto"), {
    keepCase: true,
    longs: Number,
    enums: String,
    defaults: true,
  });
  const Provider = (grpc.loadPackageDefinition(definition) as any).tfplugin6.Provider;
  return new Provider(`unix:${socket}`, grpc.credentials.createInsecure());
}

function call(client: any, rpc: string, request: object): Promise<any> {
  return new Promise((resolve, reject) =>
    client[rpc](request, (err: Error | null, res: any) => (err ? reject(err) : resolve(res))),
  );
}

describe("tfplugin6 over gRPC", () => {
  let servers: RunningServers;
  let socketDir: string;
  let openstack: any;
  const schemas = loadProviderSchemas();
  const portType = impliedType(
    schemas.find((s) => s.name === "openstack")!.schema.resource_schemas!.openstack_networking_port_v2.block,
  );

  beforeAll(async () => {
    socketDir = fs.mkdtempSync(path.join(os.tmpdir(), "tfh-test-"));
    servers = await startServers(socketDir, schemas);
    openstack = providerClient(servers.reattach[OPENSTACK].Addr.String);
  });

  afterAll(async () => {
    openstack.close();
    await servers.stop();
    fs.rmSync(socketDir, { recursive: true, force: true });
  });

  test("one unix socket per provider, described for TF_REATTACH_PROVIDERS", () => {
    expect(Object.keys(servers.reattach).sort()).toEqual([NULL, OPENSTACK]);
    for (const entry of Object.values(servers.reattach)) {
      expect(entry).toMatchObject({ Protocol: "grpc", ProtocolVersion: 6, Test: true, Addr: { Network: "unix" } });
      expect(fs.statSync(entry.Addr.String).isSocket()).toBe(true);
    }
  });

  test("GetProviderSchema carries every resource, with attribute types as cty JSON text", async () => {
    const response = await call(openstack, "GetProviderSchema", {});
    const expected = Object.keys(schemas.find((s) => s.name === "openstack")!.schema.resource_schemas!).sort();
    expect(Object.keys(response.resource_schemas).sort()).toEqual(expected);
    const attributes = response.resource_schemas.openstack_networking_port_v2.block.attributes;
    const allFixedIps = attributes.find((a: any) => a.name === "all_fixed_ips");
    expect(JSON.parse(Buffer.from(allFixedIps.type).toString())).toEqual(["list", "string"]);
    expect(allFixedIps.computed).toBe(true);
    const binding = response.resource_schemas.openstack_networking_port_v2.block.block_types.find(
      (b: any) => b.type_name === "binding",
    );
    expect(binding).toMatchObject({ nesting: "LIST", max_items: 1 });
  });

  test("ValidateResourceConfig names a computed-only attribute", async () => {
    const config = encodeMsgpack({ network_id: "n", all_fixed_ips: ["127.0.0.1"] }, portType);
    const response = await call(openstack, "ValidateResourceConfig", {
      type_name: "openstack_networking_port_v2",
      config: { msgpack: config },
    });
    expect(response.diagnostics).toHaveLength(1);
    expect(response.diagnostics[0]).toMatchObject({ severity: "ERROR", summary: "Computed attribute cannot be set" });
    expect(response.diagnostics[0].attribute.steps[0].attribute_name).toBe("all_fixed_ips");
  });

  test("PlanResourceChange answers with unknowns on the wire for computed attributes", async () => {
    const proposed = encodeMsgpack({ network_id: "n", name: "p" }, portType);
    const response = await call(openstack, "PlanResourceChange", {
      type_name: "openstack_networking_port_v2",
      prior_state: { msgpack: Buffer.alloc(0) },
      proposed_new_state: { msgpack: proposed },
      config: { msgpack: proposed },
    });
    expect(response.diagnostics).toEqual([]);
    const planned = decodeMsgpack(response.planned_state.msgpack, portType) as any;
    expect(isUnknown(planned.id)).toBe(true);
    expect(isUnknown(planned.all_fixed_ips)).toBe(true);
    expect(planned.name).toBe("p");
  });

  test("an unknown resource type is a diagnostic, not a crash", async () => {
    const response = await call(openstack, "ValidateResourceConfig", {
      type_name: "openstack_nope",
      config: { msgpack: Buffer.alloc(0) },
    });
    expect(response.diagnostics[0].summary).toBe("Unsupported resource type");
  });
});

describe("harness server process", () => {
  test("startHarness serves both providers, and stop() ends the process", async () => {
    const harness = await startHarness();
    try {
      expect(Object.keys(harness.reattach).sort()).toEqual([NULL, OPENSTACK]);
      expect(harness.reattach[OPENSTACK].Pid).toBe(harness.pid);
      expect(() => process.kill(harness.pid, 0)).not.toThrow();
      expect(harness.env).toMatchObject({
        TF_CLI_CONFIG_FILE: "/dev/null",
        CHECKPOINT_DISABLE: "1",
        TF_IN_AUTOMATION: "1",
      });
    } finally {
      await harness.stop();
    }
    expect(() => process.kill(harness.pid, 0)).toThrow();
  }, 60000);

  test("harnessEnv reads the running harness from the environment the global setup exported", () => {
    const saved = process.env.TF_REATTACH_PROVIDERS;
    try {
      process.env.TF_REATTACH_PROVIDERS = '{"x":{}}';
      expect(harnessEnv().TF_REATTACH_PROVIDERS).toBe('{"x":{}}');
      delete process.env.TF_REATTACH_PROVIDERS;
      expect(() => harnessEnv()).toThrow(/TF_REATTACH_PROVIDERS is not set/);
    } finally {
      if (saved === undefined) delete process.env.TF_REATTACH_PROVIDERS;
      else process.env.TF_REATTACH_PROVIDERS = saved;
    }
  });
});
