import { execFileSync, spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LarkgateConfig } from '../../src/config/larkgate-config.js';
import { parseSecretRef } from '../../src/config/secret-ref.js';
import { buildStarterConfig } from '../../src/main/build-starter-config.js';

// docker is not on these machines (no daemon, no compose plugin): this checks what can be checked without it.
const ROOT = join(import.meta.dirname, '../..');
const CONFIG_IN_CONTAINER = '/etc/larkgate/larkgate.yaml';

type Service = {
  command?: string[];
  user?: string;
  restart?: string;
  volumes?: string[];
  healthcheck?: { test?: string[] };
};
type Compose = { services: Record<string, Service>; volumes?: Record<string, unknown> };

async function compose(): Promise<Compose> {
  return parse(await readFile(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as Compose;
}

/** The runtime stage's instructions (after the last FROM), continuation lines joined. */
async function runtimeStage(): Promise<string[]> {
  const text = (await readFile(join(ROOT, 'Dockerfile'), 'utf8')).replace(/\\\n/g, ' ');
  const lines = text.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  const last = lines.findLastIndex((line) => line.startsWith('FROM '));
  return lines.slice(last);
}

/** Every path a config makes the process read or write, resolved as the container sees it. */
function containerPaths(config: LarkgateConfig): { state: string[]; mounted: string[] } {
  const dir = '/etc/larkgate';
  const fileRefs = [
    config.app.app_secret,
    config.app.encrypt_key,
    config.app.verification_token,
    config.audit.hash_key,
    config.audit.fingerprint_key,
    config.audit.checkpoint_key,
    config.backup.private_key,
  ].flatMap((ref) => {
    const parsed = ref ? parseSecretRef(ref) : undefined;
    return parsed?.source === 'file' ? [resolve(dir, parsed.path)] : [];
  });
  return {
    state: [resolve(dir, config.audit.file), resolve(dir, config.backup.dir)],
    mounted: [
      ...fileRefs,
      resolve(dir, config.audit.checkpoint_public_key),
      ...config.backup.recipients.map((path) => resolve(dir, path)),
      resolve(dir, config.files.allowed_endpoints),
      resolve(dir, config.files.lark_api_limits),
    ],
  };
}

describe('the Docker deployment', () => {
  it('builds from dist/ in a separate stage and runs it as node, with /app/var owned by node', async () => {
    const stage = await runtimeStage();

    expect(stage).toContain('USER node');
    expect(stage).toContain('WORKDIR /app');
    expect(stage.some((line) => /^COPY --from=build \/app\/dist \.\/dist$/.test(line))).toBe(true);
    expect(stage.some((line) => /npm ci --omit=dev --ignore-scripts/.test(line))).toBe(true);
    expect(stage.some((line) => /chown -R node:node \/app\/var/.test(line))).toBe(true);
    expect(stage.findIndex((line) => line.includes('chown'))).toBeLessThan(stage.indexOf('USER node'));
    // No TypeScript and nothing from config/ but the shipped policy files.
    for (const line of stage.filter((candidate) => candidate.startsWith('COPY '))) {
      expect(line).not.toMatch(/\bsrc\b|config\/keys|larkgate\.yaml|COPY config \./);
    }
    expect(stage).toContain('ENTRYPOINT ["node", "bin/larkgate.js"]');
  });

  it('keeps keys, real configs and local state out of the build context and out of git', async () => {
    const ignored = (await readFile(join(ROOT, '.dockerignore'), 'utf8')).split('\n');
    for (const entry of ['config/keys', 'config/larkgate.yaml', 'var', '.env', 'node_modules', 'dist']) {
      expect(ignored).toContain(entry);
    }
    const check = spawnSync('git', [
      '-C',
      ROOT,
      'check-ignore',
      'config/keys/audit-hash.key',
      'config/larkgate.yaml',
    ]);
    expect(check.stdout.toString().trim().split('\n')).toEqual([
      'config/keys/audit-hash.key',
      'config/larkgate.yaml',
    ]);
  });

  it('runs bot and worker as the image user, restarting, health-checked on their /readyz, config mounted read-only', async () => {
    const { services, volumes } = await compose();
    const example = LarkgateConfig.parse(
      parse(await readFile(join(ROOT, 'config/larkgate.example.yaml'), 'utf8')),
    );
    const ports = { bot: example.server.port, worker: example.monitoring?.worker_metrics_port };

    for (const [name, port] of Object.entries(ports)) {
      const service = services[name] as Service;
      expect(service.user, name).toBe('node');
      expect(service.restart, name).toBe('unless-stopped');
      expect(service.command?.slice(-2), name).toEqual(['--config', CONFIG_IN_CONTAINER]);
      expect(service.healthcheck?.test?.join(' '), name).toContain(`http://127.0.0.1:${port}/readyz`);
      expect(service.volumes, name).toContain('./config:/etc/larkgate:ro');
      const state = service.volumes?.find((volume) => volume.endsWith(':/app/var'));
      expect(state, name).toBeDefined();
      expect(Object.keys(volumes ?? {})).toContain(state?.split(':')[0]);
    }
  });

  it('runs Redis with AOF, noeviction and a volume', async () => {
    const redis = (await compose()).services.redis as Service;

    expect(redis.command?.join(' ')).toContain('--appendonly yes');
    expect(redis.command?.join(' ')).toContain('--maxmemory-policy noeviction');
    expect(redis.volumes?.some((volume) => volume.endsWith(':/data'))).toBe(true);
    expect(redis.restart).toBe('unless-stopped');
  });

  it.each([
    [
      'config/larkgate.example.yaml',
      async () => readFile(join(ROOT, 'config/larkgate.example.yaml'), 'utf8'),
    ],
    [
      'larkgate init --var-dir /app/var --lark-secrets files',
      async () =>
        buildStarterConfig({
          appId: 'cli_a1b2c3d4e5f60718',
          domain: 'feishu',
          requestsChats: ['oc_requests'],
          auditChat: 'oc_audit',
          oncallChat: null,
          bases: [{ alias: 'crm', appToken: 'NQRxbRkBMa6OnZsjtERcxhNWnNh', tables: ['Tasks'] }],
          sandbox: { alias: 'sandbox', appToken: 'Sbx7yTq2WmPe9KcLrVn3HdGfQaZ', tables: ['Scratch'] },
          approvers: ['ou_bob'],
          redisUrl: 'redis://redis:6379',
          larkSecrets: 'files',
          varDir: '/app/var',
        }),
    ],
  ])(
    '%s, mounted at /etc/larkgate: state on the /app/var volume, every key under the read-only mount',
    async (_name, text) => {
      const config = LarkgateConfig.parse(parse(await text()));
      const paths = containerPaths(config);

      for (const path of paths.state) expect(path).toMatch(/^\/app\/var\//);
      for (const path of paths.mounted) expect(path).toMatch(/^\/etc\/larkgate\//);
      const url = config.redis.url ?? '';
      expect(url).not.toBe('');
      if (!url.startsWith('secret://')) {
        expect(Object.keys((await compose()).services)).toContain(new URL(url).hostname);
      }
    },
  );
});

describe('bin/larkgate.js', () => {
  /** A copy of bin/ beside a stand-in dist/ and src/, each saying which one ran. */
  async function layout(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'larkgate-bin-'));
    await cp(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
    await writeFile(join(dir, 'package.json'), '{"type":"module"}');
    await mkdir(join(dir, 'dist/src/main'), { recursive: true });
    await writeFile(
      join(dir, 'dist/src/main/run-cli.js'),
      'export async function runCli() { process.stdout.write("compiled"); return 0; }\n',
    );
    await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    return dir;
  }
  const run = (dir: string) => execFileSync(process.execPath, [join(dir, 'bin/larkgate.js')]).toString();

  it('runs dist/ when there are no sources (the image), and the sources once one is newer than dist/', async () => {
    const dir = await layout();
    expect(run(dir)).toBe('compiled');

    await mkdir(join(dir, 'src/main'), { recursive: true });
    await writeFile(
      join(dir, 'src/main/run-cli.ts'),
      'export async function runCli(): Promise<number> { process.stdout.write("source"); return 0; }\n',
    );
    const later = new Date(Date.now() + 60_000);
    await utimes(join(dir, 'src/main/run-cli.ts'), later, later);
    expect(run(dir)).toBe('source');
  });
});
