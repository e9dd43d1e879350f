export type AuditSinkHealth = ReturnType<typeof createAuditSinkHealth>;

/**
 * Remembers the last failure of each audit sink in this process (fed by createAuditLog's onSinkFailure), so
 * readiness and the monitor can say "the file sink failed 12 s ago: EISDIR" without writing anything.
 */
export function createAuditSinkHealth(clock: () => number) {
  const failures = new Map<string, { at: number; error: string }>();
  return {
    recordFailure(sink: string, error: unknown): void {
      const code = (error as { code?: unknown } | null)?.code;
      const message = error instanceof Error ? error.message : String(error);
      failures.set(sink, { at: clock(), error: typeof code === 'string' ? `${code}: ${message}` : message });
    },
    /** The sink's last failure if it is younger than `withinMs`, else null. */
    recentFailure(sink: string, withinMs: number): { at: number; error: string } | null {
      const failure = failures.get(sink);
      return failure && clock() - failure.at <= withinMs ? failure : null;
    },
  };
}
