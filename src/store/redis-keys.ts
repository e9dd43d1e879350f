/** Every Redis key Larkgate uses, in one place, under the configured prefix. */
export type RedisKeys = ReturnType<typeof createRedisKeys>;

export function createRedisKeys(prefix: string) {
  return {
    request: (id: string) => `${prefix}:req:${id}`,
    artefact: (id: string) => `${prefix}:art:${id}`,
    /** Requests in an open state, scored by time (pending: expiry; others: last change). */
    stateIndex: (state: string) => `${prefix}:idx:${state}`,
    dedup: (kind: string, id: string) => `${prefix}:dedup:${kind}:${id}`,
    /** The chat outbox: entry JSON by delivery id, and the ids scored by when they are next due (ms). */
    outbox: `${prefix}:outbox`,
    outboxDue: `${prefix}:outbox:due`,
    /** The pending request that asks for this change (compute-duplicate-key.ts): `<request id> <claimed at>`. */
    pendingAsk: (duplicateKey: string) => `${prefix}:ask:${duplicateKey}`,
    /** Ids of the pending requests whose diff shows this record. */
    pendingOnRecord: (appToken: string, tableId: string, recordId: string) =>
      `${prefix}:onrec:${appToken}:${tableId}:${recordId}`,
    /** Whether a failed intake job's requester got their answer (jobs/answer-failed-intake.ts). */
    intakeAnswer: (jobId: string) => `${prefix}:intake:answer:${jobId}`,
    /** One requester's admission state: token bucket, jobs in flight, last over-limit notice. */
    requester: (openId: string, part: 'bucket' | 'inflight' | 'notice') =>
      `${prefix}:intake:requester:{${openId}}:${part}`,
    queuePrefix: `${prefix}:bull`,
  };
}
