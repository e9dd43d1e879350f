import { joinText, translate } from '../src/domain/i18n/translate.js';
import { buildCard, type Card, markdown } from './card-parts.js';
import { escapeLarkMd } from './escape-lark-md.js';

/** What a drill did and found, as its receipt card shows it (src/app/drills' receipts, flattened). */
export type DrillReceiptCardInput = {
  passed: boolean;
  drillId: string;
  base: string;
  table: string | null;
  /** Lark's or the Base's words, or Larkgate's own reason in English (audited as is): shown escaped. */
  problem: string | null;
} & (
  | {
      kind: 'rollback';
      durationMs: number;
      records: number;
      requestId: string | null;
      rollbackId: string | null;
      beforeSha256: string | null;
    }
  | {
      kind: 'schema' | 'batch-delete';
      /** The governed requests the drill made, by what they did (`table.create`, `rollback` …). */
      requests: Readonly<Record<string, string>>;
    }
);

/**
 * The drill's receipt in the drills chat, under the drill's first line: passed or failed, on which base,
 * what it changed and rolled back, in every locale; ids, table names and hashes stay as they are.
 */
export function buildDrillReceiptCard(input: DrillReceiptCardInput): Card {
  const label = translate(input.passed ? 'drill.label.passed' : 'drill.label.failed');
  const title = translate(`drill.title.${input.kind}`, { drill: input.drillId });
  const base = escapeLarkMd(input.base);
  const table = escapeLarkMd(input.table ?? '—');
  const problem = input.problem === null ? translate('drill.no_reason') : escapeLarkMd(input.problem);
  let line: ReturnType<typeof translate>;
  if (input.kind === 'rollback') {
    const ids = { base, request: input.requestId ?? '—', rollback: input.rollbackId ?? '—' };
    line = input.passed
      ? translate('drill.rollback.passed', {
          ...ids,
          table,
          seconds: (input.durationMs / 1000).toFixed(1),
          records: input.records,
          sha: input.beforeSha256?.slice(0, 12) ?? '—',
        })
      : translate('drill.rollback.failed', { ...ids, problem });
  } else {
    const requests = Object.entries(input.requests)
      .map(([what, id]) => `${escapeLarkMd(what)} ${id}`)
      .join(', ');
    line = input.passed
      ? translate('drill.evidence.passed', { base, table, requests })
      : translate('drill.evidence.failed', { base, problem });
  }
  return buildCard({
    title,
    subtitle: joinText([label, ` · ${input.base}`]),
    color: input.passed ? 'green' : 'red',
    tags: [{ text: label, color: input.passed ? 'green' : 'red' }],
    summary: joinText([label, ': ', title]),
    elements: [markdown(line)],
  });
}
