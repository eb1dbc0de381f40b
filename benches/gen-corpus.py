#!/usr/bin/env python3
"""Generate a deterministic, realistic publication corpus for benchmarking
static site generators.

Every page gets YAML (or TOML, for Zola) front matter with title, description,
date, weight and tags, then roughly 600-900 words of English prose under
3-6 h2/h3 headings, with bulleted lists, blockquotes ending in an attribution
line ("— PRACTITIONER"), inline links to other pages of the corpus,
*emphasis* and **strong** text, and a fenced rust or yaml code block in about
one page in ten (so syntax highlighting is exercised).

The prose of page i depends only on (--seed, i), never on the flavor, so the
same text is rendered by every tool. Only the wrapper differs:

  plain   a site in pubgen's content format (docs/editing.md):
          content/site.yaml, content/index.md, section folders (chapters/,
          review/, easy-read/) each with an index.md, YAML '---' front matter
          (title, kind, description, date, order), links written as relative
          paths to the target .md file, every attributed quote given a global
          id {#q-PAGE-N}, and content/recommendations.md with one recommendation
          per 20 pages citing those quotes as evidence.
  hugo    a minimal Hugo site: config.toml, content/ (as plain, but links are
          site-absolute URLs such as /review/00042-some-title/), and
          layouts/_default/{baseof,single,list}.html. No theme, no feeds.
  zola    a minimal Zola site: config.toml (highlighting on, feeds and search
          index off), content/ with TOML '+++' front matter, links written as
          Zola internal links (@/review/00042-some-title.md), and
          templates/{base,index,section,page}.html plus tags/{list,single}.html.
  mdbook  book.toml, src/SUMMARY.md listing every page under its section,
          src/<section>/*.md (no front matter; the title becomes '# Title'),
          links written as relative .md paths.

Examples:
  gen-corpus.py --pages 1000 --flavor hugo --out corpus-hugo-1k
  gen-corpus.py --pages 10000 --seed 7 --flavor plain --out corpus
"""

import argparse
import datetime
import os
import random
import re
import sys

SECTIONS = [
    # (folder, title, share of pages)
    ("chapters", "Chapters", 0.5),
    ("review", "Review", 0.3),
    ("easy-read", "Easy Read", 0.2),
]

TAGS = [
    "practice", "attention", "habit", "craft", "feedback", "teaching",
    "writing", "reading", "memory", "focus", "patience", "mistakes",
    "mentoring", "rhythm", "drafts", "editing", "listening", "routine",
    "curiosity", "discipline", "workshop", "notes", "revision", "method",
    "apprenticeship", "judgement", "clarity", "tools", "fatigue", "rest",
    "deliberate-practice", "reflection", "community", "critique", "play",
    "boredom", "progress", "plateaus", "confidence", "doubt",
]

ROLES = [
    "PRACTITIONER", "EDITOR", "TEACHER", "REVIEWER", "APPRENTICE",
    "MUSICIAN", "CARPENTER", "NURSE", "COACH", "TRANSLATOR", "LIBRARIAN",
]

ADJ = [
    "quiet", "steady", "careful", "patient", "small", "deliberate", "honest",
    "slow", "unglamorous", "useful", "ordinary", "difficult", "familiar",
    "awkward", "repeated", "shared", "private", "early", "late", "rough",
    "clear", "vague", "narrow", "broad", "daily", "weekly", "long",
    "uncomfortable", "generous", "precise", "forgiving", "demanding",
]

NOUN = [
    "practice", "habit", "draft", "mistake", "teacher", "student", "notebook",
    "routine", "question", "sketch", "rehearsal", "workshop", "revision",
    "lesson", "attempt", "skill", "craft", "reader", "writer", "editor",
    "exercise", "method", "schedule", "conversation", "margin", "detail",
    "problem", "tool", "sentence", "argument", "example", "pattern",
    "session", "plateau", "deadline", "colleague", "apprentice", "audience",
]

