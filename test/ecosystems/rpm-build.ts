// Builds rpm packages with rpmbuild and installs them into a root's rpm
// database with rpm itself, so tests read databases that rpm wrote.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export const RPM_BUILD_MISSING = ['rpm', 'rpmbuild'].every((tool) => spawnSync(tool, ['--version']).status === 0)
  ? false
  : 'rpm and rpmbuild are not installed (apt-get install rpm)';

export interface RpmSpec {
  name: string;
  /** Binary subpackage built from `name`, as openssl-libs is built from openssl. */
  subpackage?: string;
  epoch: number;
  version: string;
  release: string;
  modularityLabel?: string;
}

/** Builds an empty noarch rpm with rpmbuild and returns its path. */
export function buildRpm(dir: string, spec: RpmSpec): string {
  const lines = [
    `Name: ${spec.name}`,
    `Epoch: ${spec.epoch}`,
    `Version: ${spec.version}`,
    `Release: ${spec.release}`,
    'Summary: LayerLens test package',
    'License: MIT',
    'Vendor: Red Hat, Inc.',
    'BuildArch: noarch',
    ...(spec.modularityLabel ? [`ModularityLabel: ${spec.modularityLabel}`] : []),
    '%description',
    'LayerLens test package',
    ...(spec.subpackage
      ? [`%package ${spec.subpackage}`, 'Summary: LayerLens test subpackage', `%description ${spec.subpackage}`, 'LayerLens test subpackage', `%files ${spec.subpackage}`]
      : ['%files']),
  ];
  fs.mkdirSync(dir, { recursive: true });
  const specFile = path.join(dir, `${spec.name}.spec`);
  fs.writeFileSync(specFile, `${lines.join('\n')}\n`);

  const topdir = path.join(dir, 'rpmbuild');
  execFileSync('rpmbuild', ['-bb', '--define', `_topdir ${topdir}`, specFile], { stdio: 'ignore' });

  const binary = spec.subpackage ? `${spec.name}-${spec.subpackage}` : spec.name;
  return path.join(topdir, 'RPMS', 'noarch', `${binary}-${spec.version}-${spec.release}.noarch.rpm`);
}

/** Installs rpms into `root/var/lib/rpm` with rpm itself (database only), then folds the WAL into rpmdb.sqlite. */
export function installRpms(root: string, rpms: string[]): void {
  const dbPath = path.join(root, 'var', 'lib', 'rpm');
  fs.mkdirSync(dbPath, { recursive: true });
  execFileSync('rpm', ['--dbpath', dbPath, '--initdb'], { stdio: 'ignore' });
  execFileSync('rpm', ['-i', '--justdb', '--nodeps', '--noscripts', '--notriggers', '--dbpath', dbPath, ...rpms], { stdio: 'ignore' });

  const database = new Database(path.join(dbPath, 'rpmdb.sqlite'));
  database.pragma('wal_checkpoint(TRUNCATE)');
  database.pragma('journal_mode = DELETE');
  database.close();
}
