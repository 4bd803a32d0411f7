/// <reference types="jest" />
/**
 * Jest helpers for suites that run real Terraform against the harness. Without terraform on PATH,
 * such suites skip (one console line says why); with CI=true they fail instead, so a CI image that
 * lost its terraform cannot go green by skipping everything.
 */
import { startHarness, harnessRunning, Harness } from "./harness";
import { terraformAvailable } from "./terraform";
import { realOpenStackProvider } from "./toolchain";

export const SKIP_NOTICE = "terraform not on PATH: skipping offline Terraform tests";
/** Set once the notice is printed, so a run prints it once (workers inherit it from the global setup). */
const NOTICE_SHOWN_ENV = "STACKATO_TF_SKIP_NOTICE_SHOWN";

export type TerraformTestMode = "run" | "skip" | "fail";

export function terraformTestMode(
  env: NodeJS.ProcessEnv = process.env,
  available: () => boolean = terraformAvailable,
): TerraformTestMode {
  if (available()) return "run";
  return env.CI === "true" ? "fail" : "skip";
}

export function printSkipNoticeOnce(): void {
  if (process.env[NOTICE_SHOWN_ENV] === "1") return;
  process.env[NOTICE_SHOWN_ENV] = "1";
  console.log(SKIP_NOTICE);
}

/**
 * `describe` for suites that need Terraform. When no harness is running yet (a jest config without
 * our global setup), the suite starts its own for its duration.
 */
export function describeWithTerraform(name: string, fn: () => void): void {
  describeNeeding(name, fn, terraformTestMode());
}

export const REAL_PROVIDER_SKIP_NOTICE =
  "the real terraform-provider-openstack is not built: skipping its tests (bash toolchain/build.sh builds it)";

/**
 * `describe` for suites that need Terraform and the real OpenStack provider from toolchain/build.sh. Without
 * them the suite skips with one line, and fails with CI=true.
 */
export function describeWithRealProvider(name: string, fn: () => void): void {
  const mode = terraformTestMode(process.env, () => terraformAvailable() && realOpenStackProvider() !== undefined);
  if (mode === "skip") {
    console.log(REAL_PROVIDER_SKIP_NOTICE);
    describe.skip(name, fn);
    return;
  }
  if (mode === "fail") {
    describe(name, () => {
      test("the real provider is built", () => {
        throw new Error(
          "CI=true but the real terraform-provider-openstack is not built: run `bash toolchain/build.sh` before the tests",
        );
      });
    });
    return;
  }
  describeNeeding(name, fn, mode);
}

function describeNeeding(name: string, fn: () => void, mode: TerraformTestMode): void {
  if (mode === "fail") {
    describe(name, () => {
      test("terraform is on PATH", () => {
        throw new Error(
          "CI=true but terraform is not on PATH: the offline Terraform tests cannot run; install terraform in the CI image",
        );
      });
    });
    return;
  }
  if (mode === "skip") {
    printSkipNoticeOnce();
    describe.skip(name, fn);
    return;
  }
  describe(name, () => {
    let own: Harness | undefined;
    beforeAll(async () => {
      if (!harnessRunning()) own = await startHarness({ exportEnv: true });
    }, 60000);
    afterAll(async () => {
      await own?.stop();
    });
    fn();
  });
}
