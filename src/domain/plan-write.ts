import type { Cells, FieldMeta } from './cell-value.js';
import { FIELD_TYPE_NAMES, isWritableField } from './cell-value.js';
import { cellsEqual } from './cells-equal.js';
import type { Assignment, Command } from './command.js';
import { convertChatValue } from './convert-chat-value.js';
import type { PlanField, RecordChange, WritePlan } from './governed-request.js';
import { listOf, type Message, message, verbatim } from './i18n/message.js';
import { suggestClosest } from './suggest.js';

export type RecordWriteCommand = Extract<Command, { kind: 'create' | 'update' | 'delete' }>;

export type PlanInput = {
  command: RecordWriteCommand;
  base: { alias: string; appToken: string };
  table: { id: string; name: string };
  fields: readonly FieldMeta[];
  /** The current state of the records the command names (update, delete), in canonical form. */
  current: ReadonlyMap<string, Cells>;
};

/** A refusal: one message, or several lines (one per problem; a value's problem still in English). */
export type PlanResult = { ok: true; plan: WritePlan } | { ok: false; error: Message | (Message | string)[] };

/**
 * Turns a parsed write command and the current state of its records into the exact change to approve:
 * per record and field, before → after, with values converted by each field's type. Pure; every problem
 * is a message for the person who asked.
 */
export function planWrite(input: PlanInput): PlanResult {
  const { command, fields } = input;
  const byName = new Map(fields.map((field) => [field.name, field]));
  const target = `${input.base.alias}/${input.table.name}`;

  if (command.kind === 'delete') {
    const missing = command.recordIds.filter((id) => !input.current.has(id));
    if (missing.length > 0)
      return { ok: false, error: message('reply.no_record', { id: listOf(missing, ', '), target }) };
    const changes: RecordChange[] = command.recordIds.map((recordId) => ({
      recordId,
      before: input.current.get(recordId) ?? {},
      after: null,
    }));
    return { ok: true, plan: buildPlan(input, fields, changes) };
  }

  const converted = convertAssignments(command.assignments, byName, target);
  if (!converted.ok) return converted;
  const touched = command.assignments.map((assignment) => byName.get(assignment.field) as FieldMeta);

  if (command.kind === 'create') {
    return {
      ok: true,
      plan: buildPlan(input, touched, [{ recordId: null, before: null, after: converted.cells }]),
    };
  }

  const current = input.current.get(command.recordId);
  if (!current) return { ok: false, error: message('reply.no_record', { id: command.recordId, target }) };
  const before: Cells = {};
  const after: Cells = {};
  for (const [name, value] of Object.entries(converted.cells)) {
    const was = current[name] ?? null;
    if (cellsEqual(was, value)) continue;
    before[name] = was;
    after[name] = value;
  }
  if (Object.keys(after).length === 0) {
    return { ok: false, error: message('reply.nothing_to_change', { id: command.recordId }) };
  }
  const changedFields = touched.filter((field) => field.name in after);
  return { ok: true, plan: buildPlan(input, changedFields, [{ recordId: command.recordId, before, after }]) };
}

function convertAssignments(
  assignments: readonly Assignment[],
  byName: ReadonlyMap<string, FieldMeta>,
  target: string,
): { ok: true; cells: Cells } | { ok: false; error: (Message | string)[] } {
  const cells: Cells = {};
  const errors: (Message | string)[] = [];
  for (const assignment of assignments) {
    const field = byName.get(assignment.field);
    if (!field) {
      const hint = suggestClosest(assignment.field, [...byName.keys()]);
      errors.push(
        hint
          ? message('reply.no_field_hint', { target, field: assignment.field, hint })
          : message('reply.no_field', { target, field: assignment.field }),
      );
      continue;
    }
    if (!isWritableField(field)) {
      const type = FIELD_TYPE_NAMES[field.type] ?? `type ${field.type}`;
      errors.push(message('reply.unwritable', { field: field.name, type: verbatim(type) }));
      continue;
    }
    const result = convertChatValue(field, assignment.value);
    if (result.ok) cells[field.name] = result.value;
    else errors.push(result.error);
  }
  return errors.length > 0 ? { ok: false, error: errors } : { ok: true, cells };
}

function buildPlan(input: PlanInput, fields: readonly FieldMeta[], changes: RecordChange[]): WritePlan {
  const planFields: PlanField[] = fields.map((field) => ({
    fieldId: field.fieldId,
    name: field.name,
    type: field.type,
    options: field.options,
    isPrimary: field.isPrimary,
  }));
  return {
    kind: 'records',
    op: input.command.kind,
    base: input.base,
    table: input.table,
    fields: planFields,
    changes,
  };
}
