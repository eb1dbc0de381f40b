// What search.mjs and reading.mjs share: a built site served on 127.0.0.1, headless
// Chromium (started as the machine's closed network needs), and pass/fail counting.

import http from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
};

/// Serves SITE_DIR; resolves to { server, base } (base ends in `/`).
export async function serveSite(site) {
  const root = path.resolve(site);
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = path.join(root, url);
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${server.address().port}/` };
}

/// Headless Chromium ($CHROMIUM, default /usr/bin/chromium).
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/// A pass/fail counter printing `FAIL LABEL: …` lines; `done()` prints the summary
/// line and gives the exit code.
export function checker(label) {
  let passed = 0;
  let failed = 0;
  return {
    check(ok, what) {
      if (ok) passed++;
      else { failed++; console.log(`FAIL ${label}: ${what}`); }
    },
    done() {
      console.log(`${label}: ${passed} passed, ${failed} failed`);
      return failed ? 1 : 0;
    },
  };
}
