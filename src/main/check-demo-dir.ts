import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The first line of every larkgate.yaml the demo writes (write-demo-config.ts). */
const DEMO_CONFIG_HEADER = '# Written by larkgate demo';

/**
 * Whether the demo may empty `dir` before starting: it does not exist, it is empty, or an earlier demo
 * wrote it (its larkgate.yaml carries the demo's header). Anything else is someone's folder: refused,
 * with the reason, unless the person said `--force`.
 */
export async function checkDemoDir(dir: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: true };
    return { ok: false, reason: `${dir} cannot be read (${code ?? 'error'})` };
  }
  if (entries.length === 0) return { ok: true };
  const config = await readFile(join(dir, 'larkgate.yaml'), 'utf8').catch(() => '');
  if (config.startsWith(DEMO_CONFIG_HEADER)) return { ok: true };
  return {
    ok: false,
    reason: `${dir} is not empty and was not written by larkgate demo (it would be emptied): pick another --dir, or pass --force`,
  };
}
