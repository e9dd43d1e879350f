import type { BaseWriter } from '../../ports/base-writer.js';
import type { SchemaGateway } from '../../ports/schema-gateway.js';

const WRITE_METHODS = [
  'createRecord',
  'updateRecord',
  'deleteRecord',
  'batchCreateRecords',
  'batchUpdateRecords',
  'batchDeleteRecords',
  'createTable',
  'deleteTable',
  'createField',
  'updateField',
  'deleteField',
] as const;

/** The same gateway, noting every write method called (a write after a refusal is a fail-open). */
export function recordWrites<T extends Partial<BaseWriter & SchemaGateway>>(gateway: T, writes: string[]): T {
  const wrapped: Record<string, unknown> = {};
  for (const name of Object.keys(gateway) as Array<keyof T & string>) {
    const method = gateway[name];
    wrapped[name] =
      typeof method === 'function' && (WRITE_METHODS as readonly string[]).includes(name)
        ? (...args: unknown[]) => {
            writes.push(name);
            return (method as (...a: unknown[]) => unknown).apply(gateway, args);
          }
        : typeof method === 'function'
          ? (method as (...a: unknown[]) => unknown).bind(gateway)
          : method;
  }
  return wrapped as T;
}
