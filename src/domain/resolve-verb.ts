import { COMMAND_VERBS, type VerbSpec } from './command-verbs.js';

/**
 * The verb a chat word names, by name or alias, ignoring case, full-width forms (`？`, `ｈｅｌｐ`) and a
 * leading `/` (people used to slash commands type `/help`).
 */
export function resolveVerb(word: string): VerbSpec | undefined {
  const key = word.normalize('NFKC').toLowerCase().replace(/^\//, '');
  return COMMAND_VERBS.find((spec) => spec.verb === key || spec.aliases.includes(key));
}
