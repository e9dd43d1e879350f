import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse, stringify } from 'yaml';
import type { EmulatorSeed } from '../../emulator/seed.js';
import type { Locale } from '../domain/i18n/locale.js';
import { computeToolPin } from '../mcp/describe-tool.js';
import { MCP_TOOLS } from '../mcp/mcp-tools.js';

export const DEMO_USERS = {
  requester: 'ou_alice',
  approvers: ['ou_bob', 'ou_carol'],
  oncall: 'ou_dave',
} as const;
export const DEMO_CHATS = {
  requests: 'oc_requests',
  audit: 'oc_audit',
  oncall: 'oc_oncall',
  drills: 'oc_drills',
} as const;

/**
 * The demo's monitoring: production's shape at half its intervals or less (src/config/monitoring-config.ts
 * has the defaults), so `larkgate drill outage` pages in well under a minute. Dave is on call; Bob is who an unacknowledged page escalates to.
 */
export const DEMO_MONITORING = {
  enabled: true,
  every: '15s',
  raise_after: 2,
  clear_after: 3,
  reopen_within: '30m',
  escalate_after: '5m',
  notify: [DEMO_USERS.oncall],
  escalate_to: ['ou_bob'],
  heartbeat: { every: '5s', max_age: '45s' },
  probes: { every: '15s', max_age: '1m', timeout: '10s', token_refresh_every: '30s', drill_age: true },
  audit: { max_lag: '1m', max_silence: '1m' },
  bursts: {
    window: '5m',
    denials: 20,
    auth_failures: 10,
    failed_ops: 3,
    verify_failures: 1,
    failed_intake: 1,
  },
} as const;

/**
 * The demo's agents (issue 13): `cowork` reads and asks for changes on crm and sandbox on behalf of Alice;
 * `reader` only reads. Their tokens are random, in 0600 files like every demo secret.
 */
export const DEMO_AGENTS = [
  {
    id: 'cowork',
    on_behalf_of: DEMO_USERS.requester,
    tools: [
      'bases_list',
      'records_search',
      'records_get',
      'change_request',
      'change_status',
      'rollback_request',
    ],
    bases: { crm: 'write', sandbox: 'write' },
  },
  {
    id: 'reader',
    on_behalf_of: DEMO_USERS.requester,
    tools: ['bases_list', 'records_search', 'records_get', 'change_status'],
    bases: { crm: 'read', sandbox: 'read' },
  },
] as const;

/** Where the demo keeps an agent's token (relative to the demo folder). */
export function demoAgentTokenFile(agentId: string): string {
  return join('secrets', `agent_${agentId}_token`);
}

/** DEMO_MONITORING with `overrides` (YAML shape); nested blocks are merged key by key. */
function mergeMonitoring(
  base: Record<string, unknown>,
  overrides: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const inner = base[key];
    merged[key] =
      inner &&
      typeof inner === 'object' &&
      !Array.isArray(inner) &&
      value &&
      typeof value === 'object' &&
      !Array.isArray(value)
        ? { ...inner, ...value }
        : value;
  }
  return merged;
}

/** The demo organisation's policy: CRM on L2 live, Billing on L3 live, Sandbox on L0 staging with a marker. */
export function demoBases(seed: EmulatorSeed) {
  const token = (name: string) => {
    const base = seed.bases.find((candidate) => candidate.name === name);
    if (!base) throw new Error(`the demo seed has no base named ${name}`);
    return base.app_token;
  };
  return [
    {
      alias: 'crm',
      name: 'CRM',
      app_token: token('CRM'),
      tier: 'L2',
      stage: 'live',
      tables: ['Tasks', 'Accounts'],
      approvers: [...DEMO_USERS.approvers],
      approvals_needed: 1,
    },
    {
      alias: 'billing',
      name: 'Billing',
      app_token: token('Billing'),
      tier: 'L3',
      stage: 'live',
      tables: ['Invoices'],
      approver_groups: ['leads', 'finance'],
      approvals_needed: 2,
    },
    {
      alias: 'sandbox',
      name: 'Sandbox',
      app_token: token('Sandbox'),
      tier: 'L0',
      stage: 'live',
      staging: true,
      tables: ['Scratch'],
      approvers: [...DEMO_USERS.approvers],
      approvals_needed: 1,
      marker: { field: 'Larkgate', value: 'deletable' },
    },
  ];
}

/**
 * Writes the demo's larkgate.yaml, with every secret in a 0600 file referenced as secret://file/…, and the
 * backup recipient key. Returns the config path.
 */
