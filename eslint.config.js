const js = require("@eslint/js")
const tseslint = require("typescript-eslint")
const importX = require("eslint-plugin-import-x")

// Code that runs in production (the server, its scripts and tools) may import only
// "dependencies"; tests, benchmarks and build/test config may also use "devDependencies".
// src/admin is bundled into static files at build time (Medusa's server build skips it).
const DEV_ONLY = [
  "integration-tests/**",
  "src/admin/**",
  "**/__tests__/**",
  "bench/**",
  "jest.config.js",
  "eslint.config.js",
]

module.exports = tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "**/.medusa/**",
      ".data/**",
      "coverage/**",
      "test-artifacts/**",
      "docs/**",
      "bench/results/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: "readonly",
        require: "readonly",
        module: "writable",
        __dirname: "readonly",
        console: "readonly",
        fetch: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        Buffer: "readonly",
        URL: "readonly",
        AbortController: "readonly",
        structuredClone: "readonly",
        window: "readonly",
        document: "readonly",
      },
    },
    plugins: { "import-x": importX },
    rules: {
      "import-x/no-extraneous-dependencies": [
        "error",
        { devDependencies: DEV_ONLY, packageDir: __dirname, includeTypes: false },
      ],
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
    },
  }
)
