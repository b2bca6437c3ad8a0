// Runs the Playwright end-to-end suite against the built lab, with a browser
// found by findBrowser.mjs. Extra arguments go to `playwright test`.
import { spawnSync } from 'node:child_process';
import { findBrowser, INSTALL_HINT } from './findBrowser.mjs';

const browser = findBrowser();
if (!browser) {
  process.stderr.write(`No Chromium for the end-to-end tests.\n${INSTALL_HINT}\n`);
  process.exit(1);
}
process.stderr.write(`e2e browser: ${browser}\n`);
const r = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, CHROMIUM_PATH: browser },
});
process.exit(r.status ?? 1);
