// The Java scanner: Maven artifacts in the Java archives (jar, war, ear and
// Jenkins plugins) of a layer, read from the metadata Maven writes into them.
import { emptyFindings, languagePackage, scanFilesAsync } from '../../indexer/scan-files.js';
import type { LayerFile, LayerFindings, LayerScanner, Package } from '../../indexer/types.js';
import { logger } from '../../log.js';
import { isJavaArchive, readJar } from './jar.js';

export class JavaScanner implements LayerScanner {
  readonly name = 'java';
  readonly version: string = '1';
  // NOTE: a guessed cap. The whole archive is held in memory while its
  // central directory and metadata entries are read, so larger archives
  // (some fat wars) are skipped with a warning.
  readonly maxFileSize = 256 * 1024 * 1024;
  private readonly log = logger('scanner.java');

  wants(path: string): boolean {
    return isJavaArchive(path);
  }

  async scan(files: LayerFile[]): Promise<LayerFindings> {
    // Each archive is its own database. A link is not taken, because it
    // serves its target's bytes under its own name and the target is read
    // as itself, so the link would list the same artifacts twice.
    // NOTE: artifacts from a manifest or a nested archive have
    // `archive!entry` paths, which layer merging treats as databases of
    // their own: a whiteout or rewrite of the archive in a higher layer does
    // not remove them.
    const findings = emptyFindings(this);
    await scanFilesAsync(findings, files, {
      takes: (file) => file.isLink !== true && this.wants(file.path),
      read: async (file): Promise<Package[]> => (await readJar(file.contents, file.path, this.log))
        .map((artifact) => languagePackage('maven', artifact.name, artifact.version, artifact.path)),
    }, this.log);
    return findings;
  }
}
