import { z } from 'zod';
import { LOCALES } from '../domain/i18n/locale.js';
import { parseDuration } from '../domain/parse-duration.js';
import { STAGES, TIERS } from '../domain/tiers.js';
import { AgentConfig, McpConfig } from './agent-config.js';
import { DashboardConfig } from './dashboard-config.js';
import { DrillsConfig } from './drills-config.js';
import { IntakeConfig } from './intake-config.js';
import { MonitoringConfig } from './monitoring-config.js';
import { SECRET_REF_PATTERN, SecretRef } from './secret-ref.js';

const OpenId = z.string().regex(/^ou_[A-Za-z0-9_]+$/, { message: 'an open_id looks like ou_xxx' });
const ChatId = z.string().regex(/^oc_[A-Za-z0-9_]+$/, { message: 'a chat_id looks like oc_xxx' });
const Duration = z.string().refine((text) => parseDuration(text) !== undefined, {
  message: 'a duration looks like 90s, 30m, 2h or 7d',
});
const Alias = z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, {
  message: 'an alias is lower-case letters, digits and dashes, starting with a letter (it is typed in chat)',
});
const WriteOpName = z.enum(['create', 'update', 'delete', 'batch-delete']);

/**
 * Why `redis.cluster` is refused rather than accepted and broken: Larkgate's Lua scripts and MULTI blocks
 * touch keys under `redis.prefix` together with keys under `audit.stream` (and the monitor's keys), which
 * share no hash tag, so a Cluster would answer CROSSSLOT on the first approval.
 */
export const REDIS_CLUSTER_REFUSED =
  "Redis Cluster is not supported yet: the request store's Lua script (7 keys per decision) and the audit stream's MULTI (stream + checkpoint keys) touch keys that share no hash tag, so Cluster would refuse them (CROSSSLOT). Use one Redis (url) or Redis Sentinel (sentinels + name)";

/** A Redis URL may be written literally only when it carries no password. */
const RedisUrl = z.string().superRefine((url, ctx) => {
  if (url.startsWith('secret://')) {
    if (!SECRET_REF_PATTERN.test(url))
      ctx.addIssue({
        code: 'custom',
        message: 'expected secret://env/NAME or secret://file/PATH',
        params: { problem: 'config.literal_secret' },
      });
  } else if (!/^rediss?:\/\//.test(url)) {
    ctx.addIssue({
      code: 'custom',
      message: 'a Redis URL starts with redis:// or rediss:// (or is a secret:// reference)',
    });
  } else if (/^rediss?:\/\/[^@/]*:[^@/]*@/.test(url)) {
    ctx.addIssue({
      code: 'custom',
      message: 'this Redis URL holds a password: move it to secret://env/NAME or secret://file/PATH',
      params: { problem: 'config.literal_secret' },
    });
  }
});

export const BaseConfig = z.strictObject({
  alias: Alias,
  name: z.string().min(1).optional(),
  app_token: z.string().min(1).max(100),
  tier: z.enum(TIERS),
  stage: z.enum(STAGES),
  staging: z.boolean().default(false),
  tables: z.array(z.string().min(1)).min(1, { message: 'list the tables Larkgate may touch (by name)' }),
  approvers: z.array(OpenId).default([]),
  approver_groups: z.array(z.string().min(1)).default([]),
  approvals_needed: z.number().int().min(0).max(10),
  distinct_groups: z.number().int().min(0).max(5).default(0),
  approval_ttl: Duration.optional(),
  requesters: z.array(OpenId).optional(),
  marker: z.strictObject({ field: z.string().min(1), value: z.string().min(1) }).optional(),
  temp_table_prefix: z.string().min(1).default('tmp_'),
  max_records_per_request: z.number().int().min(1).max(10_000).default(100),
  limited: z
    .strictObject({
      requesters: z.array(OpenId).min(1),
      ops: z.array(WriteOpName).min(1),
      max_records: z.number().int().min(1).max(100),
    })
    .optional(),
});
export type BaseConfig = z.infer<typeof BaseConfig>;

