import type { LoaderOptions } from "@medusajs/framework/types"
import { parsePluginOptions, setPluginOptions } from "./plugin-options"

/**
 * Medusa hands a plugin's options to each of its modules. Every module of ours runs this
 * loader, so bad options stop the start with a clear error whichever module loads first.
 */
export default async function pluginOptionsLoader({ options }: LoaderOptions): Promise<void> {
  setPluginOptions(parsePluginOptions(stripModuleKeys(options)))
}

// Keys Medusa's module loader adds to a module's options (the database connection for
// modules with models; providers for provider modules).
const MEDUSA_MODULE_KEYS = new Set(["database", "providers"])

function stripModuleKeys(options: LoaderOptions["options"]): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(options ?? {}).filter(([key]) => !MEDUSA_MODULE_KEYS.has(key))
  )
}
