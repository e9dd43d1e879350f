import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { generateBackupKeyPair } from '../backup/generate-backup-key-pair.js';
import { checkConfig } from './check-config.js';

const CONFIG_DIR = join(import.meta.dirname, '../../config');

/** The example config in a folder of its own, edited. */
async function example(
  edit: (doc: ReturnType<typeof parseDocument>) => void,
): Promise<{ path: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'larkgate-check-'));
  const doc = parseDocument(await readFile(join(CONFIG_DIR, 'larkgate.example.yaml'), 'utf8'));
  doc.setIn(['files'], {
    allowed_endpoints: join(CONFIG_DIR, 'allowed_endpoints.yaml'),
    lark_api_limits: join(CONFIG_DIR, 'lark-api-limits.yaml'),
  });
  edit(doc);
  const path = join(dir, 'larkgate.yaml');
  await writeFile(path, doc.toString());
  return { path, dir };
}

const keys = (findings: Awaited<ReturnType<typeof checkConfig>>, level = 'problem') =>
  findings.filter((finding) => finding.level === level).map((finding) => finding.key);

describe('checkConfig', () => {
  it('names every schema problem, not only the first', async () => {
    const { path } = await example((doc) => {
      doc.setIn(['app', 'app_id'], 'nope');
      doc.setIn(['app', 'app_secret'], 'literal-secret');
      doc.setIn(['bases', 0, 'tierr'], 'L2');
    });

    const findings = await checkConfig(path, { env: {} });

    expect(keys(findings)).toEqual(expect.arrayContaining(['app.app_id', 'app.app_secret', 'bases[0]']));
    expect(findings.find((finding) => finding.key === 'bases[0]')?.message).toContain('"tierr"');
  });

  it('names each secret that does not resolve, without printing any value', async () => {
    const { path } = await example(() => undefined);

    const findings = await checkConfig(path, { env: { LARK_APP_SECRET: 'app-secret-value' } });

    expect(keys(findings)).toEqual(
      expect.arrayContaining([
        'app.encrypt_key',
        'app.verification_token',
        'redis.url',
        'audit.fingerprint_key',
        'audit.hash_key',
        'audit.checkpoint_key',
        'backup.private_key',
        'backup.recipients[0]',
      ]),
    );
    expect(keys(findings)).not.toContain('app.app_secret');
    expect(JSON.stringify(findings)).not.toContain('app-secret-value');
  });

  it('refuses a backup private key whose public half is not a recipient, and warns on a readable secret file', async () => {
    const own = await generateBackupKeyPair({ name: 'Own', email: 'own@example.com' });
    const other = await generateBackupKeyPair({ name: 'Other', email: 'other@example.com' });
    const { path, dir } = await example((doc) => {
      doc.setIn(['backup', 'recipients'], ['other.pub.asc']);
      doc.setIn(['backup', 'private_key'], 'secret://file/own.key.asc');
    });
    await writeFile(join(dir, 'other.pub.asc'), other.publicKey);
    await writeFile(join(dir, 'own.key.asc'), own.privateKey);
    await chmod(join(dir, 'own.key.asc'), 0o644);

    const findings = await checkConfig(path, { env: {} });

    expect(
      findings.find((finding) => finding.key === 'backup.private_key' && finding.level === 'problem')
        ?.message,
    ).toContain('is not among backup.recipients');
    expect(keys(findings, 'warning')).toContain('backup.private_key');
    expect(keys(findings)).not.toContain('backup.recipients');
  });
});
