export type StarterBase = { alias: string; appToken: string; tables: string[] };

export type StarterAnswers = {
  appId: string;
  domain: string;
  requestsChats: string[];
  auditChat: string | null;
  oncallChat: string | null;
  bases: StarterBase[];
  /** The staging Base the rollback drill runs on (tier L2 and up refuse requests until a drill passed). */
  sandbox: StarterBase | null;
  approvers: string[];
  /** A literal Redis URL without a password, or null for secret://env/REDIS_URL. */
  redisUrl: string | null;
  /** Lark's three secrets from the environment, or from files in keys/ (for the read-only mount in Docker). */
  larkSecrets: 'env' | 'files';
  /** Where the audit log and backups go, relative to the config file or absolute (`/app/var` in the image). */
  varDir: string;
};

const q = (text: string): string => JSON.stringify(text);

/** `LARK_APP_SECRET` → `keys/lark-app-secret`: where `--lark-secrets files` keeps each value. */
export function larkSecretFile(name: string): string {
  return `keys/${name.toLowerCase().replaceAll('_', '-')}`;
}

/**
 * The starter larkgate.yaml `larkgate init` writes. Secrets appear only as secret:// references: Lark's three
 * from the environment, the keys init generated as files under keys/. Bases start in the dry-run stage;
 * what is not answered yet is left empty, so `larkgate config check` names it.
 */
export function buildStarterConfig(answers: StarterAnswers): string {
  const larkRef = (name: string) =>
    answers.larkSecrets === 'files' ? `secret://file/${larkSecretFile(name)}` : `secret://env/${name}`;
  const lines = [
    '# Written by `larkgate init`. Fill in what is empty, then run: larkgate config check --config <this file>',
    '# Secrets are references only (secret://env/NAME or secret://file/PATH, relative to this file); the',
    '# files under keys/ are mode 0600 and git-ignored. Every key is explained in config/larkgate.example.yaml.',
    'version: 1',
    '',
    'app:',
    `  app_id: ${answers.appId}`,
    `  app_secret: ${larkRef('LARK_APP_SECRET')} # Credentials & Basic Info → App Secret`,
    `  encrypt_key: ${larkRef('LARK_ENCRYPT_KEY')} # Events & Callbacks → Encryption Strategy → Encrypt Key`,
    `  verification_token: ${larkRef('LARK_VERIFICATION_TOKEN')} # same page → Verification Token`,
    `  domain: ${q(answers.domain)} # feishu (open.feishu.cn), lark (open.larksuite.com), or the emulator's URL`,
    '',
    'server:',
    '  host: 0.0.0.0',
    '  port: 3000',
    '  trust_proxy: false # behind a reverse proxy, set its address (e.g. loopback): docs/setup-lark-app.md',
    '',
    'redis:',
    `  url: ${answers.redisUrl ? q(answers.redisUrl) : 'secret://env/REDIS_URL'} # AOF on, maxmemory-policy noeviction`,
    '  prefix: larkgate',
    '',
    'audit:',
    `  file: ${q(`${answers.varDir}/audit/audit.jsonl`)}`,
    '  fingerprint_key: secret://file/keys/audit-fingerprint.key',
    '  hash_key: secret://file/keys/audit-hash.key',
    '  checkpoint_key: secret://file/keys/audit-checkpoint.key.pem',
    '  checkpoint_public_key: keys/audit-checkpoint.pub.pem',
    '',
    'backup:',
    `  dir: ${q(`${answers.varDir}/backups`)}`,
    "  recipients: # v4 public keys; add your operators' own (gpg --armor --export <fpr> > keys/ops-backup.pub.asc)",
    '    - keys/larkgate-backup.pub.asc',
    '  private_key: secret://file/keys/larkgate-backup.key.asc # for rollbacks',
    '',
    'chats:',
    `  requests: [${answers.requestsChats.join(', ')}] # larkgate lark chats --config <this file>`,
    `  audit: ${answers.auditChat ?? q('')}`,
    ...(answers.oncallChat ? [`  oncall: ${answers.oncallChat}`] : []),
    '  allow_direct_messages: true',
    '',
    `bases: # larkgate lark base <link> --config <this file>${answers.bases.length === 0 && !answers.sandbox ? '\n  []' : ''}`,
  ];
  for (const base of answers.bases) {
    lines.push(
      `  - alias: ${base.alias}`,
      `    app_token: ${q(base.appToken)}`,
      '    tier: L2 # L0 lab … L5 regulated (docs/ARCHITECTURE.md)',
      '    stage: dry-run # dry-run → read-only → limited → live: `larkgate promote` moves it on evidence',
      `    tables: [${base.tables.map(q).join(', ')}]`,
      `    approvers: [${answers.approvers.join(', ')}]`,
      '    approvals_needed: 1',
    );
  }
  if (answers.sandbox) {
    lines.push(
      `  - alias: ${answers.sandbox.alias} # the sandbox: rollback drills and schema changes run only here`,
      `    app_token: ${q(answers.sandbox.appToken)}`,
      '    tier: L0',
      '    stage: live',
      '    staging: true',
      `    tables: [${answers.sandbox.tables.map(q).join(', ')}]`,
      `    approvers: [${answers.approvers.join(', ')}]`,
      '    approvals_needed: 1',
      '    marker: { field: Larkgate, value: deletable } # a single select field; batch-delete needs it on every record',
      '    temp_table_prefix: tmp_',
      '',
      '# L2 and up refuse requests until a rollback drill on the sandbox has passed (L2: within 30 days).',
      '# The worker runs one every `every`; `larkgate drill --once --config <this file>` runs one now.',
      'drills:',
      '  every: 24h',
      `  base: ${answers.sandbox.alias}`,
    );
  }
  lines.push(
    '',
    '# The monitor and probes (config/larkgate.example.yaml explains each key) page chats.oncall when on.',
    'monitoring:',
    `  enabled: ${answers.oncallChat ? 'true' : 'false'}`,
    "  worker_metrics_port: 9464 # the worker's /healthz, /readyz, /metrics (docker-compose.yml checks /readyz)",
    '',
    'files:',
    '  allowed_endpoints: allowed_endpoints.yaml',
    '  lark_api_limits: lark-api-limits.yaml',
    '',
  );
  return lines.join('\n');
}
