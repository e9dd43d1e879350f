import { describe, expect, it } from 'vitest';
import { buildRecordCard } from '../../cards/build-record-card.js';
import { buildRequestCard } from '../../cards/build-request-card.js';
import { buildSearchCard } from '../../cards/build-search-card.js';
import { evaluateCard } from '../../emulator/im/evaluate-card.js';
import { makePlan, makeRequest, T0 } from '../builders/make-request.js';

const STATES = [
  'pending',
  'dry_run',
  'approved',
  'executing',
  'applied',
  'verify_failed',
  'stale',
  'failed',
  'needs_review',
  'rejected',
  'expired',
] as const;
const fields = Array.from({ length: 60 }, (_, i) => ({
  fieldId: `fld${i}`,
  name: `Field ${i}`,
  type: 1,
  isPrimary: i === 0,
  options: [],
}));

describe("every card Larkgate builds passes Lark's card rules (as the emulator enforces them)", () => {
  it.each(STATES)('request card in state %s (in the four card locales)', (state) => {
    const card = buildRequestCard({ request: makeRequest({ state }), approvers: ['ou_bob'], now: T0 });
    expect(evaluateCard(card)).toEqual({ kind: 'ok', schema: '2.0' });
    expect(card.config.locales).toEqual(['en_us', 'zh_cn', 'vi_vn', 'ja_jp']);
    expect(Object.keys((card.header.title as { i18n_content: object }).i18n_content).sort()).toEqual([
      'en_us',
      'ja_jp',
      'vi_vn',
      'zh_cn',
    ]);
  });

  it('a request card for a 1,200-record delete', () => {
    const changes = Array.from({ length: 1_200 }, (_, i) => ({
      recordId: `rec${i}aa`,
      before: { Status: 'Open' },
      after: null,
    }));
    const card = buildRequestCard({
      request: makeRequest({ plan: makePlan({ op: 'delete', changes }) }),
      approvers: [],
      now: T0,
    });

    expect(evaluateCard(card)).toEqual({ kind: 'ok', schema: '2.0' });
  });

  it('record and search cards for a wide table', () => {
    const cells = Object.fromEntries(fields.map((field) => [field.name, 'value '.repeat(100)]));
    const records = Array.from({ length: 80 }, (_, i) => ({ recordId: `rec${i}xx`, cells }));

    expect(
      evaluateCard(
        buildRecordCard({ target: 'crm/Tasks', recordId: 'rec1xx', fields, cells, stage: 'live' }),
      ),
    ).toEqual({ kind: 'ok', schema: '2.0' });
    expect(
      evaluateCard(
        buildSearchCard({ target: 'crm/Tasks', query: 'Status=Open', fields, records, total: 80 }),
      ),
    ).toEqual({
      kind: 'ok',
      schema: '2.0',
    });
  });
});
