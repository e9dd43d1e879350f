import { describe, expect, it } from 'vitest';
import { ambiguousMatches, createTableResolver, matchTable } from './create-table-resolver.js';

const TASKS = { tableId: 'tblTasks1', name: 'Tasks' };
const DECOY = { tableId: 'tblDecoy1', name: 'tblTasks1' };
const ACCOUNTS = { tableId: 'tblAccts1', name: 'Accounts' };

describe('matchTable', () => {
  it.each([
    ['a name', 'Tasks', TASKS],
    ['an id', 'tblAccts1', ACCOUNTS],
  ])('finds the one table %s names', (_what, text, expected) => {
    expect(matchTable([TASKS, ACCOUNTS], text)).toEqual({ table: expected, matches: [expected] });
  });

  it.each([
    ['first', [TASKS, DECOY]],
    ['last', [DECOY, TASKS]],
  ])('does not guess when a name is another table’s id (listed %s)', (_order, tables) => {
    const resolved = matchTable(tables, 'tblTasks1');

    expect(resolved.table).toBeUndefined();
    expect(ambiguousMatches(resolved).tableMatches).toHaveLength(2);
  });

  it('does not guess between two tables of the same name', () => {
    const twin = { tableId: 'tblTasks2', name: 'Tasks' };

    expect(matchTable([TASKS, twin], 'Tasks').table).toBeUndefined();
  });

  it('says nothing about a target that names one table or none', () => {
    expect(ambiguousMatches(matchTable([TASKS], 'Tasks'))).toEqual({});
    expect(ambiguousMatches(matchTable([TASKS], 'Nope'))).toEqual({});
  });
});

describe('createTableResolver', () => {
  it('resolves through the cached table list', async () => {
    let reads = 0;
    const resolve = createTableResolver(
      {
        listTables: async () => {
          reads += 1;
          return [TASKS, DECOY];
        },
      },
      () => 0,
    );

    expect((await resolve('app', 'Tasks')).table).toEqual(TASKS);
    expect((await resolve('app', 'tblTasks1')).table).toBeUndefined();
    expect(reads).toBe(1);
  });
});
