// Runs tasks one after another. better-sqlite3 has one connection per store,
// and a feed import keeps its transaction open across awaits: any write
// started meanwhile would join that transaction, so writes wait their turn.

export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` once every task queued before it has settled. */
  run<T>(task: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
