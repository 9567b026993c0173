// The version of LayerLens itself, as package.json states it, for reports
// (CycloneDX metadata) and bundle manifests.
import { readFileSync } from 'node:fs';

let cachedVersion: string | undefined;

/** Returns the version in LayerLens's package.json, read from the source tree or the build tree. */
export function layerlensVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;

  // src/ and dist/src/ sit at different depths below the package root.
  for (const relative of ['../package.json', '../../package.json']) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'layerlens' && manifest.version) return (cachedVersion = manifest.version);
    } catch {
      continue;
    }
  }
  return (cachedVersion = '0.0.0');
}
