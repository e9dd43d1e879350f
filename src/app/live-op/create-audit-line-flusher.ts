import { type ChatDeliveryDeps, deliverChatUpdates } from './deliver-chat-updates.js';

/** Delivers owed audit-chat lines in the background, batched (see createAuditLineFlusher). */
export type AuditLineFlusher = {
  /** Outbox entry ids of audit-chat lines to deliver; returns at once. */
  add(ids: readonly string[]): void;
  /** Resolves when nothing added is still being delivered (shutdown, tests). */
  idle(): Promise<void>;
};

/**
 * One per worker process: a live op hands its audit-chat line here instead of waiting for it, so the Base
 * is free for the next write while the line waits its turn in the audit chat (Lark takes 5 messages a
 * second there). Lines added while a message is on its way go out together in the next one. The line is
 * already in the durable outbox: if this process dies first, its claim lapses and the sweeper sends it.
 */
export function createAuditLineFlusher(deps: ChatDeliveryDeps): AuditLineFlusher {
  const waiting = new Set<string>();
  let running: Promise<void> | null = null;

  async function drain(): Promise<void> {
    while (waiting.size > 0) {
      const ids = [...waiting];
      waiting.clear();
      try {
        await deliverChatUpdates(ids, deps);
      } catch (error) {
        deps.logger.warn(
          { deliveries: ids.length, err: (error as Error).message },
          'audit-chat lines not delivered now: the sweeper will send them',
        );
      }
    }
  }

  return {
    add(ids) {
      for (const id of ids) waiting.add(id);
      running ??= drain().finally(() => {
        running = null;
      });
    },
    async idle() {
      while (running) await running;
    },
  };
}
