/**
 * The long connection's frame, protobuf `pbbp2.Frame` as the node-sdk encodes it (docs/reference/lark-api.md §1.6): `SeqID`
 * uint64 =1, `LogID` uint64 =2, `service` int32 =3, `method` int32 =4 (0 control, 1 data), `headers`
 * repeated `{key=1, value=2}` =5, `payloadEncoding` =6, `payloadType` =7, `payload` bytes =8, `LogIDNew` =9.
 * Hand-written (varints and length-delimited fields only) so the emulator does not borrow the SDK's codec.
 */
export type WsFrame = {
  seqId: number;
  logId: number;
  service: number;
  method: number;
  headers: Array<{ key: string; value: string }>;
  payload: Uint8Array;
};

export const FRAME_CONTROL = 0;
export const FRAME_DATA = 1;

export function encodeWsFrame(frame: WsFrame): Buffer {
  const parts: Buffer[] = [
    varintField(1, frame.seqId),
    varintField(2, frame.logId),
    varintField(3, frame.service),
    varintField(4, frame.method),
  ];
  for (const header of frame.headers) {
    const body = Buffer.concat([
      bytesField(1, Buffer.from(header.key)),
      bytesField(2, Buffer.from(header.value)),
    ]);
    parts.push(bytesField(5, body));
  }
  if (frame.payload.length > 0) parts.push(bytesField(8, Buffer.from(frame.payload)));
  return Buffer.concat(parts);
}

/** Decodes a frame; throws on a truncated or malformed one. Unknown fields are skipped. */
export function decodeWsFrame(bytes: Uint8Array): WsFrame {
  const frame: WsFrame = {
    seqId: 0,
    logId: 0,
    service: 0,
    method: 0,
    headers: [],
    payload: new Uint8Array(),
  };
  const reader = { bytes, pos: 0 };
  while (reader.pos < bytes.length) {
    const tag = readVarint(reader);
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (wire === 0) {
      const value = readVarint(reader);
      if (field === 1) frame.seqId = value;
      else if (field === 2) frame.logId = value;
      else if (field === 3) frame.service = value;
      else if (field === 4) frame.method = value;
    } else if (wire === 2) {
      const value = readBytes(reader);
      if (field === 5) frame.headers.push(decodeHeader(value));
      else if (field === 8) frame.payload = value;
    } else {
      throw new Error(`unsupported protobuf wire type ${wire}`);
    }
  }
  return frame;
}

/** A header's value by key, or undefined. */
export function frameHeader(frame: WsFrame, key: string): string | undefined {
  return frame.headers.find((header) => header.key === key)?.value;
}

function decodeHeader(bytes: Uint8Array): { key: string; value: string } {
  const reader = { bytes, pos: 0 };
  const header = { key: '', value: '' };
  while (reader.pos < bytes.length) {
    const tag = readVarint(reader);
    if (tag % 8 !== 2) throw new Error('malformed frame header');
    const text = Buffer.from(readBytes(reader)).toString('utf8');
    if (tag >> 3 === 1) header.key = text;
    else if (tag >> 3 === 2) header.value = text;
  }
  return header;
}

function varint(value: number): Buffer {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
  return Buffer.from(out);
}

function varintField(field: number, value: number): Buffer {
  return Buffer.concat([varint(field * 8), varint(value)]);
}

function bytesField(field: number, value: Buffer): Buffer {
  return Buffer.concat([varint(field * 8 + 2), varint(value.length), value]);
}

function readVarint(reader: { bytes: Uint8Array; pos: number }): number {
  let value = 0;
  let scale = 1;
  for (;;) {
    const byte = reader.bytes[reader.pos++];
    if (byte === undefined) throw new Error('truncated frame');
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return value;
    scale *= 0x80;
  }
}

function readBytes(reader: { bytes: Uint8Array; pos: number }): Uint8Array {
  const length = readVarint(reader);
  const end = reader.pos + length;
  if (end > reader.bytes.length) throw new Error('truncated frame');
  const value = reader.bytes.subarray(reader.pos, end);
  reader.pos = end;
  return value;
}
