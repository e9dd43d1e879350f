import { constants } from 'node:fs';
import { access, open } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Can the audit file be appended to right now? Opens it for append without creating it (O_APPEND, no
 * O_CREAT) and closes it without writing, so the log is untouched; a file that does not exist yet is fine
 * if its folder is writable (the first event creates it). Null when it can, else why not. A full disk is
 * not seen here; the audit log's own sink failures report that.
 */
export async function checkAuditFile(path: string): Promise<string | null> {
  try {
    const handle = await open(path, constants.O_WRONLY | constants.O_APPEND);
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) return `${path} is not a regular file`;
    } finally {
      await handle.close();
    }
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ENOENT') {
      try {
        await access(dirname(path), constants.W_OK);
        return null;
      } catch (inner) {
        return `cannot create ${path} (${(inner as NodeJS.ErrnoException).code ?? 'error'})`;
      }
    }
    return `cannot open ${path} for append (${code})`;
  }
}
