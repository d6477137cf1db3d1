import fs from "fs"
import path from "path"

export const MIN_PASSWORD_LENGTH = 10
const LIST_FILE = "common-passwords.txt"

let common: Set<string> | undefined

// The built server (.medusa/server) does not carry non-TS files, so look next
// to this module first and then walk up to the project's src/lib/security.
function findList(): string {
  const candidates = [path.join(__dirname, LIST_FILE)]
  let dir = __dirname
  for (let i = 0; i < 6; i++) {
    candidates.push(path.join(dir, "src", "lib", "security", LIST_FILE))
    dir = path.dirname(dir)
  }
  candidates.push(path.join(process.cwd(), "src", "lib", "security", LIST_FILE))
  const found = candidates.find((p) => fs.existsSync(p))
  if (!found) throw new Error(`${LIST_FILE} not found (looked in ${candidates.join(", ")})`)
  return found
}

export function commonPasswords(): Set<string> {
  if (!common) {
    const lines = fs.readFileSync(findList(), "utf8").split(/\r?\n/)
    common = new Set(lines.map((l) => l.trim().toLowerCase()).filter(Boolean))
  }
  return common
}

/** Returns why a password is not acceptable, or null when it is. */
export function passwordProblem(password: unknown, email?: unknown): string | null {
  if (typeof password !== "string") return "Password is required"
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `Password must be at least ${MIN_PASSWORD_LENGTH} characters long`
  }
  const lowered = password.trim().toLowerCase()
  if (commonPasswords().has(lowered)) {
    return "Password is too common: choose one that is not on lists of frequently used passwords"
  }
  if (typeof email === "string" && email) {
    const mail = email.trim().toLowerCase()
    const local = mail.split("@")[0]
    if (lowered === mail || lowered === local) {
      return "Password must not be your e-mail address"
    }
  }
  return null
}
