/**
 * Two jest projects. `npm test` runs "unit" (about 30 s on an idle 2-core machine): constructs, scripts,
 * validation, the review's report, each synthesized stack through `terraform validate`. `npm run test:all`
 * (what CI runs) adds "slow": the suites that pack, install or build the package, run jsii-docgen or the
 * compiled app, or apply and plan stacks through Terraform with the real provider or the fake cloud.
 * A suite belongs to "slow" when it does one of those, or takes more than a few seconds alone.
 */

/** Test files of the "slow" project, relative to __tests__/. */
const SLOW = [
  // packaging and builds: npm pack and install in a fresh app, tsc, jsii-docgen, the compiled app
  "consumer/readme-path.test.ts",
  "consumer/cdktn.test.ts",
  "package.test.ts",
  "stale-build.test.ts",
  "api-reference.test.ts",
  "synth-output.test.ts",
  // Terraform end to end: init, plan, apply and destroy against the real provider or the fake cloud
  "harness/real-provider.test.ts",
  "harness/examples.test.ts",
  "harness/upgrade-day2.test.ts",
  "harness/force-new-plan.test.ts",
  "harness/skip-without-terraform.test.ts",
  "review/state-plan.test.ts",
  // the shipped commands in child processes: `review`/`validate` and scripts/validate-offline.js, each running terraform
  "review/cli.test.ts",
  "harness/validate-script.test.ts",
  "jest-projects.test.ts",
  "construct-move.test.ts",
  "certificate-rotation.test.ts",
  "local-commands.test.ts",
  // mermaid's own parser in jsdom for every diagram of the reports
  "review/report.test.ts",
];

/** Options both projects share. */
const shared = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  transform: {
    // Type checking is `npm run build`'s job (it runs on install); tests only transpile, which keeps them fast.
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
  },
  moduleFileExtensions: ["ts", "js", "json"],
  // Every stack a construct test synthesizes also goes through `terraform validate`.
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/validate-built-stacks.ts"],
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 120000,
  // Both cores of a 2-core machine (jest's default leaves one to its own parent process, which mostly waits).
  maxWorkers: "100%",
  // One offline Terraform harness server for the whole run, whichever projects run (see harness/README.md).
  globalSetup: "<rootDir>/harness/jest-global-setup.ts",
  globalTeardown: "<rootDir>/harness/jest-global-teardown.ts",
  projects: [
    {
      ...shared,
      displayName: "unit",
      testMatch: ["<rootDir>/__tests__/**/*.test.ts"],
      testPathIgnorePatterns: ["/node_modules/", ...SLOW.map((file) => `<rootDir>/__tests__/${file}$`)],
    },
    {
      ...shared,
      displayName: "slow",
      testMatch: SLOW.map((file) => `<rootDir>/__tests__/${file}`),
    },
  ],
};
