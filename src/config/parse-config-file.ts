import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { CONFIG_PROBLEMS, ConfigError, type ConfigProblem } from './config-error.js';
import { formatZodPath } from './format-zod-path.js';

/** Reads a YAML file and validates it strictly; every problem becomes a ConfigError naming file and key. */
export async function parseConfigFile<T extends z.ZodType>(path: string, schema: T): Promise<z.infer<T>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      path,
      '',
      code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? 'error'})`,
      'config.file_unreadable',
    );
  }
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const yamlError = document.errors[0];
  if (yamlError) {
    const line = yamlError.linePos?.[0];
    throw new ConfigError(
      path,
      line ? `line ${line.line}` : '',
      `not valid YAML: ${yamlError.message.split('\n')[0]}`,
      'config.unparsable',
    );
  }
  const result = schema.safeParse(document.toJS());
  if (!result.success) {
    const issue = result.error.issues[0];
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
    throw new ConfigError(path, key, problem, code);
  }
  return result.data;
}

/** Custom schema checks name their problem in `params.problem` (see CONFIG_PROBLEMS). */
function isConfigProblem(value: unknown): value is ConfigProblem {
  return typeof value === 'string' && (CONFIG_PROBLEMS as readonly string[]).includes(value);
}
