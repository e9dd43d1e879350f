export type AlertDescription = {
  /** What is wrong, in a few words; `{subject}` is the part of the key after `:` (a base alias). */
  title: string;
  /** `docs/runbooks/<runbook>.md`. */
  runbook: string;
  /** What to check first, before opening the runbook. */
  firstCheck: string;
};

/** Every alert Larkgate raises, by the key's kind (the part before `:`). One runbook page per kind. */
export const ALERT_KINDS: Readonly<Record<string, AlertDescription>> = {
  redis: {
    title: 'Redis is unreachable',
    runbook: 'redis-unreachable',
    firstCheck: 'Is redis-server running and reachable from the bot host (redis-cli -u $REDIS_URL ping)?',
  },
  policy: {
    title: 'The policy is not loaded',
    runbook: 'policy-not-loaded',
    firstCheck: 'Read the bot log for the config error: it names the file, the key and the fix.',
  },
  'audit.file': {
    title: 'The audit file cannot be written',
    runbook: 'audit-file-unwritable',
    firstCheck: 'Disk space, permissions and mount of the folder holding audit.file (df -h, ls -l).',
  },
  'audit.stream': {
    title: 'The audit stream in Redis is not taking events',
    runbook: 'audit-stream-failing',
    firstCheck: 'Redis memory (INFO memory, maxmemory) and the XADD errors in the bot log.',
  },
  'audit.lag': {
    title: 'One audit sink is falling behind the other',
    runbook: 'audit-lagging',
    firstCheck: 'Which sink is behind (the card says); look for "audit sink failed" in every process log.',
  },
  'audit.silence': {
    title: 'No audit event for too long',
    runbook: 'audit-silent',
    firstCheck: 'Are the bot and workers running and receiving traffic (larkgate logs, /readyz)?',
  },
  'lark.token': {
    title: 'Lark API unreachable: no tenant_access_token',
    runbook: 'lark-api-unreachable',
    firstCheck: 'Lark status page and egress from this host to the Lark domain; then the app secret.',
  },
  'lark.rate_limited': {
    title: 'Lark is rate-limiting Larkgate',
    runbook: 'lark-rate-limited',
    firstCheck:
      'Who else uses this Lark app (shared quota), and larkgate_lark_rate_limited_total by endpoint.',
  },
  'lark.ws': {
    title: 'No long connection to Lark: events and clicks do not arrive',
    runbook: 'lark-long-connection',
    firstCheck:
      'The bot log for "long connection" lines, and egress from this host to the Lark domain (wss).',
  },
  'lark.token_refresh': {
    title: 'The Lark token is not renewed before it expires',
    runbook: 'lark-token-refresh',
    firstCheck: 'The host clock (timedatectl) and the token-refresh probe detail on the card.',
  },
  workers: {
    title: 'No worker is running',
    runbook: 'workers-down',
    firstCheck: 'Is `larkgate worker` running (systemctl/docker ps), and can it reach Redis?',
  },
  'probes.stale': {
    title: 'The synthetic probes have stopped',
    runbook: 'probes-stale',
    firstCheck: 'The worker log for "probe" errors, and the probes job scheduler in Redis.',
  },
  'lark.base_api': {
    title: 'Lark Base API down: no base can be read',
    runbook: 'lark-base-api-down',
    firstCheck: 'The error code on the card, Lark status, and whether the app still has access to the Bases.',
  },
  'base.read': {
    title: 'Base {subject}: records cannot be read',
    runbook: 'base-read-failing',
    firstCheck: 'The error code on the card: permission (app removed from the Base?) or Lark-side (5xx)?',
  },
  'drill.age': {
    title: 'Base {subject}: rollback drill overdue',
    runbook: 'drill-overdue',
    firstCheck: 'Run a rollback drill and read its receipt in the drills chat.',
  },
  'drill.failed': {
    title: 'Base {subject}: rollback drill failed',
    runbook: 'drill-failed',
    firstCheck: 'The problem on the card and the receipt in the drills chat: which step failed, and why.',
  },
  'burst.denials': {
    title: 'Burst of denied actions',
    runbook: 'burst-denials',
    firstCheck: 'Who is being denied and why: the tool.denied events in the audit log.',
  },
  'burst.auth_failures': {
    title: 'Burst of forged or stale pushes',
    runbook: 'burst-auth-failures',
    firstCheck: 'The auth.denied reasons and source addresses: someone probing, or a rotated key?',
  },
  'burst.failed_ops': {
    title: 'Burst of failed or stale writes',
    runbook: 'burst-failed-ops',
    firstCheck: 'The op.failed and op.stale events: one base or all, and the problem they record.',
  },
  'burst.verify_failures': {
    title: 'A write did not read back as approved',
    runbook: 'burst-verify-failures',
    firstCheck:
      'The op.verify_failed request: compare its card with the Base now; restore from its backup if needed.',
  },
  'burst.failed_intake': {
    title: 'Chat requests failed after every retry',
    runbook: 'burst-failed-intake',
    firstCheck:
      'The intake.failed events: their cause (Base, Lark, audit) says which outage; the requesters were told.',
  },
};

const UNKNOWN: AlertDescription = {
  title: 'Unknown alert {subject}',
  runbook: 'index',
  firstCheck: 'Read the detail on the card and the monitor log.',
};

/** The title, runbook and first check for an alert key such as `base.read:crm`. */
export function describeAlert(key: string): AlertDescription {
  const [kind = key, subject = ''] = key.split(':', 2);
  const description = ALERT_KINDS[kind] ?? UNKNOWN;
  return { ...description, title: description.title.replace('{subject}', subject || kind) };
}
