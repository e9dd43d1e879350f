import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { getFreePort } from '../../src/platform/get-free-port.js';
import { type RedisServer, spawnRedisServer } from '../../src/platform/spawn-redis-server.js';

export type SentinelGroup = {
  name: string;
  master: RedisServer;
  replica: RedisServer;
  sentinels: { host: string; port: number }[];
  /** The master's address as a sentinel reports it now. */
  masterAddress(): Promise<{ host: string; port: number }>;
  /**
   * Subscribes to a sentinel's `+switch-master` (resolved once subscribed) and gives a promise of the new
   * master's port for this group.
   */
  watchSwitch(timeoutMs: number): Promise<{ switched: Promise<number> }>;
  /** Waits until the restarted old master is a replica of the promoted one, in sync. */
  rejoined(timeoutMs: number): Promise<void>;
};

const NAME = 'larkgate';

/**
 * A master, one replica and three redis-server sentinels (quorum 2) on free loopback ports, in this test
 * file's temp folder; every process is killed after the file's tests. Call it at the file's top level.
 */
export async function useSentinelGroup(): Promise<SentinelGroup> {
  const children: ChildProcess[] = [];
  const servers: RedisServer[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(children.map((child) => killChild(child)));
    await Promise.all(servers.map((server) => server.stop()));
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  const master = await spawnRedisServer({ aof: true });
  servers.push(master);
  const replica = await spawnRedisServer({ aof: true });
  servers.push(replica);
  const replicaClient = new Redis(replica.url);
  await replicaClient.replicaof('127.0.0.1', master.port);
  await until('the replica to sync', 20_000, async () =>
    /master_link_status:up/.test(await replicaClient.info('replication')),
  );
  replicaClient.disconnect();

  const sentinels: { host: string; port: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const port = await getFreePort();
    const dir = await mkdtemp(join(tmpdir(), 'larkgate-sentinel-'));
    dirs.push(dir);
    const conf = join(dir, 'sentinel.conf');
    await writeFile(
      conf,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${NAME} 127.0.0.1 ${master.port} 2`,
        `sentinel down-after-milliseconds ${NAME} 2000`,
        `sentinel failover-timeout ${NAME} 10000`,
        `sentinel parallel-syncs ${NAME} 1`,
        '',
      ].join('\n'),
    );
    const child = spawn('redis-server', [conf, '--sentinel', '--loglevel', 'warning'], {
      cwd: dir,
      stdio: 'ignore',
    });
    children.push(child);
    sentinels.push({ host: '127.0.0.1', port });
  }
  // Each sentinel must know the replica and the two other sentinels before a failover can be agreed.
  for (const sentinel of sentinels) {
    const client = new Redis({ ...sentinel, retryStrategy: () => 100 });
    await until(`sentinel ${sentinel.port} to see the replica and its peers`, 30_000, async () => {
      const replicas = (await client.call('SENTINEL', 'REPLICAS', NAME)) as unknown[];
      const peers = (await client.call('SENTINEL', 'SENTINELS', NAME)) as unknown[];
      return replicas.length === 1 && peers.length === 2;
    });
    client.disconnect();
  }

  const first = sentinels[0] as { host: string; port: number };
  return {
    name: NAME,
    master,
    replica,
    sentinels,
    async masterAddress() {
      const client = new Redis(first);
      try {
        const [host, port] = (await client.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', NAME)) as string[];
        return { host: host as string, port: Number(port) };
      } finally {
        client.disconnect();
      }
    },
    async watchSwitch(timeoutMs) {
      const client = new Redis(first);
      let timer: NodeJS.Timeout | undefined;
      const switched = new Promise<number>((resolve, reject) => {
        timer = setTimeout(() => {
          client.disconnect();
          reject(new Error(`no +switch-master within ${timeoutMs} ms`));
        }, timeoutMs);
        client.on('message', (channel: string, message: string) => {
          // "<name> <old-ip> <old-port> <new-ip> <new-port>"
          const parts = message.split(' ');
          if (channel !== '+switch-master' || parts[0] !== NAME) return;
          clearTimeout(timer);
          client.disconnect();
          resolve(Number(parts[4]));
        });
      });
      switched.catch(() => undefined);
      await client.subscribe('+switch-master');
      return { switched };
    },
    async rejoined(timeoutMs) {
      const old = new Redis(master.url);
      try {
        await until('the old master to rejoin as a replica', timeoutMs, async () =>
          /master_link_status:up/.test(await old.info('replication')),
        );
      } finally {
        old.disconnect();
      }
    },
  };
}

async function until(what: string, timeoutMs: number, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await gone;
}
