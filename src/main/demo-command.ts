import { join } from 'node:path';
import type { Command } from 'commander';
import { describePortInUse, isPortInUse } from '../platform/is-port-in-use.js';
import { checkDemoDir } from './check-demo-dir.js';
import { EXIT } from './exit-codes.js';
import { parsePort } from './parse-port.js';
import { waitForSignal } from './run-with-runtime.js';
import { type DemoInfo, REPO_DIR, startDemo } from './start-demo.js';

type DemoFlags = {
  json?: boolean;
  dir: string;
  emulatorPort: string;
  botPort: string;
  force?: boolean;
  transport: string;
};

/** `larkgate demo [--json]`: everything locally — Redis, the emulator with the demo organisation, bot, workers. */
export function registerDemoCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('demo')
    .description(
      'run everything locally: private redis-server, the emulator with a demo organisation, the bot and the workers',
    )
    .option('--json', 'print one JSON line when ready, and nothing else on stdout')
    .option(
      '--dir <dir>',
      'working folder (emptied first: an empty or earlier demo one)',
      join(REPO_DIR, 'var/demo'),
    )
    .option('--emulator-port <port>', 'emulator port (0 picks a free one)', '9400')
    .option('--bot-port <port>', 'bot port (0 picks a free one)', '9401')
    .option('--force', 'empty --dir even if an earlier demo did not write it')
    .option(
      '--transport <transport>',
      'how Lark reaches the bot: webhook, or ws (the long connection)',
      'webhook',
    )
    .action(async (opts: DemoFlags) => {
      const emulatorPort = parsePort(opts.emulatorPort);
      const botPort = parsePort(opts.botPort);
      if (emulatorPort === undefined || botPort === undefined) {
        process.stderr.write(
          'larkgate demo: --emulator-port and --bot-port must be whole numbers from 0 to 65535\n',
        );
        setExit(EXIT.usage);
        return;
      }
      if (opts.transport !== 'webhook' && opts.transport !== 'ws') {
        process.stderr.write(`larkgate demo: --transport must be webhook or ws, got "${opts.transport}"\n`);
        setExit(EXIT.usage);
        return;
      }
      const dirCheck = opts.force ? ({ ok: true } as const) : await checkDemoDir(opts.dir);
      if (!dirCheck.ok) {
        process.stderr.write(`larkgate demo: ${dirCheck.reason}\n`);
        setExit(EXIT.usage);
        return;
      }
      let demo: Awaited<ReturnType<typeof startDemo>>;
      try {
        demo = await startDemo({
          transport: opts.transport,
          dir: opts.dir,
          // A fresh app secret, encrypt key and verification token each run: two demos never take each other's pushes.
          randomSecrets: true,
          emulatorPort,
          botPort,
          // The dashboard beside the bot (9402 by default); 0 picks a free port, as for the others.
          dashboardPort: botPort === 0 ? 0 : botPort + 1,
          ...(process.env.REDIS_URL ? { redisUrl: process.env.REDIS_URL } : {}),
          logLevel: process.env.LOG_LEVEL ?? (opts.json ? 'warn' : 'info'),
          // Logs go to stderr so that stdout stays the JSON line (or the instructions).
          logDestination: process.stderr,
          // The demo pages the on-call chat (DEMO_MONITORING), so `larkgate drill outage` can run against it.
          monitoring: {},
        });
      } catch (error) {
        if (!isPortInUse(error)) throw error;
        process.stderr.write(
          `larkgate demo: ${describePortInUse(error)}: pass --emulator-port and --bot-port (0 picks free ones)\n`,
        );
        setExit(EXIT.usage);
        return;
      }
      process.stdout.write(opts.json ? `${JSON.stringify(demo.info)}\n` : describe(demo.info, demo.dir));
      await waitForSignal();
      await demo.close();
    });
}

function describe(info: DemoInfo, dir: string): string {
  const e = info.emulator;
  const post = (from: string, text: string) =>
    `curl -s -X POST ${e}/__emulator/chats/${info.chats.requests}/messages -H 'content-type: application/json' -d '{"from":"${from}","text":"${text}"}'`;
  return `
Larkgate demo is running.
  emulator  ${e}      (the local Lark: Base, IM, event pushes, card clicks)
  bot       ${info.bot}      (${info.transport === 'ws' ? 'events and card callbacks over the long connection; health: /readyz' : 'events: /lark/events, card callbacks: /lark/card'})
  chat UI   ${e}/__emulator/ui?as=${info.users.requester}&chat=${info.chats.requests}      (the chats in a browser: pick who you are, type, click)
  dashboard ${info.dashboard ?? 'not started (see the log)'}      (read-only: bases, pending requests, outcomes, drills, alerts)
  files     ${dir}    (larkgate.yaml, audit log, encrypted backups, demo keys)
  bases     ${info.bases.map((b) => `${b.alias} (${b.tier}, ${b.stage}${b.staging ? ', staging' : ''}: ${b.tables.map((t) => t.name).join(', ')})`).join('; ')}
  people    requester ${info.users.requester}, approvers ${info.users.approvers.join(' and ')}, on-call ${info.users.oncall}
  agents    MCP at ${info.mcp.url}: ${info.mcp.agents.map((a) => `${a.id} (on behalf of ${a.on_behalf_of}; token in ${dir}/secrets/agent_${a.id}_token)`).join(', ')}

Try it (in another terminal):
1. Alice asks for a change in the requests chat:
   ${post(info.users.requester, '@Larkgate update crm/Tasks recTask0001 Status=Done')}
2. Read the chat: the bot answered with a diff card (note its message_id):
   curl -s ${e}/__emulator/chats/${info.chats.requests}/messages
3. Alice cannot approve her own change; Bob can:
   curl -s -X POST ${e}/__emulator/messages/<card message_id>/actions -H 'content-type: application/json' -d '{"from":"${info.users.requester}","button":"Approve"}'
   curl -s -X POST ${e}/__emulator/messages/<card message_id>/actions -H 'content-type: application/json' -d '{"from":"${info.users.approvers[0]}","button":"Approve"}'
4. Watch the record change, the card turn to Applied (with its backup id) and the audit chat get a line:
   curl -s ${e}/__emulator/bases/${info.bases[0]?.app_token}
   curl -s ${e}/__emulator/chats/${info.chats.audit}/messages
5. Check the audit log (keyed hashes, signed checkpoints, file and stream):
   node bin/larkgate.js audit verify --config ${dir}/larkgate.yaml

Other things to say: help · get crm/Tasks recTask0002 · search crm/Tasks Status=Open · create crm/Tasks Title="New task" Points=2 · delete crm/Tasks recTask0003 · status <request id>
Ctrl-C stops everything.
`;
}
