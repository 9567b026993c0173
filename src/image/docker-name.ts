// Docker image names (`[HOST[:PORT]/]REPO[:TAG]`) and the normalization
// Docker applies to them: `debian` means `docker.io/library/debian:latest`.

/** Returns the fully qualified `host/repo:tag` form of an image name, as Docker resolves it. */
export function normalizeImageName(name: string): string {
  const { repository, tag } = splitTag(name);
  const slash = repository.indexOf('/');
  const first = slash === -1 ? '' : repository.slice(0, slash);
  const hasHost = first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost');

  let qualified = hasHost ? repository : `docker.io/${repository}`;
  if (qualified.startsWith('docker.io/') && !qualified.slice('docker.io/'.length).includes('/')) {
    qualified = `docker.io/library/${qualified.slice('docker.io/'.length)}`;
  }
  return `${qualified}:${tag}`;
}

/** Splits `repo[:tag]`, defaulting the tag to `latest`; a colon before the last slash belongs to a host port. */
function splitTag(name: string): { repository: string; tag: string } {
  const colon = name.lastIndexOf(':');
  if (colon === -1 || colon < name.lastIndexOf('/')) {
    return { repository: name, tag: 'latest' };
  }
  return { repository: name.slice(0, colon), tag: name.slice(colon + 1) };
}
