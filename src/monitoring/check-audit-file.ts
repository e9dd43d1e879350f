import { open } from 'node:fs/promises';

/**
 * Can the audit file be appended to right now? Opens it for append (creating it if needed) and closes it
 * without writing, so the log is untouched. Null when it can, else why not. A full disk is not seen here;
 * the audit log's own sink failures report that.
 */
export async function checkAuditFile(path: string): Promise<string | null> {
  try {
    const handle = await open(path, 'a');
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) return `${path} is not a regular file`;
    } finally {
      await handle.close();
    }
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return `cannot open ${path} for append (${code})`;
  }
}
