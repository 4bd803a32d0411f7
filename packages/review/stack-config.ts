/**
 * Reading synthesized stacks: `cdktf.out` (or its `stacks/` folder) as plain Terraform JSON, with
 * every managed and data resource under its Terraform address. The review reads the output, never
 * the construct tree, so it works for any cdktf app that uses the library, and for older outputs.
 */
import * as fs from "fs";
import * as path from "path";
import { loadStackDirs, ReviewInputError } from "./stack-dirs";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One resource block of a stack, under its Terraform address (`type.name` or `data.type.name`). */
export interface ResourceConfig {
  readonly address: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  /** The construct path, e.g. `cluster/Cluster/Core/Server/Instance`, when cdktf recorded it. */
  readonly constructPath?: string;
  /** The block's arguments without cdktf's `//` metadata. */
  readonly body: JsonObject;
}

export interface StackConfig {
  readonly name: string;
  readonly resources: Map<string, ResourceConfig>;
  /** Variables declared `sensitive`; their values are masked wherever they are referenced. */
  readonly sensitiveVariables: Set<string>;
  readonly raw: JsonObject;
}

/** Loads every stack (or only `only`) of a synth output directory: `cdktf.out`, `cdktf.out/stacks` or one stack's folder. */
export function loadStacks(dir: string, only?: string): StackConfig[] {
  return loadStackDirs(dir, only).map((s) => parseStack(s.name, readJson(path.join(s.dir, "cdk.tf.json"))));
}

function readJson(file: string): JsonObject {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as JsonObject;
  } catch (err) {
    throw new ReviewInputError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
}

export function parseStack(name: string, raw: JsonObject): StackConfig {
  const resources = new Map<string, ResourceConfig>();
  for (const mode of ["managed", "data"] as const) {
    const byType = asObject(raw[mode === "managed" ? "resource" : "data"]);
    for (const type of Object.keys(byType).sort()) {
      const byName = asObject(byType[type]);
      for (const resourceName of Object.keys(byName).sort()) {
        const block = asObject(byName[resourceName]);
        const { "//": meta, ...body } = block;
        const address = `${mode === "data" ? "data." : ""}${type}.${resourceName}`;
        const constructPath = asObject(asObject(meta).metadata).path;
        resources.set(address, {
          address,
          mode,
          type,
          name: resourceName,
          constructPath: typeof constructPath === "string" ? constructPath : undefined,
          body,
        });
      }
    }
  }
  const variables = asObject(raw.variable);
  const sensitiveVariables = new Set(Object.keys(variables).filter((v) => asObject(variables[v]).sensitive === true));
  return { name, resources, sensitiveVariables, raw };
}

export function asObject(value: Json | undefined): JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? value : {};
}

export function asArray(value: Json | undefined): Json[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

export function asString(value: Json | undefined): string | undefined {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
}

const REFERENCE = /\b(data\.[a-z0-9_]+\.[A-Za-z0-9_-]+|[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)(?=[.[\s,)}]|$)/g;

/**
 * Addresses of the resources a value refers to, read from its `${...}` expressions. Only
 * addresses that exist in `known` count, so function names and attribute paths never match.
 */
export function referencesIn(value: Json | undefined, known: Map<string, unknown>): string[] {
  const found = new Set<string>();
  const visit = (v: Json | undefined): void => {
    if (typeof v === "string") {
      if (!v.includes("${")) return;
      for (const match of v.matchAll(REFERENCE)) if (known.has(match[1])) found.add(match[1]);
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === "object") Object.values(v).forEach(visit);
  };
  visit(value);
  return [...found].sort();
}

/** The address a single-reference expression such as `${openstack_x.y.id}` points at. */
export function referencedAddress(value: Json | undefined, known: Map<string, unknown>): string | undefined {
  const refs = referencesIn(value, known);
  return refs.length === 1 ? refs[0] : undefined;
}

/** Stack-relative construct path, e.g. `Cluster/Core/Server/Instance`, or the address when cdktf recorded none. */
export function displayPath(resource: ResourceConfig): string {
  if (!resource.constructPath) return resource.address;
  const slash = resource.constructPath.indexOf("/");
  return slash < 0 ? resource.constructPath : resource.constructPath.slice(slash + 1);
}

/** The attributes of `address` that an expression reads, e.g. `["id"]` for `${openstack_x.y.id}`. */
export function attributesRead(text: string, address: string): string[] {
  const escaped = address.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return [...text.matchAll(new RegExp(`${escaped}\\.([A-Za-z0-9_]+)`, "g"))].map((m) => m[1]);
}
