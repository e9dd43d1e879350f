import { mkdir, mkdtemp, readFile, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditFileSink } from './audit-file-sink.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'larkgate-audit-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createAuditFileSink', () => {
  it('appends one newline-terminated line per write to a file the world cannot read', async () => {
    const path = join(dir, 'audit.jsonl');
    const sink = createAuditFileSink({ path });

    await sink.write('{"a":1}');
    await sink.write('{"b":"é"}');
    await sink.close();

    expect(await readFile(path, 'utf8')).toBe('{"a":1}\n{"b":"é"}\n');
    expect((await stat(path)).mode & 0o007).toBe(0);
  });

  it('appends after what is already there', async () => {
    const path = join(dir, 'audit.jsonl');
    const first = createAuditFileSink({ path });
    await first.write('one');
    await first.close();

    const second = createAuditFileSink({ path });
    await second.write('two');
    await second.close();

    expect(await readFile(path, 'utf8')).toBe('one\ntwo\n');
  });

  it('keeps lines whole when several writers append to one file at once', async () => {
    const path = join(dir, 'audit.jsonl');
    const writers = [0, 1, 2].map(() => createAuditFileSink({ path }));
    const line = (writer: number, i: number) => `{"w":${writer},"i":${i},"pad":"${'x'.repeat(2_000)}"}`;

    await Promise.all(
      writers.map(async (sink, writer) => {
        for (let i = 0; i < 100; i++) await sink.write(line(writer, i));
      }),
    );
    await Promise.all(writers.map((sink) => sink.close()));

    const lines = (await readFile(path, 'utf8')).split('\n').slice(0, -1);
    expect(lines).toHaveLength(300);
    for (const writer of [0, 1, 2]) {
      expect(lines.filter((text) => text.startsWith(`{"w":${writer},`))).toEqual(
        Array.from({ length: 100 }, (_, i) => line(writer, i)),
      );
    }
  });

  it('fails when the disk is full', async () => {
    const sink = createAuditFileSink({ path: '/dev/full' });

    await expect(sink.write('{"a":1}')).rejects.toMatchObject({ code: 'ENOSPC' });
    await sink.close();
  });

  it('fails while the folder is missing and recovers once it is back', async () => {
    const path = join(dir, 'later', 'audit.jsonl');
    const sink = createAuditFileSink({ path });

    await expect(sink.write('lost')).rejects.toMatchObject({ code: 'ENOENT' });
    await mkdir(join(dir, 'later'));
    await sink.write('kept');
    await sink.close();

    expect(await readFile(path, 'utf8')).toBe('kept\n');
  });

  it('starts a new file when the old one was deleted, instead of writing into the void', async () => {
    const path = join(dir, 'audit.jsonl');
    const sink = createAuditFileSink({ path });
    await sink.write('before');
    await unlink(path);

    await sink.write('after');
    await sink.close();

    expect(await readFile(path, 'utf8')).toBe('after\n');
  });

  it('refuses a line with a newline in it', async () => {
    const sink = createAuditFileSink({ path: join(dir, 'audit.jsonl') });

    await expect(sink.write('a\nb')).rejects.toThrow(TypeError);
    await sink.close();
  });
});
