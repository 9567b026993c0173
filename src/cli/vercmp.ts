// Placeholder: `layerlens vercmp` is being written.
export async function runVercmp(_options: { scheme: string; range?: boolean }): Promise<number> {
  throw new Error('vercmp: not written yet');
}
