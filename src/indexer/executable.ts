// Executable formats recognised by their first bytes, so that scanners of
// binaries can let the layer reader drop every other file before buffering it.

const ELF = 0x7f454c46;
const MACHO_32 = 0xfeedface;
const MACHO_64 = 0xfeedfacf;
/** Fat (universal) Mach-O headers, which are always big-endian. */
const MACHO_FAT = 0xcafebabe;
const MACHO_FAT_64 = 0xcafebabf;

/** True when a file starts with the ELF magic `\x7fELF`. */
export function isElfHead(head: Buffer): boolean {
  return head.length >= 4 && head.readUInt32BE(0) === ELF;
}

/**
 * True when a file starts like an ELF, PE (the `MZ` of its DOS stub) or
 * Mach-O executable, thin in either byte order or fat. Java class files
 * share the fat magic `0xcafebabe`, so they pass too.
 */
export function isExecutableHead(head: Buffer): boolean {
  if (head.length >= 2 && head[0] === 0x4d && head[1] === 0x5a) return true;
  if (head.length < 4) return false;

  const big = head.readUInt32BE(0);
  const little = head.readUInt32LE(0);
  if (big === ELF || big === MACHO_FAT || big === MACHO_FAT_64) return true;
  return [big, little].some((magic) => magic === MACHO_32 || magic === MACHO_64);
}
