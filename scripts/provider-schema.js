#!/usr/bin/env node
// provider-schemas/openstack.json from the real provider: `terraform providers schema -json` run on the
// terraform-provider-openstack that toolchain/build.sh built, kept to the types the library uses.
// Usage: node scripts/provider-schema.js [write|check]
//   write  rewrites provider-schemas/openstack.json (the bindings are regenerated from it by `npm run generate`)
//   check  exits 1, naming the differences, when the committed file is not what the provider prints
// Every schema body is the provider's own, byte for byte once pretty-printed: only whole types are left out.
"use strict";
const childProcess = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const SCHEMA_FILE = path.join(ROOT, "provider-schemas", "openstack.json");
const ADDRESS = "registry.terraform.io/terraform-provider-openstack/openstack";

/** The resource and data source types the library creates or reads (lib/ and the generated bindings). */
const USED = {
  resource_schemas: [
    "openstack_blockstorage_volume_v3",
    "openstack_compute_instance_v2",
    "openstack_compute_keypair_v2",
    "openstack_compute_servergroup_v2",
    "openstack_compute_volume_attach_v2",
    "openstack_images_image_v2",
    "openstack_networking_floatingip_associate_v2",
    "openstack_networking_floatingip_v2",
    "openstack_networking_network_v2",
    "openstack_networking_port_v2",
    "openstack_networking_router_interface_v2",
    "openstack_networking_router_v2",
    "openstack_networking_secgroup_rule_v2",
    "openstack_networking_secgroup_v2",
    "openstack_networking_subnet_v2",
  ],
  data_source_schemas: [
    "openstack_compute_flavor_v2",
    "openstack_compute_keypair_v2",
    "openstack_images_image_v2",
    "openstack_networking_floatingip_v2",
    "openstack_networking_network_v2",
    "openstack_networking_secgroup_v2",
  ],
};

function toolchain() {
  const dir = process.env.STACKATO_TOOLCHAIN_DIR || path.join(ROOT, ".toolchain");
  const terraform = path.join(dir, "bin", "terraform");
  const cliConfig = path.join(dir, "terraform.rc");
  if (!fs.existsSync(terraform) || !fs.existsSync(cliConfig)) {
    fail(`no toolchain in ${dir}: run \`bash toolchain/build.sh\` first (it builds the provider this reads)`);
  }
  return { terraform, cliConfig };
}

function providerVersion() {
  const versions = fs.readFileSync(path.join(ROOT, "toolchain", "versions.env"), "utf8");
  const match = /^OPENSTACK_PROVIDER_VERSION=(\S+)$/m.exec(versions);
  if (!match) fail("toolchain/versions.env names no OPENSTACK_PROVIDER_VERSION");
  return match[1];
}

/** What the built provider prints, as a parsed object. */
function printedSchema() {
  const { terraform, cliConfig } = toolchain();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "provider-schema-"));
  const env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
  delete env.TF_REATTACH_PROVIDERS;
  // OS_POOL_NAME and friends feed environment defaults, which change what the SDK reports as required.
  for (const name of Object.keys(env)) if (name.startsWith("OS_")) delete env[name];
  const config = {
    terraform: {
      required_providers: { openstack: { source: ADDRESS, version: providerVersion() } },
    },
  };
  try {
    fs.writeFileSync(path.join(work, "main.tf.json"), JSON.stringify(config));
    const run = (args) => {
      const result = childProcess.spawnSync(terraform, args, { cwd: work, env, encoding: "utf8", maxBuffer: 1 << 28 });
      if (result.status !== 0) fail(`terraform ${args.join(" ")} failed: ${result.stderr || result.stdout}`);
      return result.stdout;
    };
    run(["init", "-input=false", "-no-color"]);
    return JSON.parse(run(["providers", "schema", "-json"]));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The printed schema with only the used types, in the provider's own key order. */
function keptSchema(printed) {
  const provider = printed.provider_schemas[ADDRESS];
  if (!provider) fail(`terraform printed no schema for ${ADDRESS}`);
  const kept = { provider: provider.provider };
  for (const [kind, types] of Object.entries(USED)) {
    const missing = types.filter((t) => !provider[kind][t]);
    if (missing.length > 0) fail(`the provider has no ${kind} ${missing.join(", ")}`);
    kept[kind] = Object.fromEntries(
      Object.keys(provider[kind])
        .filter((t) => types.includes(t))
        .map((t) => [t, provider[kind][t]]),
    );
  }
  return { format_version: printed.format_version, provider_schemas: { [ADDRESS]: kept } };
}

function text(schema) {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

function main() {
  const mode = process.argv[2] || "write";
  if (!["write", "check"].includes(mode)) fail(`unknown mode ${mode}: write or check`);
  const expected = text(keptSchema(printedSchema()));
  if (mode === "write") {
    fs.writeFileSync(SCHEMA_FILE, expected);
    console.log(`wrote ${path.relative(ROOT, SCHEMA_FILE)} from terraform-provider-openstack ${providerVersion()}`);
    return;
  }
  const committed = fs.readFileSync(SCHEMA_FILE, "utf8");
  if (committed === expected) {
    console.log(`${path.relative(ROOT, SCHEMA_FILE)} is what terraform-provider-openstack ${providerVersion()} prints`);
    return;
  }
  console.error(
    `${path.relative(ROOT, SCHEMA_FILE)} differs from what the built provider prints: run \`node scripts/provider-schema.js write\`, then \`npm run generate\``,
  );
  process.exit(1);
}

function fail(message) {
  console.error(`provider-schema: ${message}`);
  process.exit(2);
}

if (require.main === module) main();
module.exports = { USED };