export const LarkgateConfig = z
  .strictObject({
    version: z.literal(1),
    app: z
      .strictObject({
        app_id: z
          .string()
          .regex(/^cli_[0-9a-zA-Z]{16}$/, { message: 'an app id looks like cli_ followed by 16 characters' }),
        app_secret: SecretRef,
        encrypt_key: SecretRef,
        verification_token: SecretRef,
        domain: z.union([z.enum(['feishu', 'lark']), z.url({ protocol: /^https?$/ })]),
        bot_name: z.string().min(1).default('Larkgate'),
        /**
         * Secret rotation (docs/runbooks/rotate-secrets.md): the secrets being retired, accepted after the
         * current ones until `previous_valid_until`, never after. At most 7 days ahead when loaded.
         */
        app_secret_previous: SecretRef.optional(),
        encrypt_key_previous: SecretRef.optional(),
        previous_valid_until: z.iso.datetime({ offset: true }).optional(),
      })
      .superRefine((app, ctx) => {
        const previous = app.app_secret_previous !== undefined || app.encrypt_key_previous !== undefined;
        if (previous && app.previous_valid_until === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['previous_valid_until'],
            message:
              'a previous secret needs previous_valid_until: when the overlap ends (ISO time, e.g. 2026-07-01T12:00:00Z)',
            params: { problem: 'config.missing_key' },
          });
        }
        if (!previous && app.previous_valid_until !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['previous_valid_until'],
            message:
              'previous_valid_until without app_secret_previous or encrypt_key_previous: remove it, nothing is being retired',
          });
        }
      }),
    server: z
      .strictObject({
        host: z.string().default('0.0.0.0'),
        port: z.number().int().min(0).max(65_535).default(3000),
        signature_window_seconds: z.number().int().min(30).max(3600).default(300),
        /**
         * Express `trust proxy`: which hops may name the client in X-Forwarded-For. Off by default: the
         * per-source limit then keys on the TCP peer. Set it (e.g. `loopback`, a CIDR, a hop count) only
         * when a proxy you run sits in front, or every sender can pick its own source address.
         */
        trust_proxy: z.union([z.boolean(), z.number().int().min(0), z.string().min(1)]).default(false),
        /**
         * Refusals before verifying (docs/runbooks/burst-auth-failures.md): a token bucket per source address
         * in this process (so with N replicas the limit is N times this), and denials from one source
         * audited once per window with a count.
         */
        pushes: z
          .strictObject({
            per_second: z.number().positive().max(10_000).default(20),
            burst: z.number().int().min(1).max(100_000).default(60),
            denial_window_seconds: z.number().int().min(1).max(3600).default(10),
          })
          .prefault({}),
      })
      .prefault({}),
    /**
     * How Lark reaches Larkgate (README "Long connection"): `webhook` (default) posts events and clicks to
     * `/lark/events` and `/lark/card`; `ws` has `larkgate serve` dial Lark's long connection (the SDK's
     * WSClient), so the bot needs no public URL.
     */
    lark: z.strictObject({ transport: z.enum(['webhook', 'ws']).default('webhook') }).prefault({}),
    /**
     * One Redis by `url`, or a master group behind Redis Sentinel (`sentinels` + `name`, ioredis's own
     * Sentinel support). `cluster` is refused with the reason (README "Scaling past one machine").
     */
    redis: z
      .strictObject({
        url: RedisUrl.optional(),
        sentinels: z
          .array(z.strictObject({ host: z.string().min(1), port: z.number().int().min(1).max(65_535) }))
          .min(1, 'list at least one sentinel (three on separate machines for a real quorum)')
          .optional(),
        name: z.string().min(1).optional(),
        /**
         * Wait (Redis WAIT) until this many replicas hold each request change before answering the person
         * or moving on, so what was acknowledged survives a Sentinel failover; off by default.
         */
        replica_ack: z
          .strictObject({
            replicas: z.number().int().min(1).default(1),
            timeout_ms: z.number().int().min(1).max(2_000).default(500),
          })
          .optional(),
        cluster: z
          .array(z.strictObject({ host: z.string().min(1), port: z.number().int().min(1).max(65_535) }))
          .optional(),
        prefix: z
          .string()
          .regex(/^[a-z][a-z0-9-]*$/)
          .default('larkgate'),
      })
      .superRefine((redis, ctx) => {
        if (redis.cluster !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['cluster'],
            message: REDIS_CLUSTER_REFUSED,
          });
          return;
        }
        if (redis.sentinels !== undefined && redis.name === undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['name'],
            message: 'name the Sentinel master group (sentinels need name)',
          });
        if (redis.name !== undefined && redis.sentinels === undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['sentinels'],
            message: 'name is the Sentinel master group: list the sentinels too',
          });
        if (redis.url !== undefined && redis.sentinels !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['url'],
            message: 'set either url or sentinels + name, not both',
          });
        if (redis.url === undefined && redis.sentinels === undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['url'],
            message: 'set url (one Redis) or sentinels + name (Redis Sentinel)',
          });
      }),
    audit: z.strictObject({
      file: z.string().min(1),
      stream: z.string().min(1).default('larkgate:audit'),
      fingerprint_key: SecretRef,
      /**
       * Safety cap on the stream's length (XADD MAXLEN ~), applied only while this process's file sink is
       * healthy (the file then holds what the cap drops); 0 turns it off. The usual bound is trimming up to
       * the newest checkpoint the file holds (src/store/create-audit-stream-trim.ts).
       */
      stream_max_len: z.number().int().min(0).default(1_000_000),
      /**
       * Trimming never drops stream entries younger than this: the guard reads the newest `drill.passed`
       * from the stream, and the strictest tier wants one within 30 days.
       */
      stream_keep_days: z.number().int().min(31).default(31),
      /**
       * Keys every event hash (HMAC-SHA256, at least 16 bytes): without it nobody can edit, re-hash or
       * forge an event that verifies. Events record only its id; `audit verify --config` needs it.
       */
      hash_key: SecretRef,
      /** A signed checkpoint every this many events of a chain … */
      checkpoint_every: z.number().int().min(1).max(100_000).default(100),
      /** … or this long after the first event not yet covered, whichever comes first (and on clean shutdown). */
      checkpoint_interval: Duration.default('1m'),
      /**
       * Ed25519 private key (PEM) that signs the checkpoints, which also go to the audit chat and the
       * checkpoint anchor in Redis, outside the log's trust domain.
       */
      checkpoint_key: SecretRef,
      /** Its public half (a PEM file, relative to this file): `audit verify` checks checkpoints with it. */
      checkpoint_public_key: z.string().min(1),
    }),
    backup: z.strictObject({
      dir: z.string().min(1),
      recipients: z
        .array(z.string().min(1))
        .min(1, { message: 'name at least one public key file to encrypt backups to' }),
      /**
       * The private key Larkgate decrypts its own backups with, to roll back (its public key must be one of the
       * recipients). Without it, rollbacks are refused; operators can still restore by hand with gpg.
       */
      private_key: SecretRef.optional(),
      private_key_passphrase: SecretRef.optional(),
    }),
    approvals: z.strictObject({ ttl: Duration }).default({ ttl: '30m' }),
    chats: z.strictObject({
      requests: z.array(ChatId).min(1),
      audit: ChatId,
      oncall: ChatId.optional(),
      drills: ChatId.optional(),
      allow_direct_messages: z.boolean().default(true),
      /** The language of text replies (errors, help) in these chats; absent: en_us. Cards carry all four. */
      locale: z.enum(LOCALES).optional(),
      /** A person's own reply language (open id → locale), over the chats' `locale`. */
      user_locales: z.record(OpenId, z.enum(LOCALES)).optional(),
    }),
    approver_groups: z.record(z.string().min(1), z.array(OpenId).min(1)).default({}),
    bases: z.array(BaseConfig).min(1, { message: 'configure at least one base' }),
    /** Agents allowed through the MCP server (agent-config.ts); none by default. */
    agents: z.array(AgentConfig).default([]),
    /** The MCP server's tool pins (agent-config.ts); absent: the MCP endpoint does not serve. */
    mcp: McpConfig.optional(),
    /** Per-requester admission to the chat intake (intake-config.ts); defaults apply when absent. */
    intake: IntakeConfig.prefault({}),
    /** Health, probes, alerts and paging (docs/product.md §6); absent = the monitor and probes are off. */
    monitoring: MonitoringConfig.optional(),
    /** The scheduled rollback drill on a staging base (drills-config.ts); absent = no schedule. */
    drills: DrillsConfig.optional(),
    /** The read-only dashboard of `larkgate serve` (dashboard-config.ts): loopback by default. */
    dashboard: DashboardConfig.prefault({}),
    files: z
      .strictObject({
        allowed_endpoints: z.string().default('allowed_endpoints.yaml'),
        lark_api_limits: z.string().default('lark-api-limits.yaml'),
      })
      .default({ allowed_endpoints: 'allowed_endpoints.yaml', lark_api_limits: 'lark-api-limits.yaml' }),
  })
  .superRefine((config, ctx) => {
    const drillBase = config.drills?.base;
    if (drillBase === undefined) return;
    const base = config.bases.find((candidate) => candidate.alias === drillBase);
    if (base?.staging !== true) {
      ctx.addIssue({
        code: 'custom',
        path: ['drills', 'base'],
        message: `drills run only on a staging base: "${drillBase}" is ${base ? 'not marked staging: true' : 'not a configured base alias'}`,
        params: { problem: 'config.drill_base_not_staging' },
      });
    }
  });

export type LarkgateConfig = z.infer<typeof LarkgateConfig>;
