// The symbolic and hard links of one layer, recorded during the tar pass so
// that a requested path can be followed to the entry that contains its bytes.
// Resolution walks the layer's virtual tree: it never leaves the image root
// and never touches the filesystem.
import { normalizeLayerPath } from './path-normalize.js';

/** Links followed while resolving one path before it counts as a loop; Linux's MAXSYMLINKS. */
export const MAX_LINK_HOPS = 40;

interface LinkRecord {
  kind: 'symlink' | 'hardlink';
  /** Symlink: the raw target text. Hard link: the normalised path of the linked entry. */
  target: string;
}

export class LayerLinks {
  private readonly links = new Map<string, LinkRecord>();

  /** Resolved target of each symlink, at the time it was recorded, to the symlinks pointing there. */
  private readonly linksByTarget = new Map<string, Set<string>>();
  private readonly targetOfLink = new Map<string, string>();

  get size(): number {
    return this.links.size;
  }

  has(path: string): boolean {
    return this.links.has(path);
  }

  addSymlink(path: string, target: string): void {
    this.remove(path);
    this.links.set(path, { kind: 'symlink', target });
    this.indexTarget(path);
  }

  /**
   * Records a hard link. A hard link to a symlink is that symlink under a
   * second name: its target text is read relative to the new name.
   */
  addHardLink(path: string, target: string): void {
    this.remove(path);

    const linked = this.links.get(target);
    if (linked?.kind === 'symlink') {
      this.addSymlink(path, linked.target);
      return;
    }

    this.links.set(path, { kind: 'hardlink', target });
  }

  /** Forgets a link that a later entry of the same path replaced. */
  remove(path: string): void {
    if (!this.links.delete(path)) return;

    const target = this.targetOfLink.get(path);
    if (target === undefined) return;

    this.targetOfLink.delete(path);
    this.linksByTarget.get(target)?.delete(path);
  }

  /**
   * Resolves a path through every link known so far, component by
   * component as a kernel would. A relative symlink target is read against
   * the directory that contains the link, and an absolute one against the
   * image root. A hard link (only as the last component) names its entry
   * from the root. `..` at the root stays at the root. Returns undefined
   * after MAX_LINK_HOPS links, which is how loops end.
   */
  resolve(path: string): string | undefined {
    const pending = path.split('/').reverse();
    const resolved: string[] = [];
    let hops = 0;

    while (pending.length > 0) {
      const part = pending.pop() as string;
      if (part === '' || part === '.') continue;

      if (part === '..') {
        resolved.pop();
        continue;
      }

      resolved.push(part);
      const link = this.links.get(resolved.join('/'));
      if (link === undefined) continue;
      if (link.kind === 'hardlink' && pending.some((rest) => rest !== '' && rest !== '.')) continue;

      hops += 1;
      if (hops > MAX_LINK_HOPS) return undefined;

      resolved.pop();
      if (link.kind === 'hardlink' || link.target.startsWith('/')) resolved.length = 0;
      pending.push(...link.target.split('/').reverse());
    }

    return resolved.join('/');
  }

  /**
   * Returns the other paths under which `path` is reachable through a
   * symlink to one of its ancestor directories, one link deep: with
   * `lib -> usr/lib` recorded, `usr/lib/apk/db/installed` is also
   * `lib/apk/db/installed`.
   */
  aliasesOf(path: string): string[] {
    if (this.linksByTarget.size === 0) return [];

    const aliases: string[] = [];
    let slash = path.indexOf('/');

    while (slash !== -1) {
      const directory = path.slice(0, slash);
      for (const link of this.linksByTarget.get(directory) ?? []) {
        aliases.push(link + path.slice(slash));
      }
      slash = path.indexOf('/', slash + 1);
    }

    return aliases;
  }

  private indexTarget(path: string): void {
    const target = this.resolve(path);
    if (target === undefined || target === path || target === '') return;

    this.targetOfLink.set(path, target);
    let links = this.linksByTarget.get(target);
    if (links === undefined) {
      links = new Set();
      this.linksByTarget.set(target, links);
    }
    links.add(path);
  }
}

/** Normalises the target of a hard link entry, which tar stores as a path from the archive root. */
export function hardLinkTarget(linkname: string): string {
  return normalizeLayerPath(linkname);
}
