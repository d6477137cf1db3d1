/**
 * A browser without a screen for the SSO suite: keeps cookies per host, follows redirects,
 * fills and posts the IdP's login and consent forms, and stops when the IdP redirects to a
 * URL under `stopAt` (the storefront's or the admin's callback page), returning that URL.
 */
export class UserAgent {
  private jar = new Map<string, Map<string, string>>()

  private cookieHeader(url: URL): string {
    const cookies = this.jar.get(url.host)
    return cookies ? [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") : ""
  }

  private keep(url: URL, res: Response) {
    const cookies = this.jar.get(url.host) ?? new Map<string, string>()
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";")
      const i = pair.indexOf("=")
      if (i > 0) cookies.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim())
    }
    this.jar.set(url.host, cookies)
  }

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const target = new URL(url)
    const headers: Record<string, string> = { cookie: this.cookieHeader(target) }
    let body: string | undefined
    if (init.form) {
      headers["content-type"] = "application/x-www-form-urlencoded"
      body = new URLSearchParams(init.form).toString()
    }
    const res = await fetch(target, {
      method: init.method ?? "GET",
      headers,
      body,
      redirect: "manual",
    })
    this.keep(target, res)
    return res
  }

  /**
   * Walks from the IdP's authorization URL to the callback. `login` is typed into the login
   * form; every other form (consent) is submitted as it is.
   */
  async signIn(authorizationUrl: string, login: string, stopAt: string[]): Promise<URL> {
    let url = authorizationUrl
    let method = "GET"
    let form: Record<string, string> | undefined
    for (let hop = 0; hop < 20; hop++) {
      if (stopAt.some((prefix) => url.startsWith(prefix))) return new URL(url)
      const res = await this.request(url, { method, form })
      const location = res.headers.get("location")
      if (res.status >= 300 && res.status < 400 && location) {
        url = new URL(location, url).toString()
        method = "GET"
        form = undefined
        continue
      }
      const html = await res.text()
      const next = parseForm(html)
      if (!next) throw new Error(`IdP page without a form (${res.status}): ${html.slice(0, 500)}`)
      url = new URL(next.action, url).toString()
      method = "POST"
      form = next.fields
      if ("login" in form) {
        form.login = login
        form.password = "any-password"
      }
    }
    throw new Error("Too many redirects")
  }
}

function parseForm(html: string): { action: string; fields: Record<string, string> } | undefined {
  const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/i.exec(html)
  if (!form) return undefined
  const fields: Record<string, string> = {}
  for (const input of form[2].matchAll(/<input([^>]*)>/gi)) {
    const name = /name="([^"]+)"/.exec(input[1])?.[1]
    const value = /value="([^"]*)"/.exec(input[1])?.[1] ?? ""
    if (name) fields[name] = value
  }
  return { action: form[1].replace(/&amp;/g, "&"), fields }
}
