// Search enhancement for /search/: loads the Pagefind index and shows results as the
// reader types. Without JavaScript (or over file://, where the index cannot load) the
// page keeps its list of every part and section, and the form stays hidden.
const form = document.getElementById("search-form");
if (form) {
  const root = form.dataset.root || "./";
  const input = document.getElementById("search-input");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  // The theme's words (strings/en.yaml), on the form: `{query}`, `{count}` filled in.
  const words = (name, values) =>
    (form.dataset[name] || "").replace(/\{(\w+)\}/g, (all, key) => (key in values ? values[key] : all));
  let pagefind = null;
  // A large site's index comes in several bundles: the first is loaded, the others
  // merged into it.
  const [primary, ...others] = (form.dataset.bundles || "pagefind").split(" ").filter(Boolean);
  const bundle = (dir) => new URL(root + dir + "/", location.href).href;
  try {
    pagefind = await import(bundle(primary) + "pagefind.js");
    await pagefind.options({ baseUrl: "/" });
    for (const dir of others) {
      await pagefind.mergeIndex(bundle(dir), { baseUrl: "/" });
    }
    form.hidden = false;
  } catch (error) {
    pagefind = null;
  }

  // Results link relative to this page, so the site works under any base path.
  const relative = (url) => root + url.replace(/^\//, "");

  let latest = 0;
  async function run() {
    const query = input.value.trim();
    const ticket = ++latest;
    if (!query) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    const search = await pagefind.search(query);
    const results = await Promise.all(search.results.slice(0, 20).map((r) => r.data()));
    if (ticket !== latest) return; // a newer search has started
    // The new results replace the old ones at once, with the announcement.
    const items = [];
    for (const result of results) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = relative(result.url);
      link.textContent = result.meta.title || result.url;
      if (result.meta.edition) {
        // "Easy Read: …", so that readers know which version a result is in.
        const label = document.createElement("span");
        label.className = "search-results__edition";
        label.textContent = `${result.meta.edition}: `;
        link.prepend(label);
      }
      const excerpt = document.createElement("p");
      // Pagefind's excerpt is the page's own text with <mark> around the matches.
      excerpt.innerHTML = result.excerpt;
      item.append(link, excerpt);
      // The sections that match, each linked to its heading: a long page's result
      // should not open at its top.
      const sections = (result.sub_results || []).filter((s) => s.url.includes("#")).slice(0, 3);
      if (sections.length) {
        const within = document.createElement("ul");
        within.className = "search-results__sections";
        for (const section of sections) {
          const li = document.createElement("li");
          const a = document.createElement("a");
          a.href = relative(section.url);
          a.textContent = section.title;
          const hidden = document.createElement("span");
          hidden.className = "visually-hidden";
          hidden.textContent = words("in", { title: result.meta.title || result.url });
          a.append(hidden);
          li.append(a);
          within.append(li);
        }
        item.append(within);
      }
      items.push(item);
    }
    list.replaceChildren(...items);
    const total = search.results.length;
    const shown = results.length < total ? words("showing", { count: results.length }) : "";
    const key = total === 0 ? "none" : total === 1 ? "one" : "many";
    status.textContent = words(key, { count: total, query, shown });
  }

  let timer = 0;
  if (pagefind) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearTimeout(timer); // the search typed so far runs now, once
      run();
    });
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(run, 300);
    });
    const query = new URLSearchParams(location.search).get("q");
    if (query) {
      input.value = query;
      run();
    }
  }
}
