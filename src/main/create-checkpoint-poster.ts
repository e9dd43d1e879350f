/**
 * Posts a process's signed audit checkpoints to the audit chat, newest first: one post at a time, and a
 * checkpoint that arrives while one is on its way waits, replaced by any newer one. A checkpoint signs its
 * chain's head, and through the hash chain everything before it, so the newest covers every older one:
 * under load (a checkpoint every `audit.checkpoint_every` events, hundreds of events a second) the chat
 * gets the newest checkpoint as fast as Lark's 5 messages/s per chat allow, instead of a backlog that grows
 * without bound in memory. Every checkpoint is still in the log and the Redis anchor.
 */
export type CheckpointPoster<C> = {
  post(checkpoint: C): void;
  /** Settles once the post in flight and the one waiting (the final checkpoint at close) are done. */
  settled(): Promise<void>;
};

export function createCheckpointPoster<C>(send: (checkpoint: C) => Promise<unknown>): CheckpointPoster<C> {
  let inFlight: Promise<void> | null = null;
  let waiting: { checkpoint: C } | null = null;

  function start(checkpoint: C): void {
    inFlight = send(checkpoint)
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        inFlight = null;
        const next = waiting;
        waiting = null;
        if (next) start(next.checkpoint);
      });
  }

  return {
    post(checkpoint) {
      if (inFlight) waiting = { checkpoint };
      else start(checkpoint);
    },
    async settled() {
      while (inFlight) await inFlight;
    },
  };
}
