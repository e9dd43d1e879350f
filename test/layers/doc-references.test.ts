import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '../..');
const ROOTS = ['src', 'jobs', 'cards', 'emulator', 'bench', 'test', 'config', 'docs'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesUnder(path);
    return /\.(ts|js|md|ya?ml)$/.test(entry.name) ? [path] : [];
  });
}

const files = ROOTS.flatMap((root) => filesUnder(join(REPO, root)));

describe('references to documents', () => {
  it('every docs/… file the code and docs cite is in the repository', () => {
    const missing: string[] = [];
    // The reference documents were written elsewhere and cite other repositories' docs/ folders.
    for (const file of files.filter((path) => !path.startsWith(join(REPO, 'docs/reference')))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(?<![\w/.-])docs\/[\w/.-]+?\.(?:md|txt)\b/g)) {
        if (!existsSync(join(REPO, match[0]))) missing.push(`${relative(REPO, file)}: ${match[0]}`);
      }
      for (const match of text.matchAll(/(?<![\w/.-])docs\/seeds\/(\d{3})\b/g)) {
        const seeds = readdirSync(join(REPO, 'docs/seeds'));
        if (!seeds.some((name) => name.startsWith(`${match[1]}_`)))
          missing.push(`${relative(REPO, file)}: ${match[0]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('cites the reference documents by their path in the repository, not by a bare name or ../shared', () => {
    const bare: string[] = [];
    for (const file of files) {
      if (file.startsWith(join(REPO, 'docs/reference')) || file.endsWith('doc-references.test.ts')) continue;
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(
        /(?<![\w/.-])(?:lark-api|reliability-notes|product)\.md|shared\/(?:reference|design|seeds)\//g,
      )) {
        bare.push(`${relative(REPO, file)}: ${match[0]}`);
      }
    }
    expect(bare).toEqual([]);
  });
});
