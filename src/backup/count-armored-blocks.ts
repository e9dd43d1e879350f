/**
 * How many ASCII-armored OpenPGP blocks a string holds. OpenPGP.js reads only the first block of a string
 * and silently drops the rest, so key inputs with more than one block are refused by their callers.
 */
export function countArmoredBlocks(text: string): number {
  return text.match(/^-----BEGIN PGP [A-Z ]+-----\s*$/gm)?.length ?? 0;
}
