#!/usr/bin/env node
// Browser accessibility checks and HTML/CSS validation of built pubgen sites.
//
//   node check.mjs [--expect-fail [--expectations FILE]] [LABEL=]SITE_DIR...
//
// Each SITE_DIR is a built site (the folder `pubgen build --out` wrote). It is
// served over HTTP on 127.0.0.1 (random free port) and EVERY .html page is opened
// in headless Chromium (one browser for the whole run) and checked:
//   - axe-core (tags wcag2a, wcag2aa, wcag2aaa, wcag21a, wcag21aa, wcag22aa): no
//     violations, AAA contrast (7:1) included,
//     with the light colour scheme and with `prefers-color-scheme: dark` emulated;
//   - reflow: at a 320 CSS px wide viewport the page does not scroll sideways;
//   - skip link: the first Tab focuses a visible link to `#main`, and following it
//     moves focus to `main#main`;
//   - focus indicator: the focused skip link, and the first element Tab reaches in
//     main, show an outline (style not none, width >= 2px) or a box-shadow that they
//     do not show unfocused;
//   - exactly one h1 per page.
// Then the Nu Html Checker (vnu.jar) validates every .html file (--errors-only) and
// every .css file (--css): no errors.
//
// Output: one `FAIL ...` line per problem, then the summary lines
//   a11y: N passed, M failed      (pages)
//   vnu: N passed, M failed       (files)
// Exit 0 when nothing failed, 1 when something failed, 2 on a usage or setup error.
//
// Pages and files are named `LABEL/<path in the site>` (LABEL defaults to the
// folder's name).
//
// --epub checks unpacked EPUBs instead: every .xhtml content document gets axe-core
// (light and dark), the one-h1 check and reflow; there is no site chrome (skip link)
// to check, and the Nu checker does not run.
//
// --expect-fail turns the run into a self-test of the checks themselves: it exits 0
// only if the checks DID fail — at least one page fails the browser checks, at least
// one file fails the validator, and every line of the --expectations file is the
// start of a reported failure (see fixtures/violation/expected-failures.txt).
//
// Environment: CHROMIUM (default /usr/bin/chromium), JAVA (default `java`),
// A11Y_CONCURRENCY (pages checked at once, default: CPUs, at most 4),
// A11Y_TIMING=1 (print how long each step of each page takes).

import { spawn } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require_ = (await import('node:module')).createRequire(import.meta.url);

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag2aaa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const JAVA = process.env.JAVA || 'java';
const CONCURRENCY = Math.max(1, Number(process.env.A11Y_CONCURRENCY) || Math.min(4, os.cpus().length || 1));
const PAGE_TIMEOUT = Number(process.env.A11Y_PAGE_TIMEOUT) || 120_000; // ms, all the checks of one page
const DESKTOP = { width: 1280, height: 900 };
const NARROW = { width: 320, height: 640 };
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage', // containers often have a tiny /dev/shm
];

// ---------------------------------------------------------------- arguments

function usage(message) {
  if (message) console.error(`check.mjs: ${message}`);
  console.error('usage: node check.mjs [--epub] [--expect-fail [--expectations FILE]] [LABEL=]SITE_DIR...');
  process.exit(2);
}

const sites = [];
let expectFail = false;
let epubMode = false;
let expectationsFile = null;
{
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--expect-fail') expectFail = true;
    else if (arg === '--epub') epubMode = true;
    else if (arg === '--expectations' || arg.startsWith('--expectations=')) {
      expectationsFile = arg === '--expectations' ? args[++i] : arg.slice('--expectations='.length);
      if (!expectationsFile || !existsSync(expectationsFile)) usage(`--expectations needs an existing file, not ${expectationsFile}`);
    } else if (arg === '-h' || arg === '--help') usage();
    else if (arg.startsWith('-')) usage(`unknown option ${arg}`);
    else {
      const eq = arg.indexOf('=');
      const dir = path.resolve(eq > 0 ? arg.slice(eq + 1) : arg);
      const label = eq > 0 ? arg.slice(0, eq) : path.basename(dir);
      if (!existsSync(dir) || !statSync(dir).isDirectory()) usage(`${dir} is not a folder`);
      if (sites.some((s) => s.label === label)) usage(`two sites are labelled ${label}; name them LABEL=DIR`);
      sites.push({ label, dir });
    }
  }
  if (sites.length === 0) usage('no site folder given');
  if (expectationsFile && !expectFail) usage('--expectations needs --expect-fail');
}

