import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'vitest';

// Each test file gets its own temp folder under the run's root (TMPDIR, which os.tmpdir() reads on every
// call), named by a short hash of the file's path so paths stay short (gpg-agent's socket path has a
// limit). A redis-server a file starts works in a folder there, so the global teardown can say which file
// left one running.
const root = process.env.LARKGATE_TEST_ROOT;
const path = expect.getState().testPath;
if (root && path) {
  const file = relative(process.cwd(), path);
  const dir = join(root, createHash('sha256').update(file).digest('hex').slice(0, 8));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '.test-file'), file);
  process.env.TMPDIR = dir;
}
