/// <reference types="jest" />
/**
 * Runs after every test file (jest setupFilesAfterEnv): every stack that file synthesized through
 * `synthStack` or `recordStack` goes through real `terraform validate` against the offline harness.
 * A construct test can then never pass on JSON that Terraform would reject.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { validateStackDir } from "cdktf-stackato-openstack-harness";
import { printSkipNoticeOnce, terraformTestMode } from "cdktf-stackato-openstack-harness/jest";
import { takeRecordedStacks } from "./synth";

afterAll(async () => {
  const stacks = takeRecordedStacks();
  if (stacks.length === 0) return;
  const mode = terraformTestMode();
  if (mode === "skip") return printSkipNoticeOnce();
  if (mode === "fail")
    throw new Error("CI=true but terraform is not on PATH: the synthesized stacks cannot be validated");

  const unique = new Map<string, string>();
  for (const json of stacks) unique.set(createHash("sha256").update(json).digest("hex"), json);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "stackato-validate-"));
  const failures: string[] = [];
  try {
    for (const [hash, json] of unique) {
      const dir = path.join(root, hash.slice(0, 12));
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, "cdk.tf.json"), json);
      const result = await validateStackDir(dir);
      if (!result.ok) failures.push(`${dir}:\n  ${result.diagnostics.join("\n  ")}`);
    }
  } finally {
    if (failures.length === 0) fs.rmSync(root, { recursive: true, force: true });
  }
  if (failures.length > 0) {
    throw new Error(
      `terraform validate rejected ${failures.length} of ${unique.size} stacks this file built (kept for inspection):\n${failures.join("\n")}`,
    );
  }
}, 300000);
