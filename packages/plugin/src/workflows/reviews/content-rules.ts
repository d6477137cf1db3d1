/**
 * Content rules every review passes before it is stored. Pure functions so the
 * workflow step and unit tests share one definition.
 */
export const REVIEW_LIMITS = {
  titleMin: 3,
  titleMax: 120,
  bodyMin: 10,
  bodyMax: 5000,
} as const

// Small on purpose: a moderation queue, not a filter, is the main defence.
export const BANNED_WORDS = ["viagra", "cialis", "casino", "crypto giveaway", "free money"]

// Markup or script in any form: tags, comments, entities of "<", script URLs, inline handlers.
const MARKUP = [/<[a-z!/?]/i, /&(lt|#0*60|#x0*3c);/i, /javascript\s*:/i, /\bon[a-z]+\s*=/i]
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/

export type ReviewContent = { title: string; body: string }

/** Returns the normalized content and a list of problems (empty when valid). */
export function checkReviewContent(input: ReviewContent): {
  value: ReviewContent
  problems: string[]
} {
  const value = { title: input.title.trim(), body: input.body.trim() }
  const problems: string[] = []
  const { titleMin, titleMax, bodyMin, bodyMax } = REVIEW_LIMITS
  if (value.title.length < titleMin || value.title.length > titleMax) {
    problems.push(`title must be ${titleMin}-${titleMax} characters`)
  }
  if (value.body.length < bodyMin || value.body.length > bodyMax) {
    problems.push(`body must be ${bodyMin}-${bodyMax} characters`)
  }
  for (const [field, text] of Object.entries(value)) {
    if (MARKUP.some((re) => re.test(text))) {
      problems.push(`${field} must be plain text (no HTML or script)`)
    }
    if (CONTROL_CHARS.test(text)) problems.push(`${field} contains control characters`)
    const lower = text.toLowerCase()
    const banned = BANNED_WORDS.find((w) => new RegExp(`\\b${w}\\b`).test(lower))
    if (banned) problems.push(`${field} contains a word that is not allowed`)
  }
  return { value, problems }
}
