import { type FileHandle, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AuditSink } from './create-audit-log.js';

export type AuditFileSinkOptions = {
  path: string;
  /** The name `audit.sink_gap` events use for this sink; `file` unless there are several files. */
  name?: string;
  /** Permissions when the file is created. */
  mode?: number;
};

/**
 * The append-only JSONL sink. Several processes may append to one file: it is opened with O_APPEND and
 * each line goes out in a single write(), so lines never interleave. Each append is fdatasync'ed before
 * it counts. After a failure the file is reopened on the next write (the disk may have come back).
 */
export function createAuditFileSink(options: AuditFileSinkOptions): AuditSink {
  let handle: FileHandle | undefined;
  /** A short write left a partial line: end it before the next one so that one stays readable. */
  let partialLine = false;

  async function openFile(): Promise<FileHandle> {
    const file = await open(options.path, 'a', options.mode ?? 0o640);
    try {
      // A new file's directory entry must be durable too, or a crash could lose the whole file.
      if ((await file.stat()).size === 0) await syncDirectory(dirname(options.path));
    } catch (error) {
      await file.close().catch(() => undefined);
      throw error;
    }
    return file;
  }

  async function discard(): Promise<void> {
    const old = handle;
    handle = undefined;
    await old?.close().catch(() => undefined);
  }

  /** All lines in one write() and one fdatasync: a group commit, so concurrent events share the sync. */
  async function writeLines(lines: readonly string[]): Promise<void> {
    if (lines.some((line) => line.includes('\n')))
      throw new TypeError('an audit line must not contain a newline');
    try {
      // Someone deleted the file under us: appending to the orphan would lose every event.
      if (handle && (await handle.stat()).nlink === 0) await discard();
      handle ??= await openFile();
      const data = Buffer.from(`${partialLine ? '\n' : ''}${lines.join('\n')}\n`, 'utf8');
      const { bytesWritten } = await handle.write(data);
      if (bytesWritten !== data.length) {
        partialLine = bytesWritten > 0 || partialLine;
        throw Object.assign(new Error('short write to the audit file'), { code: 'audit_short_write' });
      }
      partialLine = false;
      await handle.datasync();
    } catch (error) {
      await discard();
      throw error;
    }
  }

  return {
    name: options.name ?? 'file',
    write(line) {
      return writeLines([line]);
    },
    writeBatch: writeLines,
    async close() {
      await discard();
    },
  };
}

async function syncDirectory(path: string): Promise<void> {
  const directory = await open(path, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
