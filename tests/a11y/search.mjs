#!/usr/bin/env node
// Search as a reader uses it, in headless Chromium, on a built site:
//   node search.mjs SITE_DIR QUERY EXPECTED_PAGE [EASY_READ_QUERY]
// - with JavaScript: the form appears, its field and button are at least 24 px high
//   with 16 px text (so that phones do not zoom), typing QUERY and pressing Enter
//   announces the results in the live region, one result links to EXPECTED_PAGE (a
//   path such as components/third-sector/index.html), which contains QUERY, and no
//   snippet holds the generator's apparatus ("Supports this recommendation", "Full
//   version of this section"); with EASY_READ_QUERY (given for the report), results
//   also link the matching sections of long pages (`#id`), and an Easy Read page
//   among EASY_READ_QUERY's results is labelled "Easy Read";
// - without JavaScript: the form stays hidden and every part is listed instead.
// Prints `search: N passed, M failed` and exits 1 on any failure.

import { checker, launchChromium, serveSite } from './harness.mjs';

const [site, query, expected, easyQuery] = process.argv.slice(2);
if (!site || !query || !expected) {
  console.error('usage: node search.mjs SITE_DIR QUERY EXPECTED_PAGE');
  process.exit(2);
}

const { server, base } = await serveSite(site);
const browser = await launchChromium();
const { check, done } = checker('search');

try {
  const page = await browser.newPage();
  await page.goto(base + 'search/index.html');
  await page.waitForSelector('#search-form:not([hidden])', { timeout: 10000 });
  check(true, 'the form appears');
  // Keyboard only: Tab until the search field has focus.
  let focused = '';
  for (let i = 0; i < 30 && focused !== 'search-input'; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  }
  check(focused === 'search-input', 'the search field is reached with Tab');
  const sizes = await page.$$eval('#search-input, #search-form button', (els) => els.map((e) => ({ h: e.getBoundingClientRect().height, f: parseFloat(getComputedStyle(e).fontSize) })));
  check(sizes.every((s) => s.h >= 24 && s.f >= 16), `the field and button are at least 24 px high with 16 px text (${JSON.stringify(sizes)})`);
  await page.keyboard.type(query);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('search-status').textContent.trim().length > 0, null, { timeout: 10000 });
  const status = await page.textContent('#search-status');
  check(/\d+ results? for/.test(status), `the live region announces the results (got "${status}")`);
  check((await page.getAttribute('#search-status', 'role')) === 'status', 'the announcement is a status live region');
  const hrefs = await page.$$eval('#search-results a', (as) => as.map((a) => a.getAttribute('href')));
  const hit = hrefs.find((h) => new URL(h, base + 'search/').pathname === '/' + expected);
  check(hit !== undefined, `a result links to ${expected} (results: ${hrefs.join(', ')})`);
  if (easyQuery) {
    // The report: its long pages' results link the matching sections.
    const sections = await page.$$eval('#search-results .search-results__sections a', (as) => as.map((a) => a.getAttribute('href')));
    check(sections.some((h) => h.includes('#')), `results link the matching sections of a page (${sections.slice(0, 3).join(', ')})`);
  }
  const snippets = await page.$$eval('#search-results p', (ps) => ps.map((p) => p.textContent));
  const apparatus = snippets.filter((s) => /Supports th(is|ese) recommendation|Full version of this section|Easy Read version of this section|Back to citation/.test(s));
  check(apparatus.length === 0, `no snippet holds apparatus (${apparatus[0] || ''})`);
  if (easyQuery) {
    await page.fill('#search-input', easyQuery);
    await page.keyboard.press('Enter');
    await page.waitForFunction((q) => document.getElementById('search-status').textContent.includes(q), easyQuery, { timeout: 10000 });
    const labelled = await page.$$eval('#search-results > li > a', (as) => as.filter((a) => /easy-read\//.test(a.getAttribute('href'))).map((a) => a.textContent));
    check(labelled.length > 0 && labelled.every((t) => t.startsWith('Easy Read: ')), `Easy Read results are labelled (${labelled.slice(0, 2).join(' | ')})`);
    await page.fill('#search-input', query);
    await page.keyboard.press('Enter');
    await page.waitForFunction((q) => document.getElementById('search-status').textContent.includes(q), query, { timeout: 10000 });
  }
  if (hit) {
    await page.click(`#search-results a[href="${hit}"]`);
    await page.waitForLoadState();
    const text = (await page.textContent('main')).toLowerCase();
    check(text.includes(query.toLowerCase()), 'the result page contains the query');
  }

  const plain = await browser.newContext({ javaScriptEnabled: false });
  const noJs = await plain.newPage();
  await noJs.goto(base + 'search/index.html');
  check(!(await noJs.isVisible('#search-form')), 'without JavaScript the form stays hidden');
  const listed = await noJs.$$eval('.site-map a', (as) => as.length);
  check(listed > 5, `without JavaScript every part and section is listed (${listed} links)`);
} catch (error) {
  check(false, `error: ${error.message}`);
} finally {
  await browser.close();
  server.close();
}
process.exit(done());
