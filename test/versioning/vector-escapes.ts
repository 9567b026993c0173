// Decodes the escapes of the package-ecosystem vector tables: inside a field,
// `\t`, `\n` and `\\` stand for tab, newline and backslash. Nothing else is
// escaped, and no field is trimmed.

/** Returns the field with its `\t`, `\n` and `\\` escapes decoded. */
export function unescapeField(field: string): string {
  return field.replace(/\\([tn\\])/g, (_match, code: string) => {
    if (code === 't') return '\t';
    if (code === 'n') return '\n';
    return '\\';
  });
}
