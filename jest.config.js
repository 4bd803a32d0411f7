/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: {
    // Type checking is `npm run build`'s job (it runs on install); tests only transpile, which keeps them fast.
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
  },
  moduleFileExtensions: ["ts", "js", "json"],
  testTimeout: 120000,
  // One offline Terraform harness server for the whole run (see harness/README.md).
  globalSetup: "<rootDir>/harness/jest-global-setup.ts",
  globalTeardown: "<rootDir>/harness/jest-global-teardown.ts",
  // Every stack a construct test synthesizes also goes through `terraform validate`.
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/validate-built-stacks.ts"],
};
