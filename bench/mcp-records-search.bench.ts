/**
 * Issue 13 figures, on the whole system (emulator, bot, workers, private redis-server) in one process:
 * 1. `records_search` through the MCP server (Streamable HTTP, bearer token, the agent's gate, the guard,
 *    two audit events, the Base reads) against the same search through the Lark SDK directly, as a ratio
 *    of medians (target ≤ 1.3×), with the emulator adding a fixed latency to every Lark call (0, 50 and 150 ms);
 * 2. tool-call latency p50/p99 for 50 concurrent `records_search` calls (50 clients at once).
 * Run: npx tsx bench/mcp-records-search.bench.ts
 */

import * as lark from '@larksuiteoapi/node-sdk';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { percentile, startBenchDemo, summary } from './bench-kit.js';

const ROUNDS = 30;

function memoryCache(): lark.Cache {
  const store = new Map<string, unknown>();
  return {
    set: async (key: string | symbol, value: unknown) => {
      store.set(String(key), value);
      return true;
    },
    get: async (key: string | symbol) => store.get(String(key)),
  } as unknown as lark.Cache;
}

async function main(): Promise<void> {
  for (const latency of [0, 50, 150]) {
    const { demo, call } = await startBenchDemo({ emulator: { rateLimits: false } });
    try {
      if (latency > 0)
        await call('POST', '/__emulator/faults', {
          kind: 'latency',
          path_prefix: '/open-apis',
          count: -1,
          latency_ms: latency,
        });
      const crm = demo.info.bases.find((base) => base.alias === 'crm');
      const cowork = demo.info.mcp.agents.find((agent) => agent.id === 'cowork');
      if (!crm || !cowork) throw new Error('bench: the demo has no crm base or cowork agent');
      const connect = async () => {
        const client = new Client({ name: 'bench', version: '1.0.0' });
        await client.connect(
          new StreamableHTTPClientTransport(new URL(demo.info.mcp.url), {
            requestInit: { headers: { authorization: `Bearer ${cowork.token}` } },
          }),
        );
        return client;
      };
      const client = await connect();
      const search = async (target: Client) => {
        const result = await target.callTool({
          name: 'records_search',
          arguments: { base: 'crm', table: 'Tasks', where: { Status: 'Open' }, limit: 10 },
        });
        if (result.isError)
          throw new Error(`bench: records_search refused: ${JSON.stringify(result.content)}`);
      };
      const raw = new lark.Client({
        appId: demo.seed.app.app_id,
        appSecret: demo.seed.app.app_secret,
        domain: demo.info.emulator,
        loggerLevel: lark.LoggerLevel.error,
        cache: memoryCache(),
      });
      const path = { app_token: crm.app_token, table_id: 'tblTasks0000001' };
      const rawSearch = () =>
        raw.bitable.appTableRecord.search({
          path,
          params: { page_size: 10 },
          data: {
            filter: {
              conjunction: 'and',
              conditions: [{ field_name: 'Status', operator: 'is', value: ['Open'] }],
            },
          },
        });
      // Warm both paths (token, table list) before timing.
      await rawSearch();
      await search(client);
      const rawTimes: number[] = [];
      const mcpTimes: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        let t = performance.now();
        await rawSearch();
        rawTimes.push(performance.now() - t);
        t = performance.now();
        await search(client);
        mcpTimes.push(performance.now() - t);
      }
      const ratio = percentile(mcpTimes, 50) / percentile(rawTimes, 50);
      console.log(`records_search, Lark latency +${latency} ms:`);
      console.log(`  SDK directly:    ${summary(rawTimes)}`);
      console.log(`  through MCP:     ${summary(mcpTimes)}`);
      console.log(`  ratio of medians ${ratio.toFixed(2)}× (target ≤ 1.3×)`);

      const clients = await Promise.all(Array.from({ length: 50 }, connect));
      const concurrent = await Promise.all(
        clients.map(async (each) => {
          const t = performance.now();
          await search(each);
          return performance.now() - t;
        }),
      );
      console.log(`  50 concurrent records_search calls: ${summary(concurrent)}`);
      for (const each of [client, ...clients]) await each.close();
    } finally {
      await demo.close();
    }
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
