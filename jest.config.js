const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

module.exports = {
  transform: {
    "^.+\\.[jt]sx?$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript", decorators: true } } },
    ],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "json"],
  modulePathIgnorePatterns: ["dist/", "<rootDir>/.medusa/", "<rootDir>/.data/"],
  setupFiles: ["./integration-tests/setup.js"],
  // Contract checks: documented responses are validated against the OpenAPI document.
  setupFilesAfterEnv: [
    "./integration-tests/contract/setup.ts",
    "./integration-tests/contract/setup-esm.mjs",
  ],
  testMatch: [
    "**/src/**/__tests__/**/*.unit.spec.[jt]s",
    "**/src/modules/*/__tests__/**/*.spec.[jt]s",
    "**/integration-tests/unit/**/*.spec.[jt]s",
    "**/integration-tests/http/**/*.spec.[jt]s",
    "**/integration-tests/contract/**/*.spec.[jt]s",
    "**/integration-tests/plugin/**/*.spec.[jt]s",
  ],
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/.medusa/"],
  reporters: ["default", "<rootDir>/integration-tests/reporters/skipped.js"],
  // Each Medusa boot leaves heap behind in its worker (module registries, MikroORM
  // metadata); over 70 files one worker reached V8's 4 GB limit and died. Jest
  // replaces a worker whose heap exceeds this after a file ends.
  workerIdleMemoryLimit: "1536MB",
  // Heap per file in the log shows which suite grows it.
  logHeapUsage: true,
}

// `npm run test:topology` runs the multi-process topology suite on its own.
if (process.env.TEST_SUITE === "topology") {
  module.exports.testMatch = ["**/integration-tests/topology/**/*.spec.[jt]s"]
}
