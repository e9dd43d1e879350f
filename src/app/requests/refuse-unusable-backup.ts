import { type Message, message, renderMessage, verbatim } from '../../domain/i18n/message.js';
import type { BackupError, BackupErrorCode } from '../../ports/backup-error.js';
import type { RefusalText } from './ask-outcome.js';
import type { RequestsDeps } from './requests-deps.js';

const RUNBOOK = 'docs/runbooks/restore.md';

/** What the requester is told, by why the backup could not be used. */
function describe(code: BackupErrorCode, backupId: string): Message {
  const params = { backup: backupId, runbook: verbatim(RUNBOOK) };
  switch (code) {
    case 'backup_hash_mismatch':
    case 'backup_integrity_failed':
    case 'backup_signature_invalid':
    case 'backup_malformed':
      return message('reply.backup.integrity', params);
    case 'backup_not_found':
    case 'backup_id_invalid':
      return message('reply.backup.missing', params);
    default:
      return message('reply.backup.key', params);
  }
}

/**
 * A rollback whose backup cannot be trusted or read stops here: refused in chat with what to do, audited
 * as `tool.denied` (denial code `backup.unusable`, a handler refusal the probes cover; the backup error's
 * own code in `backup_error`), and not retried — a retry reads the same
 * bytes. Nothing is planned or written.
 */
export async function refuseUnusableBackup(
  error: BackupError,
  context: { requester: string; originalId: string; backupId: string; base: string; requestId: string },
  deps: Pick<RequestsDeps, 'audit' | 'logger'>,
  say: (text: RefusalText) => Promise<{ ok: boolean; text: string }>,
): Promise<{ ok: boolean; text: string }> {
  const why = describe(error.code, context.backupId);
  deps.logger.error(
    { rollbackOf: context.originalId, backupId: context.backupId, code: error.code, err: error.message },
    'rollback refused: the backup cannot be used',
  );
  await deps.audit({
    type: 'tool.denied',
    actor: context.requester,
    requestId: context.requestId,
    details: {
      action: 'rollback',
      rollback_of: context.originalId,
      base: context.base,
      backup_id: context.backupId,
      backup_error: error.code,
      denials: [{ code: 'backup.unusable', message: renderMessage(why, 'en_us') }],
    },
  });
  // Larkgate's own words and ids, with the runbook's path and the event name kept readable as they are.
  return say(message('reply.rollback.cannot_backup', { id: context.originalId, why }));
}
