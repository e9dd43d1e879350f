import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { startEmulator } from '../../../emulator/create-emulator.js';
import { type EmulatorSeed, loadSeedFile, parseSeed } from '../../../emulator/seed.js';
import { generateBackupKeyPair } from '../../backup/generate-backup-key-pair.js';
import { PROBE_BASES, probeBaseConfig } from '../../evidence/probe-organisation.js';
import { type RedisServer, spawnRedisServer } from '../../platform/spawn-redis-server.js';
import { REPO_DIR } from '../start-demo.js';
import { writeDemoConfig } from '../write-demo-config.js';

export type ProbeWorld = { seed: EmulatorSeed; emulatorUrl: string; configPath: string; configText: string };

/**
 * What the probes run against, never a real Base: a private redis-server (unless `redisUrl`), the Lark
 * emulator seeded with the probe organisation (the demo seed plus the probe bases, each a copy of the CRM
 * Tasks table), and its larkgate.yaml in `dir` (secrets in 0600 files). Each thing started registers its
 * stop in `cleanups`.
 */
export async function startProbeWorld(
  dir: string,
  cleanups: Array<() => Promise<void>>,
  options: { redisUrl?: string },
): Promise<ProbeWorld> {
  let redisUrl = options.redisUrl;
  if (!redisUrl) {
    const redisServer: RedisServer = await spawnRedisServer({});
    cleanups.push(() => redisServer.stop());
    redisUrl = redisServer.url;
  }
  const demoSeed = await loadSeedFile(join(REPO_DIR, 'config/emulator/demo-seed.yaml'));
  const crm = demoSeed.bases.find((base) => base.name === 'CRM');
  const tasks = crm?.tables.find((table) => table.name === 'Tasks');
  if (!tasks) throw new Error('the demo seed has no CRM Tasks table to copy');
  const seed = parseSeed(
    {
      ...demoSeed,
      bases: [
        ...demoSeed.bases,
        ...PROBE_BASES.map((base) => ({
          app_token: base.token,
          name: base.name,
          tables: [
            structuredClone(tasks),
            // A table named like the Tasks table's id: that text then names two tables (ambiguous).
            ...('decoy' in base ? [{ ...base.decoy, fields: structuredClone(tasks.fields) }] : []),
          ],
        })),
      ],
    },
    'the probe organisation',
  );
  const emulator = await startEmulator(seed, { port: 0, host: '127.0.0.1' });
  cleanups.push(() => emulator.close());

  const keys = await generateBackupKeyPair({ name: 'Larkgate probes', email: 'probes@larkgate.invalid' });
  await writeFile(join(dir, 'ops-backup.key.asc'), keys.privateKey, { mode: 0o600 });
  const configPath = await writeDemoConfig({
    dir,
    seed,
    emulatorUrl: emulator.url,
    botPort: 0,
    redisUrl,
    publicKey: keys.publicKey,
    repoConfigDir: join(REPO_DIR, 'config'),
    approvalTtl: '30m',
  });
  const document = parseDocument(await readFile(configPath, 'utf8'));
  for (const base of PROBE_BASES) document.addIn(['bases'], document.createNode(probeBaseConfig(base)));
  const configText = document.toString();
  await writeFile(configPath, configText);
  return { seed, emulatorUrl: emulator.url, configPath, configText };
}
