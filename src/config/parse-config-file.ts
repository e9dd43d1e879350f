import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './config-error.js';
import { describeZodIssue } from './describe-zod-issue.js';

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
    const { key, problem, code } = describeZodIssue(result.error.issues[0]);
    throw new ConfigError(path, key, problem, code);
  }
  return result.data;
}
