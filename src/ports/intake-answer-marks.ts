/**
 * Whether a failed intake job's requester has been answered (src/store/create-intake-answer-marks.ts). The
 * worker's failed hook and the sweeper both answer; `claim` lets one at a time, and the marks make each step
 * (reply, audit) happen once.
 */
export type IntakeAnswerMarks = {
  /** Takes the right to answer this job for a short while; false when another answerer holds it. */
  claim(jobId: string): Promise<boolean>;
  release(jobId: string): Promise<void>;
  /** Per job id: `replied` (the chat has the answer), `done` (and it is audited), or null. */
  states(jobIds: readonly string[]): Promise<Array<'replied' | 'done' | null>>;
  mark(jobId: string, state: 'replied' | 'done'): Promise<void>;
};
