// Maven coordinates read from a Java archive (jar, war, ear): the central
// directory is read whole, and of the entries only the few small ones that
// name artifacts, plus the jars nested inside, within a byte budget.
import { listEntries, openZip, readEntry, type Entry, type ZipFile } from '../../image/zip.js';
import type { Logger } from '../../log.js';

/** An artifact found in an archive. */
export interface JarArtifact {
  /** `groupId:artifactId`. */
  name: string;
  version: string;
  /** The archive path, with `!entry` for each nesting level and for manifest evidence. */
  path: string;
}

export interface JarReadLimits {
  /** Largest pom.properties, pom.xml or MANIFEST.MF read, in bytes. */
  maxMetadataSize: number;
  /** Nesting levels read below the outer archive. */
  maxDepth: number;
  /** Uncompressed bytes of nested archives read in total, per outer archive. */
  nestedBudget: number;
}

export const DEFAULT_LIMITS: JarReadLimits = {
  maxMetadataSize: 1024 * 1024,
  maxDepth: 3,
  nestedBudget: 512 * 1024 * 1024,
};

const MANIFEST = 'META-INF/MANIFEST.MF';

/**
 * OSGi symbolic names of artifacts whose jars, as distributions build them,
 * carry no Maven metadata, mapped to the coordinates the artifact is
 * published under on Maven Central. log4j 1.2.17's MANIFEST.MF (Apache
 * release and Debian liblog4j1.2-java) names `org.apache.log4j`; Maven
 * Central publishes it as `log4j:log4j`.
 */
const KNOWN_SYMBOLIC_NAMES = new Map([
  ['org.apache.log4j', 'log4j:log4j'],
]);

/** True for the names of the Java archives read for artifacts. */
export function isJavaArchive(path: string): boolean {
  return /\.(jar|war|ear|jpi|hpi)$/i.test(path);
}

/**
 * Reads every artifact an archive names. A corrupt archive, outer or
 * nested, is logged and yields nothing, so bad bytes never throw.
 */
export async function readJar(contents: Buffer, path: string, log: Logger, limits: JarReadLimits = DEFAULT_LIMITS): Promise<JarArtifact[]> {
  const budget = { remaining: limits.nestedBudget };
  return readArchive(contents, path, 0, budget, limits, log);
}

async function readArchive(
  contents: Buffer,
  path: string,
  depth: number,
  budget: { remaining: number },
  limits: JarReadLimits,
  log: Logger,
): Promise<JarArtifact[]> {
  let zip: ZipFile;
  let entries: Entry[];
  try {
    zip = await openZip(contents);
    entries = await listEntries(zip);
  } catch (err) {
    log.warn({ path, err: (err as Error).message }, 'Java archive is not a readable zip file; skipped');
    return [];
  }

  try {
    const artifacts = await readOwnArtifacts(zip, entries, path, limits, log);

    for (const entry of entries) {
      if (!entry.fileName.toLowerCase().endsWith('.jar')) continue;

      const nestedPath = `${path}!${entry.fileName}`;
      if (depth + 1 > limits.maxDepth) {
        log.debug({ path: nestedPath }, 'nested archive deeper than the reader goes; skipped');
        continue;
      }
      if (entry.uncompressedSize > budget.remaining) {
        log.warn({ path: nestedPath, size: entry.uncompressedSize, remaining: budget.remaining }, 'nested archive exceeds the byte budget of its outer archive; skipped');
        continue;
      }

      budget.remaining -= entry.uncompressedSize;
      const nested = await readEntry(zip, entry).catch((err: unknown) => {
        log.warn({ path: nestedPath, err: (err as Error).message }, 'nested archive could not be read; skipped');
        return undefined;
      });
      if (nested !== undefined) artifacts.push(...await readArchive(nested, nestedPath, depth + 1, budget, limits, log));
    }

    return artifacts;
  } finally {
    zip.close();
  }
}

/** Reads the archive's own artifacts from the best evidence it carries. */
async function readOwnArtifacts(zip: ZipFile, entries: Entry[], path: string, limits: JarReadLimits, log: Logger): Promise<JarArtifact[]> {
  const small = async (entry: Entry): Promise<string | undefined> => {
    if (entry.uncompressedSize > limits.maxMetadataSize) {
      log.warn({ path, entry: entry.fileName, size: entry.uncompressedSize }, 'archive metadata entry larger than the reader reads; skipped');
      return undefined;
    }
    try {
      return (await readEntry(zip, entry)).toString('utf8');
    } catch (err) {
      log.warn({ path, entry: entry.fileName, err: (err as Error).message }, 'archive metadata entry could not be read; skipped');
      return undefined;
    }
  };

  // A shaded jar keeps the pom.properties of every artifact folded into it.
  const artifacts: JarArtifact[] = [];
  for (const entry of entries.filter((e) => isMavenMetadata(e.fileName, 'pom.properties'))) {
    const text = await small(entry);
    const artifact = text === undefined ? undefined : coordinatesFromProperties(parseProperties(text));
    if (artifact !== undefined) artifacts.push({ ...artifact, path });
  }
  if (artifacts.length > 0) return artifacts;

  for (const entry of entries.filter((e) => isMavenMetadata(e.fileName, 'pom.xml'))) {
    const text = await small(entry);
    const artifact = text === undefined ? undefined : coordinatesFromPom(text);
    if (artifact !== undefined) artifacts.push({ ...artifact, path });
  }
  if (artifacts.length > 0) return artifacts;

  const fromName = coordinatesFromFileName(path);
  const manifestEntry = entries.find((e) => e.fileName === MANIFEST);
  const manifestText = manifestEntry === undefined ? undefined : await small(manifestEntry);
  if (manifestText !== undefined) {
    const artifact = coordinatesFromManifest(parseManifest(manifestText), fromName?.artifactId);
    if (artifact !== undefined) return [{ ...artifact, path: `${path}!${MANIFEST}` }];
  }

  // NOTE: a file name gives no groupId. The artifact is listed under its
  // artifactId alone, which names no Maven Central artifact, so no advisory
  // matches it.
  if (fromName !== undefined) return [{ name: fromName.artifactId, version: fromName.version, path }];

  log.debug({ path }, 'Java archive names no artifact');
  return [];
}

