import { stringify } from 'yaml';
import { readPolicyPin } from '../config/check-policy-pin.js';
import { ConfigError } from '../config/config-error.js';
import type { LoadedConfig } from '../config/load-config.js';
import { loadRotation } from '../config/load-rotation.js';
import { resolveSecret } from '../config/resolve-secret.js';
import { setBaseStage } from '../config/set-base-stage.js';
import type { Probe, ProbeContext, ProbeOutcome } from './probe.js';

const DAY_MS = 24 * 3600_000;

/** Runs one real config check; a ConfigError is the refusal (named by its code), anything else an error. */
async function configCheck(check: () => Promise<unknown>): Promise<ProbeOutcome> {
  try {
    await check();
    return { allowed: true, leaked: ['the configuration was accepted'], refusals: [] };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return {
      allowed: false,
      leaked: [],
      refusals: [{ code: error.code, message: `${error.key || '(top level)'}: ${error.problem}` }],
    };
  }
}

/** A larkgate.yaml text through the real loader (schemas, cross-checks, tier rules). */
export function loads(c: ProbeContext, text: string): Promise<ProbeOutcome> {
  return configCheck(() => c.rig.loadConfigText(text));
}

/** Loads a config that is valid for the loader, then runs one of the later checks on it. */
async function loadedThen(
  c: ProbeContext,
  text: string,
  check: (loaded: LoadedConfig) => Promise<unknown>,
): Promise<ProbeOutcome> {
  const loaded = await c.rig.loadConfigText(text);
  return configCheck(() => check(loaded));
}

function replaceOnce(text: string, from: string | RegExp, to: string): string {
  const next = text.replace(from, to);
  if (next === text) throw new Error(`the probe config has no ${String(from)}`);
  return next;
}

/** The probe config with its endpoint allowlist replaced by `endpoints` (written beside it). */
async function withEndpoints(
  c: ProbeContext,
  endpoints: ReadonlyArray<Record<string, unknown>>,
): Promise<string> {
  const name = `probe-endpoints-${Math.random().toString(36).slice(2)}.yaml`;
  await c.rig.writeFile(name, stringify({ version: 1, endpoints }));
  return replaceOnce(c.rig.configText, /allowed_endpoints: \S+/, `allowed_endpoints: ${name}`);
}

function probe(
  id: string,
  seedClass: Probe['seedClass'],
  title: string,
  code: string,
  run: Probe['run'],
): Probe {
  return { id, seedClass, title, expect: [code], run };
}

/**
 * Every config refusal by its stable code (src/config/config-error.ts), each through the real loader or
 * the real start-up check that raises it, on the probe organisation's config with one thing broken.
 * (Literal secrets, unparsable YAML, unknown keys and a base looser than its tier: probes-gates.ts.)
 */
