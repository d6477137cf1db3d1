/**
 * A least-recently-used map bounded by the total byte size of its values.
 * Map iteration order is insertion order, so re-inserting on read keeps the
 * oldest entry first and eviction is O(1).
 */
export class ByteLru<V extends { size: number }> {
  private map = new Map<string, V>()
  private bytes = 0

  constructor(private readonly budget: number) {}

  get(key: string): V | undefined {
    const value = this.map.get(key)
    if (value === undefined) return undefined
    this.map.delete(key)
    this.map.set(key, value)
    return value
  }

  set(key: string, value: V): void {
    // One entry larger than a quarter of the budget would evict too much.
    if (value.size > this.budget / 4) return
    const old = this.map.get(key)
    if (old) {
      this.bytes -= old.size
      this.map.delete(key)
    }
    this.map.set(key, value)
    this.bytes += value.size
    while (this.bytes > this.budget) {
      const oldest = this.map.keys().next()
      if (oldest.done) break
      this.bytes -= this.map.get(oldest.value)!.size
      this.map.delete(oldest.value)
    }
  }

  clear(): void {
    this.map.clear()
    this.bytes = 0
  }

  get size(): number {
    return this.map.size
  }

  get byteSize(): number {
    return this.bytes
  }
}
