#!/usr/bin/env node
// `pubgen serve`'s preview as an editor uses it, in headless Chromium:
//   node preview.mjs PUBGEN SITE_DIR WORK_DIR
// SITE_DIR (a fixture with content/chapter.md) is copied into WORK_DIR and served with
// `pubgen serve --port 0`; the chapter is open in the browser while its file is edited:
// - a broken link: the page reloads by itself and shows, above everything, an alert
//   (role=alert) saying the site could not be rebuilt, with the file, line and help;
//   the skip link is still the first thing Tab reaches; axe-core finds no violation;
//   at 320 px wide nothing scrolls sideways;
// - the link mended: the page reloads by itself, the alert is gone, the edit is shown;
// - a skipped heading level: a folded box says "1 warning about this page", and opens
//   with the keyboard to show the warning with its line;
// - the warning mended: the box is gone.
// Prints `preview: N passed, M failed` and exits 1 on any failure.

import { spawn } from 'node:child_process';
import { cpSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { checker, launchChromium } from './harness.mjs';

const require = createRequire(import.meta.url);
const [pubgen, fixture, work] = process.argv.slice(2);
if (!pubgen || !fixture || !work) {
  console.error('usage: node preview.mjs PUBGEN SITE_DIR WORK_DIR');
  process.exit(2);
}

const site = path.join(work, 'preview-site');
rmSync(site, { recursive: true, force: true });
cpSync(fixture, site, { recursive: true });
const chapter = path.join(site, 'content', 'chapter.md');
const original = readFileSync(chapter, 'utf8');
const { check, done } = checker('preview');

/// Starts `pubgen serve` and resolves to its address once it says where it serves.
function serve() {
  const child = spawn(pubgen, ['serve', '--root', site, '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let said = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not say where it serves:\n${said}`)), 60000);
    child.stderr.on('data', (chunk) => {
      said += chunk;
      const found = said.match(/serving (http:\/\/\S+\/)/);
      if (found) { clearTimeout(timer); resolve({ child, base: found[1] }); }
    });
    child.on('exit', (code) => reject(new Error(`serve stopped (${code}):\n${said}`)));
    timer.unref?.();
    process.on('exit', () => child.kill());
  });
}

/// Saves the chapter as an editor would, then waits for the page to reload by itself
/// and for the preview's script to have asked the server about it.
async function saveAndWaitForReload(page, text) {
  const reloaded = page.waitForEvent('load', { timeout: 30000 });
  const asked = page.waitForResponse((r) => r.url().includes('/__pubgen/status'), { timeout: 30000 });
  // As an editor's program saves: the whole file at once (a hidden file renamed over
  // it), so that the server never reads half of it.
  const hidden = path.join(path.dirname(chapter), '.chapter.md.saving');
  writeFileSync(hidden, text);
  renameSync(hidden, chapter);
  await Promise.all([reloaded, asked]);
  await page.waitForTimeout(300);
}

let served;
try {
  served = await serve();
} catch (err) {
  check(false, `pubgen serve did not start: ${err.message}`);
  process.exit(done());
}
const { child, base } = served;
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(30000);
  const url = base + 'chapter/index.html';
  await page.goto(url);
  await page.waitForTimeout(500);
  check((await page.$('[role=alert]')) === null, 'a site that builds shows no alert');

  // A broken link: the build fails; the last good page stays, with the alert over it.
  await saveAndWaitForReload(page, original + '\n\nSee [the missing page](missing.md).\n');
  const alert = await page.$('[role=alert]');
  check(alert !== null, 'a failed rebuild shows an alert (role=alert) without reloading by hand');
  if (alert) {
    const text = await alert.textContent();
    check(/could not be rebuilt/.test(text), `the alert says the site could not be rebuilt (${text.slice(0, 80)})`);
    check(/content\/chapter\.md:\d+:\d+/.test(text), 'the alert names the file, line and column');
    check(/missing\.md/.test(text) && /help/.test(text), 'the alert quotes the link and says what to do');
    const first = await page.evaluate(() => document.body.firstElementChild.getAttribute('role'));
    check(first === 'alert', 'the alert comes first on the page');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement.className);
    check(/skip-link/.test(focused), `the skip link is still the first thing Tab reaches (${focused})`);
    await page.addScriptTag({ path: require.resolve('axe-core') });
    const axe = await page.evaluate(async () => (await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] })).violations.map((v) => v.id));
    check(axe.length === 0, `axe-core finds no violation with the alert shown (${axe.join(', ')})`);
    await page.setViewportSize({ width: 320, height: 640 });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    check(wide <= 320, `at 320 px wide the alert does not scroll sideways (${wide} px)`);
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  // Mended: the page reloads by itself with the edit, and the alert is gone.
  await saveAndWaitForReload(page, original + '\n\nA sentence added while serving.\n');
  check((await page.$('[role=alert]')) === null, 'the alert is gone once the file is mended');
  check((await page.textContent('main')).includes('A sentence added while serving.'), 'the mended page shows the edit');

  // A warning about this page: a folded box, opened with the keyboard.
  await saveAndWaitForReload(page, original + '\n\n#### Too deep\n\nText.\n');
  const box = await page.$('body > details:first-child');
  check(box !== null, 'a warning about the page shows a folded box');
  if (box) {
    const summary = await page.textContent('body > details:first-child > summary');
    check(/1 warning about this page/.test(summary), `the box says how many warnings (${summary})`);
    await page.focus('body > details:first-child > summary');
    await page.keyboard.press('Enter');
    const open = await page.evaluate(() => document.body.firstElementChild.open);
    check(open, 'the box opens with the keyboard');
    const shown = await page.textContent('body > details:first-child pre');
    check(/skips a level/.test(shown) && /content\/chapter\.md:\d+/.test(shown), 'the warning is shown with its line');
  }
  await saveAndWaitForReload(page, original);
  check((await page.$('body > details:first-child')) === null, 'the box is gone once the warning is mended');
} catch (err) {
  check(false, `the preview could not be tried: ${err.message}`);
} finally {
  await browser.close();
  child.kill();
}
process.exit(done());
