// `npm test`: the typecheck, the lint, the unit tests (vitest), then the
// end-to-end tests (Playwright in Chromium). Every step runs even after one
// fails, so one report shows all; the last line names the steps that failed.
// `node scripts/test.mjs typecheck lint` runs only the steps named.
import { spawnSync } from 'node:child_process';

const STEPS = {
  typecheck: { label: 'typecheck', cmd: 'npm', args: ['run', '--silent', 'typecheck'] },
  lint: { label: 'lint', cmd: 'npm', args: ['run', '--silent', 'lint'] },
  unit: { label: 'unit tests', cmd: 'npx', args: ['vitest', 'run'] },
  e2e: { label: 'end-to-end tests', cmd: 'node', args: ['scripts/e2e.mjs'] },
};

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in STEPS));
if (unknown.length) {
  process.stderr.write(`unknown step(s): ${unknown.join(', ')}; the steps are ${Object.keys(STEPS).join(', ')}\n`);
  process.exit(2);
}
const names = asked.length ? asked : Object.keys(STEPS);

/** @type {{ label: string, ok: boolean }[]} */
const outcomes = [];
for (const name of names) {
  const { label, cmd, args } = STEPS[/** @type {keyof typeof STEPS} */ (name)];
  process.stderr.write(`\n▶ ${label}\n`);
  const status = spawnSync(cmd, args, { stdio: 'inherit', env: process.env }).status ?? 1;
  outcomes.push({ label, ok: status === 0 });
}

const failed = outcomes.filter((o) => !o.ok).map((o) => o.label);
const summary = outcomes.map((o) => `${o.label}: ${o.ok ? 'passed' : 'FAILED'}`).join('; ');
process.stderr.write(`\n${summary}\n${failed.length ? `FAILED: ${failed.join(', ')}` : 'all passed'}\n`);
process.exit(failed.length ? 1 : 0);
