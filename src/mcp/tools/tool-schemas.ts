import { z } from 'zod';

/** A cell value as an agent gives it: converted by the field's type exactly as chat text is. */
export const AgentValue = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]);

export const Target = {
  base: z.string().min(1).max(64).describe('The base alias (see bases_list).'),
  table: z.string().min(1).max(200).describe('The table name (or its tbl… id).'),
};

export const RecordOut = z.object({ record_id: z.string(), fields: z.record(z.string(), z.unknown()) });

/** An agent value as the chat text the converter takes (null: clear the field). */
export function asChatValue(value: z.infer<typeof AgentValue>): string | null {
  return value === null ? null : String(value);
}
