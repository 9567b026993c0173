// The updaters `layerlens db update` runs, in order. Each updater's file
// adds one line here.
import { alpineSecdbUpdater } from '../ecosystems/alpine/updater.js';
import { debianDlaUpdater, debianDsaUpdater, debianTrackerUpdater } from '../ecosystems/debian/updaters.js';
import { ubuntuUctUpdater } from '../ecosystems/ubuntu/updater.js';
import { osvUpdaters } from '../ecosystems/osv/updater.js';
import { nvdUpdater } from '../ecosystems/nvd/updater.js';
import { epssUpdater } from '../ecosystems/epss/updater.js';
import { kevUpdater } from '../ecosystems/kev/updater.js';
import { rhelCsafUpdater, rhelVexUpdater } from '../ecosystems/rhel/updaters.js';
import { photonOvalUpdater } from '../ecosystems/photon/updater.js';
import { suseOvalUpdater } from '../ecosystems/suse/updater.js';
import { oracleOvalUpdater } from '../ecosystems/oracle/updater.js';
import { amazonUpdateinfoUpdater } from '../ecosystems/amazon/updater.js';
import { chainguardSecdbUpdater, wolfiSecdbUpdater } from '../ecosystems/wolfi/updater.js';
import type { Updater } from './updater.js';

/** Returns every known updater; `updaters.sets` in the config picks among them. */
export function defaultUpdaters(): Updater[] {
  return [
    debianTrackerUpdater,
    debianDsaUpdater,
    debianDlaUpdater,
    ubuntuUctUpdater,
    alpineSecdbUpdater,
    rhelVexUpdater,
    rhelCsafUpdater,
    suseOvalUpdater,
    oracleOvalUpdater,
    photonOvalUpdater,
    amazonUpdateinfoUpdater,
    wolfiSecdbUpdater,
    chainguardSecdbUpdater,
    ...osvUpdaters(),
    nvdUpdater(),
    epssUpdater(),
    kevUpdater(),
  ];
}
