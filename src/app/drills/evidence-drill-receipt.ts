/** What a schema or batch-delete drill did and found (audited; readiness gates 4 and 5 read it). */
export type EvidenceDrillReceipt = {
  kind: 'schema' | 'batch-delete';
  passed: boolean;
  drillId: string;
  base: string;
  table: string | null;
  /** The governed requests the drill made, by what they did (`table.create`, `batch-delete`, `rollback`…). */
  requests: Record<string, string>;
  problem: string | null;
};
