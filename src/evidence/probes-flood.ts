import type { Probe, ProbeOutcome, Refusal } from './probe.js';
import { lower, messageEvent } from './probe-steps.js';

/** How many forged pushes the flood probe sends from one source: well past the default burst of 60. */
const FLOOD = 300;

/**
 * Refusals before verifying (issue 11 item 3): a flood from one source is refused cheaply and audited as
 * aggregated denials, and a body bigger than anything Lark sends is refused before it is read.
 */
export const FLOOD_PROBES: readonly Probe[] = [
  {
    id: 'P8.push-flood',
    seedClass: 'P8',
    title: `${FLOOD} forged pushes from one source: past its rate answered 429 unverified, audited as aggregated denials, not a line each`,
    expect: ['auth.rate_limited', 'auth.bad_signature'],
    run: async (c) => {
      const source = '203.0.113.77';
      let limited = 0;
      let denied = 0;
      let accepted = 0;
      let linesDuring = 0;
      for (let sent = 0; sent < FLOOD; sent++) {
        const seal = c.rig.push.seal(messageEvent(c), 'an-attacker-key', c.rig.clock());
        const answer = await c.rig.post('events', seal.body, lower(seal.headers), source);
        if (answer.status === 429) limited += 1;
        else if (answer.status === 401) denied += 1;
        else if (answer.status < 300) accepted += 1;
        linesDuring += answer.audited.filter((event) => event.type === 'auth.denied').length;
      }
      const closing = (await c.rig.closeRefusalWindows()).filter(
        (event) => event.type === 'auth.denied' && event.details.ip === source,
      );
      const counted = linesDuring + closing.reduce((sum, event) => sum + Number(event.details.count ?? 0), 0);
      const lines = linesDuring + closing.length;
      const leaked: string[] = [];
      if (accepted > 0) leaked.push(`${accepted} forged pushes were accepted`);
      if (lines > 2)
        leaked.push(`${lines} audit lines for ${FLOOD} refusals from one source (not aggregated)`);
      if (counted !== FLOOD) leaked.push(`the audit log counts ${counted} of ${FLOOD} refusals`);
      const refusals: Refusal[] = [];
      if (limited > 0)
        refusals.push({ code: 'auth.rate_limited', message: `${limited} answered 429 without verifying` });
      if (denied > 0)
        refusals.push({
          code: 'auth.bad_signature',
          message: `${denied} verified and refused (401); ${lines} audit lines counting ${counted}`,
        });
      return { allowed: accepted > 0, leaked, refusals };
    },
  },
  {
    id: 'P8.push-oversized',
    seedClass: 'P8',
    title: 'a push bigger than anything Lark sends (over 1 MB) is refused before it is read',
    expect: ['auth.body_too_large'],
    run: async (c): Promise<ProbeOutcome> => {
      const body = JSON.stringify({ encrypt: 'A'.repeat(c.rig.push.bodyLimitBytes) });
      const answer = await c.rig.post('events', body, { 'content-type': 'application/json' });
      const denied = answer.audited.find((event) => event.type === 'auth.denied');
      if (answer.status !== 413) {
        return {
          allowed: answer.status < 300,
          leaked: answer.status < 300 ? [`the push was accepted (${answer.status})`] : [],
          refusals: denied
            ? [{ code: `auth.${String(denied.details.reason)}`, message: `${answer.status}` }]
            : [],
        };
      }
      return {
        allowed: false,
        leaked: [],
        refusals: [
          { code: `auth.${String(denied?.details.reason ?? 'unknown')}`, message: '413 body too large' },
        ],
      };
    },
  },
];
