// A JSON module, so that tsc copies it into the build (`medusa build`, `medusa plugin:build`).
import COMMON_PASSWORDS from "./common-passwords.json"

export const MIN_PASSWORD_LENGTH = 10

let common: Set<string> | undefined

export function commonPasswords(): Set<string> {
  if (!common) {
    common = new Set(COMMON_PASSWORDS.map((l) => l.toLowerCase()))
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
