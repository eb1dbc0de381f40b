#!/usr/bin/env node
// Ace by DAISY on EPUB files: node run.mjs OUT_DIR EPUB...
// Runs `ace` (from this folder's node_modules, with the Chromium named by
// PUPPETEER_EXECUTABLE_PATH) on each EPUB, reads its report.json, and prints each
// violation (rule, impact, file) and the accessibility metadata Ace finds missing.
// Exits 1 when any EPUB has a violation or could not be checked.
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const [out, ...epubs] = process.argv.slice(2);
if (!out || epubs.length === 0) {
  console.error('usage: node run.mjs OUT_DIR EPUB...');
  process.exit(2);
}
const ace = path.join(here, 'node_modules', '.bin', 'ace-cli');
let failed = 0;
for (const [n, epub] of epubs.entries()) {
  const dir = path.join(out, String(n));
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync(ace, ['--force', '--silent', '--outdir', dir, epub], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 300_000 });
  } catch (e) {
    console.log(`FAIL ace: ${epub}: Ace could not check it (${e.message.split('\n')[0]})`);
    failed++;
    continue;
  }
  const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'));
  const violations = (report.assertions || []).flatMap((doc) =>
    (doc.assertions || [])
      .filter((a) => a['earl:result']?.['earl:outcome'] === 'fail')
      .map((a) => `${a['earl:test']?.['dct:title']} (${a['earl:test']?.['earl:impact']}) in ${doc['earl:testSubject']?.url}`),
  );
  const missing = report['a11y-metadata']?.missing || [];
  for (const v of violations) console.log(`FAIL ace: ${path.basename(epub)}: ${v}`);
  if (violations.length) failed++;
  console.log(`ace: ${path.basename(epub)}: ${report['earl:result']?.['earl:outcome']}, ${violations.length} violations; metadata Ace finds missing: ${missing.join(', ') || 'none'}`);
}
console.log(`ace: ${epubs.length - failed} of ${epubs.length} EPUBs without violations`);
process.exit(failed ? 1 : 0);
