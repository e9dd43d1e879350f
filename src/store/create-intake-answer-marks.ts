import type { Redis } from 'ioredis';
import type { IntakeAnswerMarks } from '../ports/intake-answer-marks.js';
import type { RedisKeys } from './redis-keys.js';

/** Failed intake jobs are kept 7 days (create-queues.ts); their marks outlive them. */
const MARK_TTL_SECONDS = 8 * 24 * 3600;
/** Long enough for one reply and one audit append; a holder that dies frees it after this. */
const CLAIM_MS = 60_000;

/** The answer marks of failed intake jobs, in Redis: `<prefix>:intake:answer:<jobId>` and its `:claim`. */
export function createIntakeAnswerMarks(redis: Redis, keys: RedisKeys): IntakeAnswerMarks {
  return {
    async claim(jobId) {
      return (await redis.set(`${keys.intakeAnswer(jobId)}:claim`, '1', 'PX', CLAIM_MS, 'NX')) === 'OK';
    },
    async release(jobId) {
      await redis.del(`${keys.intakeAnswer(jobId)}:claim`);
    },
    async states(jobIds) {
      if (jobIds.length === 0) return [];
      const values = await redis.mget(...jobIds.map((id) => keys.intakeAnswer(id)));
      return values.map((value) => (value === 'replied' || value === 'done' ? value : null));
    },
    async mark(jobId, state) {
      await redis.set(keys.intakeAnswer(jobId), state, 'EX', MARK_TTL_SECONDS);
    },
  };
}
