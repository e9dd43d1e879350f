import { describe, expect, it } from 'vitest';
import { authenticateAgent, hashAgentToken } from './authenticate-agent.js';

const hashes = new Map([
  ['cowork', hashAgentToken('lgt_cowork_token_0123456789')],
  ['reader', hashAgentToken('lgt_reader_token_0123456789')],
]);

describe('authenticateAgent', () => {
  it.each([
    ['the cowork token', 'Bearer lgt_cowork_token_0123456789', { ok: true, agentId: 'cowork' }],
    ['the reader token', 'Bearer lgt_reader_token_0123456789', { ok: true, agentId: 'reader' }],
    ['no header', undefined, { ok: false, reason: 'mcp_token_missing' }],
    ['another scheme', 'Basic lgt_cowork_token_0123456789', { ok: false, reason: 'mcp_token_missing' }],
    ['a short token', 'Bearer abc', { ok: false, reason: 'mcp_token_missing' }],
    ['a token nobody has', 'Bearer lgt_cowork_token_0123456788', { ok: false, reason: 'mcp_token_unknown' }],
  ])('%s', (_what, header, expected) => {
    expect(authenticateAgent(header, hashes)).toEqual(expected);
  });
});
