import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LarkgateConfig } from '../../src/config/larkgate-config.js';

const ROOT = join(import.meta.dirname, '../..');

type Service = { ports?: string[]; networks?: { default?: { aliases?: string[] } } };

/** The README's Prometheus example, docker-compose.yml and the example config must describe one setup. */
describe('metrics in the shipped deployment', () => {
  it('every target the README tells Prometheus to scrape is a compose service publishing that port', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const compose = parse(await readFile(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, Service>;
    };
    const example = LarkgateConfig.parse(
      parse(await readFile(join(ROOT, 'config/larkgate.example.yaml'), 'utf8')),
    );
    const targets = /targets: \[([^\]]+)\]/.exec(readme)?.[1]?.match(/'[^']+'/g) ?? [];

    expect(targets.length).toBeGreaterThanOrEqual(2);
    const expected = [String(example.server.port), String(example.monitoring?.worker_metrics_port)];
    for (const [index, target] of targets.map((quoted) => quoted.slice(1, -1)).entries()) {
      const [host, port] = target.split(':');
      const service = Object.values(compose.services).find((candidate) =>
        candidate.networks?.default?.aliases?.includes(host ?? ''),
      );
      expect(service, `${target}: no compose service answers to ${host}`).toBeDefined();
      expect(service?.ports?.map((mapping) => mapping.split(':').at(-1))).toContain(port);
      expect(port).toBe(expected[index]);
    }
  });
});
