import { canonicalJson } from './canonical-json.js';
import type { FieldSpec, SchemaPlan } from './governed-request.js';
import { schemaTypeName } from './schema-field-types.js';

/**
 * What a field is, as far as a schema change and its verification care: name, type, the option names of
 * a select kind (in order) and the table a link points at. Option ids and colours, formatters and other
 * presentation details Lark fills in are not compared.
 */
export type FieldShape = {
  name: string;
  type: number;
  primary: boolean;
  options?: string[];
  table_id?: string;
};

export function fieldShape(spec: FieldSpec): FieldShape {
  const shape: FieldShape = { name: spec.name, type: spec.type, primary: spec.isPrimary };
  if (spec.type === 3 || spec.type === 4) shape.options = optionNames(spec.property);
  if (spec.type === 18 || spec.type === 21) {
    const tableId = spec.property?.table_id;
    if (typeof tableId === 'string') shape.table_id = tableId;
  }
  return shape;
}

export function fieldsMatch(a: FieldSpec, b: FieldSpec): boolean {
  return canonicalJson(fieldShape(a)) === canonicalJson(fieldShape(b));
}

/** Option names of a select field's property, in order. */
export function optionNames(property: Record<string, unknown> | null): string[] {
  const options = property?.options;
  if (!Array.isArray(options)) return [];
  return options
    .map((option) => (option as { name?: unknown } | null)?.name)
    .filter((name): name is string => typeof name === 'string');
}

/** `Stage (select: Open, Done)`: a field in words, for cards, conflicts and verification messages. */
export function describeField(spec: FieldSpec): string {
  const shape = fieldShape(spec);
  const details = [schemaTypeName(spec.type)];
  if (shape.options) details.push(shape.options.join(', ') || 'no options');
  if (shape.table_id) details.push(`→ ${shape.table_id}`);
  return `${spec.name} (${details.join(': ')})`;
}

/** Where a table's fields differ from the expected ones, by name; empty when they match. */
export function diffTableFields(expected: readonly FieldSpec[], actual: readonly FieldSpec[]): string[] {
  const differences: string[] = [];
  const byName = new Map(actual.map((field) => [field.name, field]));
  for (const field of expected) {
    const found = byName.get(field.name);
    if (!found) differences.push(`${field.name} is missing`);
    else if (!fieldsMatch(field, found))
      differences.push(`${describeField(found)} is not ${describeField(field)}`);
    byName.delete(field.name);
  }
  for (const extra of byName.values()) differences.push(`${describeField(extra)} is not expected`);
  return differences;
}

/** The schema as read now: the target table (null when there is none) and its fields. */
export type SchemaSnapshot = {
  table: { tableId: string; name: string } | null;
  fields: readonly FieldSpec[];
};

export type SchemaState = { kind: 'before' } | { kind: 'after' } | { kind: 'drifted'; differences: string[] };

/**
 * Where the schema stands relative to an approved schema plan: still exactly `before` (safe to write),
 * already `after` (the change landed), or neither (someone else changed it: stop). The schema analogue of
 * evaluateTargetState, used for the stale check, reconciling an ambiguous write, and verification.
 */
export function evaluateSchemaState(plan: SchemaPlan, now: SchemaSnapshot): SchemaState {
  const drifted = (...differences: string[]): SchemaState => ({ kind: 'drifted', differences });
  switch (plan.op) {
    case 'table.create': {
      if (!now.table) return { kind: 'before' };
      const differences = diffTableFields(plan.tableFields?.after ?? [], now.fields);
      return differences.length === 0
        ? { kind: 'after' }
        : drifted(`a table named ${plan.table.name} exists with other fields: ${differences.join('; ')}`);
    }
    case 'table.delete': {
      if (!now.table) return { kind: 'after' };
      const differences = diffTableFields(plan.tableFields?.before ?? [], now.fields);
      return differences.length === 0
        ? { kind: 'before' }
        : drifted(`${plan.table.name} changed: ${differences.join('; ')}`);
    }
    case 'field.create': {
      const after = plan.field?.after;
      if (!now.table || !after) return drifted(`the table ${plan.table.name} is gone`);
      const found = now.fields.find((field) => field.name === after.name);
      if (!found) return { kind: 'before' };
      return fieldsMatch(found, after)
        ? { kind: 'after' }
        : drifted(`a field ${describeField(found)} exists, not ${describeField(after)}`);
    }
    case 'field.update':
    case 'field.delete': {
      const before = plan.field?.before;
      if (!now.table || !before) return drifted(`the table ${plan.table.name} is gone`);
      const found = now.fields.find((field) => field.fieldId === before.fieldId);
      if (!found) {
        return plan.op === 'field.delete' ? { kind: 'after' } : drifted(`the field ${before.name} is gone`);
      }
      if (fieldsMatch(found, before)) return { kind: 'before' };
      const after = plan.field?.after;
      if (after && fieldsMatch(found, after)) return { kind: 'after' };
      return drifted(`${describeField(found)} is no longer ${describeField(before)}`);
    }
  }
}
