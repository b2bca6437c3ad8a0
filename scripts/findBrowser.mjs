// Finds a Chromium for the end-to-end tests: Playwright's own if installed,
// else the system's (/usr/bin/chromium), else installs one where possible
// (Playwright's download where the internet allows, apt-get where we are root),
// else stops with the exact command to run.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

function playwrightChromium() {
  try {
    const { chromium } = require('playwright-core');
    const p = chromium.executablePath();
    return p && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

function systemChromium() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  return SYSTEM_PATHS.find((p) => existsSync(p)) ?? null;
}

export function findBrowser({ install = true } = {}) {
  const found = systemChromium() ?? playwrightChromium();
  if (found || !install) return found;
  process.stderr.write('No Chromium found; trying to install one…\n');
  const pw = spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit', timeout: 300_000 });
  if (pw.status === 0 && playwrightChromium()) return playwrightChromium();
  if (process.getuid?.() === 0) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit' });
    const apt = spawnSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit' });
    if (apt.status === 0) return systemChromium();
  }
  return null;
}

export const INSTALL_HINT = 'Install a browser for the end-to-end tests with one of:\n' +
  '  sudo apt-get install -y chromium        (Debian/Ubuntu)\n' +
  '  npx playwright install chromium          (where downloads are allowed)\n' +
  'or point CHROMIUM_PATH at a Chromium/Chrome binary.';