NOUN_PL = [
    "habits", "drafts", "mistakes", "teachers", "students", "notebooks",
    "routines", "questions", "sketches", "rehearsals", "lessons", "attempts",
    "skills", "readers", "writers", "editors", "exercises", "methods",
    "conversations", "details", "problems", "tools", "sentences", "examples",
    "patterns", "sessions", "colleagues", "apprentices", "small wins",
    "bad days", "good days", "second attempts",
]

VERB_3S = [
    "shapes", "changes", "rewards", "reveals", "hides", "tests", "protects",
    "slows", "sharpens", "rewrites", "teaches", "asks for", "depends on",
    "grows out of", "survives", "outlasts", "replaces", "deserves",
    "invites", "complicates", "clarifies", "strengthens", "undoes",
]

VERB_PL = [
    "shape", "change", "reward", "reveal", "hide", "test", "protect", "slow",
    "sharpen", "rewrite", "teach", "ask for", "depend on", "grow out of",
    "survive", "outlast", "replace", "deserve", "invite", "complicate",
    "clarify", "strengthen", "undo",
]

ADV = [
    "slowly", "quietly", "almost always", "more often than not", "rarely",
    "eventually", "in practice", "over time", "without fuss", "by degrees",
    "surprisingly often", "only later", "sooner than expected", "in the end",
]

OPENERS = [
    "In most workshops,", "For a beginner,", "Over a long career,",
    "On a good day,", "On a bad day,", "After the first month,",
    "In our experience,", "As one reviewer put it,", "Seen from outside,",
    "Looking back,", "At the start,", "Sooner or later,", "Oddly enough,",
    "For the rest of us,", "Within a single session,", "Across a year,",
]

CONNECTORS = [
    "but", "and", "because", "so", "although", "while", "even when", "until",
]

HEADING_WORDS = [
    "On", "After", "Before", "Working with", "Notes on", "Against", "In Praise of",
    "Learning from", "Living with", "Making Room for", "The Cost of",
    "The Shape of", "Returning to", "Starting with", "Beyond",
]

TITLE_PATTERNS = [
    "The {adj} {noun}",
    "{Heading} the {adj} {noun}",
    "On {noun_pl} and {noun_pl2}",
    "A {adj} Guide to {noun_pl}",
    "{Noun_pl} That {verb_pl} the {noun}",
    "What the {noun} Knows",
    "Keeping a {adj} {noun}",
    "Between the {noun} and the {noun2}",
]

RUST_SNIPPETS = [
    """use std::collections::HashMap;

/// Count how often each {noun} appears in a session log.
pub fn tally(entries: &[&str]) -> HashMap<String, usize> {{
    let mut counts = HashMap::new();
    for entry in entries {{
        let key = entry.trim().to_lowercase();
        if key.is_empty() {{
            continue;
        }}
        *counts.entry(key).or_insert(0) += 1;
    }}
    counts
}}

#[cfg(test)]
mod tests {{
    use super::*;

    #[test]
    fn counts_{ident}() {{
        let log = ["{noun}", "{noun}", "rest"];
        assert_eq!(tally(&log)["{noun}"], 2);
    }}
}}
""",
    """#[derive(Debug, Clone, PartialEq)]
pub struct Session {{
    pub minutes: u32,
    pub focus: f32,
    pub label: String,
}}

impl Session {{
    pub fn new(label: &str, minutes: u32) -> Self {{
        Self {{ minutes, focus: 1.0, label: label.to_string() }}
    }}

    /// A {adj} session loses focus after {n} minutes.
    pub fn effective_minutes(&self) -> f32 {{
        let tired = self.minutes.saturating_sub({n}) as f32;
        (self.minutes as f32 - 0.5 * tired) * self.focus
    }}
}}

fn main() {{
    let s = Session::new("{ident}", {m});
    println!("{{}}: {{:.1}}", s.label, s.effective_minutes());
}}
""",
    """fn spaced_intervals(start_days: u32, factor: f64, count: usize) -> Vec<u32> {{
    let mut out = Vec::with_capacity(count);
    let mut next = start_days as f64;
    for _ in 0..count {{
        out.push(next.round() as u32);
        next *= factor;
    }}
    out
}}

fn main() {{
    // review the {noun} after 1, {n2}, ... days
    for (i, day) in spaced_intervals(1, 2.{n}, {m_small}).iter().enumerate() {{
        println!("review #{{i}} on day {{day}}");
    }}
}}
""",
]

