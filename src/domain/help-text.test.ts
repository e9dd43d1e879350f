import { describe, expect, it } from 'vitest';
import { COMMAND_VERBS } from './command-verbs.js';
import { buildHelpText } from './help-text.js';
import { messagesEnUs } from './i18n/messages-en-us.js';

describe('buildHelpText', () => {
  it('lists every verb with its usage, an example and its aliases', () => {
    const text = buildHelpText(null);
    for (const spec of COMMAND_VERBS) {
      expect(text).toContain(spec.usage);
      expect(text).toContain(`e.g. ${spec.examples[0]}`);
      expect(text).toContain(`${spec.aliases.join(', ')} → ${spec.verb}`);
    }
    expect(text).toContain('help values');
  });

  it('lists the configured bases and their tables, briefly', () => {
    const many = Array.from({ length: 15 }, (_, i) => `T${i}`);
    const text = buildHelpText(null, [
      { alias: 'crm', tables: ['Tasks', 'Open Deals'] },
      { alias: 'ops', tables: many },
      { alias: 'empty', tables: [] },
    ]);
    expect(text).toContain('• crm: Tasks, Open Deals');
    expect(text).toContain(`• ops: ${many.slice(0, 12).join(', ')} (+3 more)`);
    expect(text).toContain('• empty: no tables listed');
  });

  it('shows each base’s delivery stage and what it allows', () => {
    const text = buildHelpText('bases', [
      { alias: 'crm', tables: ['Tasks'], stage: 'live' },
      { alias: 'billing', tables: ['Invoices'], stage: 'read-only' },
      { alias: 'drafts', tables: ['Tasks'], stage: 'dry-run' },
    ]);

    expect(text).toContain('• crm (live: reads and approved writes): Tasks');
    expect(text).toContain('• billing (read-only: reads only): Invoices');
    expect(text).toContain('• drafts (dry-run: diff cards only, nothing runs): Tasks');
  });

  it.each(['update', 'SET', ' edit ', 'change'])('explains update for the topic %j', (topic) => {
    expect(buildHelpText(topic)).toBe(
      [
        'update <base>/<table> <record_id> <Field>=<value> [...]',
        'Change fields of one record (needs approval).',
        'Only the fields you name change. Field= (or Field="") clears a field.',
        'Examples:',
        '  update crm/Tasks recAbc123 Status=Done',
        '  update crm/Tasks recAbc123 "Due Date"= Notes="Moved, see thread"',
        'Also: set, edit, change.',
        'Value syntax: help values.',
      ].join('\n'),
    );
  });

  it.each(['batch delete', 'batch-delete', 'delete-where'])('finds batch-delete for %j', (topic) => {
    expect(buildHelpText(topic)).toMatch(/^batch-delete <base>\/<table> <Field>=<value>\n/);
  });

  it.each(['values', 'quotes', 'Types'])('explains value syntax for %j', (topic) => {
    const text = buildHelpText(topic);
    expect(text).toMatch(/^Values:/);
    expect(text).toContain('Dates: 2026-12-01');
    expect(text).toContain('Field= or Field="" clears the field.');
  });

  it('lists bases for the bases topic', () => {
    expect(buildHelpText('bases', [{ alias: 'crm', tables: ['Tasks'] }])).toBe(
      'Bases and tables (write them as <base>/<table>):\n• crm: Tasks',
    );
    expect(buildHelpText('tables')).toBe('No bases are configured yet.');
  });

  it.each(['schema', 'sandbox', 'field types'])('explains schema changes and field types for %j', (topic) => {
    const text = buildHelpText(topic);
    expect(text).toMatch(/^Schema changes \(table-create/);
    expect(text).toContain('only on tables whose name starts with its temp prefix');
    expect(text).toContain('multi-select (or multi_select)');
  });

  it('says so for an unknown topic, then gives the overview', () => {
    const text = buildHelpText('frobnicate');
    expect(text.startsWith('I have no help on "frobnicate".\n\nLarkgate commands')).toBe(true);
  });
});

describe('help in the reader’s language', () => {
  it('lists every command word unchanged with its meaning in Vietnamese, Chinese and Japanese', () => {
    const vi = buildHelpText(null, [], 'vi_vn');
    expect(vi).toContain('Các lệnh Larkgate');
    expect(vi).toContain('thêm một bản ghi (cần phê duyệt)');
    expect(buildHelpText(null, [], 'zh_cn')).toContain('新增一条记录（需审批）');
    expect(buildHelpText(null, [], 'ja_jp')).toContain('レコードを追加（承認が必要）');
    for (const locale of ['vi_vn', 'zh_cn', 'ja_jp'] as const) {
      const text = buildHelpText(null, [], locale);
      for (const spec of COMMAND_VERBS) expect(text).toContain(spec.usage);
      expect(text).not.toContain('needs approval');
    }
  });

  it('in English it is the same as before: the catalogue holds each command’s own summary', () => {
    for (const spec of COMMAND_VERBS)
      expect(messagesEnUs[`help.summary.${spec.verb}` as keyof typeof messagesEnUs]).toBe(spec.summary);
    expect(buildHelpText(null)).toBe(buildHelpText(null, [], 'en_us'));
  });
});
