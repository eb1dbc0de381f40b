#!/usr/bin/env python3
"""Whether each stage's time and memory grow in step with the input.

    python3 benches/scaling.py [--markdown] [--only NAME] [--timeout 300]

For each kind of content that costs more than its size suggests (headings, table
rows, quotes, footnotes, citations, links on one line, glossary terms, YAML
aliases), it builds a one-page site at two sizes, n and 2n, once without downloads
(`--no-downloads --no-search`: parse, link and render) and once with them (the PDF
layout), and prints the time and peak memory of each run and the ratio between the
two sizes. Linear work shows a ratio of about 2 (at most about 2.3 is the goal);
quadratic work shows 4. A build that refuses the input (an error or a note that the
download was not made) shows what it said instead. Benchmarks never run in the test
command.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PUBGEN = os.path.join(ROOT, "target", "release", "pubgen")


def page(body, front="title: Scaling"):
    return f"---\n{front}\n---\n\n{body}\n"


def headings(n):
    return page("".join(f"## Heading {i}\n\nText {i}.\n\n" for i in range(n)))


def table_rows(n):
    rows = "".join(f"| {i} | Cell {i} | More {i} |\n" for i in range(n))
    return page("| A | B | C |\n|---|---|---|\n" + rows)


def quotes(n):
    return page("".join(f"> Quote number {i} from someone.\n>\n> — Practitioner {{#q-{i}}}\n\n" for i in range(n)))


def footnotes(n):
    text = "".join(f"Sentence {i}.[^{i}]\n\n" for i in range(n))
    notes = "".join(f"[^{i}]: Note {i}.\n" for i in range(n))
    return page(text + notes)


def citations(n):
    text = "".join(f"Claim {i} (Author{i}, 2001).\n\n" for i in range(n))
    refs = "".join(f"- Author{i}, A. (2001). Title {i}.\n" for i in range(n))
    return page(text + "## References {#references}\n\n" + refs)


def links_on_one_line(n):
    return page(" ".join("[a](#x)" for _ in range(n)) + "\n\n## X {#x}")


def glossary_terms(n):
    """`content/glossary.md` with n terms, and an Easy Read page for the lint."""
    return page("".join(f"Term{i}\n: Meaning {i}.\n\n" for i in range(n)), front="title: Glossary")


CASES = {
    "headings": (headings, 5_000),
    "table rows": (table_rows, 5_000),
    "quotes": (quotes, 5_000),
    "footnotes": (footnotes, 2_000),
    "citations": (citations, 5_000),
    "links on one line": (links_on_one_line, 4_000),
    "glossary terms": (glossary_terms, 5_000),
}


def write_site(root, rel, text):
    os.makedirs(os.path.join(root, "content"), exist_ok=True)
    with open(os.path.join(root, "content", "site.yaml"), "w") as f:
        f.write("title: Scaling\n")
    with open(os.path.join(root, "content", "index.md"), "w") as f:
        f.write(page("Home."))
    with open(os.path.join(root, "content", rel), "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(root, "content", "easy-read.md"), "w") as f:
        f.write(page("Some words here. Term1 is a word. We help you.", front="title: Easy Read\nkind: easy-read"))


def run(site, args, timeout):
    """(seconds, peak RSS in MiB, what it said: "" when it built with nothing to say)."""
    started = time.monotonic()
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(
        [PUBGEN, *args, "--quiet", "--root", site],
        stdout=subprocess.DEVNULL,
        stderr=log,
        env={**os.environ, "NO_COLOR": "1"},
    )
    deadline = started + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            proc.kill()
            os.wait4(proc.pid, 0)
            return timeout, 0.0, "killed after the timeout"
        time.sleep(0.01)
    seconds = time.monotonic() - started
    log.seek(0)
    said = [l for l in log.read().decode("utf-8", "replace").splitlines() if l.startswith(("error", "note: the", "note: a paragraph", "warning: the"))]
    return seconds, usage.ru_maxrss / 1024, said[0][:80] if said else ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--only")
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every n")
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="pubgen-scaling-")
    rows = []
    modes = [
        ("without downloads", ["build", "--no-downloads", "--no-search"]),
        ("with downloads", ["build", "--no-search"]),
        ("check (Easy Read lint)", ["check"]),
    ]
    try:
        for name, (make, n) in CASES.items():
            if args.only and args.only != name:
                continue
            n = int(n * args.scale)
            rel = "glossary.md" if name == "glossary terms" else "p.md"
            for mode, command in modes:
                results = []
                for size in (n, 2 * n):
                    site = os.path.join(work, f"{len(rows)}-{size}")
                    write_site(site, rel, make(size))
                    out = ["--out", site + "-out"] if command[0] == "build" else []
                    results.append(run(site, [*command, *out], args.timeout))
                    shutil.rmtree(site, ignore_errors=True)
                    shutil.rmtree(site + "-out", ignore_errors=True)
                (t1, m1, s1), (t2, m2, s2) = results
                row = (name, mode, n, t1, t2, t2 / max(t1, 1e-3), m1, m2, m2 / max(m1, 1e-3), s2 or s1)
                rows.append(row)
                print(f"{name:<18} {mode:<18} n={n:<7} {t1:7.2f}s {t2:7.2f}s ×{row[5]:.1f}  {m1:7.0f} {m2:7.0f} MiB ×{row[8]:.1f}  {row[9]}", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.markdown:
        print("| input | stage | n | time n | time 2n | × | memory n | memory 2n | × | said |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for r in rows:
            print(f"| {r[0]} | {r[1]} | {r[2]:,} | {r[3]:.2f} s | {r[4]:.2f} s | {r[5]:.1f} | {r[6]:.0f} MiB | {r[7]:.0f} MiB | {r[8]:.1f} | {r[9]} |")


if __name__ == "__main__":
    main()
