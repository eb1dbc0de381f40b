#!/usr/bin/env node
// Reading the report as people do, in headless Chromium, on a phone (375×812) and a
// desktop (1280×900):
//   node reading.mjs SITE_DIR
// - every Easy Read picture sits beside the sentence it illustrates (left of it, on
//   the same lines), at both widths;
// - the Recommendations page names each recommendation in a heading, numbered in
//   reading order ("Recommendation 12: …"), and says who chose the evidence links;
// - the home page links the downloads with their format and size;
// - on a phone the parts of the report fold behind a Menu button that works without
//   JavaScript, and every page's text starts in the first screen; on a desktop the
//   parts are shown; on an Easy Read page the Menu lists the Easy Read pages;
// - on every page, links with the same name lead to the same place;
// - on a desktop, the header is at one place on every page, its parts on one row;
// - "Print this page" prints with script, and without it says how to print;
// - printed, Easy Read pages are 16 pt sans-serif with picture rows unbroken;
// - on a wide screen, a long page's contents stay beside its text as it scrolls.
// Prints `reading: N passed, M failed` and exits 1 on any failure.

import { checker, launchChromium, serveSite } from './harness.mjs';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const [site] = process.argv.slice(2);
if (!site) {
  console.error('usage: node reading.mjs SITE_DIR');
  process.exit(2);
}

const { server, base } = await serveSite(site);
const browser = await launchChromium();
const { check, done } = checker('reading');

const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };
const EASY_READ = ['easy-read/index.html', 'easy-read/research/index.html', 'easy-read/staff/index.html'];

