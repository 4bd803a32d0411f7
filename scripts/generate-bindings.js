#!/usr/bin/env node
// Generates the OpenStack L1 bindings from the vendored provider schema, the way `cdktf get` would,
// but offline: `cdktf get` needs `terraform init` against the registry, which air-gapped machines cannot reach.
// Output goes to .gen/providers/openstack (cdktf.json's codeMakerOutput), which is git-ignored.
"use strict";
process.env.CHECKPOINT_DISABLE = "1";

const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const outDir = path.join(root, ".gen");
const providerSource = "terraform-provider-openstack/openstack";
const providerFqpn = `registry.terraform.io/${providerSource}`;
const cdktfJson = JSON.parse(fs.readFileSync(path.join(root, "cdktf.json"), "utf8"));

/** The version we pin comes from cdktf.json's constraint ("~> 3.4") and the schema's own provenance (3.4.0). */
const PROVIDER_VERSION = "3.4.0";

function providerConstraint() {
  const entry = (cdktfJson.terraformProviders || []).find((p) => String(p).startsWith(providerSource));
  if (!entry) throw new Error(`cdktf.json: terraformProviders must list "${providerSource}@~> 3.4"`);
  return entry;
}

async function main() {
  let generator;
  let commons;
  try {
    generator = require("@cdktf/provider-generator");
    commons = require("@cdktf/commons");
  } catch (err) {
    // A consumer installing the published package has prebuilt JS and no generator; nothing to do then.
    if (fs.existsSync(path.join(root, "dist", ".gen"))) return;
    throw err;
  }
  const schema = JSON.parse(fs.readFileSync(path.join(root, "provider-schemas", "openstack.json"), "utf8"));
  schema.provider_versions = { [providerFqpn]: PROVIDER_VERSION };

  const constraint = new commons.TerraformProviderConstraint(providerConstraint());
  const target = new commons.ConstructsMakerProviderTarget(constraint, commons.Language.TYPESCRIPT);
  const code = new generator.CodeMaker();
  const gen = new generator.TerraformProviderGenerator(code, schema);
  gen.generate(target);

  fs.rmSync(path.join(outDir, "providers", "openstack"), { recursive: true, force: true });
  await gen.save(outDir);
  const written = fs.readdirSync(path.join(outDir, "providers", "openstack"));
  console.log(`generated ${written.length} binding modules in ${path.relative(root, outDir)}/providers/openstack (openstack ${PROVIDER_VERSION})`);
}

main().catch((err) => {
  console.error(`generate-bindings: ${err.stack || err}`);
  process.exit(1);
});
