// A small cache of parsed versions and ranges by their text, because a
// matcher compares one installed version with many records and checks one
// affected range against many versions.

/**
 * A map from input text to a computed value that empties itself when it
 * reaches maxSize entries, to bound memory. Callers must not change a
 * returned value, because later calls return the same object.
 */
export class BoundedCache<Value> {
  readonly #entries = new Map<string, Value>();

  constructor(readonly maxSize: number) {}

  /**
   * Returns the stored value for key, or computes, stores and returns it.
   * An undefined result is stored too. A throw from compute stores nothing.
   */
  get(key: string, compute: (key: string) => Value): Value {
    if (this.#entries.has(key)) return this.#entries.get(key) as Value;

    const value = compute(key);
    if (this.#entries.size >= this.maxSize) this.#entries.clear();
    this.#entries.set(key, value);
    return value;
  }
}
