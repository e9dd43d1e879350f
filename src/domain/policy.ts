import type { Locale } from './i18n/locale.js';
import type { Stage, Tier } from './tiers.js';

export type WriteOpName = 'create' | 'update' | 'delete' | 'batch-delete';

/** One governed base as the guard sees it (built from config by buildPolicy). */
export type BasePolicy = {
  alias: string;
  name: string;
  appToken: string;
  tier: Tier;
  stage: Stage;
  staging: boolean;
  /** Table names Larkgate may touch. */
  tables: readonly string[];
  /** Everyone who may approve: listed users plus members of listed groups. */
  approvers: readonly string[];
  /** The listed approver groups with their members. */
  approverGroups: Readonly<Record<string, readonly string[]>>;
  approvalsNeeded: number;
  distinctGroups: number;
  approvalTtlMs: number;
  /** Who may ask for writes; null = anyone in a requests chat. */
  requesters: readonly string[] | null;
  marker: { field: string; value: string } | null;
  tempTablePrefix: string;
  maxRecordsPerRequest: number;
  limited: { requesters: readonly string[]; ops: readonly WriteOpName[]; maxRecords: number } | null;
};

/**
 * An AI agent as a principal (issue 13): it reads what it is allowed and may ask for changes through the MCP
 * tools; people approve. `onBehalfOf` is the person accountable: the request's requester, who therefore
 * can never approve it. An agent is never an approver.
 */
export type AgentPolicy = {
  id: string;
  onBehalfOf: string;
  /** The MCP tools it may see and call (an explicit allowlist). */
  tools: readonly string[];
  /** Per base alias: read only, or read and ask for changes. */
  bases: Readonly<Record<string, 'read' | 'write'>>;
  maxRequestsPerHour: number;
  maxRecordsPerRequest: number;
  /** The requests chat its change requests' cards are posted to. */
  requestsChat: string;
};

export type Policy = {
  bases: readonly BasePolicy[];
  /** Agents allowed through the MCP server; absent or empty: none. */
  agents?: readonly AgentPolicy[];
  requestChats: readonly string[];
  auditChat: string;
  oncallChat: string | null;
  drillsChat: string | null;
  allowDirectMessages: boolean;
  /** Text replies' language (config `chats.locale`); absent: en_us. */
  locale?: Locale;
  /** A person's own reply language (config `chats.user_locales`), over `locale`. */
  userLocales?: Readonly<Record<string, Locale>>;
  batchDeleteMaxRecords: number;
  /** Hash of the loaded policy files, audited as alignment.checked. */
  hash: string;
};

export function findBase(policy: Policy, alias: string): BasePolicy | undefined {
  return policy.bases.find((base) => base.alias === alias);
}

export function findAgent(policy: Policy, id: string): AgentPolicy | undefined {
  return policy.agents?.find((agent) => agent.id === id);
}
