import {
  OUTAGE_DETECTION_PATH,
  OUTAGE_FAULT,
  type OutageDrillRecordDeps,
} from '../app/drills/record-outage-drill.js';
import type { DrillCard } from '../app/drills/run-outage-drill.js';
import { ConfigError } from '../config/config-error.js';
import { computeTimeToPage, recordedIntervals } from '../monitoring/compute-time-to-page.js';
import type { Runtime } from './create-runtime.js';

/**
 * The outage drill's world (`larkgate drill outage`, readiness gate 7), against the demo setup: the emulator
 * stands in for Lark, and its control API injects the fault and shows the on-call chat. Refuses (a
 * ConfigError) a config that points at a real tenant, or has no monitor or on-call chat to page.
 */
export function createOutageDrillDeps(runtime: Runtime): OutageDrillRecordDeps {
  const { config, path } = runtime.loaded;
  const emulator = emulatorOrigin(config.app.domain);
  if (!emulator) {
    throw new ConfigError(
      path,
      'app.domain',
      'drill outage injects its fault through the Lark emulator, so it runs against the demo (app.domain must be the local emulator), not a real tenant',
      'config.command_not_applicable',
    );
  }
  const chat = config.chats.oncall;
  if (!chat || !runtime.monitoring.enabled) {
    throw new ConfigError(
      path,
      chat ? 'monitoring.enabled' : 'chats.oncall',
      'the outage drill needs the monitor on and an on-call chat to page',
      'config.command_not_applicable',
    );
  }
  const control = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${emulator}/__emulator${route}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`emulator ${method} ${route}: HTTP ${response.status}`);
    return response.json() as Promise<unknown>;
  };
  return {
    inject: async () => {
      await control('POST', '/faults', OUTAGE_FAULT);
    },
    clear: async () => {
      await control('DELETE', '/faults');
    },
    cards: async () => {
      const { items } = (await control('GET', `/chats/${chat}/messages`)) as { items: ChatMessage[] };
      return items.filter((item) => item.msg_type === 'interactive').map(toDrillCard);
    },
    clock: runtime.clock,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    append: (input) => runtime.auditLog.append(input),
    intervals: recordedIntervals(runtime.monitoring),
    boundMs: computeTimeToPage(runtime.monitoring, OUTAGE_DETECTION_PATH),
  };
}

type ChatMessage = { message_id: string; msg_type: string; content: unknown };

function toDrillCard(item: ChatMessage): DrillCard {
  const content = (item.content ?? {}) as { header?: { title?: { content?: unknown } } };
  const title = content.header?.title?.content;
  const text = JSON.stringify(item.content);
  // The card names its alert key in a line "alert `<key>` · <severity> · …" (cards/build-alert-card.ts).
  return {
    messageId: item.message_id,
    title: typeof title === 'string' ? title : '',
    alert: /alert `([^`]+)`/.exec(text)?.[1] ?? null,
    resolved: text.includes('**Resolved**'),
  };
}

/** The emulator's origin when the configured domain is a loopback URL, else null. */
function emulatorOrigin(domain: string): string | null {
  if (domain === 'feishu' || domain === 'lark') return null;
  try {
    const url = new URL(domain);
    return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) ? url.origin : null;
  } catch {
    return null;
  }
}
