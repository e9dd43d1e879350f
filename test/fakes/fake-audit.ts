import type { Audit, AuditInput } from '../../src/ports/audit.js';

/** The audit port in memory: every event recorded in order; `refuse` makes appends reject (no sink took it). */
export function createFakeAudit(options: { log?: string[] } = {}) {
  const events: AuditInput[] = [];
  let refusal: Error | null = null;
  const audit: Audit = async (input) => {
    options.log?.push(`audit.${input.type}`);
    if (refusal) throw refusal;
    events.push(input);
    return { seq: events.length };
  };
  return {
    audit,
    events,
    /** Event types, in order. */
    types: () => events.map((event) => event.type),
    refuse(error: Error | null = new Error('no audit sink could record the event')) {
      refusal = error;
    },
  };
}
