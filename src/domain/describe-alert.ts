import type { LocalText } from './i18n/locale.js';
import { messagesEnUs } from './i18n/messages-en-us.js';
import { translate } from './i18n/translate.js';

export type AlertDescription = {
  /** What is wrong, in a few words (English, for logs and text replies). */
  title: string;
  /** `docs/runbooks/<runbook>.md`. */
  runbook: string;
  /** What to check first, before opening the runbook (English). */
  firstCheck: string;
  /** The title and first check in every card locale (catalogue keys `alert.kind.<kind>.*`). */
  local: { title: LocalText; firstCheck: LocalText };
};

/** Every alert Larkgate raises, by the key's kind (the part before `:`), with its runbook page. */
const RUNBOOKS = {
  redis: 'redis-unreachable',
  policy: 'policy-not-loaded',
  'audit.file': 'audit-file-unwritable',
  'audit.stream': 'audit-stream-failing',
  'audit.lag': 'audit-lagging',
  'audit.silence': 'audit-silent',
  'lark.token': 'lark-api-unreachable',
  'lark.rate_limited': 'lark-rate-limited',
  'lark.ws': 'lark-long-connection',
  'lark.token_refresh': 'lark-token-refresh',
  workers: 'workers-down',
  'probes.stale': 'probes-stale',
  'lark.base_api': 'lark-base-api-down',
  'base.read': 'base-read-failing',
  'drill.age': 'drill-overdue',
  'drill.failed': 'drill-failed',
  'burst.denials': 'burst-denials',
  'burst.auth_failures': 'burst-auth-failures',
  'burst.failed_ops': 'burst-failed-ops',
  'burst.verify_failures': 'burst-verify-failures',
  'burst.failed_intake': 'burst-failed-intake',
} as const;
type AlertKind = keyof typeof RUNBOOKS | 'unknown';

const isKind = (kind: string): kind is keyof typeof RUNBOOKS => Object.hasOwn(RUNBOOKS, kind);

/**
 * Every alert kind with its title (`{subject}` is the part of the key after `:`, a base alias), runbook and
 * first check; the words are in the message catalogues (src/domain/i18n).
 */
export const ALERT_KINDS: Readonly<Record<string, Omit<AlertDescription, 'local'>>> = Object.fromEntries(
  Object.entries(RUNBOOKS).map(([kind, runbook]) => [
    kind,
    {
      title: messagesEnUs[`alert.kind.${kind as keyof typeof RUNBOOKS}.title`],
      runbook,
      firstCheck: messagesEnUs[`alert.kind.${kind as keyof typeof RUNBOOKS}.check`],
    },
  ]),
);

/** The title, runbook and first check for an alert key such as `base.read:crm`. */
export function describeAlert(key: string): AlertDescription {
  const [kind = key, subject = ''] = key.split(':', 2);
  const known: AlertKind = isKind(kind) ? kind : 'unknown';
  const params = { subject: subject || kind };
  const local = {
    title: translate(`alert.kind.${known}.title`, params),
    firstCheck: translate(`alert.kind.${known}.check`, params),
  };
  return {
    title: local.title.en_us,
    runbook: known === 'unknown' ? 'index' : RUNBOOKS[known],
    firstCheck: local.firstCheck.en_us,
    local,
  };
}
