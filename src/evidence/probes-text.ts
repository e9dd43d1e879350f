import { deriveRequestId } from '../domain/derive-request-id.js';
import { findLiveMarkup, findLiveMarkupInCard, type LiveMarkup } from '../domain/find-live-markup.js';
import type { HandlerRun, Probe, ProbeOutcome, Sent } from './probe.js';
import { approve, chatMessage, execute, fresh } from './probe-steps.js';

const ALICE = 'ou_alice';
/** Larkgate's own mentions in the probe organisation: requesters, approvers, people in user cells. */
const OWN_MENTION = /^<at (?:user_)?id=("?)ou_(alice|bob|carol|dave|erin)\1>$/;

/**
 * Hostile text: every `<at>` form that Lark (or a lenient reading of it) makes a mention, a written link,
 * bare URLs, a domain, an e-mail address and a bidi override. `evil` marks what only it could bring.
 */
const HOSTILE =
  '<at user_id=all></at> <AT ID=all/> < at open_id = ou_victim >v</ at > <at email=evil@corp.example></at> [click](http://evil.example) https://evil.example/x www.evil.com evil.example.com evil@corp.example \u202Eevil';

/** What came alive in one sent message: a mention that is not Larkgate's, a hostile link, a bidi control. */
function aliveIn(sent: Sent): LiveMarkup[] {
  if (sent.text === null) return [];
  const found =
    sent.kind === 'text' ? findLiveMarkup(sent.text, 'text') : findLiveMarkupInCard(JSON.parse(sent.text));
  return found.filter(
    (item) =>
      (item.kind === 'mention' && !OWN_MENTION.test(item.text)) ||
      (item.kind === 'link' && /evil/i.test(item.text)) ||
      (item.kind === 'markup' && /^[\p{Cc}\p{Cf}]/u.test(item.text)),
  );
}

/**
 * Let through: something in what the bot posted is live. Refused (`text.inert`): the bot posted (all that
 * the probe needs to see, `sawAll`), and nothing in it is a mention, link or control it did not put there.
 */
function judge(runs: HandlerRun[], posted: string, sawAll = true): ProbeOutcome {
  const sent = runs.flatMap((run) => run.sent);
  const alive = sent.flatMap((message) =>
    aliveIn(message).map(
      (item) => `${message.kind} to ${message.to}: ${item.kind} ${JSON.stringify(item.text)}`,
    ),
  );
  return {
    allowed: alive.length > 0,
    leaked: alive,
    refusals:
      alive.length === 0 && sent.length > 0 && sawAll
        ? [
            {
              code: 'text.inert',
              message: `${sent.length} message(s) ${posted}, none with a live mention or link`,
            },
          ]
        : [],
  };
}

/**
 * Hostile text sent through the worker's real intake and live-op processors with the real rendering of
 * replies, cards and the audit-chat line (P8: a message that would speak with the bot's authority). The
 * guard under test plays no part: the probes judge what the bot posts.
 */
export const TEXT_PROBES: readonly Probe[] = [
  {
    id: 'P8.mention-in-chat-reply',
    seedClass: 'P8',
    title: 'chat text that would make the bot @all, mention anyone or post a link in its replies',
    expect: ['text.inert'],
    run: async (c) => {
      const asks = [
        `get crm/Tasks "${HOSTILE}"`,
        `update crm/Tasks recTask0001 "${HOSTILE}"=1`,
        `status ${HOSTILE}`,
        `help ${HOSTILE}`,
        `deploy ${HOSTILE}`,
      ];
      const runs: HandlerRun[] = [];
      for (const text of asks)
        runs.push(await c.rig.chat(chatMessage(c, text, { from: ALICE }), { decide: c.decide }));
      return judge(runs, 'replied to hostile commands');
    },
  },
  {
    id: 'P8.mention-in-base-value',
    seedClass: 'P8',
    title: 'a Base value that would put @all or a link into the diff card, the audit-chat line and a read',
    expect: ['text.inert'],
    run: async (c) => {
      // The hostile value goes into the Base through a governed write (its diff card, its live op with the
      // card patch and the audit-chat line), then is read back from the Base (the record card).
      const value = `${fresh()} ${HOSTILE}`.replace(/"/g, '');
      const asked = chatMessage(c, `update crm/Tasks recTask0004 Title="${value}"`, { from: ALICE });
      const opened = await c.rig.chat(asked, { decide: c.decide });
      const pending = await c.rig.requests.get(deriveRequestId(asked.messageId));
      if (!pending) return judge([opened], 'posted before the request could open');
      const { request } = await approve(c, pending.request, ['ou_bob']);
      const executed = await execute(c, request);
      const read = await c.rig.chat(chatMessage(c, 'get crm/Tasks recTask0004', { from: ALICE }), {
        decide: c.decide,
      });
      // Without the audit-chat line the probe saw too little to say anything (WRONG_REASON, not BLOCKED).
      const auditLine = executed.run.sent.some(
        (sent) => sent.kind === 'text' && sent.to === c.rig.policy.auditChat,
      );
      return judge([opened, executed.run, read], 'posted about a hostile Base value', auditLine);
    },
  },
];