YAML_SNIPPETS = [
    """# weekly plan for the {adj} {noun}
plan:
  name: {ident}
  weeks: {n}
  sessions_per_week: {m_small}
  focus:
    - {noun_pl}
    - {noun_pl2}
  rest_days: [saturday, sunday]
  review:
    enabled: true
    every: {n2} days
    notes: "keep it {adj}"
""",
    """workshop:
  title: "{Title}"
  facilitator: {role}
  capacity: {m}
  schedule:
    - day: 1
      topic: {noun_pl}
      minutes: {n}0
    - day: 2
      topic: {noun_pl2}
      minutes: {n2}0
  materials:
    - notebook
    - timer
    - "{adj} {noun}"
""",
]


def slugify(text):
    out = []
    prev_dash = False
    for ch in text.lower():
        if ch.isalnum():
            out.append(ch)
            prev_dash = False
        elif not prev_dash:
            out.append("-")
            prev_dash = True
    return "".join(out).strip("-")


def cap(s):
    return s[:1].upper() + s[1:]


def title_case(s):
    small = {"a", "an", "and", "the", "of", "on", "to", "in", "for", "with"}
    words = s.split(" ")
    res = []
    for i, w in enumerate(words):
        if i > 0 and w in small:
            res.append(w)
        else:
            res.append(cap(w))
    return " ".join(res)


class PageMeta:
    __slots__ = ("idx", "section", "slug", "title", "description", "date",
                 "weight", "tags")


def make_meta(seed, n_pages):
    """First pass: titles, sections, slugs, dates, tags for every page."""
    metas = []
    weights = {s[0]: 0 for s in SECTIONS}
    base = datetime.date(2019, 1, 1)
    for i in range(n_pages):
        r = random.Random("%s:meta:%d" % (seed, i))
        x = r.random()
        acc = 0.0
        section = SECTIONS[-1][0]
        for folder, _t, share in SECTIONS:
            acc += share
            if x < acc:
                section = folder
                break
        pat = r.choice(TITLE_PATTERNS)
        n1, n2 = r.sample(NOUN, 2)
        p1, p2 = r.sample(NOUN_PL, 2)
        title = pat.format(
            adj=r.choice(ADJ), noun=n1, noun2=n2, noun_pl=p1, noun_pl2=p2,
            Noun_pl=cap(p1), verb_pl=r.choice(VERB_PL),
            Heading=r.choice(HEADING_WORDS))
        title = re.sub(r"\b([Aa]) (?=[AEIOUaeiou])", r"\1n ", title_case(title))
        m = PageMeta()
        m.idx = i
        m.section = section
        m.slug = "%05d-%s" % (i, slugify(title))
        m.title = title
        m.description = cap("%s %s %s %s." % (
            r.choice(["how", "why", "when"]), r.choice(NOUN_PL),
            r.choice(VERB_PL), "the " + r.choice(ADJ) + " " + r.choice(NOUN)))
        m.date = base + datetime.timedelta(days=r.randrange(0, 5 * 365))
        weights[section] += 1
        m.weight = weights[section]
        m.tags = sorted(r.sample(TAGS, r.randint(2, 4)))
        metas.append(m)
    return metas


