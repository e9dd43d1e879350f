import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { sealPush } from '../../emulator/events/seal-push.js';
import { ConfigError } from '../../src/config/config-error.js';
import { createRuntime, type Runtime } from '../../src/main/create-runtime.js';
import { registerDrillRotateSecretsCommand } from '../../src/main/drill-rotate-secrets-command.js';
import { startServe } from '../../src/main/start-serve.js';
import { readAuditFile } from '../../src/store/read-audit-file.js';
import { type Harness, startHarness } from '../e2e/demo-harness.js';
import { runCommand } from '../helpers/run-command.js';

const HOUR = 3600_000;
const logger = pino({ level: 'silent' });

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ runWorker: false });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

async function auditEvents(): Promise<Array<{ type: string; details: Record<string, unknown> }>> {
  return (await readAuditFile(join(h.dir, 'audit/audit.jsonl'))).map((record) => JSON.parse(record.text));
}

/**
 * The demo config mid-rotation: the emulator (Lark) still knows the demo's app secret and encrypt key,
 * which become the *previous* ones; the current ones are new values Lark does not know yet.
 */
async function rotatedConfig(name: string, validUntil: string, appSecret = true): Promise<string> {
  await writeFile(join(h.dir, 'secrets', 'app_secret_new'), 'a-new-app-secret-lark-does-not-know-yet', {
    mode: 0o600,
  });
  await writeFile(join(h.dir, 'secrets', 'encrypt_key_new'), 'a-new-encrypt-key', { mode: 0o600 });
  const doc = parseDocument(await readFile(h.configPath, 'utf8'));
  if (appSecret) {
    doc.setIn(['app', 'app_secret'], 'secret://file/secrets/app_secret_new');
    doc.setIn(['app', 'app_secret_previous'], 'secret://file/secrets/app_secret');
  }
  doc.setIn(['app', 'encrypt_key'], 'secret://file/secrets/encrypt_key_new');
  doc.setIn(['app', 'encrypt_key_previous'], 'secret://file/secrets/encrypt_key');
  doc.setIn(['app', 'previous_valid_until'], validUntil);
  const path = join(h.dir, name);
  await writeFile(path, doc.toString());
  return path;
}

describe('larkgate drill rotate-secrets', () => {
  it('drills both secrets through the overlap and records drill.passed', async () => {
    const result = await runCommand(registerDrillRotateSecretsCommand, [
      'drill',
      'rotate-secrets',
      '--config',
      h.configPath,
      '--json',
    ]);

    expect(result.code).toBe(0);
    const report = JSON.parse(result.out);
    expect(report.passed).toBe(true);
    expect(
      report.steps.map(
        (step: { secret: string; phase: string; observed: string }) =>
          `${step.secret} ${step.phase} ${step.observed}`,
      ),
    ).toEqual([
      'encrypt_key before accepted',
      'encrypt_key overlap accepted',
      'encrypt_key overlap accepted',
      'encrypt_key after accepted',
      'encrypt_key after refused',
      'app_secret overlap accepted',
      'app_secret overlap accepted',
      'app_secret after refused',
      'app_secret after accepted',
    ]);
    expect(report.deployment).toBe('no rotation in progress (no app.*_previous configured)');
    const drill = (await auditEvents()).filter((event) => event.type === 'drill.passed').at(-1);
    expect(drill?.details).toMatchObject({
      drill: 'secret-rotation',
      secrets: ['app_secret', 'encrypt_key'],
    });
  });
});

