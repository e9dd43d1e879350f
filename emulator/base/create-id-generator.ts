import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Lengths after the prefix, as in the documented sample ids (tbl0xe5g8PP3U3cS, recusyQbB0fVL5, vewqhz51lk). */
const LENGTHS = { fld: 7, rec: 11, tbl: 13, vew: 7, opt: 8 } as const;

/** New ids for fields, records, tables, views and select options, never repeating one already handed out. */
export function createIdGenerator(): (prefix: keyof typeof LENGTHS) => string {
  const seen = new Set<string>();
  return (prefix) => {
    for (;;) {
      const bytes = randomBytes(LENGTHS[prefix]);
      let id: string = prefix;
      for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
      if (!seen.has(id)) {
        seen.add(id);
        return id;
      }
    }
  };
}
