/**
 * cty values on the wire. Terraform sends and expects msgpack, typed by the cty type that the schema
 * implies; unknown values are msgpack extensions. We keep values as plain JS data plus one UNKNOWN
 * marker, and always re-shape them against their type so that objects carry every key.
 */
import { decode, encode, ExtData } from "@msgpack/msgpack";

/** A cty type in the JSON form Terraform uses in schemas ("string", ["list","string"], ...). */
export type CtyType =
  | "string"
  | "number"
  | "bool"
  | "dynamic"
  | ["list" | "set" | "map", CtyType]
  | ["object", Record<string, CtyType>]
  | ["object", Record<string, CtyType>, string[]]
  | ["tuple", CtyType[]];

/** The one unknown value ("known after apply"); compare with isUnknown, never structurally. */
export class UnknownValue {
  static readonly instance = new UnknownValue();
  private constructor() {}
  toJSON(): string {
    return "<unknown>";
  }
}
export const UNKNOWN = UnknownValue.instance;

export type Value = null | UnknownValue | string | number | boolean | Value[] | ValueObject;
export interface ValueObject {
  [key: string]: Value;
}

export function isUnknown(value: unknown): value is UnknownValue {
  return value instanceof UnknownValue;
}

/** A known, non-null object value (not a list, not unknown). */
export function isObjectValue(value: Value | undefined): value is ValueObject {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !isUnknown(value);
}

/** True when the value, or anything inside it, is unknown. */
export function containsUnknown(value: Value | undefined): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isObjectValue(value)) return Object.values(value).some(containsUnknown);
  return false;
}

/**
 * Terraform's own encoding of an unknown: fixext1 of extension type 0 with a zero byte. Refined
 * unknowns (type 12) carry a payload we do not need, so on input every extension means "unknown".
 */
function unknownOnWire(): ExtData {
  return new ExtData(0, new Uint8Array([0]));
}

/** Decodes a msgpack DynamicValue; an empty buffer is a null value (Terraform sends that for "no state"). */
export function decodeMsgpack(bytes: Uint8Array | undefined | null, type: CtyType): Value {
  if (!bytes || bytes.length === 0) return null;
  return shape(decode(bytes), type);
}

export function encodeMsgpack(value: Value, type: CtyType): Buffer {
  const encoded = encode(toWire(value, type));
  return Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
}

/** Decodes JSON state (UpgradeResourceState gets the stored state as JSON) against a type. */
export function decodeJson(text: string | Uint8Array, type: CtyType): Value {
  const source = typeof text === "string" ? text : Buffer.from(text).toString("utf8");
  return shape(JSON.parse(source), type);
}

/** Re-shapes decoded data against `type`: objects get every attribute, extensions become UNKNOWN. */
export function shape(raw: unknown, type: CtyType): Value {
  if (raw instanceof ExtData || isUnknown(raw)) return UNKNOWN;
  if (raw === null || raw === undefined) return null;
  if (type === "string") return typeof raw === "string" ? raw : String(raw);
  if (type === "number") return typeof raw === "bigint" ? Number(raw) : Number(raw as number | string);
  if (type === "bool") return raw === true || raw === "true";
  if (type === "dynamic") throw new Error("the harness does not support attributes of type dynamic");
  const [kind, inner] = type;
  switch (kind) {
    case "list":
    case "set":
      return asArray(raw).map((element) => shape(element, inner as CtyType));
    case "tuple":
      return asArray(raw).map((element, i) => shape(element, (inner as CtyType[])[i]));
    case "map":
      return Object.fromEntries(Object.entries(asRecord(raw)).map(([k, v]) => [k, shape(v, inner as CtyType)]));
    case "object": {
      const record = asRecord(raw);
      const attributes = inner as Record<string, CtyType>;
      return Object.fromEntries(Object.keys(attributes).map((name) => [name, shape(record[name], attributes[name])]));
    }
  }
}

function toWire(value: Value | undefined, type: CtyType): unknown {
  if (isUnknown(value)) return unknownOnWire();
  if (value === null || value === undefined) return null;
  if (typeof type === "string") return value;
  const [kind, inner] = type;
  switch (kind) {
    case "list":
    case "set":
      return asArray(value).map((element) => toWire(element as Value, inner as CtyType));
    case "tuple":
      return asArray(value).map((element, i) => toWire(element as Value, (inner as CtyType[])[i]));
    case "map":
      return Object.fromEntries(
        Object.entries(asRecord(value)).map(([k, v]) => [k, toWire(v as Value, inner as CtyType)]),
      );
    case "object": {
      // Terraform rejects an object that lacks a key, so every attribute is written, null or not.
      const record = asRecord(value);
      const attributes = inner as Record<string, CtyType>;
      return Object.fromEntries(
        Object.keys(attributes).map((name) => [name, toWire(record[name] as Value, attributes[name])]),
      );
    }
  }
}

function asArray(raw: unknown): unknown[] {
  if (!Array.isArray(raw)) throw new Error(`expected a list, got ${describe(raw)}`);
  return raw;
}

function asRecord(raw: unknown): Record<string, unknown> {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw))
    throw new Error(`expected an object, got ${describe(raw)}`);
  return raw as Record<string, unknown>;
}

function describe(raw: unknown): string {
  return Array.isArray(raw) ? "a list" : raw === null ? "null" : typeof raw;
}

/** JSON with sorted keys and unknowns spelled out: a stable text to hash or compare values by. */
export function stableStringify(value: Value | undefined): string {
  if (isUnknown(value)) return '"<unknown>"';
  if (value === undefined || value === null) return "null";
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
