import { open } from 'node:fs/promises';
import type { Redis } from 'ioredis';

const TAIL_BYTES = 64 * 1024;

/**
 * The timestamp of the newest event in each audit sink: the last complete line of the JSONL file and the
 * last entry of the stream. `null` when the sink is empty; an Error when it cannot be read.
 */
export async function readNewestAuditTimes(deps: {
  filePath: string;
  redis: Redis;
  streamKey: string;
}): Promise<{ file: number | null | Error; stream: number | null | Error }> {
  const [file, stream] = await Promise.all([
    newestInFile(deps.filePath).catch((error: Error) => error),
    deps.redis
      .xrevrange(deps.streamKey, '+', '-', 'COUNT', 1)
      .then((entries) => {
        const fields = entries[0]?.[1];
        return fields ? timeOf(fields[fields.indexOf('e') + 1] ?? '') : null;
      })
      .catch((error: Error) => error),
  ]);
  return { file, stream };
}

async function newestInFile(path: string): Promise<number | null> {
  const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (!handle) return null;
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').split('\n');
    for (let index = lines.length - 1; index >= 0; index--) {
      const at = timeOf(lines[index] ?? '');
      if (at !== null) return at;
    }
    return null;
  } finally {
    await handle.close();
  }
}

function timeOf(line: string): number | null {
  const match = /"ts":"([^"]+)"/.exec(line);
  const at = match ? Date.parse(match[1] as string) : Number.NaN;
  return Number.isFinite(at) ? at : null;
}
