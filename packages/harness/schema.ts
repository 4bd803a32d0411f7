/**
 * Provider schemas in the `terraform providers schema -json` format (provider-schemas/*.json), the
 * project's single source of truth, and the cty types they imply.
 */
import * as fs from "fs";
import * as path from "path";
import { CtyType } from "./cty";

export interface SchemaAttribute {
  readonly type: CtyType;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly deprecated?: boolean;
  readonly description?: string;
}

export type NestingMode = "single" | "group" | "list" | "set" | "map";

export interface SchemaNestedBlock {
  readonly nesting_mode: NestingMode;
  readonly block: SchemaBlock;
  readonly min_items?: number;
  readonly max_items?: number;
}

export interface SchemaBlock {
  readonly attributes?: Record<string, SchemaAttribute>;
  readonly block_types?: Record<string, SchemaNestedBlock>;
  readonly description?: string;
  readonly deprecated?: boolean;
}

export interface ResourceSchema {
  readonly version: number;
  readonly block: SchemaBlock;
}

export interface ProviderSchema {
  readonly provider: ResourceSchema;
  readonly resource_schemas?: Record<string, ResourceSchema>;
  readonly data_source_schemas?: Record<string, ResourceSchema>;
}

/** A provider the harness serves: its registry address and its schema. */
export interface ServedProviderSchema {
  /** e.g. registry.terraform.io/hashicorp/null */
  readonly address: string;
  /** The local name Terraform configurations use, e.g. "null" or "openstack". */
  readonly name: string;
  readonly schema: ProviderSchema;
}

/** The schema files the harness serves, in provider-schemas/. */
export const SCHEMA_FILES = ["openstack.json", "null.json"];

/**
 * provider-schemas/: the package's own copy when compiled (dist/ -> ../provider-schemas, copied by the build),
 * the repository's when run from source in the checkout (packages/harness -> ../../provider-schemas).
 */
export function providerSchemasDir(): string {
  for (const candidate of [
    path.resolve(__dirname, "..", "provider-schemas"),
    path.resolve(__dirname, "..", "..", "provider-schemas"),
  ]) {
    if (fs.existsSync(path.join(candidate, SCHEMA_FILES[0]))) return candidate;
  }
  throw new Error(`provider-schemas/ not found above ${__dirname}`);
}

export function loadProviderSchemas(dir: string = providerSchemasDir()): ServedProviderSchema[] {
  const served: ServedProviderSchema[] = [];
  for (const file of SCHEMA_FILES) {
    const parsed = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as {
      provider_schemas: Record<string, ProviderSchema>;
    };
    for (const [address, schema] of Object.entries(parsed.provider_schemas)) {
      served.push({ address, name: address.split("/").pop()!, schema });
    }
  }
  return served;
}

/** The object type a block's value has: attributes plus nested blocks as objects or collections of them. */
export function impliedType(block: SchemaBlock): CtyType {
  const attributes: Record<string, CtyType> = {};
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) attributes[name] = attribute.type;
  for (const [name, nested] of Object.entries(block.block_types ?? {})) attributes[name] = nestedBlockType(nested);
  return ["object", attributes];
}

function nestedBlockType(nested: SchemaNestedBlock): CtyType {
  const element = impliedType(nested.block);
  switch (nested.nesting_mode) {
    case "single":
    case "group":
      return element;
    case "list":
      return ["list", element];
    case "set":
      return ["set", element];
    case "map":
      return ["map", element];
  }
}

/** Attributes a configuration may not set: computed and neither optional nor required. */
export function isComputedOnly(attribute: SchemaAttribute): boolean {
  return attribute.computed === true && !attribute.optional && !attribute.required;
}