describe('a deployment mid-rotation', () => {
  let runtime: Runtime | undefined;
  afterAll(async () => {
    await runtime?.close();
  });

  it('runs on the previous app secret while Lark has not switched, and must stop at the deadline', async () => {
    const validUntil = new Date(Date.now() + HOUR).toISOString();
    runtime = await createRuntime({
      configPath: await rotatedConfig('rotating.yaml', validUntil),
      role: 'rotation-test',
      env: process.env,
      logger,
    });

    expect(runtime.appSecretDeadlineMs).toBe(Date.parse(validUntil));
    expect(await runtime.gateway.listTables(h.info.bases[0]?.app_token ?? '')).toContainEqual({
      tableId: 'tblTasks0000001',
      name: 'Tasks',
    });
    const loaded = (await auditEvents()).filter(
      (event) => event.type === 'secret.loaded' && event.details.key === 'appSecretPrevious',
    );
    expect(loaded.at(-1)?.details).toMatchObject({
      in_use: true,
      valid_until: validUntil,
      ref: 'secret://file/secrets/app_secret',
    });
  });

  it('accepts pushes sealed with the old and the new encrypt key during the overlap, and says which', async () => {
    if (!runtime) throw new Error('the previous test starts the runtime');
    const serve = await startServe(runtime, { port: 0, host: '127.0.0.1' });
    try {
      const post = async (key: string) => {
        const sealed = sealPush(
          {
            schema: '2.0',
            header: {
              event_id: `ev_rot_${key}_${Date.now()}`,
              event_type: 'im.chat.updated_v1',
              token: h.seed.app.verification_token,
              create_time: String(Date.now()),
            },
            event: {},
          },
          key,
          Date.now(),
        );
        return (
          await fetch(`${serve.url}/lark/events`, {
            method: 'POST',
            headers: sealed.headers,
            body: sealed.body,
          })
        ).status;
      };

      expect(await post(h.seed.app.encrypt_key)).toBe(200);
      expect(await post('a-new-encrypt-key')).toBe(200);
      expect(await post('somebody-elses-key')).toBe(401);
      const accepted = (await auditEvents()).filter(
        (event) => event.type === 'auth.accepted' && event.details.event_type === 'im.chat.updated_v1',
      );
      expect(accepted.map((event) => event.details.encrypt_key ?? 'current')).toEqual([
        'previous',
        'current',
      ]);
    } finally {
      await serve.close();
    }
  });

  it('refuses the old app secret once the overlap has ended: it is not even tried', async () => {
    const after = createRuntime({
      configPath: await rotatedConfig('rotated-over.yaml', new Date(Date.now() + HOUR).toISOString()),
      role: 'rotation-test',
      env: process.env,
      logger,
      clock: () => Date.now() + 2 * HOUR,
    });

    await expect(after).rejects.toBeInstanceOf(ConfigError);
    await expect(after).rejects.toThrow(/previous one is past previous_valid_until: it is refused/);
  });

  it('refuses the old encrypt key once the overlap has ended', async () => {
    const later = () => Date.now() + 2 * HOUR;
    const after = await createRuntime({
      configPath: await rotatedConfig(
        'key-rotated-over.yaml',
        new Date(Date.now() + HOUR).toISOString(),
        false,
      ),
      role: 'rotation-test',
      env: process.env,
      logger,
      clock: later,
    });
    const serve = await startServe(after, { port: 0, host: '127.0.0.1' });
    try {
      const post = async (key: string) => {
        const at = later();
        const sealed = sealPush(
          {
            schema: '2.0',
            header: {
              event_id: `ev_late_${key}_${at}`,
              event_type: 'im.chat.updated_v1',
              token: h.seed.app.verification_token,
              create_time: String(at),
            },
            event: {},
          },
          key,
          at,
        );
        const response = await fetch(`${serve.url}/lark/events`, {
          method: 'POST',
          headers: sealed.headers,
          body: sealed.body,
        });
        return { status: response.status, body: await response.json() };
      };

      expect(await post(h.seed.app.encrypt_key)).toEqual({ status: 401, body: { error: 'unauthorized' } });
      expect(
        (await auditEvents()).filter((event) => event.type === 'auth.denied').at(-1)?.details.reason,
      ).toBe('bad_signature');
      expect((await post('a-new-encrypt-key')).status).toBe(200);
    } finally {
      await serve.close();
      await after.close();
    }
  });

  it('refuses an overlap longer than 7 days', async () => {
    const start = createRuntime({
      configPath: await rotatedConfig('too-long.yaml', new Date(Date.now() + 8 * 24 * HOUR).toISOString()),
      role: 'rotation-test',
      env: process.env,
      logger,
    });

    await expect(start).rejects.toThrow(/app\.previous_valid_until: the overlap may last at most 7 days/);
  });

  it('refuses a previous secret without a deadline', async () => {
    const path = await rotatedConfig('no-deadline.yaml', new Date(Date.now() + HOUR).toISOString());
    const doc = parseDocument(await readFile(path, 'utf8'));
    doc.deleteIn(['app', 'previous_valid_until']);
    await writeFile(path, doc.toString());

    await expect(
      createRuntime({ configPath: path, role: 'rotation-test', env: process.env, logger }),
    ).rejects.toThrow(/app\.previous_valid_until: a previous secret needs previous_valid_until/);
  });
});
