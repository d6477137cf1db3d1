import { checkReviewContent } from "../content-rules"

const ok = { title: "Great shoes", body: "Comfortable from the first day on." }

describe("checkReviewContent", () => {
  it("accepts plain text and trims it", () => {
    const { value, problems } = checkReviewContent({ title: "  Great shoes ", body: ok.body })
    expect(problems).toEqual([])
    expect(value.title).toBe("Great shoes")
  })

  it("accepts ordinary punctuation, comparisons and non-latin text", () => {
    for (const body of ["Size 3 < size 4, 5 > 4 & so on.", "Sehr bequem, größer als gedacht ☺"]) {
      expect(checkReviewContent({ ...ok, body }).problems).toEqual([])
    }
  })

  it.each([
    ["<script>alert(1)</script> nice", /plain text/],
    ["Looks <img src=x onerror=alert(1)> fine", /plain text/],
    ["Encoded &lt;script&gt; attempt here", /plain text/],
    ["Click javascript:alert(1) to win", /plain text/],
    ["<!-- comment --> hidden text here", /plain text/],
    ["Win at the CASINO tonight, friends", /not allowed/],
    ["Bell\u0007 character inside the text", /control/],
    ["short", /body must be/],
  ])("rejects %j", (body, message) => {
    const { problems } = checkReviewContent({ ...ok, body })
    expect(problems.join("; ")).toMatch(message)
  })

  it("checks title length after trimming", () => {
    expect(checkReviewContent({ ...ok, title: "  ab  " }).problems[0]).toMatch(/title must be/)
    expect(checkReviewContent({ ...ok, title: "x".repeat(121) }).problems[0]).toMatch(/title/)
  })
})
