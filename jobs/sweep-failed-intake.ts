import {
  type AnswerFailedIntakeDeps,
  answerFailedIntake,
  type FailedIntake,
} from './answer-failed-intake.js';

/**
 * The sweeper's half of "every request gets an answer": failed intake jobs that nobody answered (the worker
 * died between failing the job and replying, or Lark did not take the reply) are answered now. A reply
 * Lark refuses ends the round (Lark is likely still down; the next sweep tries again).
 */
export async function sweepFailedIntake(
  deps: AnswerFailedIntakeDeps & {
    /** The newest failed intake jobs that failed a little while ago (the worker's hook goes first). */
    listFailed: () => Promise<FailedIntake[]>;
  },
): Promise<number> {
  const failed = await deps.listFailed();
  const states = await deps.marks.states(failed.map((job) => job.jobId));
  let answered = 0;
  for (const [index, job] of failed.entries()) {
    if (states[index] === 'done') continue;
    try {
      if ((await answerFailedIntake(job, deps)) === 'answered') answered++;
    } catch (error) {
      deps.logger.warn(
        { jobId: job.jobId, err: (error as Error).message },
        'could not answer a failed intake job: the next sweep tries again',
      );
      break;
    }
  }
  return answered;
}
