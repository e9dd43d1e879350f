import { describe, expect, it } from 'vitest';
import { makeRequest } from '../../test/builders/make-request.js';
import { auditLineUuid, buildFinishDeliveries, deliveryId } from './chat-delivery.js';
import type { GovernedRequest, RequestOrigin } from './governed-request.js';

const ROLLBACK: RequestOrigin = { kind: 'rollback', of: 'req_bbbbbbbbbbbb', backupId: 'bk_x', conflicts: [] };

describe('buildFinishDeliveries', () => {
  it.each<[string, Partial<GovernedRequest>, string[]]>([
    [
      'an applied change: its card and its audit line',
      { state: 'applied' },
      ['card:req_aaaaaaaaaaaa', 'audit_line:req_aaaaaaaaaaaa:applied'],
    ],
    [
      'no card sent yet: only the line',
      { state: 'failed', cardMessageId: null },
      ['audit_line:req_aaaaaaaaaaaa:failed'],
    ],
    [
      'an applied rollback: also the original marked rolled back',
      { state: 'applied', origin: ROLLBACK },
      [
        'card:req_aaaaaaaaaaaa',
        'audit_line:req_aaaaaaaaaaaa:applied',
        'rolled_back:req_bbbbbbbbbbbb:req_aaaaaaaaaaaa',
      ],
    ],
    [
      'a rollback that did not apply: the original stays as it was',
      { state: 'stale', origin: ROLLBACK },
      ['card:req_aaaaaaaaaaaa', 'audit_line:req_aaaaaaaaaaaa:stale'],
    ],
    [
      'a drill’s own request: no audit-chat line',
      { state: 'applied', origin: { kind: 'drill', drillId: 'd1' } },
      ['card:req_aaaaaaaaaaaa'],
    ],
  ])('%s', (_name, overrides, ids) => {
    expect(buildFinishDeliveries(makeRequest(overrides)).map(deliveryId)).toEqual(ids);
  });

  it('the audit line’s uuid fits Lark’s 50 characters for every state', () => {
    expect(auditLineUuid('req_aaaaaaaaaaaa', 'verify_failed').length).toBeLessThanOrEqual(50);
  });
});
