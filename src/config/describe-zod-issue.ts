import type { z } from 'zod';
import { CONFIG_PROBLEMS, type ConfigProblem } from './config-error.js';
import { formatZodPath } from './format-zod-path.js';

export type ConfigIssue = { key: string; problem: string; code: ConfigProblem };

/** One schema issue as the key it is about, what to do, and its problem code (config-error.ts). */
export function describeZodIssue(issue: z.core.$ZodIssue | undefined): ConfigIssue {
  const key = issue ? formatZodPath(issue.path) : '';
  let problem = issue?.message ?? 'invalid';
  let code: ConfigProblem = 'config.invalid_value';
  if (issue?.code === 'unrecognized_keys') {
    problem = `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}: remove or fix the spelling`;
    code = 'config.unknown_key';
  } else if (issue?.code === 'invalid_type' && /received undefined/.test(issue.message)) {
    problem = 'missing: this key is required';
    code = 'config.missing_key';
  } else if (issue?.code === 'custom' && isConfigProblem(issue.params?.problem)) {
    code = issue.params.problem;
  }
  return { key, problem, code };
}

/** Custom schema checks name their problem in `params.problem` (see CONFIG_PROBLEMS). */
function isConfigProblem(value: unknown): value is ConfigProblem {
  return typeof value === 'string' && (CONFIG_PROBLEMS as readonly string[]).includes(value);
}
