// Read aloud, the authors' text comes first: on every page of every site given, the
// apparatus (evidence lists, what a quote supports, "Cite this", the links between
// the Easy Read and the full text) is at most 15 % of the text of <main>, measured
// as rendered (innerText: a folded list counts as its summary, "Evidence (3)"), on
// every page of at least 2,000 characters.
//
//   node apparatus.mjs SITE_DIR...
//
// /print/ shows everything open, for paper; /evidence/ and /accessibility/ are
// pubgen's own pages about the apparatus: those are not measured. On an Easy Read
// page the way to the full text ("Full version of this section") is not apparatus:
// moving between the two versions is what its readers need most.

import { checker, launchChromium, serveSite } from './harness.mjs';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const sites = process.argv.slice(2);
if (!sites.length) {
  console.error('usage: node apparatus.mjs SITE_DIR...');
  process.exit(2);
}
const LIMIT = 0.15;
// The limit holds on pages of at least this much text (about a screen): on a page of
// a few sentences, such as a test site's, the labels alone ("Cite this quote") are
// a large share however short they are. Every page's share is printed.
const MEASURED_FROM = 2000;
const UNMEASURED = /^(print|evidence|accessibility|search)\//;

function pagesOf(site) {
  const pages = [];
  const walk = (rel) => {
    for (const e of readdirSync(path.join(site, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (e.name === 'index.html') pages.push(r);
    }
  };
  walk('');
  return pages.sort();
}

const browser = await launchChromium();
const { check, done } = checker('apparatus');
try {
  for (const site of sites) {
    const { server, base } = await serveSite(site);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const shares = [];
    for (const file of pagesOf(site).filter((f) => !UNMEASURED.test(f))) {
      await page.goto(base + file);
      const spoken = await page.evaluate(() => {
        const length = (el) => el.innerText.replace(/\s+/g, ' ').trim().length;
        const main = document.querySelector('main');
        if (!main) return null;
        const easyRead = !!document.querySelector('.kind-easy-read');
        const sel = easyRead ? '.evidence, .supports, .cite-this' : '.evidence, .supports, .cite-this, .pairing';
        const parts = [...main.querySelectorAll(sel)].filter((el) => !el.parentElement.closest(sel));
        return { total: length(main), apparatus: parts.reduce((n, el) => n + length(el), 0) };
      });
      if (!spoken) continue;
      const share = spoken.total ? spoken.apparatus / spoken.total : 0;
      const percent = Math.round(share * 100);
      if (percent > 0) shares.push(`${file} ${percent} %${spoken.total < MEASURED_FROM ? ` (${spoken.total} characters: short)` : ''}`);
      check(share <= LIMIT || spoken.total < MEASURED_FROM, `${site} ${file}: apparatus is ${percent} % of the text read aloud in <main> (${spoken.apparatus} of ${spoken.total} characters); at most 15 %`);
    }
    console.log(`${path.basename(site)}: apparatus read aloud: ${shares.join(', ') || 'none on any page'}`);
    await page.close();
    server.close();
  }
} finally {
  await browser.close();
}
process.exit(done());
