import dns from "node:dns"
import net from "node:net"
import type { WebhookConfig } from "./config"

/**
 * The SSRF guard for webhook targets. In production (or with WEBHOOKS_SSRF_GUARD=on) a target
 * may not resolve to a loopback, private, link-local, shared, multicast or cloud-metadata
 * address unless WEBHOOKS_ALLOWED_TARGETS names its host or address; `https` is required
 * unless the host is allowlisted. The check runs when an endpoint is saved and again inside
 * the HTTP client's `lookup`, on the address actually connected to (DNS rebinding).
 */
const BLOCKED = new net.BlockList()
for (const [net4, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT; also Alibaba's metadata 100.100.100.200
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local: AWS/GCP/Azure metadata 169.254.169.254
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  BLOCKED.addSubnet(net4, prefix, "ipv4")
}
for (const [net6, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7], // unique local, incl. AWS's IPv6 metadata fd00:ec2::254
  ["fe80::", 10],
  ["ff00::", 8],
  ["2001:db8::", 32],
] as const) {
  BLOCKED.addSubnet(net6, prefix, "ipv6")
}

/** IPv4 embedded in IPv6 (::ffff:a.b.c.d, 64:ff9b::a.b.c.d): checked as the IPv4 address. */
function embeddedIPv4(address: string): string | null {
  const lower = address.toLowerCase()
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower)
  if (dotted) return dotted[1]
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower)
  if (hex) {
    const hi = parseInt(hex[1], 16)
    const lo = parseInt(hex[2], 16)
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".")
  }
  return null
}

export function isBlockedAddress(address: string): boolean {
  const v4 = embeddedIPv4(address)
  if (v4) return BLOCKED.check(v4, "ipv4")
  const family = net.isIP(address)
  if (family === 4) return BLOCKED.check(address, "ipv4")
  if (family === 6) return BLOCKED.check(address, "ipv6")
  return true
}

export function guardEnabled(config: WebhookConfig, env = process.env): boolean {
  const flag = env.WEBHOOKS_SSRF_GUARD
  if (flag === "on") return true
  if (flag === "off") return config.production ? true : false
  return config.production
}

function stripBrackets(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host
}

/** Whether the allowlist names this host name or address (exact, or an address in a CIDR). */
export function allowlisted(hostOrAddress: string, config: WebhookConfig): boolean {
  const value = stripBrackets(hostOrAddress.toLowerCase())
  for (const entry of config.allowedTargets) {
    if (entry === value) return true
    const [base, bits] = entry.split("/")
    const family = net.isIP(value)
    if (bits && family && net.isIP(base) === family) {
      const list = new net.BlockList()
      list.addSubnet(base, Number(bits), family === 4 ? "ipv4" : "ipv6")
      if (list.check(value, family === 4 ? "ipv4" : "ipv6")) return true
    }
  }
  return false
}

export class WebhookTargetError extends Error {}

/** Checks one resolved address of `host`; throws WebhookTargetError when refused. */
export function assertAddressAllowed(host: string, address: string, config: WebhookConfig): void {
  if (!isBlockedAddress(address)) return
  if (allowlisted(host, config) || allowlisted(address, config)) return
  throw new WebhookTargetError(
    `Webhook target ${host} resolves to ${address}, a private, loopback, link-local or metadata address (allow it with WEBHOOKS_ALLOWED_TARGETS)`
  )
}

type LookupFn = (hostname: string, options: dns.LookupAllOptions) => Promise<dns.LookupAddress[]>

const systemLookup: LookupFn = (hostname, options) => dns.promises.lookup(hostname, options)

/** URL rules: http(s) only, no credentials, https in production unless allowlisted. */
export function assertUrlShape(raw: string, config: WebhookConfig, env = process.env): URL {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new WebhookTargetError(`"${raw.slice(0, 200)}" is not a valid URL`)
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new WebhookTargetError("A webhook URL must use https (or http outside production)")
  }
  if (url.username || url.password) {
    throw new WebhookTargetError("A webhook URL may not contain credentials; use a custom header")
  }
  if (url.protocol === "http:" && guardEnabled(config, env) && config.production) {
    if (!allowlisted(url.hostname, config)) {
      throw new WebhookTargetError("A webhook URL must use https in production")
    }
  }
  return url
}

/** The whole check when an endpoint is saved: URL shape, then every address the host resolves to. */
export async function assertTargetAllowed(
  raw: string,
  config: WebhookConfig,
  lookup: LookupFn = systemLookup,
  env = process.env
): Promise<void> {
  const url = assertUrlShape(raw, config, env)
  if (!guardEnabled(config, env)) return
  const host = stripBrackets(url.hostname)
  if (net.isIP(host)) return assertAddressAllowed(host, host, config)
  let addresses: dns.LookupAddress[]
  try {
    addresses = await lookup(host, { all: true })
  } catch {
    throw new WebhookTargetError(`Webhook target host ${host} does not resolve`)
  }
  for (const { address } of addresses) assertAddressAllowed(host, address, config)
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number
) => void

/**
 * A `lookup` for http.request that refuses blocked addresses at connect time, so a host that
 * resolved to a public address when saved cannot be re-pointed at 127.0.0.1 later.
 */
export function guardedLookup(
  config: WebhookConfig,
  resolve: LookupFn = systemLookup,
  env = process.env
) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    resolve(hostname, { ...options, all: true })
      .then((addresses) => {
        if (guardEnabled(config, env)) {
          for (const { address } of addresses) assertAddressAllowed(hostname, address, config)
        }
        if (!addresses.length) throw new WebhookTargetError(`${hostname} does not resolve`)
        if (options.all) callback(null, addresses)
        else callback(null, addresses[0].address, addresses[0].family)
      })
      .catch((err: NodeJS.ErrnoException) => callback(err, ""))
  }
}
