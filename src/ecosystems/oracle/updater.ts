// Updater for Oracle Linux ELSA OVAL: one bzip2 document with every
// advisory of every release; the configured URL is the document itself.
import { fileUpdater } from '../../feeds/file-updater.js';
import { ORACLE_FEED, oracleOvalParser } from './oval.js';

export const oracleOvalUpdater = fileUpdater({
  name: ORACLE_FEED,
  feeds: [ORACLE_FEED],
  defaultUrl: 'https://linux.oracle.com/security/oval/com.oracle.elsa-all.xml.bz2',
  interval: 6 * 60 * 60 * 1000,
  parser: oracleOvalParser,
});
