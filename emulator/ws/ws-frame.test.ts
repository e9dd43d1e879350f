import { describe, expect, it } from 'vitest';
import { decodeWsFrame, encodeWsFrame, FRAME_DATA, frameHeader } from './ws-frame.js';

describe('pbbp2 frames', () => {
  it('round-trips a data frame with headers, a large SeqID and a UTF-8 payload', () => {
    const frame = {
      seqId: 2 ** 40 + 7,
      logId: 0,
      service: 33554678,
      method: FRAME_DATA,
      headers: [
        { key: 'type', value: 'event' },
        { key: 'sum', value: '2' },
      ],
      payload: Buffer.from('{"text":"é"}'),
    };
    const decoded = decodeWsFrame(encodeWsFrame(frame));
    expect({ ...decoded, payload: Buffer.from(decoded.payload).toString('utf8') }).toEqual({
      ...frame,
      payload: '{"text":"é"}',
    });
    expect(frameHeader(decoded, 'sum')).toBe('2');
  });

  it.each([
    ['a truncated varint', Buffer.from([0x08, 0x80])],
    ['a length past the end', Buffer.from([0x42, 0x05, 0x01])],
    ['an unsupported wire type', Buffer.from([0x0d, 0, 0, 0, 0])],
  ])('refuses %s', (_name, bytes) => {
    expect(() => decodeWsFrame(bytes)).toThrow();
  });
});
