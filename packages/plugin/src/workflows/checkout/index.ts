export * from "./lean-add-to-cart"
export * from "./lean-create-cart"
export * from "./steps/any-automatic-promotion"
