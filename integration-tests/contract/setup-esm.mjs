// The integration runner creates its `api` from axios loaded with a dynamic `import()`,
// which under jest's VM modules is axios' ESM build (a different object from the
// CommonJS one setup.ts patches). This ESM setup file imports that same build so
// setup.ts can wrap its `create` too.
import axios from "axios"

if (process.env.CONTRACT_CHECKS !== "off") {
  if (typeof globalThis.__contractPatchAxios !== "function") {
    throw new Error("integration-tests/contract/setup.ts must run before setup-esm.mjs")
  }
  globalThis.__contractPatchAxios(axios)
}
