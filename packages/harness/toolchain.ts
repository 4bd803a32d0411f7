/**
 * The pinned toolchain that toolchain/build.sh lays out: a Terraform binary, and the real
 * terraform-provider-openstack in a filesystem mirror with a CLI config that installs from it only.
 * Code that needs Terraform asks here first, so a machine with no terraform on PATH works after set-up.
 */
import * as fs from "fs";
import * as path from "path";

/** Where toolchain/build.sh writes, unless STACKATO_TOOLCHAIN_DIR says otherwise. */
export const TOOLCHAIN_DIR_ENV = "STACKATO_TOOLCHAIN_DIR";
export const OPENSTACK_PROVIDER_ADDRESS = "registry.terraform.io/terraform-provider-openstack/openstack";
export const NULL_PROVIDER_ADDRESS = "registry.terraform.io/hashicorp/null";

/** This package's root: this file is toolchain.ts there, or dist/toolchain.js once compiled. */
function packageRoot(): string {
  return path.basename(__dirname) === "dist" ? path.dirname(__dirname) : __dirname;
}

/**
 * STACKATO_TOOLCHAIN_DIR, else the .toolchain of the checkout this package is a workspace of
 * (packages/harness -> ../../.toolchain), else one beside the package.
 */
export function toolchainDir(): string {
  const env = process.env[TOOLCHAIN_DIR_ENV];
  if (env) return env;
  const root = packageRoot();
  const candidates = [path.join(root, "..", "..", ".toolchain"), path.join(root, ".toolchain")].map((dir) =>
    path.resolve(dir),
  );
  return candidates.find((dir) => fs.existsSync(dir)) ?? candidates[1];
}

/** The toolchain's terraform, when toolchain/build.sh has run; otherwise undefined. */
export function toolchainTerraform(): string | undefined {
  const file = path.join(toolchainDir(), "bin", "terraform");
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.realpathSync(file);
  } catch {
    return undefined;
  }
}

export interface RealOpenStackProvider {
  /** The CLI config whose provider_installation takes the OpenStack provider from the local mirror only. */
  readonly cliConfigFile: string;
  /** The provider's version in the mirror. */
  readonly version: string;
  /** The provider executable. */
  readonly executable: string;
}

/** The real OpenStack provider in the toolchain's mirror, or undefined when toolchain/build.sh has not built it. */
export function realOpenStackProvider(): RealOpenStackProvider | undefined {
  const dir = toolchainDir();
  const cliConfigFile = path.join(dir, "terraform.rc");
  const versionsDir = path.join(dir, "providers", OPENSTACK_PROVIDER_ADDRESS);
  if (!fs.existsSync(cliConfigFile) || !fs.existsSync(versionsDir)) return undefined;
  for (const version of fs.readdirSync(versionsDir).sort().reverse()) {
    const executable = path.join(versionsDir, version, "linux_amd64", `terraform-provider-openstack_v${version}`);
    if (fs.existsSync(executable)) return { cliConfigFile, version, executable };
  }
  return undefined;
}
