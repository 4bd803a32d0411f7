import { Testing } from "cdktf";
import { BAD_INPUT_CASES } from "./support/bad-input-cases";
import { newStack } from "./support/synth";

/** Every message synth reports for the stack, or the warnings when it synthesizes. */
function synthesize(build: (stack: ReturnType<typeof newStack>) => void): { errors: string[]; warnings: string[] } {
  const stack = newStack();
  build(stack);
  // Read after synth: some warnings are added while synth validates the final tree.
  const warnings = () =>
    stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => `[${c.node.path}] ${m.data}`));
  try {
    Testing.synth(stack, true);
    return { errors: [], warnings: warnings() };
  } catch (err) {
    return { errors: String((err as Error).message).split("\n"), warnings: warnings() };
  }
}

const MESSAGE_STYLE = /^\s*\[[^\]]+\] [^\s:]+(?: [^\s:]+)?: .+; .+$/;

function lineWithAll(lines: string[], fragments: string[]): string | undefined {
  return lines.find((line) => fragments.every((f) => line.includes(f)));
}

describe("bad inputs: each is refused with the prop and the fix, or warned about", () => {
  test("the table covers at least 80 bad inputs", () => {
    expect(BAD_INPUT_CASES.length).toBeGreaterThanOrEqual(80);
    expect(new Set(BAD_INPUT_CASES.map((c) => c.name)).size).toBe(BAD_INPUT_CASES.length);
  });

  test.each(BAD_INPUT_CASES.filter((c) => c.error).map((c) => [c.name, c] as const))(
    "refused: %s",
    (_name, badInput) => {
      const { errors } = synthesize(badInput.build);
      // On failure, show what synth said instead.
      const line = lineWithAll(errors, badInput.error!);
      expect({ match: line !== undefined, errors }).toEqual({ match: true, errors });
      // The house style: "[construct path] <prop path>: <what is wrong>; <the fix>".
      expect(line).toMatch(MESSAGE_STYLE);
    },
  );

  test.each(BAD_INPUT_CASES.filter((c) => c.warning).map((c) => [c.name, c] as const))(
    "warned, not refused: %s",
    (_name, badInput) => {
      const { errors, warnings } = synthesize(badInput.build);
      expect(errors).toEqual([]);
      const line = lineWithAll(warnings, badInput.warning!);
      expect({ match: line !== undefined, warnings }).toEqual({ match: true, warnings });
      expect(line).toMatch(MESSAGE_STYLE);
    },
  );
});
