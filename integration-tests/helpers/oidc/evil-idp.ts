import { createSign, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto"
import http from "node:http"
import type { AddressInfo } from "node:net"

/**
 * A hand-rolled identity provider that answers the token request with an ID token broken in
 * one chosen way, to prove auth-oidc (openid-client) rejects each: a real OP never issues
 * these. Discovery, JWKS and an authorization endpoint that redirects straight back with a
 * code (no login) make the rest of the flow ordinary.
 */
export type EvilMode =
  | "honest"
  | "wrong-audience"
  | "wrong-issuer"
  | "expired"
  | "alg-none"
  | "bad-signature"
  | "nonce-mismatch"
  | "token-endpoint-down"

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url")

function sign(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject) {
  const input = `${b64(header)}.${b64(payload)}`
  const signature = createSign("RSA-SHA256").update(input).sign(key).toString("base64url")
  return `${input}.${signature}`
}

export async function startEvilIdp(port: number, clientId: string) {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 })
  const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey
  const issuer = `http://127.0.0.1:${port}`
  const state = { mode: "honest" as EvilMode, tokenRequests: 0 }
  const nonces = new Map<string, string>()
  let subject = "evil-sub-1"

  const idToken = (nonce: string) => {
    const now = Math.floor(Date.now() / 1000)
    const claims: Record<string, unknown> = {
      iss: issuer,
      sub: subject,
      aud: clientId,
      iat: now,
      exp: now + 300,
      nonce,
      email: `${subject}@evil-idp.test`,
      email_verified: true,
      given_name: "Eve",
      family_name: "Idp",
    }
    const header = { alg: "RS256", typ: "JWT", kid: "evil-key" }
    switch (state.mode) {
      case "wrong-audience":
        return sign(header, { ...claims, aud: "someone-else" }, privateKey)
      case "wrong-issuer":
        return sign(header, { ...claims, iss: "http://127.0.0.1:1/elsewhere" }, privateKey)
      case "expired":
        return sign(header, { ...claims, iat: now - 7200, exp: now - 3600 }, privateKey)
      case "alg-none":
        return `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`
      case "bad-signature":
        return sign(header, claims, other)
      case "nonce-mismatch":
        return sign(header, { ...claims, nonce: "not-the-nonce" }, privateKey)
      default:
        return sign(header, claims, privateKey)
    }
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", issuer)
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" })
      res.end(JSON.stringify(body))
    }
    if (url.pathname === "/.well-known/openid-configuration") {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
      })
    }
    if (url.pathname === "/jwks") {
      return json(200, {
        keys: [
          { ...publicKey.export({ format: "jwk" }), kid: "evil-key", use: "sig", alg: "RS256" },
        ],
      })
    }
    if (url.pathname === "/authorize") {
      const code = randomBytes(16).toString("hex")
      nonces.set(code, url.searchParams.get("nonce") ?? "")
      const back = new URL(url.searchParams.get("redirect_uri") ?? "")
      back.searchParams.set("code", code)
      back.searchParams.set("state", url.searchParams.get("state") ?? "")
      res.writeHead(302, { location: back.toString() })
      return res.end()
    }
    if (url.pathname === "/token" && req.method === "POST") {
      let body = ""
      req.on("data", (c: Buffer) => (body += c.toString()))
      req.on("end", () => {
        state.tokenRequests++
        if (state.mode === "token-endpoint-down") {
          // The connection drops, as when the IdP goes away mid-flow.
          return req.socket.destroy()
        }
        const code = new URLSearchParams(body).get("code") ?? ""
        json(200, {
          access_token: randomBytes(16).toString("hex"),
          token_type: "Bearer",
          expires_in: 300,
          id_token: idToken(nonces.get(code) ?? ""),
        })
      })
      return
    }
    json(404, { error: "not_found" })
  })
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve))
  return {
    issuer,
    port: (server.address() as AddressInfo).port,
    state,
    setSubject(sub: string) {
      subject = sub
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
