/** What one rollback drill did and found (audited, posted to the drills chat, printed by the CLI). */
export type DrillReceipt = {
  passed: boolean;
  drillId: string;
  base: string;
  table: string | null;
  requestId: string | null;
  rollbackId: string | null;
  durationMs: number;
  records: number;
  /** SHA-256 of the canonical JSON compared (before the change = after the rollback, when passed). */
  beforeSha256: string | null;
  afterSha256: string | null;
  problem: string | null;
};
