// The inventory model: what a layer scan finds and what an image contains.

/** Package-URL type of a package: `deb`, `apk`, `rpm`, `npm`, `pypi`, ... */
export type Ecosystem =
  | 'deb' | 'apk' | 'rpm' | 'npm' | 'pypi' | 'golang'
  | 'maven' | 'gem' | 'cargo' | 'nuget' | 'composer';

/** An operating system release, as os-release and friends describe it. */
export interface Distribution {
  /** os-release ID, such as `debian`, `ubuntu`, `alpine`. */
  did: string;
  /** os-release NAME. */
  name: string;
  /** os-release VERSION. */
  version: string;
  /** os-release VERSION_ID, such as `12`, `18.04`, `3.11.6`. */
  versionId: string;
  /** os-release VERSION_CODENAME, such as `bookworm`, `bionic`; empty when unknown. */
  versionCodeName: string;
  prettyName: string;
  cpe: string;
}

/** One installed package, as read from one package database in one layer. */
export interface Package {
  ecosystem: Ecosystem;
  name: string;
  version: string;
  /**
   * For OS packages, the source package (dpkg `Source:`, apk origin, source
   * RPM), equal to name and version when the database names none. For
   * language packages, the binary name and version of the OS package that
   * owns the file, empty when none (scanners leave it empty; the coalescer
   * fills it in from the final image's file lists).
   */
  sourceName: string;
  sourceVersion: string;
  arch: string;
  /**
   * Package database, manifest or binary the package was read from,
   * relative to the image root without a leading slash
   * (`var/lib/dpkg/status`, `lib/apk/db/installed`).
   */
  path: string;
  /**
   * Modularity stream `name:stream` an rpm package was built for (from its
   * MODULARITYLABEL); absent for packages outside modules and other ecosystems.
   */
  module?: string;
  /** Vendor an rpm package names (`Red Hat, Inc.`); absent when it names none. */
  vendor?: string;
}

/** A file that a scanner asked for, read from a layer with a size cap. */
export interface LayerFile {
  /** Path relative to the image root, no leading slash, `..` resolved. */
  path: string;
  contents: Buffer;
  /**
   * True when the path is a symlink, a hard link or a path under a symlinked
   * directory, and the contents are those of the entry it resolves to.
   */
  isLink?: boolean;
}

/** The files that one OS package owns, as one file list of its package manager names them. */
export interface PackageFileList {
  /** The list itself, relative to the root (`var/lib/dpkg/info/curl.list`): a whiteout of it ends the ownership. */
  path: string;
  ecosystem: Ecosystem;
  /** Binary package name. */
  package: string;
  /** Architecture the list's name carries (`libc6:amd64.list`), empty when it carries none. */
  arch: string;
  /** Owned paths relative to the root, without a leading slash; directories included. */
  files: string[];
}

/** Findings of one scanner in one layer, stored per (layer digest, scanner name, scanner version). */
export interface LayerFindings {
  scanner: string;
  scannerVersion: string;
  /** Distribution release files found in this layer, if this is a distribution scanner. */
  distribution?: Distribution;
  packages: Package[];
  /**
   * Package databases this layer wrote, relative to the root. A database
   * listed here with no packages is an emptied database, which hides the
   * packages of lower layers that were read from the same path.
   */
  databases: string[];
  /** File lists of OS packages that this layer wrote, if this is an OS package scanner. */
  fileLists?: PackageFileList[];
}

/**
 * A scanner that reads a few files of each layer. The layer reader passes it
 * only the entries for which `wants` returned true.
 */
export interface LayerScanner {
  readonly name: string;
  /** Bump when the output for the same layer changes: stored findings of older versions are ignored. */
  readonly version: string;
  /** Largest file the scanner reads, in bytes; larger files are skipped with a logged warning. */
  readonly maxFileSize: number;
  wants(path: string): boolean;
  /**
   * Decides from a wanted file's first bytes (16, or the whole file when
   * shorter) whether the layer reader buffers the rest. A rejected file
   * reaches scan() with empty contents, so that its path can still be listed
   * as a database. The file is buffered whole when any scanner that wants it
   * accepts it or has no wantsContent.
   */
  wantsContent?(path: string, head: Buffer): boolean;
  scan(files: LayerFile[]): Promise<LayerFindings> | LayerFindings;
}

/** Whiteouts and opaque directories found in one layer (OCI image spec, "Representing Changes"). */
export interface LayerChanges {
  /** Paths deleted by `.wh.NAME` entries, relative to the root. */
  whiteouts: string[];
  /** Directories whose lower-layer contents are hidden by `.wh..wh..opq`. */
  opaqueDirs: string[];
}

/** Everything stored about one layer after its single read. */
export interface LayerScan {
  digest: string;
  changes: LayerChanges;
  findings: LayerFindings[];
}

/** A package in the final image, with the layer that introduced it. */
export interface ImagePackage extends Package {
  /** Digest of the layer that introduced the package. */
  layer: string;
}

/** Contents of the final image, after applying the layers bottom to top. */
export interface IndexReport {
  manifestDigest: string;
  reference: string;
  distribution?: Distribution;
  packages: ImagePackage[];
  layers: string[];
}
