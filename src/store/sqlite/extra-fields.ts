// Keeps the fields of a stored object that have no column of their own, in
// an `extra` JSON column, so that optional fields added to a type later
// survive a round trip through a store whose schema predates them.

/** Returns the own fields of `value` not named in `columns` as a JSON object, or null when there are none. */
export function extraFieldsJson(value: object, columns: ReadonlySet<string>): string | null {
  const extra: Record<string, unknown> = {};
  let count = 0;
  for (const [key, field] of Object.entries(value)) {
    if (columns.has(key) || field === undefined) continue;
    extra[key] = field;
    count++;
  }
  return count === 0 ? null : JSON.stringify(extra);
}

/** Parses an `extra` column written by extraFieldsJson. */
export function parseExtraFields(json: string | null): Record<string, unknown> {
  return json === null ? {} : (JSON.parse(json) as Record<string, unknown>);
}