class Prose:
    """Body generator for one page. `link` is a callable(meta) -> url."""

    def __init__(self, rng, metas, me, link):
        self.r = rng
        self.metas = metas
        self.me = me
        self.link = link
        self.words = 0
        self.links_left = rng.randint(3, 6)

    def np(self):
        r = self.r
        if r.random() < 0.5:
            return "the %s %s" % (r.choice(ADJ), r.choice(NOUN))
        return "%s %s" % (r.choice(ADJ), r.choice(NOUN_PL))

    def decorate(self, phrase):
        r = self.r
        x = r.random()
        if x < 0.05 and self.links_left > 0 and len(self.metas) > 1:
            self.links_left -= 1
            j = r.randrange(len(self.metas) - 1)
            if j >= self.me.idx:
                j += 1
            return "[%s](%s)" % (phrase, self.link(self.metas[j]))
        if x < 0.09:
            return "*%s*" % phrase
        if x < 0.12:
            return "**%s**" % phrase
        return phrase

    def clause(self):
        r = self.r
        if r.random() < 0.5:
            subj = "the %s %s" % (r.choice(ADJ), r.choice(NOUN))
            verb = r.choice(VERB_3S)
        else:
            subj = "%s %s" % (r.choice(ADJ), r.choice(NOUN_PL))
            verb = r.choice(VERB_PL)
        obj = self.decorate(self.np())
        s = "%s %s %s" % (subj, verb, obj)
        if r.random() < 0.35:
            s += " " + r.choice(ADV)
        return s

    def sentence(self):
        r = self.r
        s = self.clause()
        if r.random() < 0.45:
            s += ", %s %s" % (r.choice(CONNECTORS), self.clause())
        if r.random() < 0.3:
            s = "%s %s" % (r.choice(OPENERS), s)
        else:
            s = cap(s)
        s += "?" if r.random() < 0.05 else "."
        self.words += len(s.split())
        return s

    def paragraph(self, lo=3, hi=6):
        return " ".join(self.sentence() for _ in range(self.r.randint(lo, hi)))

    def bullet_list(self):
        r = self.r
        items = []
        for _ in range(r.randint(3, 6)):
            if r.random() < 0.5:
                it = "%s %s" % (cap(r.choice(ADJ)), r.choice(NOUN_PL))
                it = self.decorate(it) + " " + r.choice(
                    ["matter more than talent.", "need a fixed time.",
                     "are easier to keep than to start.",
                     "belong in the notebook.", "should be written down.",
                     "deserve a second look."])
            else:
                it = self.sentence()
            self.words += len(it.split())
            items.append("- " + it)
        return "\n".join(items)

    def blockquote(self):
        r = self.r
        text = " ".join(self.sentence() for _ in range(r.randint(1, 3)))
        return "> %s\n>\n> — %s" % (text, r.choice(ROLES))

    def heading(self):
        r = self.r
        h = "%s %s" % (r.choice(HEADING_WORDS), title_case(self.np()))
        self.words += len(h.split())
        return h


def snippet(r, meta):
    lang = "rust" if r.random() < 0.6 else "yaml"
    pool = RUST_SNIPPETS if lang == "rust" else YAML_SNIPPETS
    tpl = r.choice(pool)
    p1, p2 = r.sample(NOUN_PL, 2)
    code = tpl.format(
        noun=r.choice(NOUN), adj=r.choice(ADJ), ident=slugify(meta.title)[:24].replace("-", "_").strip("_") or "x",
        n=r.randint(2, 9), n2=r.randint(2, 9), m=r.randint(10, 90),
        m_small=r.randint(3, 7), noun_pl=p1.replace(" ", "_"),
        noun_pl2=p2.replace(" ", "_"), Title=meta.title, role=r.choice(ROLES).lower())
    return "```%s\n%s```" % (lang, code)