// ---------------------------------------------------------------- helpers

async function walk(dir, rel = '') {
  const out = [];
  const entries = await readdir(path.join(dir, rel), { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await walk(dir, r)));
    else if (e.isFile()) out.push(r);
  }
  return out;
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.xhtml': 'application/xhtml+xml; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.pdf': 'application/pdf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

// A tiny static file server for one site folder, on 127.0.0.1 and a free port.
function serve(root) {
  const server = http.createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.join(root, pathname);
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = path.join(file, 'index.html');
      if (!statSync(file).isFile()) throw new Error('not a file');
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': MIME[path.extname(file).toLowerCase()] || 'application/octet-stream',
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function oneLine(s, max = 160) {
  s = String(s ?? '').replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

// ---------------------------------------------------------------- in-page probes
// These functions run inside the page (page.evaluate).

// A short CSS path naming an element, and the path with the element's start tag.
function pathInPage(el) {
  const parts = [];
  for (let e = el; e && e.nodeType === 1 && parts.length < 6; e = e.parentElement) {
    let s = e.localName;
    if (e.id) {
      parts.unshift(`${s}#${CSS.escape(e.id)}`);
      break;
    }
    s += [...e.classList].slice(0, 2).map((c) => `.${CSS.escape(c)}`).join('');
    const parent = e.parentElement;
    if (parent) {
      const same = [...parent.children].filter((c) => c.localName === e.localName);
      if (same.length > 1) s += `:nth-of-type(${same.indexOf(e) + 1})`;
    }
    parts.unshift(s);
  }
  return parts.join(' > ');
}

function describeInPage(el) {
  if (!el || el.nodeType !== 1) return String(el);
  const html = el.outerHTML.replace(/\s+/g, ' ');
  const open = html.slice(0, html.indexOf('>') + 1);
  return `${window.__path(el)} ${open.length > 120 ? `${open.slice(0, 119)}…` : open}`;
}

const PROBES = `
window.__path = ${pathInPage.toString()};
window.__describe = ${describeInPage.toString()};
window.__focusStyle = (el) => {
  const cs = getComputedStyle(el);
  return {
    outlineStyle: cs.outlineStyle,
    outlineWidth: parseFloat(cs.outlineWidth) || 0,
    outlineColor: cs.outlineColor,
    boxShadow: cs.boxShadow,
  };
};
`;

// ---------------------------------------------------------------- browser checks

function hasIndicator(s) {
  return (s.outlineStyle !== 'none' && s.outlineWidth >= 2) || (s.boxShadow && s.boxShadow !== 'none');
}

function indicatorChanged(focused, unfocused) {
  const outline = (s) => (s.outlineStyle !== 'none' && s.outlineWidth > 0 ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : 'none');
  return outline(focused) !== outline(unfocused) || focused.boxShadow !== unfocused.boxShadow;
}

function fmtStyle(s) {
  return `outline ${s.outlineStyle} ${s.outlineWidth}px, box-shadow ${s.boxShadow}`;
}

async function runAxe(page, axeSource) {
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!hasAxe) await page.evaluate(axeSource);
  return page.evaluate(
    async (tags) => {
      const r = await window.axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return r.violations.map((v) => ({
        id: v.id,
        help: v.help,
        nodes: v.nodes.map((n) => {
          let where = n.target.join(' ');
          try {
            const el = n.target.length === 1 && typeof n.target[0] === 'string' ? document.querySelector(n.target[0]) : null;
            if (el) where = window.__path(el);
          } catch {}
          return {
          target: where,
          html: n.html,
          message: [...n.any, ...n.all, ...n.none].map((c) => c.message).filter(Boolean)[0] || '',
          };
        }),
      }));
    },
    AXE_TAGS,
  );
}

async function checkPage(page, url, fail, axeSource) {
  let t = Date.now();
  const lap = (what) => {
    if (process.env.A11Y_TIMING) console.error(`  ${Date.now() - t} ms ${what} ${url}`);
    t = Date.now();
  };
  // 1. axe, light then dark.
  await page.setViewportSize(DESKTOP);
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  const resp = await page.goto(url, { waitUntil: 'load' });
  if (!resp || !resp.ok()) {
    fail('http', `the page did not load (HTTP ${resp ? resp.status() : 'no response'})`, url);
    return;
  }
  await page.evaluate(PROBES);
  lap('load');

  const h1s = await page.evaluate(() => [...document.querySelectorAll('h1')].map((h) => window.__describe(h)));
  if (h1s.length !== 1) {
    fail('one-h1', `the page has ${h1s.length} h1 elements; it must have exactly one`, h1s.join(' | ') || 'document');
  }

  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const violations = await runAxe(page, axeSource);
    for (const v of violations) {
      for (const n of v.nodes) {
        fail(v.id, `${scheme} scheme: ${v.help}${n.message ? ` (${oneLine(n.message, 220)})` : ''}`, `${n.target} ${oneLine(n.html, 120)}`);
      }
    }
    lap(`axe ${scheme}`);
  }

  // 2. Reflow at 320 CSS px.
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(NARROW);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const reflow = await page.evaluate((limit) => {
    const sw = document.documentElement.scrollWidth;
    if (sw <= limit) return null;
    // The outermost elements that stick out past the right edge.
    const culprits = [];
    const walk = (el) => {
      for (const c of el.children) {
        const r = c.getBoundingClientRect();
        if (r.right > limit + 0.5 && getComputedStyle(c).position !== 'fixed') {
          const inner = [...c.children].some((g) => g.getBoundingClientRect().right > limit + 0.5);
          if (!inner || culprits.length >= 3) culprits.push(`${window.__describe(c)} (right edge ${Math.round(r.right)}px)`);
          else walk(c);
        } else if (c.children.length) walk(c);
        if (culprits.length >= 3) return;
      }
    };
    walk(document.body);
    return { sw, culprits };
  }, NARROW.width);
  if (reflow) {
    fail('reflow-320', `at a 320 CSS px wide viewport the page is ${reflow.sw}px wide and scrolls horizontally`, reflow.culprits.join(' | ') || 'html');
  }

  lap('reflow');
  if (epubMode) return; // an EPUB's documents have no site chrome to check

  // 3. Keyboard: skip link, focus moves to main, visible focus indicators.
  await page.setViewportSize(DESKTOP);
  await page.goto(url, { waitUntil: 'load' });
  await page.evaluate(PROBES);
  const before = await page.evaluate(() => {
    const skip = document.querySelector('a[href="#main"]');
    return skip ? window.__focusStyle(skip) : null;
  });
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    return {
      desc: window.__describe(el),
      isLink: el.localName === 'a',
      href: el.getAttribute('href'),
      style: window.__focusStyle(el),
      rect: { x: r.x, y: r.y, w: r.width, h: r.height },
      hidden: cs.visibility !== 'visible' || parseFloat(cs.opacity) === 0 || cs.clipPath !== 'none' || cs.clip !== 'auto',
      vw: innerWidth,
      vh: innerHeight,
    };
  });
  if (!first || !first.isLink || first.href !== '#main') {
    fail('skip-link', 'the first Tab must focus a link to #main', first ? first.desc : 'nothing was focused');
  } else {
    const r = first.rect;
    const onScreen = r.w >= 8 && r.h >= 8 && r.x >= 0 && r.y >= 0 && r.x + r.w <= first.vw && r.y + r.h <= first.vh;
    if (!onScreen || first.hidden) {
      fail('skip-link-visible', `the focused skip link is not visible (box ${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.w)}×${Math.round(r.h)}${first.hidden ? ', clipped or hidden' : ''})`, first.desc);
    }
    if (!hasIndicator(first.style) || (before && !indicatorChanged(first.style, before))) {
      fail('focus-indicator', `the focused skip link shows no focus indicator (focused: ${fmtStyle(first.style)}; unfocused: ${before ? fmtStyle(before) : '?'})`, first.desc);
    }
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement && document.activeElement.matches('main#main'), null, { timeout: 2000 }).catch(() => {});
    const target = await page.evaluate(() => {
      const el = document.activeElement;
      return { ok: !!el && el.matches('main#main'), desc: el ? window.__describe(el) : 'nothing' };
    });
    if (!target.ok) {
      fail('skip-link-target', 'following the skip link must move focus to main#main', `focus is on ${target.desc}`);
    } else {
      // Tab from main reaches its first focusable element (normally its first link).
      await page.keyboard.press('Tab');
      const inMain = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || !el.closest('main#main') || el.matches('main#main')) return null;
        const focused = window.__focusStyle(el);
        el.blur();
        const unfocused = window.__focusStyle(el);
        return { desc: window.__describe(el), focused, unfocused };
      });
      if (inMain && (!hasIndicator(inMain.focused) || !indicatorChanged(inMain.focused, inMain.unfocused))) {
        fail('focus-indicator', `the first focusable element in main shows no focus indicator (focused: ${fmtStyle(inMain.focused)}; unfocused: ${fmtStyle(inMain.unfocused)})`, inMain.desc);
      }
    }
  }
  lap("keyboard");
}

