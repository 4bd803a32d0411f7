/**
 * Serves each provider schema as a tfplugin6 gRPC server on its own unix socket, and describes them
 * in the form Terraform's TF_REATTACH_PROVIDERS takes. No TLS and no go-plugin handshake: a
 * reattached provider is dialled directly.
 */
import * as fs from "fs";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { internalErrorDiagnostic } from "./diagnostics";
import { ApplyHook, FakeProvider } from "./fake-provider";
import { loadProviderSchemas, ServedProviderSchema } from "./schema";

/** One entry of TF_REATTACH_PROVIDERS. */
export interface ReattachConfig {
  Protocol: "grpc";
  ProtocolVersion: 6;
  Pid: number;
  Test: true;
  Addr: { Network: "unix"; String: string };
}

export type ReattachProviders = Record<string, ReattachConfig>;

export interface RunningServers {
  readonly reattach: ReattachProviders;
  stop(): Promise<void>;
}

/** The package's proto/, from source (next to this file) or from compiled code (dist/ -> ../proto). */
function protoDir(): string {
  for (const candidate of [path.join(__dirname, "proto"), path.resolve(__dirname, "..", "proto")]) {
    if (fs.existsSync(path.join(candidate, "tfplugin6.proto"))) return candidate;
  }
  throw new Error(`proto/ not found from ${__dirname}`);
}

interface LoadedServices {
  provider: grpc.ServiceDefinition;
  controller: grpc.ServiceDefinition;
}

function loadServices(): LoadedServices {
  const dir = protoDir();
  const definition = protoLoader.loadSync([path.join(dir, "tfplugin6.proto"), path.join(dir, "go-plugin.proto")], {
    keepCase: true,
    longs: Number,
    enums: String,
    defaults: false,
    oneofs: true,
  });
  const loaded = grpc.loadPackageDefinition(definition) as any;
  return { provider: loaded.tfplugin6.Provider.service, controller: loaded.plugin.GRPCController.service };
}

/** The RPC names of tfplugin6.Provider mapped to FakeProvider methods. */
const RPC_METHODS: Record<string, keyof FakeProvider> = {
  GetMetadata: "getMetadata",
  GetProviderSchema: "getProviderSchema",
  ValidateProviderConfig: "validateProviderConfig",
  ValidateResourceConfig: "validateResourceConfig",
  ValidateDataResourceConfig: "validateDataResourceConfig",
  UpgradeResourceState: "upgradeResourceState",
  ConfigureProvider: "configureProvider",
  ReadResource: "readResource",
  PlanResourceChange: "planResourceChange",
  ApplyResourceChange: "applyResourceChange",
  ImportResourceState: "importResourceState",
  ReadDataSource: "readDataSource",
  StopProvider: "stopProvider",
};

function providerHandlers(provider: FakeProvider): grpc.UntypedServiceImplementation {
  const handlers: grpc.UntypedServiceImplementation = {};
  for (const [rpc, method] of Object.entries(RPC_METHODS)) {
    handlers[rpc] = (call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>) => {
      // A diagnostic shows up in Terraform's output with the stack; a gRPC error would only say "unavailable".
      const failed = (err: unknown) => callback(null, { diagnostics: [internalErrorDiagnostic(rpc, err)] });
      try {
        // Most answers are immediate; the e2e hosts mode answers ApplyResourceChange once a host is up.
        Promise.resolve((provider[method] as (req: unknown) => unknown).call(provider, call.request)).then(
          (res) => callback(null, res),
          failed,
        );
      } catch (err) {
        failed(err);
      }
    };
  }
  return handlers;
}

/**
 * Starts one server per provider schema, listening on `<socketDir>/<name>.sock`. Terraform calls
 * GRPCController.Shutdown when it is done with a provider; we answer and keep serving, because one
 * server is shared by every Terraform process of a test run.
 */
export async function startServers(
  socketDir: string,
  schemas: ServedProviderSchema[] = loadProviderSchemas(),
  applyHook?: ApplyHook,
): Promise<RunningServers> {
  const services = loadServices();
  const servers: grpc.Server[] = [];
  const reattach: ReattachProviders = {};
  for (const served of schemas) {
    const server = new grpc.Server();
    server.addService(services.provider, providerHandlers(new FakeProvider(served, applyHook)));
    server.addService(services.controller, {
      Shutdown: (_call: unknown, callback: grpc.sendUnaryData<object>) => callback(null, {}),
    });
    const socketPath = path.join(socketDir, `${served.name}.sock`);
    fs.rmSync(socketPath, { force: true });
    await new Promise<void>((resolve, reject) =>
      server.bindAsync(`unix:${socketPath}`, grpc.ServerCredentials.createInsecure(), (err) =>
        err ? reject(err) : resolve(),
      ),
    );
    servers.push(server);
    reattach[served.address] = {
      Protocol: "grpc",
      ProtocolVersion: 6,
      Pid: process.pid,
      Test: true,
      Addr: { Network: "unix", String: socketPath },
    };
  }
  return {
    reattach,
    stop: async () => {
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.tryShutdown(() => resolve()))));
    },
  };
}
