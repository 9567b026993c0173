// Reading updater-specific settings (`updaters.config.<name>.<key>`) with
// errors that name the key and show a valid value.
import { UserError } from '../errors.js';
import type { UpdaterContext } from './updater.js';

const NAME = /^[A-Za-z0-9._-]+$/;

/**
 * Returns a list of names (file names, releases, branches) from the
 * updater's options, or undefined when the key is not set.
 */
export function nameListOption(context: UpdaterContext, updater: string, key: string, example: string): string[] | undefined {
  const value = context.options[key];
  if (value === undefined) return undefined;

  // YAML parses `[3, 4]` as numbers, but releases are names here.
  const asName = (item: unknown): unknown => (typeof item === 'number' ? String(item) : item);
  const list = Array.isArray(value) ? value.map(asName) : undefined;
  if (!list || list.length === 0 || list.some((item) => typeof item !== 'string' || !NAME.test(item))) {
    throw new UserError('INVALID_CONFIG', `updaters.config.${updater}.${key} is ${JSON.stringify(value)}; write a list of names such as ${example}`);
  }
  return list as string[];
}

/** Returns a map of names to URLs from the updater's options, or undefined when the key is not set. */
export function urlMapOption(context: UpdaterContext, updater: string, key: string, example: string): Record<string, string> | undefined {
  const value = context.options[key];
  if (value === undefined) return undefined;

  const valid =
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((url) => typeof url === 'string' && /^https?:\/\//.test(url));
  if (!valid) throw new UserError('INVALID_CONFIG', `updaters.config.${updater}.${key} is ${JSON.stringify(value)}; write a map of names to http(s) URLs such as ${example}`);
  return value as Record<string, string>;
}