/** True for `META-INF/maven/<groupId>/<artifactId>/<file>`. */
function isMavenMetadata(fileName: string, file: string): boolean {
  return fileName.startsWith('META-INF/maven/') && fileName.endsWith(`/${file}`) && fileName.split('/').length === 5;
}

/** Reads a Java properties file: `key=value` or `key: value` lines, `#` and `!` comments. */
export function parseProperties(text: string): Map<string, string> {
  const properties = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;

    const separator = line.search(/[=:]/);
    if (separator <= 0) continue;
    properties.set(line.slice(0, separator).trim(), line.slice(separator + 1).trim());
  }
  return properties;
}

function coordinatesFromProperties(properties: Map<string, string>): Omit<JarArtifact, 'path'> | undefined {
  const groupId = properties.get('groupId');
  const artifactId = properties.get('artifactId');
  const version = properties.get('version');
  if (!groupId || !artifactId || !version) return undefined;
  return { name: `${groupId}:${artifactId}`, version };
}

/**
 * Reads the project's own groupId, artifactId and version from a pom.xml,
 * taking groupId and version from `<parent>` when the project inherits them.
 * NOTE: read with patterns, not an XML parser. A value that is a property
 * reference (`${revision}`) is not resolved, so the pom is skipped.
 */
export function coordinatesFromPom(xml: string): Omit<JarArtifact, 'path'> | undefined {
  const text = xml.replace(/<!--[\s\S]*?-->/g, '');
  const parent = /<parent>([\s\S]*?)<\/parent>/.exec(text)?.[1] ?? '';

  // Only the project's direct children count: drop the sections whose own
  // groupId, artifactId and version describe other artifacts.
  const own = text.replace(/<(parent|dependencies|dependencyManagement|build|profiles|reporting|plugins|extensions|distributionManagement)>[\s\S]*?<\/\1>/g, '');

  const tag = (source: string, name: string): string | undefined => new RegExp(`<${name}>\\s*([^<]*?)\\s*</${name}>`).exec(source)?.[1];
  const groupId = tag(own, 'groupId') ?? tag(parent, 'groupId');
  const artifactId = tag(own, 'artifactId');
  const version = tag(own, 'version') ?? tag(parent, 'version');

  if (!groupId || !artifactId || !version) return undefined;
  if ([groupId, artifactId, version].some((value) => value.includes('${'))) return undefined;
  return { name: `${groupId}:${artifactId}`, version };
}

/** Reads the main section of a MANIFEST.MF, joining continuation lines (a line starting with one space). */
export function parseManifest(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const joined = text.replace(/\r?\n /g, '');
  for (const line of joined.split(/\r?\n/)) {
    if (line === '') break;

    const colon = line.indexOf(': ');
    if (colon <= 0) continue;
    attributes.set(line.slice(0, colon), line.slice(colon + 2).trim());
  }
  return attributes;
}

/**
 * Builds coordinates from manifest attributes: a known symbolic name, else
 * the vendor id or symbolic name as groupId with the file name's artifactId
 * (or the title) as artifactId.
 * NOTE: outside the known names the result is a best guess, because a
 * manifest does not record Maven Central coordinates.
 */
export function coordinatesFromManifest(attributes: Map<string, string>, fileArtifactId?: string): Omit<JarArtifact, 'path'> | undefined {
  const symbolicName = attributes.get('Bundle-SymbolicName')?.split(';')[0].trim();
  const version = attributes.get('Bundle-Version') ?? attributes.get('Implementation-Version');
  if (!version) return undefined;

  const known = symbolicName === undefined ? undefined : KNOWN_SYMBOLIC_NAMES.get(symbolicName);
  if (known !== undefined) return { name: known, version };

  const groupId = attributes.get('Implementation-Vendor-Id') ?? symbolicName;
  const artifactId = fileArtifactId ?? attributes.get('Implementation-Title') ?? symbolicName?.split('.').pop();
  if (!groupId || !artifactId) return undefined;
  return { name: `${groupId}:${artifactId}`, version };
}

/** Splits `name-1.2.3.jar` (the last path segment) at the first `-` that starts a digit. */
export function coordinatesFromFileName(path: string): { artifactId: string; version: string } | undefined {
  const base = path.slice(path.lastIndexOf('!') + 1).split('/').pop() ?? '';
  const match = /^(.+?)-(\d[^/]*)\.[a-z]+$/i.exec(base);
  if (match === null) return undefined;
  return { artifactId: match[1], version: match[2] };
}

