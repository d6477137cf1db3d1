import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

export const anyAutomaticPromotionStepId = "lean-any-automatic-promotion"

/**
 * Whether any automatic promotion exists, in any status. Medusa's promotion computation
 * considers the active ones among them; this is the cheaper, wider question a lean path asks
 * before deciding it may skip that computation (none at all: nothing can apply).
 */
export const anyAutomaticPromotionStep = createStep(
  anyAutomaticPromotionStepId,
  async (_, { container }) => {
    const [found] = await container
      .resolve(Modules.PROMOTION)
      .listPromotions({ is_automatic: true }, { select: ["id"], take: 1 })
    return new StepResponse(Boolean(found))
  }
)
