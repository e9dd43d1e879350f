import type { AuditStreamSink } from './audit-stream-sink.js';
import type { AuditSink } from './create-audit-log.js';

export type AuditCoverage = {
  /** Wrap the file sink with this: it learns whether the file took every event. */
  file: AuditSink;
  /** Wrap the stream sink with this: it learns each event's stream id. */
  stream: AuditSink;
  /** True while the file sink's latest write succeeded (and so the stream cap may drop old entries). */
  fileHealthy(): boolean;
  /** The seq of the newest checkpoint event reported held (0 before any). */
  heldUpTo(): number;
};

type Line = { chain: string; seq: number; type: string };

/**
 * Watches one process's two sinks to tell when its chain is held by the file up to a signed checkpoint:
 * a checkpoint event that both sinks took, in a process whose file sink never failed (so the file holds
 * every event of the chain before it). Then `onHeld` gets the checkpoint's stream id: the bound to trim to.
 * `onFirst` gets the stream id of the chain's first event (its floor until a checkpoint is held).
 */
export function trackAuditCoverage(
  sinks: { file: AuditSink; stream: AuditStreamSink },
  hooks: {
    onFirst(chain: string, streamId: string): void;
    onHeld(chain: string, seq: number, streamId: string): void;
  },
): AuditCoverage {
  let fileEverFailed = false;
  let fileLastFailed = false;
  let registered = false;
  let heldSeq = 0;
  /** Checkpoints one sink took, waiting for the other: seq → stream id (or '' from the file side). */
  const fromStream = new Map<number, string>();
  const fromFile = new Set<number>();

  function settle(line: Line): void {
    const streamId = fromStream.get(line.seq);
    if (streamId === undefined || !fromFile.has(line.seq)) return;
    fromStream.delete(line.seq);
    fromFile.delete(line.seq);
    if (fileEverFailed) return;
    heldSeq = Math.max(heldSeq, line.seq);
    hooks.onHeld(line.chain, line.seq, streamId);
  }

  /** The checkpoint lines of a batch (a line is parsed only if its text names the type: most are not). */
  const checkpointLines = (lines: readonly string[]) =>
    lines.flatMap((text, index) => {
      if (!text.includes('audit.checkpoint')) return [];
      const line = parseLine(text);
      return line?.type === 'audit.checkpoint' ? [{ line, index }] : [];
    });

  const file: AuditSink = {
    name: sinks.file.name,
    async write(line) {
      return this.writeBatch?.([line]);
    },
    async writeBatch(lines) {
      try {
        await (sinks.file.writeBatch ? sinks.file.writeBatch(lines) : oneByOne(sinks.file, lines));
      } catch (error) {
        fileEverFailed = true;
        fileLastFailed = true;
        throw error;
      }
      fileLastFailed = false;
      for (const { line } of checkpointLines(lines)) {
        fromFile.add(line.seq);
        settle(line);
      }
    },
    close: () => sinks.file.close(),
  };
  const stream: AuditSink = {
    name: sinks.stream.name,
    async write(line) {
      return this.writeBatch?.([line]);
    },
    async writeBatch(lines) {
      const ids = await sinks.stream.writeBatch(lines);
      if (!registered) {
        const index = lines.findIndex((text) => parseLine(text) !== null);
        const first = index === -1 ? null : parseLine(lines[index] as string);
        if (first && ids[index] !== undefined) {
          registered = true;
          hooks.onFirst(first.chain, ids[index] as string);
        }
      }
      for (const { line, index } of checkpointLines(lines)) {
        const id = ids[index];
        if (id === undefined) continue;
        fromStream.set(line.seq, id);
        settle(line);
      }
      return ids;
    },
    close: () => sinks.stream.close(),
  };
  return { file, stream, fileHealthy: () => !fileLastFailed, heldUpTo: () => heldSeq };
}

async function oneByOne(sink: AuditSink, lines: readonly string[]): Promise<void> {
  for (const line of lines) await sink.write(line);
}

function parseLine(text: string): Line | null {
  try {
    const event = JSON.parse(text) as Partial<Line>;
    return typeof event.chain === 'string' && typeof event.seq === 'number' && typeof event.type === 'string'
      ? { chain: event.chain, seq: event.seq, type: event.type }
      : null;
  } catch {
    return null;
  }
}