def body(seed, metas, meta, link):
    """Markdown body of one page. Depends only on (seed, meta.idx) and on
    the link style, so the prose is identical across flavors."""
    r = random.Random("%s:body:%d" % (seed, meta.idx))
    target = r.randint(600, 900)
    p = Prose(r, metas, meta, link)
    n_head = r.randint(3, 6)
    has_code = r.random() < 0.1
    code_at = r.randrange(n_head) if has_code else -1
    blocks = [p.paragraph(2, 4)]
    per_section = max(60, (target - p.words) // n_head)
    for h in range(n_head):
        level = "###" if (h > 0 and r.random() < 0.3) else "##"
        blocks.append("%s %s" % (level, p.heading()))
        start = p.words
        blocks.append(p.paragraph())
        x = r.random()
        if x < 0.35:
            blocks.append(p.bullet_list())
        elif x < 0.6:
            blocks.append(p.blockquote())
        if h == code_at:
            blocks.append(snippet(r, meta))
        while p.words - start < per_section and p.words < target:
            blocks.append(p.paragraph(2, 5))
    # guarantee the minimum length
    while p.words < 600:
        blocks.append(p.paragraph(2, 4))
    return "\n\n".join(blocks) + "\n"


def yaml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def yaml_fm(meta):
    return (
        "---\n"
        "title: %s\n"
        "description: %s\n"
        "date: %s\n"
        "weight: %d\n"
        "tags: [%s]\n"
        "---\n\n" % (yaml_str(meta.title), yaml_str(meta.description),
                     meta.date.isoformat(), meta.weight, ", ".join(meta.tags)))


def plain_fm(meta):
    """Front matter of pubgen's content format (docs/editing.md)."""
    return (
        "---\n"
        "title: %s\n"
        "kind: %s\n"
        "description: %s\n"
        "date: %s\n"
        "order: %d\n"
        "---\n\n" % (yaml_str(meta.title), "easy-read" if meta.section == "easy-read" else "chapter",
                     yaml_str(meta.description), meta.date.isoformat(), meta.weight))


QUOTE_ATTRIBUTION = re.compile(r"^> \u2014 (.+)$", re.M)


def tag_quotes(text, meta, ids):
    """Give every attributed quote of a plain page a global id; collect the ids."""
    def repl(m):
        qid = "q-%d-%d" % (meta.idx, len(ids[meta.idx]) + 1)
        ids[meta.idx].append(qid)
        return "> \u2014 %s {#%s}" % (m.group(1), qid)
    return QUOTE_ATTRIBUTION.sub(repl, text)


def recommendations_page(seed, metas, ids):
    """One recommendation per 20 pages, each citing 1-3 quotes that exist."""
    r = random.Random("%s:recs" % seed)
    quoted = [m for m in metas if ids.get(m.idx)]
    lines = ["---", "title: Recommendations", "kind: recommendations",
             "description: What the generated publication recommends.", "order: 0", "---", ""]
    for k in range(max(1, len(metas) // 20)):
        if k % 10 == 0:
            lines += ["", "## Theme %d {#theme-%d}" % (k // 10 + 1, k // 10 + 1), ""]
        picks = r.sample(quoted, min(len(quoted), r.randint(1, 3)))
        ev = " ".join(r.choice(ids[m.idx]) for m in picks)
        lines.append("- Services should act on finding %d with care and consistency. {#r-%d evidence=\"%s\"}"
                     % (k + 1, k + 1, ev))
    return "\n".join(lines) + "\n"


def toml_fm(meta):
    return (
        "+++\n"
        "title = %s\n"
        "description = %s\n"
        "date = %s\n"
        "weight = %d\n\n"
        "[taxonomies]\n"
        "tags = [%s]\n"
        "+++\n\n" % (yaml_str(meta.title), yaml_str(meta.description),
                     meta.date.isoformat(), meta.weight,
                     ", ".join('"%s"' % t for t in meta.tags)))


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


SITE_TITLE = "The Practice Review"
SECTION_BLURB = (
    "Pages in this section are sorted by weight. Each one is a short essay "
    "about practice, attention and the slow work of getting better at "
    "something.")

HUGO_CONFIG = """baseURL = "https://example.org/"
languageCode = "en"
title = "%s"
# No RSS and no theme: a minimal site with pages, section lists, tags and a sitemap.
disableKinds = ["RSS"]
enableRobotsTXT = false

[taxonomies]
tag = "tags"

[markup.highlight]
codeFences = true
noClasses = true
style = "github"
""" % SITE_TITLE

HUGO_BASEOF = """<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ .Site.Title }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ .Site.Title }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
<style>
  body { max-width: 42rem; margin: 2rem auto; padding: 0 1rem; font-family: Georgia, serif; line-height: 1.6; }
  blockquote { border-left: 3px solid #ccc; margin-left: 0; padding-left: 1rem; color: #444; }
  nav a { margin-right: 1rem; }
</style>
</head>
<body>
<header>
  <a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
  <nav>
    <a href="{{ "/chapters/" | relURL }}">Chapters</a>
    <a href="{{ "/review/" | relURL }}">Review</a>
    <a href="{{ "/easy-read/" | relURL }}">Easy Read</a>
    <a href="{{ "/tags/" | relURL }}">Tags</a>
  </nav>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer><p>&copy; {{ now.Year }} {{ .Site.Title }}</p></footer>
</body>
</html>
"""

HUGO_SINGLE = """{{ define "main" }}
<article>
  <h1>{{ .Title }}</h1>
  <p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "January 2, 2006" }}</time> &middot; {{ .ReadingTime }} min read</p>
  {{ .Content }}
  <ul class="tags">
  {{ range .Params.tags }}<li><a href="{{ "/tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a></li>
  {{ end }}</ul>
  <nav class="pager">
    {{ with .NextInSection }}<a rel="prev" href="{{ .RelPermalink }}">&larr; {{ .Title }}</a>{{ end }}
    {{ with .PrevInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }} &rarr;</a>{{ end }}
  </nav>
</article>
{{ end }}
"""

HUGO_LIST = """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul class="pages">
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ if not .Date.IsZero }} <time>{{ .Date.Format "2006-01-02" }}</time>{{ end }}</li>
{{ end }}</ul>
{{ end }}
"""

ZOLA_CONFIG = """base_url = "https://example.org"
title = "%s"
compile_sass = false
build_search_index = false
generate_feeds = false
minify_html = false
taxonomies = [{ name = "tags" }]

[markdown.highlighting]
theme = "github-light"
""" % SITE_TITLE

ZOLA_BASE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock %}</title>
<meta name="description" content="{% block description %}{{ config.title }}{% endblock %}">
<link rel="canonical" href="{{ current_url | default(value=config.base_url) | safe }}">
<style>
  body { max-width: 42rem; margin: 2rem auto; padding: 0 1rem; font-family: Georgia, serif; line-height: 1.6; }
  blockquote { border-left: 3px solid #ccc; margin-left: 0; padding-left: 1rem; color: #444; }
  nav a { margin-right: 1rem; }
</style>
</head>
<body>
<header>
  <a href="{{ config.base_url | safe }}/">{{ config.title }}</a>
  <nav>
    <a href="{{ config.base_url | safe }}/chapters/">Chapters</a>
    <a href="{{ config.base_url | safe }}/review/">Review</a>
    <a href="{{ config.base_url | safe }}/easy-read/">Easy Read</a>
    <a href="{{ config.base_url | safe }}/tags/">Tags</a>
  </nav>
</header>
<main>
{% block main %}{% endblock %}
</main>
<footer><p>&copy; {{ now() | date(format="%Y") }} {{ config.title }}</p></footer>
</body>
</html>
"""

ZOLA_PAGE = """{% extends "base.html" %}
{% block title %}{{ page.title }} | {{ config.title }}{% endblock %}
{% block description %}{{ page.description | default(value=config.title) }}{% endblock %}
{% block main %}
<article>
  <h1>{{ page.title }}</h1>
  <p class="meta"><time datetime="{{ page.date }}">{{ page.date | date(format="%B %-d, %Y") }}</time> &middot; {{ page.reading_time }} min read</p>
  {{ page.content | safe }}
  <ul class="tags">
  {% if page.taxonomies.tags %}{% for t in page.taxonomies.tags %}<li><a href="{{ config.base_url | safe }}/tags/{{ t | slugify }}/">{{ t }}</a></li>
  {% endfor %}{% endif %}</ul>
  <nav class="pager">
    {% if page.lower %}<a rel="prev" href="{{ page.lower.permalink | safe }}">&larr; {{ page.lower.title }}</a>{% endif %}
    {% if page.higher %}<a rel="next" href="{{ page.higher.permalink | safe }}">{{ page.higher.title }} &rarr;</a>{% endif %}
  </nav>
</article>
{% endblock %}
"""

ZOLA_SECTION = """{% extends "base.html" %}
{% block title %}{{ section.title }} | {{ config.title }}{% endblock %}
{% block main %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul class="pages">
{% for p in section.pages %}<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a> <time>{{ p.date }}</time></li>
{% endfor %}</ul>
{% endblock %}
"""

ZOLA_INDEX = """{% extends "base.html" %}
{% block main %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul class="sections">
{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.permalink | safe }}">{{ sub.title }}</a></li>
{% endfor %}</ul>
{% endblock %}
"""

ZOLA_TAGS_LIST = """{% extends "base.html" %}
{% block title %}Tags | {{ config.title }}{% endblock %}
{% block main %}
<h1>Tags</h1>
<ul class="terms">
{% for term in terms %}<li><a href="{{ term.permalink | safe }}">{{ term.name }}</a> ({{ term.page_count }})</li>
{% endfor %}</ul>
{% endblock %}
"""

ZOLA_TAGS_SINGLE = """{% extends "base.html" %}
{% block title %}{{ term.name }} | {{ config.title }}{% endblock %}
{% block main %}
<h1>{{ term.name }}</h1>
<ul class="pages">
{% for p in term.pages %}<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a> <time>{{ p.date }}</time></li>
{% endfor %}</ul>
{% endblock %}
"""

BOOK_TOML = """[book]
title = "%s"
authors = ["Bench Corpus"]
language = "en"
src = "src"

[build]
build-dir = "book"
""" % SITE_TITLE


def section_title(folder):
    for f, t, _s in SECTIONS:
        if f == folder:
            return t
    return folder


def generate(args):
    out = args.out
    if os.path.exists(out) and os.listdir(out):
        sys.exit("gen-corpus: %s exists and is not empty; choose a new --out" % out)
    metas = make_meta(args.seed, args.pages)
    flavor = args.flavor

    if flavor == "plain":
        root = os.path.join(out, "content")
        link = lambda m: "../%s/%s.md" % (m.section, m.slug)
        fm = plain_fm
    elif flavor == "hugo":
        root = os.path.join(out, "content")
        link = lambda m: "/%s/%s/" % (m.section, m.slug)
        fm = yaml_fm
    elif flavor == "zola":
        root = os.path.join(out, "content")
        link = lambda m: "@/%s/%s.md" % (m.section, m.slug)
        fm = toml_fm
    else:  # mdbook
        root = os.path.join(out, "src")
        link = lambda m: "../%s/%s.md" % (m.section, m.slug)
        fm = None

    total_words = 0
    n_code = 0
    quote_ids = {m.idx: [] for m in metas}
    for m in metas:
        text = body(args.seed, metas, m, link)
        if flavor == "plain":
            text = tag_quotes(text, m, quote_ids)
        total_words += len(text.split())
        n_code += text.count("\n```rust\n") + text.count("\n```yaml\n")
        if fm is None:
            page = "# %s\n\n%s" % (m.title, text)
        else:
            page = fm(m) + text
        write(os.path.join(root, m.section, m.slug + ".md"), page)

    # section index pages
    for folder, title, _share in SECTIONS:
        if flavor in ("plain", "hugo"):
            idx = ("---\ntitle: %s\ndescription: %s\n---\n\n%s\n"
                   % (yaml_str(title), yaml_str("All %s pages." % title.lower()),
                      SECTION_BLURB))
            write(os.path.join(root, folder, "index.md" if flavor == "plain" else "_index.md"), idx)
        elif flavor == "zola":
            idx = ("+++\ntitle = %s\ndescription = %s\nsort_by = \"weight\"\n+++\n\n%s\n"
                   % (yaml_str(title), yaml_str("All %s pages." % title.lower()),
                      SECTION_BLURB))
            write(os.path.join(root, folder, "_index.md"), idx)
        else:
            write(os.path.join(root, folder, "index.md"),
                  "# %s\n\n%s\n" % (title, SECTION_BLURB))

    home_text = ("Welcome to %s, a generated publication used to benchmark "
                 "static site generators.\n" % SITE_TITLE)
    if flavor == "plain":
        write(os.path.join(root, "index.md"),
              "---\ntitle: %s\nkind: home\n---\n\n%s" % (yaml_str(SITE_TITLE), home_text))
        write(os.path.join(root, "site.yaml"),
              "title: %s\nbase_url: https://example.org/bench\nlanguage: en-GB\n" % yaml_str(SITE_TITLE))
        write(os.path.join(root, "recommendations.md"), recommendations_page(args.seed, metas, quote_ids))
    elif flavor == "hugo":
        write(os.path.join(root, "_index.md"),
              "---\ntitle: %s\n---\n\n%s" % (yaml_str(SITE_TITLE), home_text))
    elif flavor == "zola":
        write(os.path.join(root, "_index.md"),
              "+++\ntitle = %s\nsort_by = \"weight\"\n+++\n\n%s"
              % (yaml_str(SITE_TITLE), home_text))
    else:
        write(os.path.join(root, "README.md"), "# %s\n\n%s" % (SITE_TITLE, home_text))

    if flavor == "hugo":
        write(os.path.join(out, "config.toml"), HUGO_CONFIG)
        lay = os.path.join(out, "layouts", "_default")
        write(os.path.join(lay, "baseof.html"), HUGO_BASEOF)
        write(os.path.join(lay, "single.html"), HUGO_SINGLE)
        write(os.path.join(lay, "list.html"), HUGO_LIST)
    elif flavor == "zola":
        write(os.path.join(out, "config.toml"), ZOLA_CONFIG)
        t = os.path.join(out, "templates")
        write(os.path.join(t, "base.html"), ZOLA_BASE)
        write(os.path.join(t, "index.html"), ZOLA_INDEX)
        write(os.path.join(t, "section.html"), ZOLA_SECTION)
        write(os.path.join(t, "page.html"), ZOLA_PAGE)
        write(os.path.join(t, "tags", "list.html"), ZOLA_TAGS_LIST)
        write(os.path.join(t, "tags", "single.html"), ZOLA_TAGS_SINGLE)
    elif flavor == "mdbook":
        write(os.path.join(out, "book.toml"), BOOK_TOML)
        lines = ["# Summary", "", "[Introduction](README.md)", ""]
        for folder, title, _share in SECTIONS:
            lines.append("- [%s](%s/index.md)" % (title, folder))
            for m in metas:
                if m.section == folder:
                    lines.append("  - [%s](%s/%s.md)" % (m.title, folder, m.slug))
        write(os.path.join(root, "SUMMARY.md"), "\n".join(lines) + "\n")

    sys.stderr.write("gen-corpus: %d pages (%s flavor, seed %s), %d words of body "
                     "text (%.0f per page), %d code blocks -> %s\n"
                     % (len(metas), flavor, args.seed, total_words,
                        total_words / max(1, len(metas)), n_code, out))


def main(argv=None):
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=__doc__[__doc__.index("The prose"):],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=1000, metavar="N",
                    help="number of content pages to generate (default 1000)")
    ap.add_argument("--out", required=True, metavar="DIR",
                    help="output directory (must not exist or be empty)")
    ap.add_argument("--seed", default="1", metavar="S",
                    help="random seed; same seed and N give byte-identical output (default 1)")
    ap.add_argument("--flavor", choices=["plain", "hugo", "zola", "mdbook"],
                    default="plain", help="site layout to emit (default plain)")
    args = ap.parse_args(argv)
    if args.pages < 1:
        ap.error("--pages must be at least 1")
    generate(args)


if __name__ == "__main__":
    main()