async function browserChecks(allPages) {
  const axeSource = readFileSync(require_.resolve('axe-core/axe.min.js'), 'utf8');
  const { chromium } = await import('playwright-core');
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (set CHROMIUM, or apt-get install chromium)`);
  // launch() gives the browser a fresh, temporary user-data-dir of its own.
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  const results = new Map(); // page key -> list of failures
  try {
    let next = 0;
    const worker = async () => {
      const context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce', colorScheme: 'light' });
      const newPage = async () => {
        const p = await context.newPage();
        p.setDefaultTimeout(30_000);
        return p;
      };
      let page = await newPage();
      try {
        while (next < allPages.length) {
          const item = allPages[next++];
          const failures = [];
          const fail = (rule, message, where) => failures.push({ rule, message, where });
          let timer;
          try {
            await Promise.race([
              checkPage(page, item.url, fail, axeSource),
              new Promise((_, reject) => {
                timer = setTimeout(() => reject(new Error(`timed out after ${PAGE_TIMEOUT / 1000} s`)), PAGE_TIMEOUT);
              }),
            ]);
          } catch (e) {
            fail('check-error', `the checks could not run: ${oneLine(e.message, 300)}`, item.url);
            // Start the next page afresh: this one may be stuck.
            await page.close().catch(() => {});
            page = await newPage();
          } finally {
            clearTimeout(timer);
          }
          results.set(item.key, failures);
        }
      } finally {
        await context.close();
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, allPages.length) }, worker));
  } finally {
    await browser.close();
  }
  return results;
}

// ---------------------------------------------------------------- vnu

function runVnu(extraArgs, files) {
  const jar = path.join(path.dirname(require_.resolve('vnu-jar')), 'build', 'dist', 'vnu.jar');
  if (!existsSync(jar)) return Promise.reject(new Error(`${jar} is missing: run npm ci in ${here}`));
  if (files.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const child = spawn(JAVA, ['-jar', jar, '--errors-only', '--format', 'json', '--stdout', ...extraArgs, ...files], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', (e) => reject(new Error(`could not run ${JAVA}: ${e.message}`)));
    child.on('close', (code) => {
      let parsed;
      try {
        parsed = JSON.parse(out);
      } catch {
        reject(new Error(`vnu exited ${code} without JSON output: ${oneLine(err || out, 400)}`));
        return;
      }
      resolve(parsed.messages || []);
    });
  });
}

async function vnuChecks(allFiles) {
  const html = allFiles.filter((f) => f.abs.endsWith('.html'));
  const css = allFiles.filter((f) => f.abs.endsWith('.css'));
  const [htmlMsgs, cssMsgs] = await Promise.all([
    runVnu([], html.map((f) => f.abs)),
    runVnu(['--css'], css.map((f) => f.abs)),
  ]);
  const byAbs = new Map(allFiles.map((f) => [f.abs, f]));
  const results = new Map(allFiles.map((f) => [f.key, []]));
  for (const m of [...htmlMsgs, ...cssMsgs]) {
    if (m.type === 'info' && m.subType !== 'error') continue;
    let abs = m.url ? fileURLToPath(m.url) : null;
    const f = abs && byAbs.get(abs);
    const key = f ? f.key : abs || '(vnu)';
    if (!results.has(key)) results.set(key, []);
    results.get(key).push({
      line: m.lastLine ?? m.firstLine ?? 0,
      column: m.firstColumn ?? m.lastColumn,
      message: `${m.type === 'non-document-error' ? 'could not check: ' : ''}${oneLine(m.message, 300)}`,
      extract: m.extract ? oneLine(m.extract, 120) : '',
    });
  }
  return results;
}

// ---------------------------------------------------------------- main

const servers = [];
const pages = [];
const files = [];
try {
  for (const site of sites) {
    const all = await walk(site.dir);
    const server = await serve(site.dir);
    servers.push(server);
    const base = `http://127.0.0.1:${server.address().port}/`;
    for (const rel of all) {
      const key = `${site.label}/${rel}`;
      const pageExt = epubMode ? '.xhtml' : '.html';
      if (rel.endsWith(pageExt)) pages.push({ key, url: base + rel.split('/').map(encodeURIComponent).join('/') });
      if (!epubMode && (rel.endsWith('.html') || rel.endsWith('.css'))) files.push({ key, abs: path.join(site.dir, rel) });
    }
    if (!all.some((f) => f.endsWith(epubMode ? '.xhtml' : '.html'))) {
      console.error(`check.mjs: ${site.dir} holds no ${epubMode ? '.xhtml' : '.html'} page`);
      process.exit(2);
    }
  }
} catch (e) {
  console.error(`check.mjs: ${e.message}`);
  process.exit(2);
}

