import { describe, expect, it } from 'vitest';
import { suggestClosest } from './suggest.js';

const VERBS = ['get', 'search', 'create', 'update', 'delete', 'rollback', 'status', 'help'];

describe('suggestClosest', () => {
  it.each<[string, readonly string[], string | null]>([
    ['updte', VERBS, 'update'],
    ['UPDAET', VERBS, 'update'],
    ['serach', VERBS, 'search'],
    ['gte', VERBS, 'get'],
    ['rollbak', VERBS, 'rollback'],
    ['roll', VERBS, 'rollback'],
    ['hello', VERBS, null],
    ['xyz', VERBS, null],
    ['', VERBS, null],
    ['Dnoe', ['Open', 'Done', 'Blocked'], 'Done'],
    ['in progres', ['Open', 'In progress'], 'In progress'],
    ['de', ['delete', 'desk'], null],
    ['x'.repeat(65), ['x'.repeat(65)], null],
  ])('%j among %j → %j', (input, candidates, expected) => {
    expect(suggestClosest(input, candidates)).toBe(expected);
  });

  it('prefers the closer of two candidates', () => {
    expect(suggestClosest('stat', ['state', 'status'])).toBe('state');
  });
});
