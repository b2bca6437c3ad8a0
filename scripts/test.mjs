// `npm test`: the unit tests (vitest), then the end-to-end tests (Playwright
// in Chromium). Fails if either fails; both always run so one report shows all.
import { spawnSync } from 'node:child_process';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env: process.env }).status ?? 1;

const unit = run('npx', ['vitest', 'run']);
const e2e = run('node', ['scripts/e2e.mjs']);
process.stderr.write(`\nunit tests: ${unit === 0 ? 'passed' : 'FAILED'}; end-to-end tests: ${e2e === 0 ? 'passed' : 'FAILED'}\n`);
process.exit(unit !== 0 || e2e !== 0 ? 1 : 0);
