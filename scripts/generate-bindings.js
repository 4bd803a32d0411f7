#!/usr/bin/env node
// Generates the OpenStack and null L1 bindings from the vendored provider schemas, the way `cdktf get` would,
// but offline: `cdktf get` needs `terraform init` against the registry, which air-gapped machines cannot reach.
// Output goes to .gen/providers/{openstack,null} (cdktf.json's codeMakerOutput), which is git-ignored.
"use strict";
process.env.CHECKPOINT_DISABLE = "1";

const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const outDir = path.join(root, ".gen");
const cdktfJson = JSON.parse(fs.readFileSync(path.join(root, "cdktf.json"), "utf8"));

/**
 * Every provider the library uses, generated from its vendored schema. The versions we pin are the
 * schemas' own provenance (provider-schemas/README.md); the constraints come from cdktf.json.
 */
const PROVIDERS = [
  { name: "openstack", source: "terraform-provider-openstack/openstack", version: "3.4.0", schema: "openstack.json" },
  { name: "null", source: "hashicorp/null", version: "3.3.1", schema: "null.json" },
];

function providerConstraint(source) {
  const entry = (cdktfJson.terraformProviders || []).find((p) => String(p).startsWith(`${source}@`));
  if (!entry) throw new Error(`cdktf.json: terraformProviders must list "${source}@~> <version>"`);
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
  for (const provider of PROVIDERS) {
    const fqpn = `registry.terraform.io/${provider.source}`;
    const schema = JSON.parse(fs.readFileSync(path.join(root, "provider-schemas", provider.schema), "utf8"));
    schema.provider_versions = { [fqpn]: provider.version };

    const constraint = new commons.TerraformProviderConstraint(providerConstraint(provider.source));
    const target = new commons.ConstructsMakerProviderTarget(constraint, commons.Language.TYPESCRIPT);
    const code = new generator.CodeMaker();
    const gen = new generator.TerraformProviderGenerator(code, schema);
    gen.generate(target);

    fs.rmSync(path.join(outDir, "providers", provider.name), { recursive: true, force: true });
    await gen.save(outDir);
    const written = fs.readdirSync(path.join(outDir, "providers", provider.name));
    console.log(
      `generated ${written.length} binding modules in ${path.relative(root, outDir)}/providers/${provider.name} (${provider.name} ${provider.version})`,
    );
  }
}

main().catch((err) => {
  console.error(`generate-bindings: ${err.stack || err}`);
  process.exit(1);
});
