import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createPolicySource, type PolicyState } from './create-policy-source.js';
import { loadConfig } from './load-config.js';
import { PolicyUnavailableError } from './policy-unavailable-error.js';

const CONFIG_DIR = join(import.meta.dirname, '../../config');

type Config = Record<string, unknown> & { bases: Record<string, unknown>[] };

let path: string;
let example: Config;

beforeEach(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'larkgate-policy-'));
  path = join(dir, 'larkgate.yaml');
  example = parse(await readFile(join(CONFIG_DIR, 'larkgate.example.yaml'), 'utf8')) as Config;
  example.files = {
    allowed_endpoints: join(CONFIG_DIR, 'allowed_endpoints.yaml'),
    lark_api_limits: join(CONFIG_DIR, 'lark-api-limits.yaml'),
  };
  await writeFile(path, stringify(example));
});

async function writeConfig(mutate: (config: Config) => void): Promise<void> {
  const config = structuredClone(example);
  mutate(config);
  await writeFile(path, stringify(config));
}

async function makeSource(pin: string | null = null) {
  const initial = await loadConfig(path);
  return { initial, source: createPolicySource({ initial, load: () => loadConfig(path), pin }) };
}

describe('createPolicySource', () => {
  it('serves the policy loaded at start', async () => {
    const { initial, source } = await makeSource();

    expect(source.current()).toBe(initial.policy);
    expect(source.require()).toBe(initial.policy);
    expect(source.problem()).toBeNull();
  });

  it.each<[string, () => Promise<void>, RegExp]>([
    [
      'YAML that does not parse',
      () => writeFile(path, 'version: 1\napp: [unclosed\n'),
      /larkgate\.yaml: line \d+: not valid YAML/,
    ],
    [
      'a literal secret',
      () =>
        writeConfig((c) => {
          (c.app as Record<string, unknown>).app_secret = 'hunter2';
        }),
      /app\.app_secret: a literal secret is not allowed here/,
    ],
    [
      'a base looser than its tier',
      () =>
        writeConfig((c) => {
          (c.bases[1] as Record<string, unknown>).approvals_needed = 1;
        }),
      /base "billing" is looser than its tier/,
    ],
    ['a deleted file', async () => writeFile(path, ''), /larkgate\.yaml/],
  ])(
    'on reload, %s leaves no policy in force (never the previous one), with the reason',
    async (_name, breakIt, reason) => {
      const { source } = await makeSource();
      await breakIt();

      const result = await source.reload();

      expect(result.ok).toBe(false);
      expect(source.current()).toBeNull();
      expect(source.problem()).toMatch(reason);
      expect(() => source.require()).toThrow(PolicyUnavailableError);
    },
  );

  it('serves again once a reload succeeds, with the new policy', async () => {
    const { source } = await makeSource();
    await writeFile(path, 'not: [valid');
    await source.reload();
    await writeConfig((c) => {
      (c.bases[0] as Record<string, unknown>).stage = 'read-only';
    });

    const result = await source.reload();

    expect(result).toMatchObject({ ok: true, changed: true });
    expect(source.require().bases[0]?.stage).toBe('read-only');
    expect(source.problem()).toBeNull();
  });

  it('refuses to serve from the start when the pinned hash does not match', async () => {
    const { source } = await makeSource('0'.repeat(64));

    expect(source.current()).toBeNull();
    expect(source.problem()).toMatch(/does not match the pinned 000000000000… \(LARKGATE_POLICY_PIN\)/);
  });

  it('with a matching pin, serves; a reload to any other policy is refused', async () => {
    const initial = await loadConfig(path);
    const source = createPolicySource({ initial, load: () => loadConfig(path), pin: initial.policy.hash });
    expect(source.current()).toBe(initial.policy);
    await writeConfig((c) => {
      (c.bases[0] as Record<string, unknown>).approvals_needed = 2;
    });

    const result = await source.reload();

    expect(result.ok).toBe(false);
    expect(source.current()).toBeNull();
    expect(source.problem()).toMatch(/does not match the pinned/);
  });

  it.each<[string, (config: Config) => void, RegExp]>([
    [
      'the Redis URL',
      (c) => {
        (c.redis as Record<string, unknown>).url = 'secret://env/OTHER_REDIS';
      },
      /changes redis \(in .*larkgate\.yaml\), which a running process cannot apply: restart/,
    ],
    [
      'the set of bases',
      (c) => {
        c.bases.pop();
      },
      /changes the set of bases/,
    ],
  ])(
    'a reload that changes %s asks for a restart and serves nothing meanwhile',
    async (_name, mutate, reason) => {
      const { source } = await makeSource();
      await writeConfig(mutate);

      await source.reload();

      expect(source.current()).toBeNull();
      expect(source.problem()).toMatch(reason);
    },
  );

  it('tells subscribers about every reload', async () => {
    const { source } = await makeSource();
    const seen: PolicyState[] = [];
    source.subscribe((state) => seen.push(state));

    await writeFile(path, '');
    await source.reload();
    await writeConfig(() => undefined);
    await source.reload();

    expect(seen.map((state) => state.policy !== null)).toEqual([false, true]);
  });
});
