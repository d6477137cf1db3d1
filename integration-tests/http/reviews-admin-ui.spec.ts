/**
 * Browser test of the admin Reviews page: builds the admin once (when the
 * sources changed), runs the built server on a fresh seeded database, logs in
 * at /app with Chromium and approves a pending review.
 */
import fs from "fs"
import path from "path"
import { chromium, type Browser } from "playwright-core"
import { type BuiltServer, ensureAdminBuild, startBuiltServer } from "../helpers/built-server"

jest.setTimeout(30 * 60 * 1000)

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium"
const ARTIFACTS = path.resolve(__dirname, "..", "..", "test-artifacts")
const SCREENSHOT = path.join(ARTIFACTS, "admin-reviews.png")

describe("admin UI: reviews moderation", () => {
  let server: BuiltServer | undefined
  let browser: Browser | undefined

  beforeAll(async () => {
    // Never skip silently: CI installs Chromium, a missing one is a setup error.
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH`
      )
    }
    ensureAdminBuild((m) => process.stdout.write(`[admin-ui] ${m}\n`))
    server = await startBuiltServer()
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
      ],
    })
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  async function adminToken() {
    const res = await fetch(`${server!.baseUrl}/auth/user/emailpass`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: server!.adminEmail, password: server!.adminPassword }),
    })
    expect(res.status).toBe(200)
    return ((await res.json()) as { token: string }).token
  }

  async function reviews(token: string, qs: string) {
    const res = await fetch(`${server!.baseUrl}/admin/reviews?${qs}`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(res.status).toBe(200)
    return (await res.json()) as { reviews: any[]; count: number }
  }

  it("logs in, approves a pending review on the Reviews page and saves a screenshot", async () => {
    const token = await adminToken()
    const pending = await reviews(token, "status=pending&order=created_at")
    expect(pending.count).toBeGreaterThan(0)
    const target = pending.reviews[0]

    const page = await browser!.newPage({ viewport: { width: 1440, height: 900 } })
    try {
      await page.goto(`${server!.baseUrl}/app/login`)
      await page.fill('input[name="email"]', server!.adminEmail)
      await page.fill('input[name="password"]', server!.adminPassword)
      await page.click('button[type="submit"]')
      await page.waitForURL((url) => !url.pathname.endsWith("/login"), { timeout: 60_000 })

      // The sidebar links to the extension page.
      await page.getByRole("link", { name: "Reviews" }).first().click()
      await page.waitForURL(/\/app\/reviews/)
      const row = page.getByTestId(`review-row-${target.id}`)
      await row.waitFor({ timeout: 60_000 })
      await expect(page.getByTestId(`status-${target.id}`).textContent()).resolves.toBe("pending")

      await page.getByTestId(`approve-${target.id}`).click()
      // The queue shows pending reviews: the approved one leaves it.
      await row.waitFor({ state: "detached", timeout: 30_000 })
      await page.getByText("1 review(s) approved").first().waitFor({ timeout: 10_000 })

      const approved = await reviews(token, `status=approved&product_id=${target.product_id}`)
      expect(approved.reviews.map((r) => r.id)).toContain(target.id)
      const left = await reviews(token, "status=pending")
      expect(left.count).toBe(pending.count - 1)

      fs.mkdirSync(ARTIFACTS, { recursive: true })
      await page.screenshot({ path: SCREENSHOT, fullPage: true })
      expect(fs.statSync(SCREENSHOT).size).toBeGreaterThan(10_000)

      // The product page widget shows the summary including the approval.
      const summary = await fetch(
        `${server!.baseUrl}/admin/reviews/summaries?product_id=${target.product_id}`,
        { headers: { authorization: `Bearer ${token}` } }
      ).then((r) => r.json() as Promise<{ summaries: { count: number }[] }>)
      await page.goto(`${server!.baseUrl}/app/products/${target.product_id}`)
      const widget = page.getByTestId("product-review-summary")
      await widget.waitFor({ timeout: 60_000 })
      const count = summary.summaries[0].count
      await expect(widget.textContent()).resolves.toContain(
        `${count} approved review${count === 1 ? "" : "s"}`
      )
      await widget.scrollIntoViewIfNeeded()
      await page.screenshot({ path: path.join(ARTIFACTS, "admin-product-reviews.png") })
    } catch (e) {
      fs.mkdirSync(ARTIFACTS, { recursive: true })
      await page.screenshot({ path: path.join(ARTIFACTS, "admin-reviews-failure.png") })
      throw e
    } finally {
      await page.close()
    }
  })
})
