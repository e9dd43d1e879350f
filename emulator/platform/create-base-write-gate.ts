export type Release = () => void;

export type BaseWriteGate = {
  /**
   * Waits until no other write to `appToken` is in flight and returns the release function, or returns
   * `'busy'` immediately when `failIfBusy` is set and another write holds the Base (Lark's 1254291).
   */
  enter(appToken: string, failIfBusy: boolean): Promise<Release> | 'busy';
};

/** One write at a time per Base (lark-api.md §2.4): later writes queue in arrival order. */
export function createBaseWriteGate(): BaseWriteGate {
  const queues = new Map<string, Array<() => void>>();

  function leave(appToken: string): void {
    const queue = queues.get(appToken);
    if (!queue) return;
    queue.shift();
    const next = queue[0];
    if (next) next();
    else queues.delete(appToken);
  }

  return {
    enter(appToken, failIfBusy) {
      const queue = queues.get(appToken) ?? [];
      if (queue.length > 0 && failIfBusy) return 'busy';
      queues.set(appToken, queue);
      return new Promise<Release>((resolve) => {
        let released = false;
        const release: Release = () => {
          if (released) return;
          released = true;
          leave(appToken);
        };
        queue.push(() => resolve(release));
        if (queue.length === 1) resolve(release);
      });
    },
  };
}
