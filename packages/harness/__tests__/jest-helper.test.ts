/** describeWithTerraform's decision: run, skip with a notice, or fail when CI needs terraform. */
import { SKIP_NOTICE, terraformTestMode } from "..";

describe("terraformTestMode", () => {
  test("runs when terraform is available, whatever CI says", () => {
    expect(terraformTestMode({ CI: "true" }, () => true)).toBe("run");
    expect(terraformTestMode({}, () => true)).toBe("run");
  });

  test("skips without terraform outside CI", () => {
    expect(terraformTestMode({}, () => false)).toBe("skip");
    expect(terraformTestMode({ CI: "false" }, () => false)).toBe("skip");
  });

  test("fails without terraform when CI=true", () => {
    expect(terraformTestMode({ CI: "true" }, () => false)).toBe("fail");
  });

  test("the skip notice says what is missing and what is skipped", () => {
    expect(SKIP_NOTICE).toBe("terraform not on PATH: skipping offline Terraform tests");
  });
});
