// The Go scanner: the toolchain and modules compiled into Go executables,
// read from the build information the Go linker embeds (see buildinfo.ts),
// and the modules that applications' go.mod files require (see
// module-files.ts).
//
// A path does not tell whether a file is a Go binary, so the scanner
// requests every file of the usual executable folders. The layer reader
// buffers only those whose first bytes are an executable (ELF, PE or
// Mach-O), and the scanner keeps those with Go build information.
// NOTE: `.exe` files outside these folders (Windows images keep them under
// `Program Files`) are not requested, to keep wants() cheap for every entry.
import { isExecutableHead } from '../../indexer/executable.js';
import { emptyFindings, languagePackage, scanFiles, usrMergedAliases } from '../../indexer/scan-files.js';
import type { LayerFile, LayerFindings, LayerScanner, Package } from '../../indexer/types.js';
import { logger } from '../../log.js';
import { readGoBuildInfos, type GoBuildInfo } from './buildinfo.js';
import { goSumBeside, isGoModFile, isModuleFile, readGoModFile } from './module-files.js';

/** Folder names whose files are executables: `usr/bin`, `usr/local/sbin`, `opt/tool/bin`, `root/go/bin`. */
const BINARY_FOLDERS = new Set(['bin', 'sbin']);

/** Top-level folders where images built FROM scratch or distroless put their one binary. */
const APP_FOLDERS = ['app/', 'ko-app/'];

/** Main-module versions that name no release: a build from a checkout, or a local replacement. */
const NO_VERSION = new Set(['', '(devel)']);

/**
 * True for a file that may be a Go executable: a file in a `bin` or `sbin`
 * folder at any depth, a file directly under `app/` or `ko-app/`, or a file
 * at the image root. Called for every entry of every layer.
 */
export function isCandidateBinary(path: string): boolean {
  const slash = path.lastIndexOf('/');
  if (slash < 0) return path !== '';

  const folder = path.slice(0, slash);
  const folderName = folder.slice(folder.lastIndexOf('/') + 1);
  if (BINARY_FOLDERS.has(folderName)) return true;
  return APP_FOLDERS.some((app) => folder + '/' === app);
}

/** The packages one Go binary contains: `stdlib` at the toolchain version, the main module and each dependency. */
export function binaryPackages(info: GoBuildInfo, path: string): Package[] {
  const pkg = (name: string, version: string): Package => languagePackage('golang', name, version, path);

  const packages = [pkg('stdlib', info.goVersion)];
  const modules = info.main ? [info.main, ...info.deps] : info.deps;
  for (const module of modules) {
    if (!NO_VERSION.has(module.version)) packages.push(pkg(module.path, module.version));
  }
  return packages;
}

export class GolangScanner implements LayerScanner {
  readonly name = 'golang';
  readonly version: string = '3';
  // NOTE: a guessed cap that bounds memory, because the layer reader keeps
  // every requested executable of a layer in memory at once. Larger files
  // are skipped, executables or not, and the layer reader logs a warning
  // for each.
  readonly maxFileSize = 64 * 1024 * 1024;
  private readonly log = logger('scanner.golang');

  wants(path: string): boolean {
    return isModuleFile(path) || isCandidateBinary(path);
  }

  /** Keeps go.mod and go.sum files, and of the other requested files only executables. */
  wantsContent(path: string, head: Buffer): boolean {
    return isModuleFile(path) || isExecutableHead(head);
  }

  scan(files: LayerFile[]): LayerFindings {
    // Each go.mod is its own database. A go.sum is read only beside one.
    const findings = emptyFindings(this);
    const moduleFiles = new Map(files.filter((file) => isModuleFile(file.path)).map((file) => [file.path, file]));
    scanFiles(findings, files, {
      takes: (file) => isGoModFile(file.path),
      read: (file) => readGoModFile(file, moduleFiles.get(goSumBeside(file.path))),
    }, this.log);

    // Each file read is its own database, Go binary or not, so a later
    // layer that deletes a Go binary or writes another file in its place
    // removes the binary's packages. A merged-/usr alias is listed but not read.
    const aliases = usrMergedAliases(files);
    scanFiles(findings, files, {
      takes: (file) => isCandidateBinary(file.path) && !isModuleFile(file.path),
      skips: (file) => aliases.has(file.path),
      read: (file) => this.readBinary(file),
    }, this.log);
    return findings;
  }

  /** Reads a binary's packages. The slices of a fat Mach-O file often repeat them, so each is listed once. */
  private readBinary(file: LayerFile): Package[] {
    const packages = new Map<string, Package>();
    for (const info of readGoBuildInfos(file.contents)) {
      this.log.debug({ path: file.path, goVersion: info.goVersion, main: info.path }, 'Go build information read');
      for (const pkg of binaryPackages(info, file.path)) packages.set(`${pkg.name}@${pkg.version}`, pkg);
    }
    return [...packages.values()];
  }
}
