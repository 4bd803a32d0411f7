/**
 * The tests of the repository's three packages: the library's in __tests__/ (with the suites that run the
 * library's stacks through the harness and the review CLI), the harness's and the review's own in
 * packages/harness/__tests__ and packages/review/__tests__.
 *
 * Two jest projects. `npm test` runs "unit" (about 30 s on an idle 2-core machine): constructs, scripts,
 * validation, the review's report, each synthesized stack through `terraform validate`. `npm run test:all`
 * (what CI runs) adds "slow": the suites that pack, install or build the package, run jsii-docgen or the
 * compiled app, or apply and plan stacks through Terraform with the real provider or the fake cloud.
 * A suite belongs to "slow" when it does one of those, or takes more than a few seconds alone.
 */

/** Test files of the "slow" project, relative to the repository root. */
const SLOW = [
  // packaging and builds: npm pack and install in a fresh app, tsc, jsii-docgen, the compiled app
  "__tests__/consumer/readme-path.test.ts",
  "__tests__/consumer/cdktn.test.ts",
  "__tests__/package.test.ts",
  "__tests__/stale-build.test.ts",
  "__tests__/api-reference.test.ts",
  "__tests__/synth-output.test.ts",
  // Terraform end to end: init, plan, apply and destroy against the real provider or the fake cloud
  "__tests__/harness/real-provider.test.ts",
  "__tests__/harness/examples.test.ts",
  "__tests__/harness/upgrade-day2.test.ts",
  "__tests__/harness/force-new-plan.test.ts",
  "__tests__/harness/skip-without-terraform.test.ts",
  "__tests__/review/state-plan.test.ts",
  // the shipped commands in child processes: `review`/`validate` and scripts/validate-offline.js, each running terraform
  "__tests__/review/cli.test.ts",
  "__tests__/harness/validate-script.test.ts",
  "__tests__/jest-projects.test.ts",
  "__tests__/construct-move.test.ts",
  "__tests__/certificate-rotation.test.ts",
  "__tests__/local-commands.test.ts",
  // mermaid's own parser in jsdom for every diagram of the reports
  "__tests__/review/report.test.ts",
];

/** Options both projects share. */
const shared = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__", "<rootDir>/packages/harness/__tests__", "<rootDir>/packages/review/__tests__"],
  transform: {
    // Type checking is `npm run build`'s job (it runs on install); tests only transpile, which keeps them fast.
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
  },
  moduleFileExtensions: ["ts", "js", "json"],
  // The workspace packages by name, from their sources (as tsconfig.json's paths): tests never run a stale build.
  moduleNameMapper: {
    "^cdktf-stackato-openstack-harness$": "<rootDir>/packages/harness/index.ts",
    "^cdktf-stackato-openstack-harness/(.*)$": "<rootDir>/packages/harness/$1",
    "^cdktf-stackato-openstack-review$": "<rootDir>/packages/review/cli.ts",
    "^cdktf-stackato-openstack-review/(.*)$": "<rootDir>/packages/review/$1",
  },
  // Every stack a construct test synthesizes also goes through `terraform validate`.
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/validate-built-stacks.ts"],
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 120000,
  // Both cores of a 2-core machine (jest's default leaves one to its own parent process, which mostly waits).
  maxWorkers: "100%",
  // One offline Terraform harness server for the whole run, whichever projects run (see packages/harness/README.md).
  globalSetup: "<rootDir>/packages/harness/jest-global-setup.ts",
  globalTeardown: "<rootDir>/packages/harness/jest-global-teardown.ts",
  projects: [
    {
      ...shared,
      displayName: "unit",
      testMatch: ["<rootDir>/**/__tests__/**/*.test.ts"],
      testPathIgnorePatterns: ["/node_modules/", ...SLOW.map((file) => `<rootDir>/${file}$`)],
    },
    {
      ...shared,
      displayName: "slow",
      testMatch: SLOW.map((file) => `<rootDir>/${file}`),
    },
  ],
};
