import { SCRIPTS } from "./support/script-registry";

/**
 * The Stackato VM runs bash 4.2 (Ubuntu 12.04). Constructs that arrived later, with the release that
 * brought them (bash's NEWS file): a script using one fails there, while this machine's bash 5 accepts it.
 */
const NEWER_THAN_4_2: Array<[RegExp, string]> = [
  [/\b(declare|local|typeset)\s+-[a-zA-Z]*n\b/, "namerefs (declare -n), bash 4.3"],
  [/\bwait\s+-n\b/, "wait -n, bash 4.3"],
  [/\$\{[A-Za-z_][A-Za-z0-9_]*\[-[0-9]+\]\}/, "negative array subscripts, bash 4.3"],
  [/\$\{[^}]*@[QEPAKaULuk]\}/, "${var@op} transformations, bash 4.4"],
  [/\b(mapfile|readarray)\s+[^|;\n]*-d\b/, "mapfile -d, bash 4.4"],
  [/\blocal\s+-\s*$/m, "local -, bash 4.4"],
  [/inherit_errexit/, "shopt inherit_errexit, bash 4.4"],
  [/\$EPOCHSECONDS|\$EPOCHREALTIME|BASH_ARGV0/, "EPOCHSECONDS/EPOCHREALTIME/BASH_ARGV0, bash 5.0"],
];

/** Tool options the VM's older tools lack (coreutils 8.13, util-linux 2.20.1). */
const NEWER_TOOL_FLAGS: Array<[RegExp, string]> = [
  [
    /\bdd\b[^\n]*\b(iflag|oflag)=[^\s]*(skip_bytes|count_bytes|seek_bytes)/,
    "dd skip_bytes/count_bytes, coreutils 8.16",
  ],
  [/\bfindmnt\b[^\n]*--(real|pseudo|shadowed)/, "findmnt filters newer than util-linux 2.20"],
  [/\blsblk\b[^\n]*--json/, "lsblk --json, util-linux 2.27"],
  [/\bmkfs\.ext4\b[^\n]*-E\s*nodiscard/, "not needed, and -E options vary by e2fsprogs release"],
];

describe("every provisioning script runs on the VM's bash 4.2 and tools", () => {
  test.each(SCRIPTS.map((s) => [s.label, s.script.render()]))("%s uses nothing newer", (_name, text) => {
    const found = [...NEWER_THAN_4_2, ...NEWER_TOOL_FLAGS]
      .filter(([pattern]) => pattern.test(text))
      .map(([, what]) => what);
    expect(found).toEqual([]);
  });

  test("the check finds what it looks for", () => {
    const probes = [
      "declare -n ref=x",
      "wait -n",
      'echo "${a[-1]}"',
      'echo "${v@Q}"',
      "mapfile -d '' -t a < f",
      "echo $EPOCHSECONDS",
      "dd if=x iflag=skip_bytes skip=3",
    ];
    for (const probe of probes)
      expect([probe, [...NEWER_THAN_4_2, ...NEWER_TOOL_FLAGS].some(([pattern]) => pattern.test(probe))]).toEqual([
        probe,
        true,
      ]);
  });
});
