#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, so `npm ci` is the only set-up step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/main/run-cli.ts');
process.exitCode = await runCli(process.argv);