const started = Date.now();
let browserResults;
let vnuResults;
try {
  const vnuPromise = epubMode ? Promise.resolve(new Map()) : vnuChecks(files); // runs in the JVM while the browser works
  vnuPromise.catch(() => {});
  browserResults = await browserChecks(pages);
  vnuResults = await vnuPromise;
} catch (e) {
  console.error(`check.mjs: ${e.stack || e.message}`);
  for (const s of servers) s.close();
  process.exit(2);
}
for (const s of servers) s.close();

// In --expect-fail mode the failures are the point of the run: they are printed as
// `expected FAIL ...` so that a log search for lines starting with FAIL finds only
// real failures.
const prefix = expectFail ? 'expected ' : '';
const failLines = []; // `<page or file path in its site>: ...`, for --expectations
const siteOf = (key) => sites.find((s) => key.startsWith(`${s.label}/`));
const report = (key, rest) => {
  console.log(`${prefix}FAIL ${key}${rest}`);
  const site = siteOf(key);
  failLines.push(`${site ? key.slice(site.label.length + 1) : key}${rest}`);
};
let a11yPassed = 0;
let a11yFailed = 0;
for (const p of pages) {
  const failures = browserResults.get(p.key) || [];
  if (failures.length === 0) a11yPassed++;
  else a11yFailed++;
  for (const f of failures) report(p.key, `: ${f.rule}: ${f.message} — ${f.where}`);
}
let vnuPassed = 0;
let vnuFailed = 0;
for (const [key, msgs] of vnuResults) {
  if (msgs.length === 0) vnuPassed++;
  else vnuFailed++;
  for (const m of msgs) report(key, `:${m.line}: ${m.message}${m.extract ? ` — ${m.extract}` : ''}`);
}

