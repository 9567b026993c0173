// Order laws of the rpm scheme on generated versions.
import { formatEvr, parseEvr, rpmScheme } from '../../src/ecosystems/rpm/version.js';
import { stripLeadingZeros, testOrderLaws } from './order-laws.js';
import { rpmVersion } from './rpm-arbitraries.js';

/**
 * Parses, then prints with an explicit epoch and without leading zeros in
 * numbers, which rpmvercmp compares as numbers.
 */
function printRpm(text: string): string {
  const evr = parseEvr(text);
  return formatEvr({
    epoch: stripLeadingZeros(evr.epoch ?? '0'),
    version: stripLeadingZeros(evr.version),
    release: evr.release === undefined ? undefined : stripLeadingZeros(evr.release),
  });
}

testOrderLaws(rpmScheme, rpmVersion, printRpm, { numRuns: 400 });
