import { moderate } from "../../moderate"

export const POST = moderate("rejected")