export const CONFIG_PROBES: readonly Probe[] = [
  probe(
    'P7.config-missing-key',
    'P7',
    'a larkgate.yaml without a required key (app.app_id)',
    'config.missing_key',
    (c) => loads(c, replaceOnce(c.rig.configText, /\n {2}app_id: \S+/, '')),
  ),
  probe(
    'P7.config-file-missing',
    'P7',
    'a config naming an endpoint allowlist that does not exist',
    'config.file_unreadable',
    (c) =>
      loads(
        c,
        replaceOnce(c.rig.configText, /allowed_endpoints: \S+/, 'allowed_endpoints: no-such-file.yaml'),
      ),
  ),
  probe(
    'P6.config-invalid-value',
    'P6',
    'a base with a tier that does not exist (L9)',
    'config.invalid_value',
    (c) => loads(c, replaceOnce(c.rig.configText, 'tier: L2', 'tier: L9')),
  ),
  probe('P6.config-duplicate-alias', 'P6', 'two bases with the same alias', 'config.duplicate', (c) =>
    loads(c, replaceOnce(c.rig.configText, 'alias: drafts', 'alias: crm')),
  ),
  probe(
    'P2.config-unknown-group',
    'P2',
    'a base whose approvers come from a group nobody defined',
    'config.unknown_group',
    (c) =>
      loads(
        c,
        replaceOnce(c.rig.configText, /approver_groups:\n {6}- leads/, 'approver_groups:\n      - nobody'),
      ),
  ),
  probe(
    'P4.config-limited-without-block',
    'P4',
    'a base in the limited stage without its limited block (who, which ops, how many)',
    'config.limited_block_missing',
    (c) =>
      loads(
        c,
        replaceOnce(
          c.rig.configText,
          /\n {4}limited:\n {6}requesters:\n(?: {8}- \S+\n)+ {6}ops:\n(?: {8}- \S+\n)+ {6}max_records: \d+/,
          '',
        ),
      ),
  ),
  probe(
    'P7.config-endpoint-without-limit',
    'P7',
    'an allowed endpoint with no rate limit (Larkgate could exceed Lark’s)',
    'config.endpoint_without_limit',
    async (c) =>
      loads(
        c,
        await withEndpoints(c, [
          ...c.rig.loaded.endpoints.endpoints,
          { id: 'im.chat.create', method: 'POST', path: '/open-apis/im/v1/chats', used_by: ['probe'] },
        ]),
      ),
  ),
  probe(
    'P7.config-no-token-endpoint',
    'P7',
    'an endpoint allowlist without the token endpoint (no call could be authorised)',
    'config.token_endpoint_missing',
    async (c) =>
      loads(
        c,
        await withEndpoints(
          c,
          c.rig.loaded.endpoints.endpoints.filter((endpoint) => endpoint.id !== 'auth.tenant_access_token'),
        ),
      ),
  ),
  probe(
    'P7.config-drill-on-production',
    'P7',
    'a scheduled rollback drill on a production base',
    'config.drill_base_not_staging',
    (c) => loads(c, `${c.rig.configText}\ndrills:\n  every: 24h\n  base: crm\n`),
  ),
  probe(
    'P8.config-secret-unresolved',
    'P8',
    'a secret reference to an environment variable that is not set',
    'config.secret_unresolved',
    async (c) =>
      configCheck(() =>
        resolveSecret(
          'secret://env/LARKGATE_PROBE_NOT_SET',
          { env: {}, baseDir: c.rig.dir },
          'larkgate.yaml',
          'app.app_secret',
        ),
      ),
  ),
  probe(
    'P8.config-rotation-overlap-too-long',
    'P8',
    'a secret rotation whose old secret stays valid for 8 days (the limit is 7)',
    'config.rotation_overlap_too_long',
    async (c) => {
      const now = c.rig.clock();
      const text = replaceOnce(
        c.rig.configText,
        /\n {2}app_secret: (\S+)/,
        `\n  app_secret: $1\n  app_secret_previous: $1\n  previous_valid_until: ${new Date(now + 8 * DAY_MS).toISOString()}`,
      );
      return loadedThen(c, text, (loaded) => loadRotation(loaded, {}, now));
    },
  ),
  probe(
    'P8.config-app-secret-refused',
    'P8',
    'an app secret Lark does not accept',
    'config.app_secret_refused',
    async (c) => configCheck(() => c.rig.preflight.appSecret(c.rig.loaded, async () => false)),
  ),
  probe(
    'P7.config-pin-malformed',
    'P7',
    'a LARKGATE_POLICY_PIN that is not a policy hash',
    'config.pin_malformed',
    async () => configCheck(async () => readPolicyPin({ LARKGATE_POLICY_PIN: 'reviewed-on-monday' })),
  ),
  probe(
    'P5.config-backup-key-unusable',
    'P5',
    'a backup recipient whose public key is not a key (no backup could be encrypted)',
    'config.backup_key_unusable',
    async (c) => {
      const name = `probe-not-a-key-${Math.random().toString(36).slice(2)}.asc`;
      await c.rig.writeFile(name, 'this is not an OpenPGP public key\n');
      const text = replaceOnce(c.rig.configText, /recipients:\n {4}- \S+/, `recipients:\n    - ${name}`);
      return loadedThen(c, text, (loaded) => c.rig.preflight.backupRecipients(loaded));
    },
  ),
  probe(
    'P7.config-monitoring-without-oncall',
    'P7',
    'monitoring on with no on-call chat to page',
    'config.oncall_missing',
    async (c) =>
      loadedThen(c, replaceOnce(c.rig.configText, /\n {2}oncall: \S+/, ''), (loaded) =>
        c.rig.preflight.monitoring(loaded),
      ),
  ),
  probe(
    'P7.config-outage-drill-on-real-tenant',
    'P7',
    'the synthetic outage drill pointed at a real Lark tenant',
    'config.command_not_applicable',
    async (c) =>
      loadedThen(c, replaceOnce(c.rig.configText, /\n {2}domain: \S+/, '\n  domain: feishu'), (loaded) =>
        c.rig.preflight.outageDrill(loaded),
      ),
  ),
  probe(
    'P6.config-unknown-base',
    'P6',
    'a stage change for a base the config does not have',
    'config.unknown_base',
    async (c) => configCheck(async () => setBaseStage(c.rig.configText, 'larkgate.yaml', 'nowhere', 'live')),
  ),
];
