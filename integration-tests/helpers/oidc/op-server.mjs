// A real OpenID Provider (the `oidc-provider` package) for the SSO suite, in its own
// process because the package is ESM-only. Reads its setup as JSON from argv[2]:
// { port, clients: [...], accounts: { <login>: { email, email_verified, given_name, family_name } } }
// and prints "READY <issuer>" once it listens on 127.0.0.1. Keys are made fresh per start.
import { generateKeyPairSync, randomBytes } from "node:crypto"
import Provider from "oidc-provider"

const setup = JSON.parse(process.argv[2])
const issuer = `http://127.0.0.1:${setup.port}`
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 })
const jwk = { ...privateKey.export({ format: "jwk" }), kid: "op-key", use: "sig", alg: "RS256" }

const provider = new Provider(issuer, {
  clients: setup.clients,
  jwks: { keys: [jwk] },
  cookies: { keys: [randomBytes(32).toString("hex")] },
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name", "given_name", "family_name"],
  },
  // The ID token carries the profile claims (auth-oidc reads only the ID token).
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => true },
  async findAccount(_ctx, id) {
    const account = setup.accounts[id]
    if (!account) return undefined
    return {
      accountId: id,
      async claims() {
        return { sub: id, ...account }
      },
    }
  },
})
// The test's user agent talks plain http on loopback.
provider.proxy = true
provider.on("server_error", (_ctx, err) => process.stderr.write(`op server_error: ${err.stack}\n`))

provider.listen(setup.port, "127.0.0.1", () => {
  process.stdout.write(`READY ${issuer}\n`)
})
