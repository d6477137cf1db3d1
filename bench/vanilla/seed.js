// `medusa exec` script run inside the generated vanilla app: the demo store's
// core part (catalog, regions, tax, shipping, stock, publishable key, promotion)
// through Medusa's core workflows, from this project's compiled seed
// (BENCH_DEMO_SEED). Only this one-off seeding process loads that file; the
// vanilla server never does.
module.exports.default = async function seed({ container }) {
  const { seedDemoStore } = require(process.env.BENCH_DEMO_SEED)
  await seedDemoStore(container, { coreOnly: true })
}
