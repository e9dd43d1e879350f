import { z } from 'zod';
import { BACKUP_FORMAT, type BackupDocument } from './build-backup-document.js';

const Cells = z.record(z.string(), z.unknown());
const Change = z.object({
  recordId: z.string().nullable(),
  before: Cells.nullable(),
  after: Cells.nullable(),
  restores: z.string().optional(),
});

const Document = z.object({
  format: z.literal(BACKUP_FORMAT),
  request_id: z.string(),
  op: z.string(),
  taken_at: z.string(),
  base: z.object({ alias: z.string(), app_token: z.string() }),
  table: z.object({ id: z.string(), name: z.string() }),
  scope_hash: z.string().regex(/^[0-9a-f]{64}$/),
  fields: z.array(z.object({ field_id: z.string(), name: z.string(), type: z.number() })),
  records: z.array(z.object({ record_id: z.string(), fields: Cells })),
  changes: z.array(Change),
});

/** Reads a decrypted backup; a document that is not a Larkgate backup is refused with the reason. */
export function parseBackupDocument(
  text: string,
): { ok: true; document: BackupDocument } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'the backup is not JSON' };
  }
  const parsed = Document.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: `not a ${BACKUP_FORMAT} document (${issue?.path.join('.') || 'top level'}: ${issue?.message})`,
    };
  }
  return { ok: true, document: parsed.data as BackupDocument };
}
