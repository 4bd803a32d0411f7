/**
 * One schema-only provider: the tfplugin6 RPCs as plain functions from request objects to response
 * objects (the shapes @grpc/proto-loader uses, snake_case keys). server.ts puts them on gRPC; unit
 * tests call them directly.
 */
import { CtyType, decodeJson, decodeMsgpack, encodeMsgpack, Value } from "./cty";
import { applyResourceChange, readDataSource } from "./apply";
import { Diagnostic, errorDiagnostic } from "./diagnostics";
import { forceNewTable, replacePaths } from "./force-new";
import { planResourceChange } from "./plan";
import { planBehaviour } from "./plan-behaviour";
import { impliedType, ResourceSchema, ServedProviderSchema } from "./schema";
import { schemaMessage, SchemaMessage } from "./schema-proto";
import { computedOnlyDiagnostics } from "./validate-config";

/** DynamicValue as proto-loader hands it over: bytes are Buffers, absent fields undefined. */
export interface DynamicValueMessage {
  msgpack?: Uint8Array;
  json?: Uint8Array;
}

type Request = Record<string, any>;
type Response = Record<string, unknown>;

/**
 * Called after the fake cloud computed a resource's new state (null for a destroy), before Terraform
 * gets it. The e2e "hosts" mode (the repository's e2e/hosts/, loaded with --hosts-module) uses it to boot hosts, attach volumes and forward
 * floating IPs; it may return a state with provider-chosen values (addresses) filled in.
 */
export type ApplyHook = (typeName: string, prior: Value, newState: Value, config: Value) => Promise<Value>;

interface KnownSchema {
  readonly schema: ResourceSchema;
  readonly type: CtyType;
}

export class FakeProvider {
  private readonly resources = new Map<string, KnownSchema>();
  private readonly dataSources = new Map<string, KnownSchema>();
  private readonly providerType: CtyType;
  private schemaResponse?: Response;

  constructor(
    readonly served: ServedProviderSchema,
    private readonly applyHook?: ApplyHook,
  ) {
    for (const [name, schema] of Object.entries(served.schema.resource_schemas ?? {})) {
      this.resources.set(name, { schema, type: impliedType(schema.block) });
    }
    for (const [name, schema] of Object.entries(served.schema.data_source_schemas ?? {})) {
      this.dataSources.set(name, { schema, type: impliedType(schema.block) });
    }
    this.providerType = impliedType(served.schema.provider.block);
  }

  getMetadata(): Response {
    return {
      server_capabilities: capabilities(),
      diagnostics: [],
      resources: [...this.resources.keys()].map((type_name) => ({ type_name })),
      data_sources: [...this.dataSources.keys()].map((type_name) => ({ type_name })),
    };
  }

  getProviderSchema(): Response {
    // Built once: each Terraform process asks for it, and the OpenStack schema is large.
    if (!this.schemaResponse) {
      const mapOf = (m: Map<string, KnownSchema>): Record<string, SchemaMessage> =>
        Object.fromEntries([...m].map(([name, known]) => [name, schemaMessage(known.schema)]));
      this.schemaResponse = {
        provider: schemaMessage(this.served.schema.provider),
        resource_schemas: mapOf(this.resources),
        data_source_schemas: mapOf(this.dataSources),
        diagnostics: [],
        server_capabilities: capabilities(),
      };
    }
    return this.schemaResponse;
  }

  validateProviderConfig(req: Request): Response {
    decodeMsgpack(req.config?.msgpack, this.providerType); // a config that does not decode is a harness bug: let it throw
    return { diagnostics: [] };
  }

  configureProvider(): Response {
    return { diagnostics: [] };
  }

  validateResourceConfig(req: Request): Response {
    return this.validateConfig(this.resources, "resource", req);
  }

  validateDataResourceConfig(req: Request): Response {
    return this.validateConfig(this.dataSources, "data source", req);
  }

