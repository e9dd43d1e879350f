import { describe, expect, it } from 'vitest';
import { inEnglish } from './i18n/message.js';
import { parseCommand } from './parse-command.js';

function parsed(text: string) {
  const result = parseCommand(text);
  if (!result.ok) throw new Error(inEnglish(result.error));
  return result.command;
}

function refusal(text: string): string {
  const result = parseCommand(text);
  if (result.ok) throw new Error(`parsed: ${JSON.stringify(result.command)}`);
  return inEnglish(result.error);
}

describe('parseCommand: schema verbs', () => {
  it('reads a table with typed fields, select options and a link', () => {
    expect(
      parsed(
        'table-create sandbox/tmp_t Name:text Points:num Stage:select=Open,"In progress" Parent:link=tmp_u',
      ),
    ).toEqual({
      kind: 'table-create',
      target: { base: 'sandbox', table: 'tmp_t' },
      fields: [
        { name: 'Name', type: 1, options: null, linkTable: null },
        { name: 'Points', type: 2, options: null, linkTable: null },
        { name: 'Stage', type: 3, options: ['Open', 'In progress'], linkTable: null },
        { name: 'Parent', type: 18, options: null, linkTable: 'tmp_u' },
      ],
    });
  });

  it('gives a table without fields a primary Name:text, and reads quoted names', () => {
    expect(parsed('create-table sandbox/tmp_t')).toMatchObject({
      fields: [{ name: 'Name', type: 1, options: null, linkTable: null }],
    });
    expect(parsed('table-create sandbox/tmp_t "Due date":date')).toMatchObject({
      fields: [{ name: 'Due date', type: 5 }],
    });
  });

  it('reads field create, update and delete', () => {
    expect(parsed('field-create sandbox/tmp_t Priority select options=Low,High')).toEqual({
      kind: 'field-create',
      target: { base: 'sandbox', table: 'tmp_t' },
      field: { name: 'Priority', type: 3, options: ['Low', 'High'], linkTable: null },
    });
    expect(parsed('add-field sandbox/tmp_t Owner person')).toMatchObject({ field: { type: 11 } });
    expect(parsed('field-update sandbox/tmp_t Points name=Score type=text')).toEqual({
      kind: 'field-update',
      target: { base: 'sandbox', table: 'tmp_t' },
      field: 'Points',
      changes: { name: 'Score', type: 1, options: null, linkTable: null },
    });
    expect(parsed('drop-field sandbox/tmp_t Points')).toEqual({
      kind: 'field-delete',
      target: { base: 'sandbox', table: 'tmp_t' },
      field: 'Points',
    });
    expect(parsed('table-delete sandbox/tmp_t')).toEqual({
      kind: 'table-delete',
      target: { base: 'sandbox', table: 'tmp_t' },
    });
  });

  it.each([
    ['table-create sandbox/tmp_t Name:txet', 'I don\'t know the field type "txet". Did you mean text?'],
    ['table-create sandbox/tmp_t Name', '"Name" is not a field definition'],
    ['table-create sandbox/tmp_t Stage:select', 'Stage is a select: give its options after "="'],
    ['table-create sandbox/tmp_t Stage:select=a,,b', 'An option is empty'],
    ['table-create sandbox/tmp_t Stage:select=a,a', 'The option a is listed twice.'],
    ['table-create sandbox/tmp_t Name:text Name:number', 'Name appears twice.'],
    ['table-create sandbox/tmp_t Done:checkbox', "The first field is the table's primary field"],
    ['table-create sandbox/tmp_t Name:text=x', 'Name is a text field, which takes nothing after "="'],
    ['table-delete sandbox/tmp_t now', 'Unexpected "now": table-delete takes only <base>/<table>.'],
    ['field-create sandbox/tmp_t Priority', 'field-create needs the type after the field name'],
    [
      'field-create sandbox/tmp_t Priority select',
      'Priority is a select: give its options, like options=Low,High.',
    ],
    [
      'field-create sandbox/tmp_t Parent link',
      'Parent is a link: name the table it links to, like table=tmp_other.',
    ],
    [
      'field-create sandbox/tmp_t Size number options=a',
      'options= is only for select and multi-select fields.',
    ],
    ['field-update sandbox/tmp_t Size', 'field-update needs at least one change'],
    [
      'field-update sandbox/tmp_t Size colour=red',
      '"colour=red" is not one of name=…, type=…, options=…, table=….',
    ],
    ['field-update sandbox/tmp_t Size name=A name=B', 'name= appears twice.'],
    ['field-delete sandbox/tmp_t', 'field-delete needs the name of the field to delete.'],
    ['field-delete sandbox/tmp_t A B', 'Unexpected "B": field-delete takes one field name.'],
    ['table-create tmp_t Name:text', 'is not a table: write <base>/<table>'],
  ])('explains what is wrong with %j', (text, message) => {
    expect(refusal(text)).toContain(message);
  });
});
