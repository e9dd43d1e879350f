import { describe, expect, it } from 'vitest';
import { findFolderCycles, folderOf } from './find-folder-cycles.js';

describe('folderOf', () => {
  it('takes src/<x>, src/app/<x> and the top-level code folders as folders', () => {
    expect(folderOf('src/store/create-outbox.ts')).toBe('src/store');
    expect(folderOf('src/app/live-op/run-live-op.ts')).toBe('src/app/live-op');
    expect(folderOf('jobs/handle-live-op.ts')).toBe('jobs');
    expect(folderOf('emulator/base/records.ts')).toBe('emulator');
    expect(folderOf('test/helpers/redis.ts')).toBeNull();
    expect(folderOf('node_modules/zod/index.js')).toBeNull();
  });
});

describe('findFolderCycles', () => {
  it('reports a cycle between folders with the imports that make it', () => {
    const cycles = findFolderCycles([
      { from: 'cards/build-alert-card.ts', to: 'src/monitoring/alert.ts' },
      { from: 'src/monitoring/create-pager.ts', to: 'cards/build-alert-card.ts' },
      { from: 'src/monitoring/create-pager.ts', to: 'src/domain/policy.ts' },
    ]);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]?.folders).toEqual(['cards', 'src/monitoring']);
    expect(cycles[0]?.edges).toEqual([
      { from: 'cards/build-alert-card.ts', to: 'src/monitoring/alert.ts' },
      { from: 'src/monitoring/create-pager.ts', to: 'cards/build-alert-card.ts' },
    ]);
  });

  it('finds a cycle through several folders and ignores imports inside one folder', () => {
    const cycles = findFolderCycles([
      { from: 'jobs/a.ts', to: 'src/store/b.ts' },
      { from: 'src/store/b.ts', to: 'src/monitoring/c.ts' },
      { from: 'src/monitoring/c.ts', to: 'jobs/d.ts' },
      { from: 'jobs/d.ts', to: 'jobs/a.ts' },
    ]);
    expect(cycles.map((c) => c.folders)).toEqual([['jobs', 'src/store', 'src/monitoring']]);
    expect(cycles[0]?.members).toEqual(['jobs', 'src/monitoring', 'src/store']);
  });

  it('finds none in a layered graph', () => {
    expect(
      findFolderCycles([
        { from: 'src/main/a.ts', to: 'src/app/live-op/b.ts' },
        { from: 'src/app/live-op/b.ts', to: 'src/ports/c.ts' },
        { from: 'src/ports/c.ts', to: 'src/domain/d.ts' },
        { from: 'src/main/a.ts', to: 'src/domain/d.ts' },
      ]),
    ).toEqual([]);
  });
});
