// A reader for the txtar archive format (golang.org/x/tools/txtar): an
// optional comment, then files, each introduced by a `-- NAME --` line.

export interface TxtarFile {
  name: string;
  data: string;
}

export function parseTxtar(text: string): TxtarFile[] {
  const files: TxtarFile[] = [];
  let current: TxtarFile | undefined;

  // Splitting after each newline keeps every line's own terminator.
  for (const line of text.split(/(?<=\n)/)) {
    const marker = /^-- (.+) --\r?\n?$/.exec(line);
    if (marker) {
      current = { name: marker[1], data: '' };
      files.push(current);
    } else if (current) {
      current.data += line;
    }
  }
  return files;
}