console.log(`a11y: ${a11yPassed} passed, ${a11yFailed} failed`);
console.log(`vnu: ${vnuPassed} passed, ${vnuFailed} failed`);
console.error(`(${pages.length} pages and ${files.length} files of ${sites.length} site${sites.length === 1 ? '' : 's'} checked in ${((Date.now() - started) / 1000).toFixed(1)} s)`);

if (!expectFail) process.exit(a11yFailed || vnuFailed ? 1 : 0);

// Self-test: the checks must have failed, and (with --expectations) failed for the
// expected reasons. Each line of the expectations file is a pattern that must match
// at least one failure line (written as `<path in the site>: ...`, without
// `FAIL <label>/`): the line starts with the pattern, or, for `A ... B ... C`, starts
// with A and holds B and then C. A line starting with `!` must match none.
// Blank lines and lines starting with `#` are ignored.
const problems = [];
if (a11yFailed === 0) problems.push('no page failed the browser checks');
if (vnuFailed === 0) problems.push('no file failed the validator');
let expectations = 0;
// `start ... part ... part`: the failure line starts with `start` and holds the parts
// after it, in order.
const matches = (line, pattern) => {
  const [start, ...parts] = pattern.split(' ... ');
  if (!line.startsWith(start)) return false;
  let at = start.length;
  for (const part of parts) {
    const i = line.indexOf(part, at);
    if (i < 0) return false;
    at = i + part.length;
  }
  return true;
};
if (expectationsFile) {
  for (const raw of readFileSync(expectationsFile, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    expectations++;
    if (line.startsWith('!')) {
      const pattern = line.slice(1).trim();
      const hit = failLines.find((l) => matches(l, pattern));
      if (hit) problems.push(`this failure should not have been reported: ${hit}`);
    } else if (!failLines.some((l) => matches(l, line))) {
      problems.push(`no failure matching "${line}" was reported`);
    }
  }
}
const label = sites.map((s) => s.label).join(', ');
if (problems.length) {
  for (const p of problems) console.log(`FAIL self-test on ${label}: ${p}`);
  console.log(`self-test: FAILED (the checks did not fail on ${label} as they should)`);
  process.exit(1);
}
console.log(`self-test: passed (the checks failed on ${label} as expected${expectationsFile ? `, all ${expectations} expectations met` : ''})`);
process.exit(0);
