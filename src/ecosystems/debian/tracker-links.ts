// Pages of the Debian security tracker, which has one per CVE, DSA, DLA and
// temporary id.

export function debianTrackerLink(id: string): string {
  return `https://security-tracker.debian.org/tracker/${encodeURIComponent(id)}`;
}

export function debianBugLink(bug: number | string): string {
  return `https://bugs.debian.org/${bug}`;
}