export async function writeDemoConfig(input: {
  dir: string;
  seed: EmulatorSeed;
  emulatorUrl: string;
  botPort: number;
  redisUrl: string;
  /** Written instead of redis.url: the Sentinel form of the `redis` section. */
  redisSentinel?: {
    sentinels: { host: string; port: number }[];
    name: string;
    replica_ack?: { replicas: number; timeout_ms: number };
  };
  publicKey: string;
  repoConfigDir: string;
  approvalTtl: string;
  /** Overrides lark-api-limits.yaml's batch-delete ceiling (tests); the demo writes its own copy. */
  batchDeleteCeiling?: number;
  /** Turns monitoring on with DEMO_MONITORING changed by these keys (YAML shape); absent = off. */
  monitoring?: Record<string, unknown>;
  /** The scheduled rollback drill (`drills:`); absent = none (the demo runs one drill at start instead). */
  drills?: { every: string; base: string };
  /** The passphrase the backup private key is protected with; absent = an unprotected key. */
  backupKeyPassphrase?: string;
  /** An `intake:` block (YAML shape); absent = the defaults (intake-config.ts). */
  intake?: Record<string, unknown>;
  /** `chats.locale` and `chats.user_locales`: the language of text replies; absent = en_us. */
  replyLocales?: { locale?: Locale; user_locales?: Record<string, Locale> };
  /** `lark.transport`: `ws` has the bot use the emulator's long connection; absent = webhook. */
  transport?: 'webhook' | 'ws';
  /** More `bases:` entries (YAML shape) after the demo's three, e.g. a bench's fourth Base. */
  extraBases?: readonly Record<string, unknown>[];
}): Promise<string> {
  const { dir, seed } = input;
  await mkdir(join(dir, 'secrets'), { recursive: true, mode: 0o700 });
  await mkdir(join(dir, 'keys'), { recursive: true });
  const secrets: Record<string, string> = {
    app_secret: seed.app.app_secret,
    encrypt_key: seed.app.encrypt_key,
    verification_token: seed.app.verification_token,
    audit_key: `demo-audit-fingerprint-key-${Date.now()}`,
    audit_hash_key: randomBytes(32).toString('hex'),
  };
  for (const agent of DEMO_AGENTS)
    secrets[`agent_${agent.id}_token`] = `lgt_${randomBytes(24).toString('hex')}`;
  if (input.backupKeyPassphrase !== undefined) secrets.backup_key_passphrase = input.backupKeyPassphrase;
  // Signs the audit checkpoints posted to the audit chat; the public half lets `audit verify` check them.
  const checkpointKeys = generateKeyPairSync('ed25519');
  secrets.audit_checkpoint_key = checkpointKeys.privateKey
    .export({ type: 'pkcs8', format: 'pem' })
    .toString();
  await writeFile(
    join(dir, 'keys', 'audit-checkpoint.pub.pem'),
    checkpointKeys.publicKey.export({ type: 'spki', format: 'pem' }),
  );
  for (const [name, value] of Object.entries(secrets)) {
    await writeFile(join(dir, 'secrets', name), value, { mode: 0o600 });
  }
  await writeFile(join(dir, 'keys', 'ops-backup.pub.asc'), input.publicKey);
  const config = {
    version: 1,
    app: {
      app_id: seed.app.app_id,
      app_secret: 'secret://file/secrets/app_secret',
      encrypt_key: 'secret://file/secrets/encrypt_key',
      verification_token: 'secret://file/secrets/verification_token',
      domain: input.emulatorUrl,
      bot_name: seed.app.bot_name,
    },
    server: {
      host: '127.0.0.1',
      port: input.botPort,
      signature_window_seconds: 300,
      // Short denial windows, so a forged push's aggregated count shows in the log (and pages) within seconds.
      pushes: { denial_window_seconds: 2 },
    },
    ...(input.transport === 'ws' ? { lark: { transport: 'ws' } } : {}),
    redis: input.redisSentinel
      ? { ...input.redisSentinel, prefix: 'larkgate' }
      : { url: input.redisUrl, prefix: 'larkgate' },
    audit: {
      file: 'audit/audit.jsonl',
      stream: 'larkgate:audit',
      fingerprint_key: 'secret://file/secrets/audit_key',
      hash_key: 'secret://file/secrets/audit_hash_key',
      checkpoint_key: 'secret://file/secrets/audit_checkpoint_key',
      checkpoint_public_key: 'keys/audit-checkpoint.pub.pem',
      checkpoint_every: 100,
      checkpoint_interval: '1m',
    },
    backup: {
      dir: 'backups',
      recipients: ['keys/ops-backup.pub.asc'],
      private_key: 'secret://file/ops-backup.key.asc',
      ...(input.backupKeyPassphrase === undefined
        ? {}
        : { private_key_passphrase: 'secret://file/secrets/backup_key_passphrase' }),
    },
    approvals: { ttl: input.approvalTtl },
    chats: {
      requests: [DEMO_CHATS.requests],
      audit: DEMO_CHATS.audit,
      oncall: DEMO_CHATS.oncall,
      drills: DEMO_CHATS.drills,
      allow_direct_messages: true,
      ...input.replyLocales,
    },
    approver_groups: { leads: ['ou_bob'], finance: ['ou_carol'] },
    bases: [...demoBases(seed), ...(input.extraBases ?? [])],
    agents: DEMO_AGENTS.map((agent) => ({
      ...agent,
      token: `secret://file/${demoAgentTokenFile(agent.id)}`,
      tools: [...agent.tools],
    })),
    mcp: { pins: Object.fromEntries(MCP_TOOLS.map((tool) => [tool.name, computeToolPin(tool)])) },
    monitoring: input.monitoring ? mergeMonitoring(DEMO_MONITORING, input.monitoring) : { enabled: false },
    ...(input.drills ? { drills: input.drills } : {}),
    ...(input.intake ? { intake: input.intake } : {}),
    files: {
      allowed_endpoints: relative(dir, join(input.repoConfigDir, 'allowed_endpoints.yaml')),
      lark_api_limits:
        input.batchDeleteCeiling === undefined
          ? relative(dir, join(input.repoConfigDir, 'lark-api-limits.yaml'))
          : await writeLimitsWithCeiling(dir, input.repoConfigDir, input.batchDeleteCeiling),
    },
  };
  const path = join(dir, 'larkgate.yaml');
  await writeFile(
    path,
    `# Written by larkgate demo: the demo organisation on the local emulator.\n${stringify(config)}`,
  );
  return path;
}

async function writeLimitsWithCeiling(dir: string, repoConfigDir: string, ceiling: number): Promise<string> {
  const limits = parse(await readFile(join(repoConfigDir, 'lark-api-limits.yaml'), 'utf8'));
  limits.requests.batch_delete_max_records = { max: ceiling, source: 'demo override (tests)' };
  await writeFile(join(dir, 'lark-api-limits.yaml'), stringify(limits));
  return 'lark-api-limits.yaml';
}
