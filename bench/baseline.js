// The raw-cdktf baseline: the library's synthesized document declared again through the generated
// L1 classes (.gen/providers/openstack/* and .gen/providers/null/*), with the same logical ids.
// It is built FROM the library's cdk.tf.json, schema-aware (provider-schemas/*.json say which keys
// are attributes and which are nested blocks), so it follows every change to the library's output.
// Values are copied as they are: references stay "${...}" strings, only depends_on goes through
// objects with an `fqn`, as a hand-written stack would pass resources. It is a lower bound.
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const SCHEMA_FILES = ["openstack.json", "null.json"].map((f) => path.join(ROOT, "provider-schemas", f));
const META_KEYS = new Set(["depends_on", "lifecycle", "provisioner", "connection", "count", "for_each", "provider"]);

function fail(message) {
  throw new Error(`bench baseline: ${message}`);
}

/** snake_case -> camelCase, as the binding generator names attributes and blocks. */
function camel(name) {
  return name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
}

function camelKeys(object) {
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [camel(k), v]));
}

/** Provider short name ("openstack", "null") -> { provider, resource_schemas, data_source_schemas }. */
function loadSchemas(files = SCHEMA_FILES) {
  const byProvider = new Map();
  for (const file of files) {
    const doc = JSON.parse(fs.readFileSync(file, "utf8"));
    for (const [source, schema] of Object.entries(doc.provider_schemas))
      byProvider.set(source.split("/").pop(), schema);
  }
  return byProvider;
}

/** Where the generated class for a type lives: its folder name in the bindings. */
function bindingFolder(kind, type, provider) {
  if (kind === "provider") return "provider";
  if (kind === "data") return `data-${type.replace(/_/g, "-")}`;
  return type.slice(provider.length + 1).replace(/_/g, "-");
}

/** Loads generated bindings from `genRoot` (the compiled dist/.gen by default; tests pass the TypeScript .gen). */
function bindingsUnder(genRoot) {
  return (kind, type, provider) => {
    const folder = bindingFolder(kind, type, provider);
    return require(path.join(genRoot, "providers", provider, folder));
  };
}

/** The class in `module` whose static tfResourceType is `type`. */
function classFor(module, type) {
  const found = Object.values(module).find((value) => typeof value === "function" && value.tfResourceType === type);
  if (!found) fail(`no generated class with tfResourceType "${type}"`);
  return found;
}

/** JSON of one block (resource body or nested block) -> the binding's config, by the block's schema. */
function blockConfig(body, block, where) {
  const config = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === "//") continue;
    if (block.attributes && key in block.attributes) {
      // Map and object values keep their keys (triggers, metadata): only names are camelCased.
      config[camel(key)] = value;
    } else if (block.block_types && key in block.block_types) {
      const nested = block.block_types[key].block;
      config[camel(key)] = Array.isArray(value)
        ? value.map((v, i) => blockConfig(v, nested, `${where}.${key}[${i}]`))
        : blockConfig(value, nested, `${where}.${key}`);
    } else {
      fail(`${where}: "${key}" is neither an attribute nor a block in the schema`);
    }
  }
  return config;
}

function metaConfig(body, where) {
  const meta = {};
  for (const key of Object.keys(body)) {
    if (!META_KEYS.has(key)) continue;
    const value = body[key];
    switch (key) {
      case "depends_on":
        meta.dependsOn = value.map((fqn) => ({ fqn }));
        break;
      case "connection":
        meta.connection = camelKeys(value);
        break;
      case "lifecycle":
        meta.lifecycle = camelKeys(value);
        break;
      case "provisioner":
        meta.provisioners = value.map((entry) => {
          const [[type, props]] = Object.entries(entry);
          return { type, ...camelKeys(props) };
        });
        break;
      default:
        fail(`${where}: meta-argument "${key}" is not supported by the baseline`);
    }
  }
  return meta;
}

function withoutMeta(body) {
  return Object.fromEntries(Object.entries(body).filter(([k]) => !META_KEYS.has(k)));
}

function providerOf(type, schemas) {
  const provider = type.split("_")[0];
  if (!schemas.has(provider)) fail(`no schema for provider "${provider}" (type ${type})`);
  return provider;
}

/**
 * The declarations that rebuild `doc`, in a form that takes no more work to instantiate than a
 * hand-written stack: [{ Class, id, props }] plus variables, outputs and the backend.
 */
