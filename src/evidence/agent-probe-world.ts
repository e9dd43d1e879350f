import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import pino from 'pino';
import { MCP_TOOL_NAMES } from '../domain/mcp-tool-names.js';
import type { AgentPolicy, Policy } from '../domain/policy.js';
import { createAgentQuota } from '../mcp/create-agent-quota.js';
import { createMcpServer } from '../mcp/create-mcp-server.js';
import type { McpDeps } from '../mcp/mcp-deps.js';
import type { AuditInput } from '../ports/audit.js';
import type { BaseReader } from '../ports/base-reader.js';
import { AuditUnavailableError } from '../store/audit-unavailable-error.js';
import type { Audited, ProbeContext, ProbeOutcome, Refusal } from './probe.js';
import { RECENT_DRILL_MS } from './probe-steps.js';

/**
 * The probe organisation's agents: `cowork` asks for changes on crm (one record a request), `reader` only
 * reads crm, `peeker` lists every tool but may only read crm.
 */
export function probeAgents(policy: Policy): AgentPolicy[] {
  const chat = policy.requestChats[0] ?? 'oc_requests';
  const common = {
    onBehalfOf: 'ou_alice',
    maxRequestsPerHour: 1000,
    maxRecordsPerRequest: 1,
    requestsChat: chat,
  };
  return [
    { id: 'cowork', tools: [...MCP_TOOL_NAMES], bases: { crm: 'write' }, ...common },
    {
      id: 'reader',
      tools: ['bases_list', 'records_search', 'records_get', 'change_status'],
      bases: { crm: 'read' },
      ...common,
    },
    { id: 'peeker', tools: [...MCP_TOOL_NAMES], bases: { crm: 'read' }, ...common },
  ];
}

export type AgentWorld = {
  policy: Policy;
  deps: McpDeps;
  audited: Audited[];
  /** The real MCP server for one agent, reached by the official SDK client over an in-memory pair. */
  connect(agentId: string, servingProblem?: () => string | null): Promise<Client>;
  /** Reads that reached the Base. */
  reads: () => number;
};

/**
 * The real MCP server (tools, gate, use cases, guard `c.decide`) over the rig's real Base reader and
 * request store; chat sends are recorded, never sent.
 */
export function agentWorld(
  c: ProbeContext,
  options: { reader?: BaseReader; auditFailsAt?: string; perHour?: number } = {},
): AgentWorld {
  const agents = probeAgents(c.rig.policy).map((agent) =>
    options.perHour ? { ...agent, maxRequestsPerHour: options.perHour } : agent,
  );
  const policy: Policy = { ...c.rig.policy, agents };
  const audited: Audited[] = [];
  let sends = 0;
  let reads = 0;
  const reader = options.reader ?? c.rig.reader;
  const counted: BaseReader = {
    listTables: (appToken) => reader.listTables(appToken),
    listFields: (appToken, tableId) => {
      reads += 1;
      return reader.listFields(appToken, tableId);
    },
    getRecords: (...args) => {
      reads += 1;
      return reader.getRecords(...args);
    },
    searchRecords: (...args) => {
      reads += 1;
      return reader.searchRecords(...args);
    },
  };
  const sent = async () => {
    sends += 1;
    return { messageId: `om_probe_mcp_${c.runId}_${sends}` };
  };
  const deps: McpDeps = {
    policy: () => policy,
    decide: c.decide,
    audit: async (input: AuditInput) => {
      if (options.auditFailsAt === input.type)
        throw new AuditUnavailableError('probe: no audit sink records');
      audited.push({ type: input.type, requestId: input.requestId, details: input.details });
      return undefined;
    },
    clock: c.rig.clock,
    logger: pino({ level: 'silent' }),
    reader: counted,
    chat: {
      sendText: sent,
      replyText: sent,
      sendCard: sent,
      replyCard: sent,
      patchCard: async () => undefined,
    },
    people: { findUnknown: async () => [] },
    requests: c.rig.requests,
    resolveTable: c.rig.resolveTable,
    searchMax: 50,
    readBackup: null,
    guardEvidence: async () => ({ lastPassingDrillAt: c.rig.clock() - RECENT_DRILL_MS }),
    quota: createAgentQuota(c.rig.clock),
  };
  return {
    policy,
    deps,
    audited,
    reads: () => reads,
    async connect(agentId, servingProblem = () => null) {
      const server = createMcpServer({ agentId, deps, servingProblem, version: 'probe' });
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      await server.connect(serverSide);
      const client = new Client({ name: 'larkgate-probe', version: '1.0.0' });
      await client.connect(clientSide);
      return client;
    },
  };
}

/** What the MCP gate and the guard refused during a call, from what they audited. */
export function agentRefusals(audited: readonly Audited[]): Refusal[] {
  return audited.flatMap((event) => {
    if (event.type !== 'tool.denied') return [];
    if (Array.isArray(event.details.denials))
      return (event.details.denials as Refusal[]).map((d) => ({
        code: String(d.code),
        message: String(d.message),
      }));
    const reason = String(event.details.reason ?? 'unknown');
    return [{ code: `mcp.${reason}`, message: `the MCP gate refused the call (${reason})` }];
  });
}

/** One tool call through the real server; leaked: a request opened (stored and its card sent). */
export async function callAgentTool(
  world: AgentWorld,
  agentId: string,
  name: string,
  args: Record<string, unknown>,
): Promise<ProbeOutcome & { data: Record<string, unknown> | null }> {
  const from = world.audited.length;
  const client = await world.connect(agentId);
  try {
    const result = await client.callTool({ name, arguments: args });
    const audited = world.audited.slice(from);
    const opened = audited.filter((event) => event.type === 'request.created').map((e) => e.requestId);
    return {
      allowed: result.isError !== true,
      leaked: opened.map((id) => `request ${id} opened`),
      refusals: agentRefusals(audited),
      data: (result.structuredContent as Record<string, unknown> | undefined) ?? null,
    };
  } finally {
    await client.close();
  }
}
