import type { KeyObject } from 'node:crypto';
import { verifyCheckpoint } from './audit-checkpoint.js';
import type { TrustedCheckpoint } from './verify-audit-chain.js';

export type CheckpointExport =
  | {
      kind: 'read';
      /** Checkpoints whose signature verified, each named by its line. */
      trusted: TrustedCheckpoint[];
      /** Lines that hold a checkpoint whose signature did not verify. */
      forged: Array<{ source: string; reason: string }>;
    }
  /** A line that is not JSON at all: the file is not an export of checkpoints. */
  | { kind: 'malformed'; line: number };

/**
 * The audit chat's checkpoint lines (`audit checkpoint {…}`, or the bare JSON), one per line, as given to
 * `larkgate audit verify --checkpoint`: each signed checkpoint is trusted or named forged; blank lines are
 * skipped. `name` is how the lines are cited (the file's path).
 */
export function parseCheckpointExport(text: string, name: string, publicKey: KeyObject): CheckpointExport {
  const trusted: TrustedCheckpoint[] = [];
  const forged: Array<{ source: string; reason: string }> = [];
  const lines = text.split('\n');
  for (const [index, lineText] of lines.entries()) {
    const json = lineText.trim().replace(/^audit checkpoint /, '');
    if (json === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      return { kind: 'malformed', line: index + 1 };
    }
    const { sinks, ...checkpoint } = (value ?? {}) as { sinks?: unknown };
    const verdict = verifyCheckpoint(checkpoint, publicKey);
    const source = `${name} line ${index + 1}`;
    if (!verdict.ok) {
      forged.push({ source, reason: verdict.reason });
      continue;
    }
    const held = Array.isArray(sinks) && sinks.every((sink) => typeof sink === 'string') ? sinks : undefined;
    trusted.push({ ...verdict.checkpoint, source, ...(held ? { sinks: held as string[] } : {}) });
  }
  return { kind: 'read', trusted, forged };
}
