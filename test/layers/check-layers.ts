/**
 * `npm run check:layers`: the layering rules in .dependency-cruiser.cjs plus no import cycle between folders.
 * Prints each violation with the import that makes it and exits 1; prints one line and exits 0 when clean.
 */
import { createRequire } from 'node:module';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { findFolderCycles } from './find-folder-cycles.js';

const require = createRequire(import.meta.url);
const ruleSet = require('../../.dependency-cruiser.cjs');
const ROOTS = ['src', 'jobs', 'cards', 'emulator', 'bench'];

const reporting = await cruise(ROOTS, { ...ruleSet.options, ruleSet, validate: true });
const result = reporting.output as ICruiseResult;
const problems: string[] = [];
for (const violation of result.summary.violations) {
  problems.push(`${violation.rule.name}: ${violation.from} -> ${violation.to}`);
}
const imports = result.modules
  .filter((module) => !module.source.endsWith('.test.ts'))
  .flatMap((module) =>
    module.dependencies
      .filter((dependency) => !dependency.resolved.endsWith('.test.ts'))
      .map((dependency) => ({ from: module.source, to: dependency.resolved })),
  );
for (const cycle of findFolderCycles(imports)) {
  problems.push(
    `folder-cycle among {${cycle.members.join(', ')}}, for example ${[...cycle.folders, cycle.folders[0]].join(' -> ')}:\n${cycle.edges
      .map((edge) => `    ${edge.from} -> ${edge.to}`)
      .join('\n')}`,
  );
}
if (problems.length > 0) {
  process.stdout.write(`${problems.join('\n')}\n${problems.length} layering problem(s)\n`);
  process.exitCode = 1;
} else {
  process.stdout.write(
    `layers: ${result.summary.totalCruised} modules, no cycle between folders, every rule holds\n`,
  );
}