try {
  for (const [label, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    const page = await browser.newPage({ viewport });
    for (const file of EASY_READ) {
      await page.goto(base + file);
      const rows = await page.$$eval('p.picture-row', (ps) => ps.map((p) => {
        const img = p.querySelector('img').getBoundingClientRect();
        const range = document.createRange();
        const text = [...p.childNodes].find((n) => n.nodeType === 3 && n.textContent.trim());
        if (!text) return null;
        range.selectNodeContents(text);
        const words = range.getBoundingClientRect();
        return { img: [img.left, img.right, img.top, img.bottom], words: [words.left, words.top, words.bottom], text: text.textContent.trim().slice(0, 40) };
      }).filter(Boolean));
      check(rows.length > 0, `${label} ${file}: has picture rows`);
      check(/made this Easy Read document/.test(await page.textContent('.made-by').catch(() => '')), `${label} ${file}: says who made it and how to contact them`);
      const apart = rows.filter((r) => !(r.img[1] <= r.words[0] + 1 && r.words[1] < r.img[3] && r.words[2] > r.img[2]));
      check(apart.length === 0, `${label} ${file}: ${apart.length} of ${rows.length} pictures are not beside their sentence (first: "${apart[0] && apart[0].text}")`);
    }
    await page.close();
  }

  // On a phone the parts of the report fold behind "Menu" (no script needed) and the
  // page's own words start in the first screen; on a desktop the parts are shown.
  const phone = await browser.newPage({ viewport: PHONE, javaScriptEnabled: false });
  for (const file of ['index.html', 'summary/index.html', 'recommendations/index.html', 'easy-read/research/index.html', 'search/index.html']) {
    await phone.goto(base + file);
    const menu = await phone.isVisible('.site-menu__button');
    const partsShown = await phone.isVisible('.site-nav ul a');
    const top = await phone.evaluate(() => {
      const first = document.querySelector('main h1 ~ p, main .prose p, main p');
      return first ? first.getBoundingClientRect().top : Infinity;
    });
    check(menu && !partsShown, `phone ${file}: the parts fold behind a Menu button`);
    // No word of a heading or link is broken across two lines ("Recommendatio/ns").
    const split = await phone.evaluate(() => {
      const broken = [];
      for (const el of document.querySelectorAll('h1, h2, h3, nav a, .card a')) {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const re = /\S+/g;
          for (let m = re.exec(node.textContent); m; m = re.exec(node.textContent)) {
            const range = document.createRange();
            range.setStart(node, m.index);
            range.setEnd(node, m.index + m[0].length);
            const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
            if (tops.size > 1) broken.push(m[0]);
          }
        }
      }
      return broken;
    });
    check(split.length === 0, `phone ${file}: words broken across lines: ${split.slice(0, 3).join(', ')}`);
    check(top < PHONE.height - 40, `phone ${file}: the page's text starts in the first screen (at ${Math.round(top)} px)`);
    if (file === 'easy-read/research/index.html') {
      // "On this page" folds away: the first section starts in the first screen.
      const section = await phone.$eval('.prose h2', (h) => h.getBoundingClientRect().top);
      check(section < PHONE.height, `phone ${file}: the first section starts in the first screen (at ${Math.round(section)} px)`);
    }
    if (file === 'summary/index.html') {
      await phone.click('.site-menu__button');
      check(await phone.isVisible('.site-nav ul a'), 'phone: Menu shows the parts without JavaScript');
    }
    if (file === 'easy-read/research/index.html') {
      // An Easy Read reader's Menu lists the Easy Read pages, with one way out.
      await phone.click('.site-menu__button');
      const items = await phone.$$eval('.site-nav a', (as) => as.map((a) => ({ text: a.textContent.trim(), href: new URL(a.getAttribute('href'), location.href).pathname })));
      const out = items.filter((i) => !i.href.includes('/easy-read/'));
      check(items.length >= 6 && out.length === 1 && /^Full version/.test(out[0].text), `phone ${file}: Menu lists the Easy Read pages and one way out (${items.map((i) => i.text).join(' | ')})`);
    }
  }
  await phone.close();

  // Links that sound the same lead to the same place: on every page, each link name
  // (its text with any visually hidden part, or its aria-label) has one target.
  const pages = [];
  const walk = (dir, rel = '') => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(dir, r);
      else if (e.name === 'index.html') pages.push(r);
    }
  };
  walk(site);
  const namer = await browser.newPage({ viewport: DESKTOP });
  const headerAt = new Map();
  for (const file of pages) {
    await namer.goto(base + file);
    // One header, in one place, on every page: its title at one x, its parts on one row.
    const header = await namer.evaluate(() => {
      const title = document.querySelector('.site-header__title');
      const rows = new Set([...document.querySelectorAll('.site-nav ul a')].map((a) => Math.round(a.getBoundingClientRect().top)));
      return { x: title ? Math.round(title.getBoundingClientRect().left) : null, rows: rows.size };
    });
    headerAt.set(file, header.x);
    // (An Easy Read page's menu lists the Easy Read pages, whose names are longer.)
    if (!file.startsWith('easy-read/')) check(header.rows <= 1, `desktop ${file}: the header's parts fit on one row (${header.rows} rows)`);
    const clashes = await namer.$$eval('a[href]', (as) => {
      const byName = new Map();
      for (const a of as) {
        const name = (a.getAttribute('aria-label') || a.textContent).replace(/\s+/g, ' ').trim();
        const target = new URL(a.getAttribute('href'), location.href).href.replace(/index\.html(?=#|$)/, '');
        if (!byName.has(name)) byName.set(name, new Set());
        byName.get(name).add(target);
      }
      return [...byName].filter(([, t]) => t.size > 1).map(([n, t]) => `"${n}" → ${t.size} places`);
    });
    check(clashes.length === 0, `${file}: links with the same name lead to different places: ${clashes.slice(0, 4).join('; ')}`);
  }
  await namer.close();
  // "Print this page" on every page: a button that prints, with script; without
  // script, the way to print from the browser in its place.
  {
    const page = await browser.newPage({ viewport: DESKTOP });
    await page.goto(base + 'summary/index.html');
    await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed++; }; });
    const shown = await page.isVisible('.site-tools button[data-print]');
    if (shown) await page.click('.site-tools button[data-print]');
    check(shown && (await page.evaluate(() => window.__printed)) === 1, 'summary: "Print this page" in the header prints the page');
    await page.close();
    const quiet = await browser.newContext({ javaScriptEnabled: false, viewport: DESKTOP });
    const plain = await quiet.newPage();
    await plain.goto(base + 'summary/index.html');
    check(!(await plain.isVisible('button[data-print]')) && (await plain.isVisible('.site-tools .print-hint')), 'summary without script: no dead button, the way to print from the browser instead');
    await quiet.close();
  }
  const xs = new Set(headerAt.values());
  check(xs.size === 1, `desktop: the header's title is at the same place on every page (${[...headerAt].map(([f, x]) => `${f} ${x}`).join(', ')})`);

  const page = await browser.newPage({ viewport: DESKTOP });
  await page.goto(base + 'summary/index.html');
  check(!(await page.isVisible('.site-menu__button')) && (await page.isVisible('.site-nav ul a')), 'desktop: the parts are shown, with no Menu button');
  await page.goto(base + 'recommendations/index.html');
  const names = await page.$$eval('.recommendation__name', (hs) => hs.map((h) => ({ tag: h.tagName, text: h.textContent.trim() })));
  check(names.length >= 30, `the Recommendations page names its recommendations in headings (${names.length})`);
  check(names.every((n, i) => /^H[2-6]$/.test(n.tag) && n.text.startsWith(`Recommendation ${i + 1}: `)), `recommendation headings are numbered 1, 2, … in reading order (${names.slice(0, 3).map((n) => n.text).join(' | ')})`);
  const note = await page.textContent('.editors-note').catch(() => '');
  check(/chosen by the editors/.test(note || ''), 'the Recommendations page says the editors chose the evidence links');

  // On a wide screen a long page's contents stay in view beside the text as the reader
  // scrolls, and the page ends with a way back to the top.
  await page.goto(base + 'scoping-review/index.html');
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
  const toc = await page.$eval('.toc', (t) => { const r = t.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left }; });
  const prose = await page.$eval('.prose', (p) => p.getBoundingClientRect().right);
  check(toc.top >= 0 && toc.top < 200 && toc.left > prose, `desktop: "On this page" stays beside the text when scrolled (top ${Math.round(toc.top)}, left ${Math.round(toc.left)}, text ends ${Math.round(prose)})`);
  check(await page.isVisible('.back-to-top a[href="#main"]'), 'a long page ends with "Back to top"');

  // Printed, an Easy Read page is in a sans-serif of at least 16 pt, each picture row
  // kept whole.
  await page.goto(base + 'easy-read/research/index.html');
  await page.emulateMedia({ media: 'print' });
  const printed = await page.$eval('.kind-easy-read .prose p.picture-row', (p) => {
    const cs = getComputedStyle(p);
    return { size: parseFloat(cs.fontSize), family: cs.fontFamily, inside: cs.breakInside };
  });
  check(printed.size >= 21.3 && !/serif\b(?!.*sans)/i.test(printed.family.replace(/sans-serif/gi, '')) && printed.inside === 'avoid', `printed Easy Read text is 16 pt sans-serif, picture rows unbroken (${JSON.stringify(printed)})`);
  await page.emulateMedia({ media: 'screen' });

  await page.goto(base + 'index.html');
  const downloads = await page.$$eval('.downloads a', (as) => as.map((a) => a.textContent.trim()));
  check(downloads.length === 4 && downloads.every((t) => /\((PDF|EPUB), [\d.]+ [KM]B/.test(t)), `the home page links the four downloads with format and size (${downloads.join(' | ')})`);
} catch (error) {
  check(false, `error: ${error.message}`);
} finally {
  await browser.close();
  server.close();
}
process.exit(done());
