/**
 * A bounded Map that forgets the least recently used key. Parsing a User-Agent costs ~50 µs and
 * a shop sees a few hundred distinct ones per hour, so a small cache removes nearly all of it.
 */
export class LruMap<K, V> {
  readonly #map = new Map<K, V>();

  constructor(readonly maxSize: number) {
    if (!Number.isInteger(maxSize) || maxSize < 1) {
      throw new RangeError(`LruMap maxSize must be a positive integer, got ${maxSize}`);
    }
  }

  get size(): number {
    return this.#map.size;
  }

  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value !== undefined) {
      // Re-insert so Map's insertion order doubles as recency order.
      this.#map.delete(key);
      this.#map.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.maxSize) {
      const oldest = this.#map.keys().next();
      if (!oldest.done) this.#map.delete(oldest.value);
    }
  }
}
