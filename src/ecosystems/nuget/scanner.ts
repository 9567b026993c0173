// The NuGet scanner: the packages a .NET application was published with,
// read from the `<app>.deps.json` file that `dotnet publish` writes next to it.
import type { LayerFile, LayerFindings, LayerScanner, Package } from '../../indexer/types.js';
import { logger, type Logger } from '../../log.js';

const DEPS_SUFFIX = '.deps.json';

/** True for `<app>.deps.json` at any depth. */
export function isDepsFile(path: string): boolean {
  if (!path.endsWith(DEPS_SUFFIX)) return false;
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.length > DEPS_SUFFIX.length;
}

/**
 * Reads the `libraries` of one deps.json. Keys are `Name/Version`; only
 * entries of type `package` came from a NuGet feed (`project` entries are
 * the application's own assemblies, `reference` ones are framework references).
 */
export function readDepsFile(file: LayerFile, log: Logger): Package[] {
  let deps: unknown;
  try {
    deps = JSON.parse(file.contents.toString('utf8'));
  } catch (err) {
    log.warn({ path: file.path, err }, 'invalid JSON in deps.json, file skipped');
    return [];
  }

  const libraries = (deps as { libraries?: unknown } | null)?.libraries;
  if (typeof libraries !== 'object' || libraries === null || Array.isArray(libraries)) {
    log.warn({ path: file.path }, 'missing libraries object in deps.json, file skipped');
    return [];
  }

  const packages: Package[] = [];
  for (const [key, library] of Object.entries(libraries)) {
    if ((library as { type?: unknown } | null)?.type !== 'package') continue;
    const slash = key.indexOf('/');
    if (slash <= 0 || slash === key.length - 1) continue;
    packages.push({
      ecosystem: 'nuget', name: key.slice(0, slash), version: key.slice(slash + 1),
      sourceName: '', sourceVersion: '', arch: '', path: file.path,
    });
  }
  return packages;
}

export class NugetScanner implements LayerScanner {
  readonly name = 'nuget';
  readonly version: string = '1';
  // NOTE: a guessed cap. Large ASP.NET applications write deps.json files of a few MB.
  readonly maxFileSize = 16 * 1024 * 1024;
  private readonly log = logger('scanner.nuget');

  wants(path: string): boolean {
    return isDepsFile(path);
  }

  scan(files: LayerFile[]): LayerFindings {
    const findings: LayerFindings = { scanner: this.name, scannerVersion: this.version, packages: [], databases: [] };
    for (const file of files.filter((f) => isDepsFile(f.path))) {
      findings.databases.push(file.path);
      findings.packages.push(...readDepsFile(file, this.log));
    }
    return findings;
  }
}
