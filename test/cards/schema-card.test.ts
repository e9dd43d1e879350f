import { describe, expect, it } from 'vitest';
import { buildRequestCard } from '../../cards/build-request-card.js';
import { buildSchemaRows, formatSchemaRow } from '../../cards/build-schema-rows.js';
import { evaluateCard } from '../../emulator/im/evaluate-card.js';
import type { FieldSpec, SchemaPlan } from '../../src/domain/governed-request.js';
import type { Locale } from '../../src/domain/i18n/locale.js';
import { makeRequest, T0 } from '../builders/make-request.js';

const BASE = { alias: 'sandbox', appToken: 'SbxToken' };
const NAME: FieldSpec = { fieldId: 'fldName', name: 'Name', type: 1, property: null, isPrimary: true };
const STAGE: FieldSpec = {
  fieldId: 'fldStage',
  name: 'Stage',
  type: 3,
  property: {
    options: [
      { name: 'Open', id: 'optA' },
      { name: 'Done', id: 'optB' },
    ],
  },
  isPrimary: false,
};

function plan(overrides: Partial<SchemaPlan> & Pick<SchemaPlan, 'op'>): SchemaPlan {
  return {
    kind: 'schema',
    base: BASE,
    table: { id: 'tblT', name: 'tmp_t' },
    field: null,
    tableFields: null,
    restore: null,
    ...overrides,
  };
}

/** The plan's schema lines as an approver whose client is in `locale` reads them. */
const lines = (schemaPlan: SchemaPlan, locale: Locale = 'en_us') =>
  buildSchemaRows(schemaPlan).map((row) => formatSchemaRow(row)[locale]);

const PLANS: Record<string, SchemaPlan> = {
  'table.create': plan({
    op: 'table.create',
    table: { id: null, name: 'tmp_t' },
    tableFields: { before: null, after: [NAME, STAGE] },
  }),
  'table.delete': plan({ op: 'table.delete', tableFields: { before: [NAME, STAGE], after: null } }),
  'field.create': plan({ op: 'field.create', field: { before: null, after: STAGE } }),
  'field.update': plan({
    op: 'field.update',
    field: {
      before: STAGE,
      after: { ...STAGE, name: 'Phase', property: { options: [{ name: 'Open' }, { name: 'Closed' }] } },
    },
  }),
  'field.delete': plan({ op: 'field.delete', field: { before: STAGE, after: null } }),
  'table.create with restore': plan({
    op: 'table.create',
    table: { id: null, name: 'tmp_t' },
    tableFields: { before: null, after: [NAME] },
    restore: {
      records: Array.from({ length: 7 }, (_, i) => ({ recordId: `rec${i}`, cells: { Name: `r${i}` } })),
    },
  }),
};

describe('schema request cards', () => {
  it.each(Object.entries(PLANS))("a %s card passes Lark's card rules", (_name, schemaPlan) => {
    const card = buildRequestCard({
      request: makeRequest({ plan: schemaPlan }),
      approvers: ['ou_bob'],
      now: T0,
    });

    expect(evaluateCard(card)).toEqual({ kind: 'ok', schema: '2.0' });
  });

  it('shows a field update property by property, before → after', () => {
    expect(lines(PLANS['field.update'] as SchemaPlan)).toEqual([
      '**field Phase** · name: Stage → Phase',
      '**field Phase** · options: Open, Done → Open, Closed',
    ]);
    // Larkgate's words in the reader's language; field names and options as they are in the Base.
    expect(lines(PLANS['field.update'] as SchemaPlan, 'zh_cn')).toEqual([
      '**字段 Phase** · 名称: Stage → Phase',
      '**字段 Phase** · 选项: Open, Done → Open, Closed',
    ]);
  });

  it('says what a delete destroys is backed up, and what a rollback restores', () => {
    expect(lines(PLANS['field.delete'] as SchemaPlan)).toContain(
      '**field Stage** · values: in every record → backed up, then deleted with the field',
    );
    expect(lines(PLANS['field.delete'] as SchemaPlan, 'vi_vn')).toContain(
      '**trường Stage** · giá trị: trong mọi bản ghi → sao lưu rồi xóa cùng với trường',
    );
    expect(lines(PLANS['table.create with restore'] as SchemaPlan).at(-1)).toBe(
      '**records** · restored from the backup: — → 7 record(s) re-created (new ids, mapped old → new): rec0, rec1, rec2, rec3, rec4 and 2 more',
    );
    expect(lines(PLANS['table.create with restore'] as SchemaPlan, 'ja_jp').at(-1)).toBe(
      '**レコード** · バックアップから復元: — → 7 件のレコードを再作成（新しい ID、旧 → 新を対応付け）：rec0, rec1, rec2, rec3, rec4 ほか 2 件',
    );
  });

  it('has no Approve button on a drill’s own request: the drill runner approves it', () => {
    const card = buildRequestCard({
      request: makeRequest({
        plan: PLANS['field.create'] as SchemaPlan,
        origin: { kind: 'drill', drillId: 'd1' },
      }),
      approvers: ['ou_bob'],
      now: T0,
    });

    expect(JSON.stringify(card)).not.toContain('"action":"approve"');
    expect(JSON.stringify(card)).toContain('The drill runner approves this itself');
  });
});
