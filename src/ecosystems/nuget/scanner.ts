// The NuGet scanner: the packages a .NET application was published with,
// read from the `<app>.deps.json` file that `dotnet publish` writes next to it.
import { emptyFindings, InvalidFileError, languagePackage, parseJsonFile, scanFiles } from '../../indexer/scan-files.js';
import type { LayerFile, LayerFindings, LayerScanner, Package } from '../../indexer/types.js';
import { logger } from '../../log.js';

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
export function readDepsFile(file: LayerFile): Package[] {
  const deps = parseJsonFile(file, 'deps.json');
  const libraries = (deps as { libraries?: unknown } | null)?.libraries;
  if (typeof libraries !== 'object' || libraries === null || Array.isArray(libraries)) {
    throw new InvalidFileError('missing libraries object in deps.json');
  }

  const packages: Package[] = [];
  for (const [key, library] of Object.entries(libraries)) {
    if ((library as { type?: unknown } | null)?.type !== 'package') continue;
    const slash = key.indexOf('/');
    if (slash <= 0 || slash === key.length - 1) continue;
    packages.push(languagePackage('nuget', key.slice(0, slash), key.slice(slash + 1), file.path));
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
    const findings = emptyFindings(this);
    scanFiles(findings, files, { takes: (file) => isDepsFile(file.path), read: readDepsFile }, this.log);
    return findings;
  }
}
