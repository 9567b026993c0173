// Platforms (`os/arch[/variant]`) as OCI image indexes and Docker manifest
// lists describe them, and the choice of one entry of an index.
import os from 'node:os';
import { UserError } from '../errors.js';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** Parses `os/arch[/variant]`, as `--platform` takes it. */
export function parsePlatform(text: string): Platform {
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((part) => part === '')) {
    throw new UserError(
      'USAGE',
      `invalid platform "${text}": expected os/arch[/variant], such as linux/amd64 or linux/arm/v7`,
    );
  }
  const [osName, architecture, variant] = parts as [string, string, string | undefined];
  return normalizePlatform({ os: osName.toLowerCase(), architecture: architecture.toLowerCase(), variant: variant?.toLowerCase() });
}

/**
 * Returns the platform of this machine in OCI terms. The OS is always linux,
 * as Docker Desktop does on macOS and Windows, because container images are
 * almost always Linux images.
 */
export function hostPlatform(): Platform {
  return normalizePlatform({ os: 'linux', ...ociArchitecture(process.arch) });
}

/** Formats a platform as `os/arch[/variant]`. */
export function formatPlatform(platform: Platform): string {
  const base = `${platform.os}/${platform.architecture}`;
  return platform.variant ? `${base}/${platform.variant}` : base;
}

/**
 * True when an index entry's platform fits the requested one. A request
 * without a variant accepts any variant; arm64's `v8` counts as no variant.
 */
export function platformMatches(candidate: Platform, requested: Platform): boolean {
  const normal = normalizePlatform(candidate);
  if (normal.os !== requested.os || normal.architecture !== requested.architecture) {
    return false;
  }
  return requested.variant === undefined || normal.variant === requested.variant;
}

function normalizePlatform(platform: Platform): Platform {
  const architecture = ARCH_ALIASES[platform.architecture] ?? platform.architecture;
  let variant = platform.variant === '' ? undefined : platform.variant;
  if (architecture === 'arm64' && variant === 'v8') {
    variant = undefined;
  }
  return variant === undefined ? { os: platform.os, architecture } : { os: platform.os, architecture, variant };
}

const ARCH_ALIASES: Record<string, string> = {
  x86_64: 'amd64',
  'x86-64': 'amd64',
  aarch64: 'arm64',
  i386: '386',
  i686: '386',
};

/** Maps Node's process.arch to the GOARCH names that image platforms use. */
function ociArchitecture(arch: string): { architecture: string; variant?: string } {
  switch (arch) {
    case 'x64':
      return { architecture: 'amd64' };
    case 'ia32':
      return { architecture: '386' };
    case 'arm': {
      const armVersion = (process.config.variables as Record<string, unknown>).arm_version;
      return armVersion ? { architecture: 'arm', variant: `v${String(armVersion)}` } : { architecture: 'arm' };
    }
    case 'ppc64':
      return { architecture: os.endianness() === 'LE' ? 'ppc64le' : 'ppc64' };
    case 'mipsel':
      return { architecture: 'mipsle' };
    case 'loong64':
      return { architecture: 'loong64' };
    default:
      // arm64, s390x, riscv64 and mips have the same names in Node and Go.
      return { architecture: arch };
  }
}
