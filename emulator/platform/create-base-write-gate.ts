export type Release = () => void;

export type BaseWriteGate = {
  /**
   * Waits until no other write to `key` is in flight and returns the release function, or returns
   * `'busy'` immediately when `failIfBusy` is set and another write holds it (Lark's 1254291). The key is
   * `<app_token>/<table_id>` (create-request-stages.ts): Lark's rule is per table.
   */
  enter(key: string, failIfBusy: boolean): Promise<Release> | 'busy';
};

/** One write at a time per key, a table (docs/reference/lark-api.md §2.4, §8): later writes queue in arrival order. */
export function createBaseWriteGate(): BaseWriteGate {
  const queues = new Map<string, Array<() => void>>();

  function leave(key: string): void {
    const queue = queues.get(key);
    if (!queue) return;
    queue.shift();
    const next = queue[0];
    if (next) next();
    else queues.delete(key);
  }

  return {
    enter(key, failIfBusy) {
      const queue = queues.get(key) ?? [];
      if (queue.length > 0 && failIfBusy) return 'busy';
      queues.set(key, queue);
      return new Promise<Release>((resolve) => {
        let released = false;
        const release: Release = () => {
          if (released) return;
          released = true;
          leave(key);
        };
        queue.push(() => resolve(release));
        if (queue.length === 1) resolve(release);
      });
    },
  };
}