function planBaseline(doc, options = {}) {
  // options: { genRoot, schemas, cdktf }
  const schemas = options.schemas ?? loadSchemas();
  const bindings = bindingsUnder(options.genRoot ?? path.join(ROOT, "dist", ".gen"));
  const cdktf = options.cdktf ?? require("cdktf");
  const decls = [];
  const known = new Set(["//", "terraform", "provider", "resource", "data", "variable", "output"]);
  for (const key of Object.keys(doc)) if (!known.has(key)) fail(`top-level "${key}" is not supported`);

  for (const [provider, configs] of Object.entries(doc.provider ?? {})) {
    const Class = classFor(bindings("provider", provider, provider), provider);
    configs.forEach((config, i) => {
      const block = schemas.get(provider).provider.block;
      const { alias, ...rest } = config;
      decls.push({
        Class,
        id: `provider_${provider}_${i}`,
        props: { ...blockConfig(rest, block, `provider.${provider}`), ...(alias ? { alias } : {}) },
      });
    });
  }
  for (const [section, kind, schemaKey] of [
    ["data", "data", "data_source_schemas"],
    ["resource", "resource", "resource_schemas"],
  ]) {
    for (const [type, byName] of Object.entries(doc[section] ?? {})) {
      if (section === "resource" && type === "terraform_data") {
        // Terraform's built-in resource (no provider schema): cdktf's own class, its body as written.
        for (const [name, body] of Object.entries(byName))
          decls.push({ Class: cdktf.DataResource, id: `${type}.${name}`, logicalId: name, props: {}, overrides: body });
        continue;
      }
      const provider = providerOf(type, schemas);
      const schema = schemas.get(provider)[schemaKey][type];
      if (!schema) fail(`no schema for ${section} ${type}`);
      const Class = classFor(bindings(kind, type, provider), type);
      for (const [name, body] of Object.entries(byName)) {
        const where = `${section}.${type}.${name}`;
        decls.push({
          Class,
          id: `${type}.${name}`,
          logicalId: name,
          props: { ...blockConfig(withoutMeta(body), schema.block, where), ...metaConfig(body, where) },
        });
      }
    }
  }
  for (const [name, body] of Object.entries(doc.variable ?? {})) {
    decls.push({ Class: cdktf.TerraformVariable, id: `variable.${name}`, logicalId: name, props: camelKeys(body) });
  }
  for (const [name, body] of Object.entries(doc.output ?? {})) {
    const { depends_on: dependsOn, ...rest } = body;
    decls.push({
      Class: cdktf.TerraformOutput,
      id: `output.${name}`,
      logicalId: name,
      props: { ...camelKeys(rest), ...(dependsOn ? { dependsOn: dependsOn.map((fqn) => ({ fqn })) } : {}) },
    });
  }
  const { backend, required_providers: _generatedByProviders, ...otherTerraform } = doc.terraform ?? {};
  if (Object.keys(otherTerraform).length > 0) fail(`terraform.${Object.keys(otherTerraform)[0]} is not supported`);
  for (const [name, config] of Object.entries(backend ?? {})) {
    const Class = cdktf[`${name[0].toUpperCase()}${camel(name).slice(1)}Backend`];
    if (!Class) fail(`no cdktf backend class for "${name}"`);
    decls.push({ Class, backend: true, props: camelKeys(config) });
  }
  return decls;
}

/** Instantiates the planned declarations in a new stack `stackName` of `app`. */
function declareBaseline(app, stackName, decls, cdktf = require("cdktf")) {
  const stack = new cdktf.TerraformStack(app, stackName);
  for (const d of decls) {
    if (d.backend) {
      new d.Class(stack, d.props);
      continue;
    }
    const construct = new d.Class(stack, d.id, d.props);
    if (d.logicalId) construct.overrideLogicalId(d.logicalId);
    for (const [key, value] of Object.entries(d.overrides ?? {})) if (key !== "//") construct.addOverride(key, value);
  }
  return stack;
}

/** `doc` without cdktf's "//" metadata, at every level. */
function stripMetadata(value) {
  if (Array.isArray(value)) return value.map(stripMetadata);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== "//")
      .map(([k, v]) => [k, stripMetadata(v)]),
  );
}

/** The first path where two documents differ (metadata ignored), or undefined when they are identical. */
function firstDifference(a, b, where = "$") {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return `${where}: one is a list, the other is not`;
    if (a.length !== b.length) return `${where}: ${a.length} entries vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${where}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keysA = Object.keys(a).join(",");
    const keysB = Object.keys(b).join(",");
    if (keysA !== keysB) return `${where}: keys [${keysA}] vs [${keysB}]`;
    for (const k of Object.keys(a)) {
      const d = firstDifference(a[k], b[k], `${where}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return a === b ? undefined : `${where}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}

/** Throws, naming the first difference, unless the documents are identical apart from "//" metadata. */
function assertSameDocument(library, baseline) {
  const difference = firstDifference(stripMetadata(library), stripMetadata(baseline));
  if (difference) fail(`the baseline's cdk.tf.json differs from the library's (apart from metadata) at ${difference}`);
}

module.exports = {
  planBaseline,
  declareBaseline,
  stripMetadata,
  firstDifference,
  assertSameDocument,
  loadSchemas,
  camel,
};
