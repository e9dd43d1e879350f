import { describe, expect, it } from 'vitest';
import { countArmoredBlocks } from './count-armored-blocks.js';

const block = (kind: string) => `-----BEGIN PGP ${kind}-----\n\nAAAA\n=abcd\n-----END PGP ${kind}-----\n`;

describe('countArmoredBlocks', () => {
  it.each([
    ['nothing', '', 0],
    ['one public key', block('PUBLIC KEY BLOCK'), 1],
    ['one key with CRLF line ends', block('PUBLIC KEY BLOCK').replaceAll('\n', '\r\n'), 1],
    ['two keys pasted together', block('PUBLIC KEY BLOCK') + block('PUBLIC KEY BLOCK'), 2],
    ['a public and a private block', block('PUBLIC KEY BLOCK') + block('PRIVATE KEY BLOCK'), 2],
    ['the header quoted inside a line is not a block', `note: -----BEGIN PGP MESSAGE----- here\n`, 0],
  ])('%s → %i', (_label, text, expected) => {
    expect(countArmoredBlocks(text)).toBe(expected);
  });
});
