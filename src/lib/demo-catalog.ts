/**
 * The deterministic demo catalog: the same products, SKUs, prices and stock on
 * every machine, with no network access (no image URLs).
 */
export type DemoVariant = {
  title: string
  sku: string
  options: Record<string, string>
  eur: number
  usd: number
  stock: number
}

export type DemoProduct = {
  title: string
  handle: string
  subtitle: string
  description: string
  category: string
  collection: string
  material: string
  weight: number
  options: { title: string; values: string[] }[]
  variants: DemoVariant[]
}

export const DEMO_CATEGORIES = [
  { name: "Clothing", handle: "clothing" },
  { name: "Shirts", handle: "shirts", parent: "clothing" },
  { name: "Sweatshirts", handle: "sweatshirts", parent: "clothing" },
  { name: "Pants", handle: "pants", parent: "clothing" },
  { name: "Shoes", handle: "shoes" },
  { name: "Accessories", handle: "accessories" },
  { name: "Home", handle: "home" },
]

export const DEMO_COLLECTIONS = [
  { title: "Essentials", handle: "essentials" },
  { title: "Outdoor", handle: "outdoor" },
  { title: "Limited Edition", handle: "limited-edition" },
]

type Family = {
  category: string
  noun: string
  material: string
  sizes: string[]
  colours: string[]
  base: number
  weight: number
}

const FAMILIES: Family[] = [
  {
    category: "shirts",
    noun: "T-Shirt",
    material: "Organic cotton",
    sizes: ["S", "M", "L", "XL"],
    colours: ["Black", "White"],
    base: 25,
    weight: 200,
  },
  {
    category: "sweatshirts",
    noun: "Sweatshirt",
    material: "Brushed fleece",
    sizes: ["S", "M", "L"],
    colours: ["Grey", "Navy"],
    base: 55,
    weight: 450,
  },
  {
    category: "pants",
    noun: "Chinos",
    material: "Cotton twill",
    sizes: ["30", "32", "34"],
    colours: ["Khaki", "Olive"],
    base: 65,
    weight: 500,
  },
  {
    category: "shoes",
    noun: "Sneakers",
    material: "Canvas",
    sizes: ["40", "42", "44"],
    colours: ["White", "Black"],
    base: 80,
    weight: 800,
  },
  {
    category: "accessories",
    noun: "Cap",
    material: "Recycled polyester",
    sizes: ["One size"],
    colours: ["Black", "Red", "Blue"],
    base: 20,
    weight: 100,
  },
  {
    category: "home",
    noun: "Mug",
    material: "Stoneware",
    sizes: ["350 ml", "500 ml"],
    colours: ["Sand", "Slate"],
    base: 15,
    weight: 350,
  },
]

const ADJECTIVES = [
  "Classic",
  "Urban",
  "Coastal",
  "Alpine",
  "Nordic",
  "Vintage",
  "Summit",
  "Harbor",
]

const COLLECTION_CYCLE = ["essentials", "outdoor", "limited-edition"]

function slug(s: string) {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/(^-|-$)/g, "")
}

/** 48 demo products (8 per family); `extra` generated products for benchmarks. */
export function buildCatalog(extra = 0): DemoProduct[] {
  const products: DemoProduct[] = []
  let n = 0
  const total = ADJECTIVES.length * FAMILIES.length + extra
  while (products.length < total) {
    const family = FAMILIES[n % FAMILIES.length]
    const round = Math.floor(n / FAMILIES.length)
    const adjective = ADJECTIVES[round % ADJECTIVES.length]
    const edition = round >= ADJECTIVES.length ? ` ${round + 1}` : ""
    const title = `${adjective} ${family.noun}${edition}`
    const handle = slug(title)
    const skuBase = handle.toUpperCase()
    const price = family.base + (round % 4) * 5
    const variants: DemoVariant[] = []
    family.sizes.forEach((size, si) =>
      family.colours.forEach((colour, ci) => {
        const index = si * family.colours.length + ci
        // A few deliberately scarce variants: every 7th product has its first
        // variant sold out and its second down to two units.
        let stock = 50 + ((n * 7 + index * 3) % 50)
        if (n % 7 === 3 && index === 0) stock = 0
        if (n % 7 === 3 && index === 1) stock = 2
        variants.push({
          title: `${size} / ${colour}`,
          sku: `${skuBase}-${slug(size).toUpperCase()}-${slug(colour).toUpperCase()}`,
          options: { Size: size, Colour: colour },
          eur: price,
          usd: price + 5,
          stock,
        })
      })
    )
    products.push({
      title,
      handle,
      subtitle: `${family.material} ${family.noun.toLowerCase()}`,
      description: `The ${title} is made of ${family.material.toLowerCase()} and built to last.`,
      category: family.category,
      collection: COLLECTION_CYCLE[n % COLLECTION_CYCLE.length],
      material: family.material,
      weight: family.weight,
      options: [
        { title: "Size", values: family.sizes },
        { title: "Colour", values: family.colours },
      ],
      variants,
    })
    n++
  }
  return products
}