  private validateConfig(known: Map<string, KnownSchema>, kind: string, req: Request): Response {
    const entry = known.get(req.type_name);
    if (!entry) return { diagnostics: [unknownType(kind, req.type_name)] };
    const config = decodeMsgpack(req.config?.msgpack, entry.type);
    return { diagnostics: computedOnlyDiagnostics(req.type_name, entry.schema.block, config) };
  }

  upgradeResourceState(req: Request): Response {
    const entry = this.resources.get(req.type_name);
    if (!entry) return { diagnostics: [unknownType("resource", req.type_name)] };
    const json = req.raw_state?.json as Uint8Array | undefined;
    const state: Value = json && json.length > 0 ? decodeJson(json, entry.type) : null;
    return { upgraded_state: this.encode(state, entry.type), diagnostics: [] };
  }

  readResource(req: Request): Response {
    // Nothing changes behind Terraform's back in a fake cloud: the state is the truth.
    return { new_state: req.current_state, private: req.private, diagnostics: [] };
  }

  planResourceChange(req: Request): Response {
    const entry = this.resources.get(req.type_name);
    if (!entry) return { diagnostics: [unknownType("resource", req.type_name)] };
    const prior = decodeMsgpack(req.prior_state?.msgpack, entry.type);
    const proposed = decodeMsgpack(req.proposed_new_state?.msgpack, entry.type);
    const behaviour = planBehaviour(req.type_name);
    const planned = planResourceChange(entry.schema.block, prior, proposed, behaviour);
    // Compared against the planned state, as Terraform does: computed values kept from the prior state are no change.
    // On a replacement Terraform plans again with a null prior (a create), so nothing else is needed here.
    const replace = replacePaths(forceNewTable(), req.type_name, prior, planned, entry.schema.block);
    return {
      planned_state: this.encode(planned, entry.type),
      requires_replace: replace,
      planned_private: req.prior_private,
      legacy_type_system: behaviour.legacyTypeSystem,
      diagnostics: [],
    };
  }

  applyResourceChange(req: Request): Response | Promise<Response> {
    const entry = this.resources.get(req.type_name);
    if (!entry) return { diagnostics: [unknownType("resource", req.type_name)] };
    const planned = decodeMsgpack(req.planned_state?.msgpack, entry.type);
    const config = decodeMsgpack(req.config?.msgpack, entry.type);
    const newState = applyResourceChange(req.type_name, entry.schema.block, planned, config);
    const respond = (state: Value): Response => ({
      new_state: this.encode(state, entry.type),
      private: req.planned_private,
      legacy_type_system: planBehaviour(req.type_name).legacyTypeSystem,
      diagnostics: [],
    });
    if (!this.applyHook) return respond(newState);
    const prior = decodeMsgpack(req.prior_state?.msgpack, entry.type);
    return this.applyHook(req.type_name, prior, newState, config).then(respond);
  }

  importResourceState(req: Request): Response {
    const entry = this.resources.get(req.type_name);
    if (!entry) return { diagnostics: [unknownType("resource", req.type_name)] };
    // Only the id is known; Terraform reads the rest with ReadResource, which keeps it as is.
    const state = { id: String(req.id) };
    return {
      imported_resources: [{ type_name: req.type_name, state: this.encode(state, entry.type) }],
      diagnostics: [],
    };
  }

  readDataSource(req: Request): Response {
    const entry = this.dataSources.get(req.type_name);
    if (!entry) return { diagnostics: [unknownType("data source", req.type_name)] };
    const config = decodeMsgpack(req.config?.msgpack, entry.type);
    return {
      state: this.encode(readDataSource(req.type_name, entry.schema.block, config), entry.type),
      diagnostics: [],
    };
  }

  stopProvider(): Response {
    return { Error: "" };
  }

  private encode(value: Value, type: CtyType): DynamicValueMessage {
    return { msgpack: encodeMsgpack(value, type) };
  }
}

function capabilities(): Response {
  return { plan_destroy: false, get_provider_schema_optional: false, move_resource_state: false };
}

function unknownType(kind: string, typeName: string): Diagnostic {
  return errorDiagnostic(`Unsupported ${kind} type`, `The offline harness has no schema for ${kind} "${typeName}".`);
}
