import { z } from 'zod';
import { agentAsker } from '../../app/requests/asker.js';
import { denialText } from '../../app/requests/audit-decision.js';
import { getRequestStatus } from '../../app/requests/get-request-status.js';
import type { GovernedRequest } from '../../domain/governed-request.js';
import type { AgentPolicy } from '../../domain/policy.js';
import type { McpDeps } from '../mcp-deps.js';
import { defineTool, type ToolAnswer } from '../mcp-tool.js';

const Input = z.object({
  request_id: z.string().regex(/^req_[a-z2-7]{12}$/),
  wait_seconds: z
    .number()
    .int()
    .min(0)
    .max(30)
    .optional()
    .describe('Wait up to this many seconds (≤ 30) for the state to change before answering.'),
});
type Input = z.infer<typeof Input>;

const Output = z.object({
  request_id: z.string(),
  state: z.string(),
  votes: z.array(z.object({ voter: z.string(), decision: z.string(), at: z.string() })),
  approvals_needed: z.number(),
  expires_at: z.string(),
  backup_id: z.string().nullable(),
  verification: z.object({ ok: z.boolean(), mismatches: z.array(z.string()) }).nullable(),
  problem: z.string().nullable(),
  rolled_back_by: z.string().nullable(),
});

function describeStatus(request: GovernedRequest) {
  return {
    request_id: request.id,
    state: request.state,
    votes: request.votes.map((vote) => ({
      voter: vote.voter,
      decision: vote.decision,
      at: new Date(vote.at).toISOString(),
    })),
    approvals_needed: request.approvalsNeeded,
    expires_at: new Date(request.expiresAt).toISOString(),
    backup_id: request.execution?.backupId ?? null,
    verification: request.execution?.verification ?? null,
    problem: request.execution?.problem ?? null,
    rolled_back_by: request.rolledBackBy ?? null,
  };
}

/** A request's state and votes (and once applied, its backup and verification); a guarded, audited read. */
export const changeStatus = defineTool({
  name: 'change_status',
  title: 'Follow a change request',
  description:
    "Reports a change request's state (pending, approved, executing, applied, rejected, expired, …), its votes, and once applied the backup id and the read-back verification. With wait_seconds it waits (at most 30 s) for the state to change.",
  input: Input,
  output: Output,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(args: Input, agent: AgentPolicy, deps: McpDeps): Promise<ToolAnswer> {
    const outcome = await getRequestStatus(args.request_id, agentAsker(agent), deps);
    if (outcome.kind === 'unknown')
      return { ok: false, code: 'unknown_request', message: `No request ${args.request_id}.` };
    if (outcome.kind === 'denied')
      return { ok: false, code: 'denied', message: denialText(outcome.decision) };
    let request = outcome.request;
    // Long-poll: look again until the state moves or the wait is over (the first read was the audited one).
    const until = deps.clock() + (args.wait_seconds ?? 0) * 1000;
    const sleep = deps.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
    while (deps.clock() < until) {
      await sleep(deps.pollMs ?? 250);
      const now = (await deps.requests.get(args.request_id))?.request;
      if (now && (now.state !== request.state || now.votes.length !== request.votes.length)) {
        request = now;
        break;
      }
    }
    return { ok: true, data: describeStatus(request) };
  },
});
