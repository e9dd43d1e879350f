import type { Command } from 'commander';
import pino from 'pino';
import { ConfigError } from '../config/config-error.js';
import { findAgent } from '../domain/policy.js';
import { computeToolPin } from '../mcp/describe-tool.js';
import { MCP_TOOLS } from '../mcp/mcp-tools.js';
import { serveMcpStdio } from '../mcp/serve-mcp-stdio.js';
import { type CommandOutput, processOutput } from './command-output.js';
import { createLogger } from './create-logger.js';
import { createMcpWiring } from './create-mcp-endpoint.js';
import { createRuntime, LARKGATE_VERSION } from './create-runtime.js';
import { EXIT } from './exit-codes.js';

/** The pins as `mcp.pins` takes them: one `name: sha256` line per served tool. */
export function formatPins(): string {
  return `mcp:\n  pins:\n${MCP_TOOLS.map((tool) => `    ${tool.name}: ${computeToolPin(tool)}\n`).join('')}`;
}

/**
 * `larkgate mcp --config <file> --agent <id>`: the MCP server for one agent over stdio (stdout is the
 * protocol, so logs go to stderr). It serves only what `serve`'s /mcp would: the agent's tools, while a
 * policy is in force and the tools match their pins. `larkgate mcp pins` prints the pins for the config.
 */
export function registerMcpCommand(
  program: Command,
  setExit: (code: number) => void,
  output: CommandOutput = processOutput,
): void {
  const mcp = program
    .command('mcp')
    .description('serve the MCP tools to one agent over stdio (or: mcp pins)')
    .option('--config <file>', 'larkgate.yaml')
    .option('--agent <id>', 'the agent (agents[].id) this process serves')
    .action(async (opts: { config?: string; agent?: string }) => {
      if (!opts.config || !opts.agent) {
        output.err('usage: larkgate mcp --config <file> --agent <id>   (or: larkgate mcp pins)\n');
        setExit(EXIT.usage);
        return;
      }
      const logger = createLogger({
        name: 'larkgate-mcp',
        level: process.env.LOG_LEVEL ?? 'info',
        destination: pino.destination(2),
      });
      let runtime: Awaited<ReturnType<typeof createRuntime>>;
      try {
        runtime = await createRuntime({ configPath: opts.config, role: 'mcp', env: process.env, logger });
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        output.err(`larkgate mcp: config error: ${error.message}\n`);
        setExit(EXIT.usage);
        return;
      }
      try {
        if (!findAgent(runtime.policy.require(), opts.agent)) {
          output.err(`larkgate mcp: no agent "${opts.agent}" in the config (agents:)\n`);
          setExit(EXIT.usage);
          return;
        }
        const wiring = createMcpWiring(runtime, logger);
        const problem = wiring.problem();
        if (problem !== null) {
          output.err(`larkgate mcp: not serving: ${problem}\n`);
          setExit(EXIT.failure);
          return;
        }
        await serveMcpStdio({
          agentId: opts.agent,
          deps: wiring.deps,
          servingProblem: wiring.problem,
          version: LARKGATE_VERSION,
        });
        setExit(EXIT.ok);
      } finally {
        await runtime.close();
      }
    });
  mcp
    .command('pins')
    .description(
      "print the SHA-256 pin of each MCP tool (name, description, schemas) for the config's mcp.pins",
    )
    .action(() => {
      output.out(formatPins());
      setExit(EXIT.ok);
    });
}
