import { Testing } from "cdktf";
import { ClusterStack, clusterSettingsFromEnv } from "../examples";
import * as prelude from "../lib/provisioning/scripts/prelude";

/** Every null_resource's triggers in the example cluster, by logical id. */
function exampleTriggers(): Record<string, Record<string, string>> {
  const stack = new ClusterStack(Testing.app(), "cluster", clusterSettingsFromEnv({}));
  const json = JSON.parse(Testing.synth(stack));
  return Object.fromEntries(Object.entries<any>(json.resource.null_resource).map(([id, r]) => [id, r.triggers]));
}

/** Runs `body` with the prelude text and version replaced, then restores them. */
function withPrelude<T>(text: string, version: number, body: () => T): T {
  const original = { text: prelude.PRELUDE, version: prelude.PRELUDE_VERSION };
  const writable = prelude as { PRELUDE: string; PRELUDE_VERSION: number };
  writable.PRELUDE = text;
  writable.PRELUDE_VERSION = version;
  try {
    return body();
  } finally {
    writable.PRELUDE = original.text;
    writable.PRELUDE_VERSION = original.version;
  }
}

describe("provisioning triggers", () => {
  const before = exampleTriggers();
  const scriptHashes = (triggers: Record<string, Record<string, string>>) =>
    Object.entries(triggers).flatMap(([id, t]) => (t.script_sha256 ? [[id, t.script_sha256]] : []));

  test("the example cluster has script triggers to compare", () => {
    expect(scriptHashes(before).length).toBeGreaterThan(10);
  });

  test("rewording the shared prelude keeps every trigger", () => {
    const reworded = prelude.PRELUDE.replace(
      "# Markers record finished one-shot steps",
      "# Markers (one file per finished step) record one-shot steps",
    );
    expect(reworded).not.toBe(prelude.PRELUDE);
    const after = withPrelude(reworded, prelude.PRELUDE_VERSION, exampleTriggers);
    expect(after).toEqual(before);
  });

  test("a new prelude version re-runs every step once", () => {
    const after = withPrelude(prelude.PRELUDE, prelude.PRELUDE_VERSION + 1, exampleTriggers);
    const changed = scriptHashes(after).filter(([id, hash]) => before[id].script_sha256 !== hash);
    expect(changed).toHaveLength(scriptHashes(before).length);
  });
});
