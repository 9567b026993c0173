// The scanners an Indexer runs by default. A new ecosystem adds its
// scanner here.
import { ApkScanner } from '../ecosystems/alpine/scanner.js';
import { DpkgScanner } from '../ecosystems/dpkg/scanner.js';
import { RpmScanner } from '../ecosystems/rpm/scanner.js';
import { NpmScanner } from '../ecosystems/npm/scanner.js';
import { PypiScanner } from '../ecosystems/pypi/scanner.js';
import { GemScanner } from '../ecosystems/rubygems/scanner.js';
import { CargoScanner } from '../ecosystems/cargo/scanner.js';
import { NugetScanner } from '../ecosystems/nuget/scanner.js';
import { ComposerScanner } from '../ecosystems/composer/scanner.js';
import { JavaScanner } from '../ecosystems/maven/scanner.js';
import { GolangScanner } from '../ecosystems/golang/scanner.js';
import { OsReleaseScanner } from './osrelease.js';
import type { LayerScanner } from './types.js';

export function defaultScanners(): LayerScanner[] {
  return [new OsReleaseScanner(), new DpkgScanner(), new ApkScanner(), new RpmScanner(), new NpmScanner(), new PypiScanner(),
    new GemScanner(), new CargoScanner(), new NugetScanner(), new ComposerScanner(), new JavaScanner(), new GolangScanner()];
}
