// `npm run build` and `npm ci`'s `prepare`: compiles the TypeScript to dist/ with tsc. Where the dev
// dependencies are not installed (`npm ci --omit=dev` outside the image), there is no tsc: say so and
// succeed, since bin/larkgate.js then runs the sources through tsx (a runtime dependency).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc');
} catch {
  process.stderr.write(
    'larkgate build: typescript is not installed (npm ci --omit=dev?): skipping dist/, the CLI runs its sources through tsx\n',
  );
  process.exit(0);
}
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
