/** An alert card as the drill sees it in the on-call chat. */
export type DrillCard = {
  messageId: string;
  title: string;
  /** The alert key the card names (`alert \`lark.base_api\``); null when it names none. */
  alert: string | null;
  resolved: boolean;
};

export type OutageDrillDeps = {
  /** Starts the synthetic outage (e.g. an emulator fault on the Base API). */
  inject(): Promise<void>;
  /** Ends it. Always called, whatever happened. */
  clear(): Promise<void>;
  /** The alert cards in the on-call chat now. */
  cards(): Promise<DrillCard[]>;
  /**
   * The alerts the injected fault must raise (a key, or a kind ending in `:` for any of its subjects,
   * e.g. `base.read:`): a page for anything else (an overdue drill, a burst) does not count.
   */
  expects: readonly string[];
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
  /** The page must come within this long (gate 7: 5 minutes). */
  limitMs: number;
  /** How long to wait for the card to resolve after the outage ends; 0 = do not wait. */
  resolveWithinMs: number;
  pollMs?: number;
};

export type OutageDrillResult = {
  passed: boolean;
  /** From the injection to the alert card appearing in the on-call chat; null when none came in time. */
  timeToPageMs: number | null;
  /** The card's title. */
  alert: string | null;
  /** The alert key that paged (one of `expects`). */
  alertKey: string | null;
  messageId: string | null;
  /** From the end of the outage to the card showing Resolved; null when it did not (or was not awaited). */
  timeToResolveMs: number | null;
  problem: string | null;
};

/**
 * The gate-7 drill (docs/product.md §6–7): inject a synthetic outage, measure how long until a new alert card
 * for that outage (one of `expects`) appears in the on-call chat, end the outage, and (optionally) measure
 * how long until the card resolves. It passes when that page came within `limitMs`; other alerts paging
 * meanwhile do not count. The outage is ended in every case.
 */
export async function runOutageDrill(deps: OutageDrillDeps): Promise<OutageDrillResult> {
  const pollMs = deps.pollMs ?? 250;
  const before = new Set((await deps.cards()).map((card) => card.messageId));
  const injectedAt = deps.clock();
  let page: DrillCard | undefined;
  let timeToPageMs: number | null = null;
  try {
    await deps.inject();
    while (deps.clock() - injectedAt <= deps.limitMs) {
      page = (await deps.cards()).find(
        (card) => !before.has(card.messageId) && !card.resolved && isExpected(card.alert, deps.expects),
      );
      if (page) {
        timeToPageMs = deps.clock() - injectedAt;
        break;
      }
      await deps.sleep(pollMs);
    }
  } finally {
    await deps.clear();
  }
  if (!page || timeToPageMs === null) {
    return {
      passed: false,
      timeToPageMs: null,
      alert: null,
      alertKey: null,
      messageId: null,
      timeToResolveMs: null,
      problem: `no alert card for the outage (${deps.expects.join(', ')}) in the on-call chat within ${Math.round(deps.limitMs / 1000)} s of it`,
    };
  }
  const clearedAt = deps.clock();
  let timeToResolveMs: number | null = null;
  const messageId = page.messageId;
  while (deps.resolveWithinMs > 0 && deps.clock() - clearedAt <= deps.resolveWithinMs) {
    if ((await deps.cards()).find((card) => card.messageId === messageId)?.resolved) {
      timeToResolveMs = deps.clock() - clearedAt;
      break;
    }
    await deps.sleep(pollMs);
  }
  return {
    passed: true,
    timeToPageMs,
    alert: page.title,
    alertKey: page.alert,
    messageId,
    timeToResolveMs,
    problem: null,
  };
}

function isExpected(alert: string | null, expects: readonly string[]): boolean {
  return (
    alert !== null &&
    expects.some((expected) => (expected.endsWith(':') ? alert.startsWith(expected) : alert === expected))
  );
}
