import type { LocalText } from '../src/domain/i18n/locale.js';
import type { MessageKey } from '../src/domain/i18n/messages-en-us.js';
import { translate } from '../src/domain/i18n/translate.js';
import type { LiveOpProgress } from '../src/domain/live-op-progress.js';

/**
 * The progress line a long live op's card carries, in every locale: step, counts, time left (the backup:
 * its step and how many records it holds).
 */
export function buildProgressLine(progress: LiveOpProgress, seconds: number | undefined): LocalText {
  // The backup is one step with no count: its records go into one document at once.
  if (progress.step === 'backup')
    return translate('progress.backup_line', {
      step: translate('progress.step.backup'),
      records: progress.recordsTotal,
    });
  const finished = progress.recordsDone >= progress.recordsTotal;
  return translate('progress.line', {
    step: translate(`progress.step.${progress.step}` as MessageKey),
    done: progress.recordsDone,
    total: progress.recordsTotal,
    chunk: progress.chunksDone,
    chunks: progress.chunksTotal,
    left: finished
      ? translate('progress.done')
      : seconds === undefined
        ? '…'
        : translate('progress.left', { seconds }),
  });
}
