// The modules an application's go.mod requires, for images that ship Go
// source (a build stage copied whole, or a development image) rather than,
// or beside, the binary built from it.
//
// A go.mod names the minimum version of each module the build may select,
// which for a tidy go.mod of Go 1.17 or later is the selected version of
// every module the main module's packages import. Older go.mod files leave
// out modules only needed indirectly, so for them the modules that the
// go.sum beside the go.mod records are added at their highest version, as
// Trivy does (pkg/fanal/analyzer/language/golang/mod). A go.sum without a
// go.mod yields nothing, as in Trivy and syft: it records every version
// consulted while selecting versions, not only the selected ones.
import { InvalidFileError, languagePackage } from '../../indexer/scan-files.js';
import type { LayerFile, Package } from '../../indexer/types.js';
import { listsIndirectRequirements, parseGoMod, parseGoSum } from './gomod.js';

const GO_MOD = 'go.mod';
const GO_SUM = 'go.sum';

/**
 * Module paths of Go's own source tree (GOROOT/src and GOROOT/src/cmd).
 * Their requirements are vendored into the toolchain and reported as the
 * `stdlib` of the binaries it builds.
 */
const TOOLCHAIN_MODULES = new Set(['std', 'cmd']);

/**
 * True for a folder whose go.mod belongs to no application built in the
 * image: `vendor` copies of dependencies, `testdata`, and folders that the
 * go command ignores because their name starts with `.` or `_`.
 */
function isIgnoredFolder(name: string): boolean {
  return name === 'vendor' || name === 'testdata' || name.startsWith('.') || name.startsWith('_');
}

/**
 * True for a go.mod or go.sum of an application: outside ignored folders
 * and outside module caches (`pkg/mod`, the default GOMODCACHE under
 * GOPATH), whose go.mod files are the dependencies' own.
 */
export function isModuleFile(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name !== GO_MOD && name !== GO_SUM) return false;

  const folders = path.split('/').slice(0, -1);
  if (folders.some(isIgnoredFolder)) return false;
  return !folders.some((folder, i) => folder === 'pkg' && folders[i + 1] === 'mod');
}

/** True for a go.mod that isModuleFile accepts. */
export function isGoModFile(path: string): boolean {
  return isModuleFile(path) && (path === GO_MOD || path.endsWith('/' + GO_MOD));
}

/** Returns the go.sum path beside a go.mod path. */
export function goSumBeside(goModPath: string): string {
  return goModPath.slice(0, -GO_MOD.length) + GO_SUM;
}

/**
 * Reads the modules one go.mod requires, direct and indirect, with its
 * replace directives applied. The main module and modules replaced by a
 * local directory have no version and are not listed. For a go.mod older
 * than Go 1.17, `goSum` is the go.sum beside it in the same layer, if any.
 * Every package carries the go.mod path.
 * Throws InvalidFileError for a go.mod without a module directive.
 * NOTE: a go.sum written by another layer than its go.mod is not read.
 */
export function readGoModFile(file: LayerFile, goSum: LayerFile | undefined): Package[] {
  const goMod = parseGoMod(file.contents.toString('utf8'));
  if (goMod.module === '') throw new InvalidFileError('missing module directive in go.mod');
  if (TOOLCHAIN_MODULES.has(goMod.module)) return [];

  const versions = new Map<string, string>();
  for (const requirement of goMod.requires) {
    if (requirement.version !== '') versions.set(requirement.path, requirement.version);
  }

  // go.mod wins over go.sum for the modules it names, local replacements included.
  if (goSum !== undefined && !listsIndirectRequirements(goMod.goVersion)) {
    const named = new Set([goMod.module, ...goMod.requires.map((requirement) => requirement.path)]);
    for (const [module, version] of parseGoSum(goSum.contents.toString('utf8'))) {
      if (!named.has(module)) versions.set(module, version);
    }
  }

  return [...versions].map(([module, version]) => languagePackage('golang', module, version, file.path));
}
