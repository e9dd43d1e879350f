/**
 * Layering rules for Larkgate, checked by `npm run check:layers` (test/layers/check-layers.ts), which also
 * refuses a cycle between folders. docs/ARCHITECTURE.md ("Layers") explains them.
 */
const PRODUCTION = '^(src|jobs|cards)/';
const NOT_TEST = '\\.test\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain is the pure core: it imports only itself (and pure npm libraries).',
      severity: 'error',
      from: { path: '^src/domain/', pathNot: NOT_TEST },
      to: { path: '^(src/(?!domain/)|jobs/|cards/|emulator/|test/|bench/)' },
    },
    {
      name: 'ports-import-only-domain',
      comment: 'src/ports holds the interfaces the application needs, typed with domain types only.',
      severity: 'error',
      from: { path: '^src/ports/', pathNot: NOT_TEST },
      to: { path: '^(src/(?!domain/|ports/)|jobs/|cards/|emulator/|test/|bench/)' },
    },
    {
      name: 'app-uses-ports-not-adapters',
      comment:
        'src/app (the use cases) reaches the world through src/ports; adapters, queues, HTTP and composition roots plug in from outside.',
      severity: 'error',
      from: { path: '^src/app/', pathNot: NOT_TEST },
      to: { path: '^(src/(lark|store|backup|http|main|platform)/|jobs/|emulator/|test/|bench/)' },
    },
    {
      name: 'cards-are-pure',
      comment: 'cards/ builds card JSON from domain values; it imports nothing else of ours.',
      severity: 'error',
      from: { path: '^cards/', pathNot: NOT_TEST },
      to: { path: '^(src/(?!domain/|ports/)|jobs/|emulator/|test/|bench/)' },
    },
    {
      name: 'adapters-point-inward',
      comment:
        'Adapters (lark, store, backup) implement ports; they never import use cases, queues, HTTP or roots.',
      severity: 'error',
      from: { path: '^src/(lark|store|backup)/', pathNot: NOT_TEST },
      to: { path: '^(src/(app|http|main|monitoring|evidence|mcp)/|jobs/)' },
    },
    {
      name: 'production-never-imports-tests-or-bench',
      severity: 'error',
      from: { path: '^(src|jobs|cards|emulator)/', pathNot: NOT_TEST },
      to: { path: '^(test|bench)/|\\.test\\.ts$' },
    },
    {
      name: 'bench-never-imports-tests',
      comment: 'bench/ measures the product; what it shares with tests lives in src/ or bench/.',
      severity: 'error',
      from: { path: '^bench/' },
      to: { path: '^test/|\\.test\\.ts$' },
    },
    {
      name: 'only-main-runs-the-emulator',
      comment:
        'The emulator is a development tool; only the composition roots in src/main (demo, emulator, probes) start one.',
      severity: 'error',
      from: { path: PRODUCTION, pathNot: `^src/main/|${NOT_TEST}` },
      to: { path: '^emulator/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
  },
};
