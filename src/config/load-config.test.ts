import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadConfig } from './load-config.js';

const CONFIG_DIR = join(import.meta.dirname, '../../config');

async function writeConfig(mutate: (config: Record<string, unknown>) => void): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'larkgate-config-'));
  const config = parse(await readFile(join(CONFIG_DIR, 'larkgate.example.yaml'), 'utf8')) as Record<
    string,
    unknown
  >;
  config.files = {
    allowed_endpoints: join(CONFIG_DIR, 'allowed_endpoints.yaml'),
    lark_api_limits: join(CONFIG_DIR, 'lark-api-limits.yaml'),
  };
  mutate(config);
  const path = join(dir, 'larkgate.yaml');
  await writeFile(path, stringify(config));
  return path;
}

function bases(config: Record<string, unknown>): Record<string, unknown>[] {
  return config.bases as Record<string, unknown>[];
}

describe('loadConfig', () => {
  it('accepts Redis Sentinel: the sentinels and the master group name, no URL', async () => {
    const path = await writeConfig((c) => {
      c.redis = {
        sentinels: [
          { host: '10.0.0.1', port: 26379 },
          { host: '10.0.0.2', port: 26379 },
        ],
        name: 'larkgate',
      };
    });
    const loaded = await loadConfig(path);
    expect(loaded.config.redis).toEqual({
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '10.0.0.2', port: 26379 },
      ],
      name: 'larkgate',
      prefix: 'larkgate',
    });
  });

  it('loads the example config and builds the policy', async () => {
    const loaded = await loadConfig(join(CONFIG_DIR, 'larkgate.example.yaml'));

    expect(loaded.policy.bases.map((base) => [base.alias, base.tier, base.stage])).toEqual([
      ['crm', 'L2', 'live'],
      ['billing', 'L3', 'limited'],
      ['sandbox', 'L0', 'live'],
    ]);
    expect(loaded.policy.bases[1]?.approvers).toEqual(['ou_bob', 'ou_carol']);
    expect(loaded.policy.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each<[string, (config: Record<string, unknown>) => void, RegExp]>([
    [
      'a literal secret',
      (c) => {
        (c.app as Record<string, unknown>).app_secret = 'hunter2';
      },
      /larkgate\.yaml: app\.app_secret: a literal secret is not allowed here: write a reference, secret:\/\/env\/NAME/,
    ],
    [
      'an unknown key',
      (c) => {
        c.approval = { ttl: '5m' };
      },
      /larkgate\.yaml: \(top level\): unknown key\(s\) "approval"/,
    ],
    [
      'a missing key',
      (c) => {
        delete (bases(c)[0] as Record<string, unknown>).tier;
      },
      /larkgate\.yaml: bases\[0\]\.tier:/,
    ],
    [
      'a base looser than its tier',
      (c) => {
        (bases(c)[1] as Record<string, unknown>).approvals_needed = 1;
      },
      /bases\[1\]: base "billing" is looser than its tier: L3 needs at least 2 approval\(s\), the base asks for 1/,
    ],
    [
      'writes on a read-only tier',
      (c) => {
        (bases(c)[0] as Record<string, unknown>).tier = 'L1';
      },
      /L1 \(internal read-only\) refuses writes, so stage must be dry-run or read-only, not live/,
    ],
    [
      'more approvals than approvers',
      (c) => {
        Object.assign(bases(c)[0] as object, { tier: 'L5', approvals_needed: 3 });
      },
      /approvals_needed is 3 but only 2 approver\(s\) are configured/,
    ],
    [
      'an unknown approver group',
      (c) => {
        (bases(c)[1] as Record<string, unknown>).approver_groups = ['leads', 'nobody'];
      },
      /bases\[1\]\.approver_groups: group "nobody" is not defined/,
    ],
    [
      'a duplicate alias',
      (c) => {
        (bases(c)[1] as Record<string, unknown>).alias = 'crm';
      },
      /bases\[1\]\.alias: alias "crm" is used twice/,
    ],
    [
      'a limited stage without limits',
      (c) => {
        delete (bases(c)[1] as Record<string, unknown>).limited;
      },
      /bases\[1\]\.limited: stage "limited" needs a limited block/,
    ],
    [
      'a Redis URL with a password',
      (c) => {
        (c.redis as Record<string, unknown>).url = 'redis://:pw@127.0.0.1:6379';
      },
      /redis\.url: this Redis URL holds a password/,
    ],
    [
      'Redis Cluster (its multi-key scripts share no hash tag)',
      (c) => {
        c.redis = { cluster: [{ host: '10.0.0.1', port: 7000 }] };
      },
      /redis\.cluster: Redis Cluster is not supported yet: .*CROSSSLOT/,
    ],
    [
      'sentinels without the master group name',
      (c) => {
        c.redis = { sentinels: [{ host: '10.0.0.1', port: 26379 }] };
      },
      /redis\.name: name the Sentinel master group/,
    ],
    [
      'both a URL and sentinels',
      (c) => {
        c.redis = { url: 'redis://10.0.0.1:6379', sentinels: [{ host: '10.0.0.1', port: 26379 }], name: 'm' };
      },
      /redis\.url: set either url or sentinels \+ name, not both/,
    ],
    [
      'no Redis at all',
      (c) => {
        c.redis = { prefix: 'larkgate' };
      },
      /redis\.url: set url \(one Redis\) or sentinels \+ name/,
    ],
    [
      'an L4 base without two groups',
      (c) => {
        Object.assign(bases(c)[0] as object, { tier: 'L4', approvals_needed: 2 });
      },
      /L4 needs approvals from 2 different approver groups/,
    ],
  ])('refuses %s, naming the file and the key', async (_name, mutate, message) => {
    const path = await writeConfig(mutate);

    await expect(loadConfig(path)).rejects.toThrow(message);
  });

  it('refuses YAML that does not parse, with the line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'larkgate-config-'));
    const path = join(dir, 'larkgate.yaml');
    await writeFile(path, 'version: 1\napp: [unclosed\n');

    await expect(loadConfig(path)).rejects.toThrow(/larkgate\.yaml: line \d+: not valid YAML/);
  });

  it('refuses a missing file', async () => {
    await expect(loadConfig('/nonexistent/larkgate.yaml')).rejects.toThrow(
      /larkgate\.yaml: \(top level\): file not found/,
    );
  });

  it('refuses an allowed endpoint that has no rate limit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'larkgate-config-'));
    const endpoints = parse(await readFile(join(CONFIG_DIR, 'allowed_endpoints.yaml'), 'utf8')) as {
      endpoints: object[];
    };
    endpoints.endpoints.push({
      id: 'bitable.view.list',
      method: 'GET',
      path: '/open-apis/x',
      used_by: ['x'],
    });
    await writeFile(join(dir, 'allowed_endpoints.yaml'), stringify(endpoints));
    const path = await writeConfig((c) => {
      c.files = {
        allowed_endpoints: join(dir, 'allowed_endpoints.yaml'),
        lark_api_limits: join(CONFIG_DIR, 'lark-api-limits.yaml'),
      };
    });

    await expect(loadConfig(path)).rejects.toThrow(
      /lark-api-limits\.yaml: rate_limits: no rate limit for allowed endpoint "bitable\.view\.list"/,
    );
  });
});

describe('the reply language (chats.locale, chats.user_locales)', () => {
  it('is English unless configured; a person’s own locale wins over the chats’', async () => {
    const { replyLocale } = await import('../domain/reply-locale.js');
    const plain = await loadConfig(join(CONFIG_DIR, 'larkgate.example.yaml'));
    expect(replyLocale(plain.policy, 'ou_bob')).toBe('en_us');

    const path = await writeConfig((config) => {
      const chats = config.chats as Record<string, unknown>;
      chats.locale = 'vi_vn';
      chats.user_locales = { ou_carol: 'ja_jp' };
    });
    const loaded = await loadConfig(path);
    expect(replyLocale(loaded.policy, 'ou_bob')).toBe('vi_vn');
    expect(replyLocale(loaded.policy, 'ou_carol')).toBe('ja_jp');
  });

  it('refuses a locale Larkgate has no catalogue for', async () => {
    const path = await writeConfig((config) => {
      (config.chats as Record<string, unknown>).locale = 'fr_fr';
    });
    await expect(loadConfig(path)).rejects.toThrow(/locale/);
  });
});
