import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

/**
 * Reads a YAML (or JSON, which is YAML) file the emulator is started with. A missing or unreadable file and
 * a document that does not parse become `fail(message)`: one line naming the file and what is wrong (the
 * YAML parser's message is followed by a code frame; its first line says what and where).
 */
export async function readDocumentFile(
  path: string,
  format: 'YAML' | 'JSON',
  fail: (message: string) => Error,
): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw fail(`${path}: ${code === 'ENOENT' ? 'file not found' : `cannot read the file (${code})`}`);
  }
  try {
    return parse(text);
  } catch (error) {
    throw fail(`${path}: not valid ${format}: ${String((error as Error).message).split('\n')[0]}`);
  }
}
