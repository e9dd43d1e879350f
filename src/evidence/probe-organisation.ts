/**
 * The embedded organisation `larkgate probes` runs against: the demo's bases (crm L2 live, billing L3 live,
 * sandbox L0 staging with a marker) plus one base per rule that only a tier or stage can break, each a copy
 * of the demo CRM's Tasks table. Every probe aims at a base where its rule alone stands in the way.
 */
export const PROBE_BASES = [
  // L1 internal read-only, in the dry-run stage: only the tier refuses writes there.
  {
    alias: 'ledger',
    name: 'Ledger',
    token: 'ProbeLedgerBaseToken0000001',
    tier: 'L1',
    stage: 'dry-run',
    approvals_needed: 0,
  },
  {
    alias: 'drafts',
    name: 'Drafts',
    token: 'ProbeDraftsBaseToken0000001',
    tier: 'L2',
    stage: 'dry-run',
    approvals_needed: 1,
  },
  {
    alias: 'archive',
    name: 'Archive',
    token: 'ProbeArchiveBaseToken000001',
    tier: 'L2',
    stage: 'read-only',
    approvals_needed: 1,
  },
  {
    alias: 'pilot',
    name: 'Pilot',
    token: 'ProbePilotBaseToken00000001',
    tier: 'L2',
    stage: 'limited',
    approvals_needed: 1,
    limited: { requesters: ['ou_alice'], ops: ['update', 'delete'], max_records: 1 },
  },
  {
    alias: 'restricted',
    name: 'Restricted',
    token: 'ProbeRestrictedBaseToken001',
    tier: 'L2',
    stage: 'live',
    approvals_needed: 1,
    requesters: ['ou_bob'],
    max_records_per_request: 2,
    // A second table, also allowed, named like the Tasks table's id: "tblTasks0000001" names two tables.
    decoy: { table_id: 'tblDecoy0000001', name: 'tblTasks0000001' },
  },
] as const;

/** The config entry for one probe base (approvers from the demo organisation). */
export function probeBaseConfig(base: (typeof PROBE_BASES)[number]): Record<string, unknown> {
  const { token, ...rest } = base;
  const { decoy, ...config } = { decoy: undefined, ...rest };
  return {
    ...config,
    app_token: token,
    tables: decoy ? ['Tasks', decoy.name] : ['Tasks'],
    approvers: base.tier === 'L1' ? [] : ['ou_bob', 'ou_carol'],
  };
}
