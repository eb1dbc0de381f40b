#!/usr/bin/env python3
"""Benchmark pubgen against Hugo, Zola and the floor on the same synthetic publication.

    python3 benches/bench.py [--pages 1000,10000] [--runs 3] [--work DIR] [--mdbook]

What it does:
  1. builds pubgen (cargo build --release) and the floor (benches/floor, cargo
     build --release), and installs what is missing: Hugo (Debian's `hugo`, with
     apt-get) and the Pagefind CLI (npm's `pagefind`, in the work folder); Zola is
     measured when a `zola` binary is on PATH (no registry has it), and a note says
     it was skipped otherwise; mdBook only with `--mdbook`;
  2. generates each size of the corpus with benches/gen-corpus.py in the
     flavours carrying the same text: `plain` (the content contract, for pubgen and
     the floor), `hugo`, `zola` and `mdbook`;
  3. builds each site with each tool, alternating tools run by run (one warm-up run
     first, not counted), into a fresh output folder (outputs are set aside, not
     deleted, until the end: see `set_aside`), and measures wall time and
     peak RSS (from wait4's rusage). The whole job a reader gets is measured: pubgen
     with its search index; Hugo `--minify`, then the Pagefind CLI over its output
     (what a Hugo user runs for search); Zola with `build_search_index`; each also
     without search. The floor is pulldown-cmark writing NAME/index.html on 2
     threads: what no generator can avoid;
  4. prints, for each size and tool: median wall time over the runs, min-max, peak
     RSS, output files and bytes, and the ratios the targets name, from the same
     runs;
  5. measures the real report's full build (content/ of this project), and the
     one-page edit rebuild inside a running `pubgen serve` on the largest corpus
     (the time serve reports for re-rendering after a page's text changes);
  6. measures what the PDF and EPUB downloads add: the report built with and
     without `--no-downloads` (alternating), the files' sizes and pages, and the
     1,000-page corpus (which is over the 300-page limit: the note pubgen prints,
     and what the check for it costs). `--downloads-only` runs this part alone.

Benchmarks never run in the test command.
"""

import argparse
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "benches", "gen-corpus.py")
PUBGEN = os.path.join(ROOT, "target", "release", "pubgen")
FLOOR_DIR = os.path.join(ROOT, "benches", "floor")
FLOOR = os.path.join(FLOOR_DIR, "target", "release", "pubgen-floor")


def log(*args):
    print(*args, file=sys.stderr, flush=True)


# Where measured outputs go once measured (set by main): deleted only at the end.
TRASH = None


def set_aside(path):
    """Moves an output out of the way instead of deleting it. On ext4 without a
    journal (this project's machines) a new file is never given an inode freed in
    the last minute or more (the kernel's `recently_deleted`), and looking past
    them costs each file made a scan of every one: with each 10,000-page output
    deleted before the next run, the floor took 1.2 s, then 3.4 s, then 6.7 s in
    three rounds, and 0.6 s when nothing had been deleted for a while. Outputs kept to the end make
    every tool's run cost what building costs."""
    if not os.path.lexists(path):
        return
    if TRASH is not None:
        os.makedirs(TRASH, exist_ok=True)
        try:
            os.rename(path, tempfile.mkdtemp(dir=TRASH) + "/out")
            return
        except OSError:
            pass  # another filesystem: delete it after all
    shutil.rmtree(path, ignore_errors=True)


def empty_trash():
    if TRASH is not None and os.path.isdir(TRASH):
        log("== deleting the outputs set aside")
        shutil.rmtree(TRASH, ignore_errors=True)


def run_quiet(cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)


def ensure_tools(work, mdbook):
    log("== building pubgen and the floor (release)")
    subprocess.run(["cargo", "build", "--release", "--locked"], cwd=ROOT, check=True)
    subprocess.run(["cargo", "build", "--release"], cwd=FLOOR_DIR, check=True)
    if shutil.which("hugo") is None:
        log("== installing hugo (apt-get)")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run_quiet(["apt-get", "update"], env=env)
        run_quiet(["apt-get", "install", "-y", "hugo"], env=env)
    pagefind = os.path.join(work, "node_modules", ".bin", "pagefind")
    if not os.path.exists(pagefind):
        log("== installing the Pagefind CLI (npm)")
        run_quiet(["npm", "install", "--prefix", work, "--no-save", "pagefind@1.6.0"])
    TOOL_PATHS["pagefind"] = pagefind
    if mdbook and shutil.which("mdbook") is None:
        log("== installing mdbook (cargo install mdbook --locked)")
        subprocess.run(["cargo", "install", "mdbook", "--locked"], check=True)
    version = lambda cmd: subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
    versions = {
        "pubgen": version([PUBGEN, "--version"]),
        "hugo": version(["hugo", "version"]),
        "pagefind": "pagefind " + version([pagefind, "--version"]).split()[-1],
    }
    if shutil.which("zola"):
        versions["zola"] = version(["zola", "--version"])
    if mdbook:
        versions["mdbook"] = version(["mdbook", "--version"])
    return versions


TOOL_PATHS = {}


def generate(work, pages):
    sites = {}
    for flavor in ["plain", "hugo", "zola", "mdbook"]:
        if flavor == "zola" and "zola" not in TOOLS:
            continue
        if flavor == "mdbook" and "mdbook" not in TOOLS:
            continue
        out = os.path.join(work, f"corpus-{flavor}-{pages}")
        if not os.path.isdir(out):
            log(f"== generating {pages} pages, {flavor} flavour")
            run_quiet([sys.executable, GEN, "--pages", str(pages), "--flavor", flavor, "--out", out])
        sites[flavor] = out
    if "zola" in sites:
        # The same Zola site with its search index on.
        searching = sites["zola"] + "-search"
        if not os.path.isdir(searching):
            shutil.copytree(sites["zola"], searching)
            config = os.path.join(searching, "config.toml")
            text = open(config).read()
            text = re.sub(r"build_search_index\s*=\s*false", "build_search_index = true", text)
            if "build_search_index" not in text:
                text = "build_search_index = true\n" + text
            open(config, "w").write(text)
        sites["zola-search"] = searching
    return sites


def measure(cmd, cwd=None, timeout=None):
    """Runs cmd; returns (wall seconds, peak RSS in bytes), or (None, peak RSS) if it
    was stopped after `timeout` seconds."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if timeout is not None and time.perf_counter() - start > timeout:
            proc.kill()
            _, status, usage = os.wait4(proc.pid, 0)
            proc.stderr.close()
            return None, usage.ru_maxrss * 1024
        time.sleep(0.005)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({code}):\n{err[-2000:]}")
    return wall, usage.ru_maxrss * 1024


def measure_all(cmds, timeout=None):
    """Runs commands one after the other (a pipeline such as Hugo, then Pagefind):
    the sum of their wall times and the largest peak RSS, or (None, RSS) on a timeout."""
    total, peak = 0.0, 0
    for cmd in cmds:
        left = None if timeout is None else max(timeout - total, 1)
        wall, rss = measure(cmd, timeout=left)
        peak = max(peak, rss)
        if wall is None:
            return None, peak
        total += wall
    return total, peak


def tree_size(path):
    files = total = 0
    for dirpath, _, names in os.walk(path):
        for name in names:
            files += 1
            total += os.path.getsize(os.path.join(dirpath, name))
    return files, total


def commands(tool, sites, out):
    """The commands one build of `tool` runs, in order."""
    # No other tool makes PDF and EPUB downloads: they are measured on their own
    # (step 6), and left out here (`--no-downloads`).
    if tool == "pubgen":
        return [[PUBGEN, "build", "--quiet", "--no-downloads", "--root", sites["plain"], "--out", out]]
    if tool == "pubgen --no-search":
        return [[PUBGEN, "build", "--quiet", "--no-downloads", "--no-search", "--root", sites["plain"], "--out", out]]
    if tool == "hugo":
        return [["hugo", "--quiet", "--minify", "--source", sites["hugo"], "--destination", out]]
    if tool == "hugo + pagefind":
        return commands("hugo", sites, out) + [[TOOL_PATHS["pagefind"], "--site", out, "--quiet"]]
    if tool == "zola":
        return [["zola", "--root", sites["zola"], "build", "--output-dir", out, "--force"]]
    if tool == "zola + search index":
        return [["zola", "--root", sites["zola-search"], "build", "--output-dir", out, "--force"]]
    if tool == "floor":
        return [[FLOOR, os.path.join(sites["plain"], "content"), out]]
    if tool == "mdbook":
        return [["mdbook", "build", sites["mdbook"], "--dest-dir", out]]
    raise ValueError(tool)


TOOLS = ["pubgen", "pubgen --no-search", "hugo + pagefind", "hugo", "zola + search index", "zola", "floor"]


def choose_tools(mdbook):
    """Zola only when it is on PATH (no registry has it); mdBook only when asked."""
    global TOOLS
    if shutil.which("zola") is None:
        TOOLS = [t for t in TOOLS if not t.startswith("zola")]
    if mdbook:
        TOOLS = TOOLS + ["mdbook"]


# A run taking longer than this is stopped and reported as not finished (mdBook puts
# the whole table of contents in every page, so at 10,000 pages it writes gigabytes).
TIMEOUT = 120


def bench_size(work, pages, runs, timeout):
    sites = generate(work, pages)
    results = {tool: {"wall": [], "rss": [], "files": 0, "bytes": 0, "timeouts": 0} for tool in TOOLS}
    # Run 0 warms the caches and is not counted.
    for run in range(runs + 1):
        # Alternate the order too, so that no tool always runs on a warm or cold cache.
        order = TOOLS if run % 2 == 0 else list(reversed(TOOLS))
        for tool in order:
            r = results[tool]
            if r["timeouts"]:
                continue  # it did not finish once: do not wait for it again
            out = os.path.join(work, f"out-{pages}-{tool.replace(' ', '')}")
            set_aside(out)
            wall, rss = measure_all(commands(tool, sites, out), timeout=timeout)
            if run == 0:
                set_aside(out)
                log(f"  {pages} pages, warm-up: {tool:<20} {wall or 0:7.3f} s")
                continue
            r["rss"].append(rss)
            if wall is None:
                r["timeouts"] += 1
                log(f"  {pages} pages, run {run}/{runs}: {tool:<20} stopped after {timeout} s")
                set_aside(out)
                continue
            r["wall"].append(wall)
            r["files"], r["bytes"] = tree_size(out)
            set_aside(out)
            log(f"  {pages} pages, run {run}/{runs}: {tool:<20} {wall:7.3f} s  {rss / 2**20:7.1f} MiB")
    return results


def median(results, tool):
    r = results.get(tool)
    return statistics.median(r["wall"]) if r and r["wall"] else None


def fmt_table(pages, results):
    hugo = median(results, "hugo")
    lines = [
        f"### {pages:,} pages",
        "",
        "| tool | median wall | min–max | peak RSS (max) | files | bytes | ratio to Hugo |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for tool in TOOLS:
        r = results[tool]
        if not r["wall"]:
            lines.append(
                f"| {tool} | did not finish in {TIMEOUT} s | – | {max(r['rss']) / 2**20:.0f} MiB (when stopped) | – | – | > {TIMEOUT / hugo:.0f}× |"
            )
            continue
        med = statistics.median(r["wall"])
        lines.append(
            f"| {tool} | {med:.3f} s | {min(r['wall']):.3f}–{max(r['wall']):.3f} s | "
            f"{max(r['rss']) / 2**20:.0f} MiB | {r['files']:,} | {r['bytes']:,} | {med / hugo:.2f}× |"
        )
    lines += ["", "| target | ratio in this run | aim |", "|---|---:|---:|"]
    ratio = lambda a, b: (median(results, a) / median(results, b)) if median(results, a) and median(results, b) else None
    targets = [
        ("pubgen / Hugo + Pagefind CLI", ratio("pubgen", "hugo + pagefind"), "≤ 0.50×"),
        ("pubgen / Zola with its search index", ratio("pubgen", "zola + search index"), "≤ 0.40×"),
        ("pubgen `--no-search` / Hugo", ratio("pubgen --no-search", "hugo"), "≤ 0.35×"),
        ("pubgen `--no-search` / the floor", ratio("pubgen --no-search", "floor"), "≤ 1.20×"),
    ]
    for name, value, aim in targets:
        shown = f"{value:.2f}×" if value is not None else "not measured (no `zola` on PATH)"
        lines.append(f"| {name} | {shown} | {aim} |")
    rss = max(results["pubgen"]["rss"]) / 2**20
    lines.append(f"| pubgen's peak RSS, with search | {rss:.0f} MiB | ≤ 500 MiB |")
    lines.append("")
    return "\n".join(lines)


def bench_report(runs):
    with tempfile.TemporaryDirectory() as tmp:
        times = []
        for _ in range(max(runs, 5)):
            out = os.path.join(tmp, "out")
            set_aside(out)
            wall, _ = measure([PUBGEN, "build", "--quiet", "--root", ROOT, "--out", out])
            times.append(wall)
        internal = []
        # Without the downloads (their cost is step 6's), as the target names it.
        for flags in (["--no-search", "--no-downloads"], ["--no-downloads"]):
            out = os.path.join(tmp, "out")
            set_aside(out)
            proc = subprocess.run([PUBGEN, "build", "--root", ROOT, "--out", out] + flags, capture_output=True, text=True)
            m = re.search(r"in (\d+) ms", proc.stderr)
            internal.append(int(m.group(1)) if m else None)
    return times, internal


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_serve_edit(work, pages, edits=9):
    """Median time `pubgen serve` reports for re-rendering after one page's text changes."""
    sites = generate(work, pages)
    site = os.path.join(work, f"serve-{pages}")
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(sites["plain"], site)
    port = free_port()
    proc = subprocess.Popen(
        [PUBGEN, "serve", "--root", site, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # Wait for the first build and its search index, which is built in the background.
        line = proc.stderr.readline()
        while line and "search index ready" not in line:
            line = proc.stderr.readline()
        if not line:
            raise SystemExit("pubgen serve stopped before it was ready")
        chapters = sorted(os.listdir(os.path.join(site, "content", "chapters")))
        page = os.path.join(site, "content", "chapters", [c for c in chapters if c != "index.md"][len(chapters) // 2])
        times = []
        for i in range(edits):
            time.sleep(0.3)
            with open(page, "a") as f:
                f.write(f"\nAn edit, number {i}.\n")
            while True:
                line = proc.stderr.readline()
                if not line:
                    raise SystemExit("pubgen serve stopped")
                m = re.search(r"^(re-rendered \d+ pages?|re-linked.*|rebuilt the site) in (\d+) ms", line)
                if m:
                    times.append((m.group(1), int(m.group(2))))
                    break
        return times
    finally:
        proc.send_signal(signal.SIGINT)
        proc.kill()
        proc.wait()


def bench_downloads(work, runs):
    """What the downloads add to the report's build and to the 1,000-page corpus."""
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out")
        results = {"with downloads": [], "--no-downloads": []}
        for run in range(max(runs, 5)):
            order = list(results) if run % 2 == 0 else list(reversed(results))
            for kind in order:
                set_aside(out)
                flags = [] if kind == "with downloads" else ["--no-downloads"]
                wall, rss = measure([PUBGEN, "build", "--quiet", "--root", ROOT, "--out", out] + flags)
                results[kind].append((wall, rss))
                log(f"  report, run {run + 1}: {kind:<15} {wall:6.3f} s {rss / 2**20:6.1f} MiB")
        set_aside(out)
        run_quiet([PUBGEN, "build", "--quiet", "--root", ROOT, "--out", out])
        written = downloads_written(out)
    lines.append("| report build | median wall | peak RSS |")
    lines.append("|---|---:|---:|")
    for kind, rs in results.items():
        lines.append(
            f"| {kind} | {statistics.median(w for w, _ in rs) * 1000:.0f} ms | "
            f"{max(r for _, r in rs) / 2**20:.0f} MiB |"
        )
    added = statistics.median(w for w, _ in results["with downloads"]) - statistics.median(
        w for w, _ in results["--no-downloads"]
    )
    lines.append("")
    lines.append(
        f"The downloads add {added * 1000:.0f} ms to the report's build: {written}."
    )
    sites = generate(work, 1000)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out")
        walls = {"with downloads": [], "--no-downloads": []}
        note = ""
        for run in range(3):
            for kind in walls:
                set_aside(out)
                flags = [] if kind == "with downloads" else ["--no-downloads"]
                start = time.monotonic()
                proc = subprocess.run(
                    [PUBGEN, "build", "--no-search", "--root", sites["plain"], "--out", out] + flags,
                    capture_output=True,
                    text=True,
                )
                walls[kind].append(time.monotonic() - start)
                m = re.search(r"^note: (.*)$", proc.stderr, re.M)
                if m:
                    note = m.group(1)
                if kind == "with downloads":
                    written = downloads_written(out)
    lines.append(
        f"The 1,000-page corpus (`--no-search`): median {statistics.median(walls['with downloads']) * 1000:.0f} ms "
        f"with downloads, {statistics.median(walls['--no-downloads']) * 1000:.0f} ms without. Written: {written}."
        + (f" pubgen's note: \"{note}\"." if note else "")
    )
    return lines


def downloads_written(out):
    """The downloads a built site links from its home page, as the links name them."""
    home = os.path.join(out, "index.html")
    if not os.path.isfile(home):
        return "nothing"
    texts = re.findall(r"<a[^>]*href=\"?downloads/[^>]*>([^<]*)</a>", open(home, encoding="utf-8").read())
    return "; ".join(dict.fromkeys(texts)) or "nothing"


def bench_large(work, pages, base, base_pages):
    """One build of a very large corpus with pubgen and its search index: its time
    against the median of the base size's runs, and its peak RSS."""
    sites = {"plain": os.path.join(work, f"corpus-plain-{pages}")}
    if not os.path.isdir(sites["plain"]):
        log(f"== generating {pages} pages, plain flavour")
        run_quiet([sys.executable, GEN, "--pages", str(pages), "--flavor", "plain", "--out", sites["plain"]])
    out = os.path.join(work, f"out-{pages}-pubgen")
    set_aside(out)
    log(f"== {pages} pages with pubgen (search included)")
    wall, rss = measure([PUBGEN, "build", "--root", sites["plain"], "--out", out])
    files, size = tree_size(out)
    set_aside(out)
    lines = [
        f"### {pages:,} pages, pubgen with its search index (one run)",
        "",
        f"{wall:.1f} s, peak RSS {rss / 2**20:.0f} MiB, {files:,} files, {size:,} bytes.",
    ]
    if base and base["pubgen"]["wall"]:
        ratio = wall / statistics.median(base["pubgen"]["wall"])
        lines.append(
            f"{ratio:.1f}× the {base_pages:,}-page build's median ({pages // base_pages}× the pages; aim: within 11×); "
            f"peak RSS aim: at most 2 GiB."
        )
    lines.append("")
    return lines


COLOURS = {
    "pubgen": "#1d70b8",
    "pubgen --no-search": "#5694ca",
    "hugo + pagefind": "#d4351c",
    "hugo": "#f499be",
    "zola + search index": "#00703c",
    "zola": "#85994b",
    "floor": "#505a5f",
    "mdbook": "#912b88",
}


def write_chart(path, results):
    """A bar chart of median wall time per tool, one group per corpus size, each bar
    labelled with its time, as an SVG file BENCHMARKS.md shows."""
    sizes = sorted(results)
    bar, gap, left, top = 22, 28, 190, 40
    rows = sum(len(TOOLS) for _ in sizes)
    height = top + rows * bar + len(sizes) * gap + 30
    width = 760
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="t">',
        '<title id="t">Median build time per tool and corpus size (shorter is faster)</title>',
        '<style>text{font:13px sans-serif;fill:#0b0c0c}.h{font-weight:bold}</style>',
        '<rect width="100%" height="100%" fill="#fff"/>',
        f'<text class="h" x="8" y="22">Median wall time, {len(next(iter(results.values()))["pubgen"]["wall"])} runs each (shorter is faster)</text>',
    ]
    y = top
    for pages in sizes:
        res = results[pages]
        longest = max((statistics.median(r["wall"]) for r in res.values() if r["wall"]), default=1)
        parts.append(f'<text class="h" x="8" y="{y + 14}">{pages:,} pages</text>')
        y += gap - 6
        for tool in TOOLS:
            r = res[tool]
            wall = statistics.median(r["wall"]) if r["wall"] else None
            w = 0 if wall is None else max(2, (width - left - 90) * wall / longest)
            label = "did not finish" if wall is None else f"{wall:.2f} s"
            parts.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">{tool}</text>')
            parts.append(f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{bar - 6}" fill="{COLOURS.get(tool, "#888")}"/>')
            parts.append(f'<text x="{left + w + 6:.1f}" y="{y + 15}">{label}</text>')
            y += bar
        y += 6
    parts.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(parts) + "\n")


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            mem = f", {kb / 2**20:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){mem}, {platform.system()} {platform.release()}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", default="1000,10000", help="corpus sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="counted runs per tool and size, after one warm-up")
    parser.add_argument("--large", type=int, default=0, help="also build this many pages with pubgen alone (with search), e.g. 100000")
    parser.add_argument("--mdbook", action="store_true", help="also measure mdBook")
    parser.add_argument("--chart", default=os.path.join(ROOT, "benches", "results.svg"), help="where the SVG chart of the results goes")
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "pubgen-bench"), help="where corpora and outputs go")
    parser.add_argument("--downloads-only", action="store_true", help="measure only what the downloads add (step 6)")
    args = parser.parse_args()
    sizes = [int(p) for p in args.pages.split(",")]
    os.makedirs(args.work, exist_ok=True)
    global TRASH
    TRASH = os.path.join(args.work, "set-aside")
    try:
        run_all(args, sizes)
    finally:
        empty_trash()


def run_all(args, sizes):
    if args.downloads_only:
        subprocess.run(["cargo", "build", "--release", "--locked"], cwd=ROOT, check=True)
        print("\n".join([f"Machine: {machine()}", ""] + bench_downloads(args.work, args.runs)))
        return

    choose_tools(args.mdbook)
    versions = ensure_tools(args.work, args.mdbook)
    report = [f"Machine: {machine()}", ""]
    report += [f"- {v}" for v in versions.values()]
    report.append("")
    results = {}
    for pages in sizes:
        results[pages] = bench_size(args.work, pages, args.runs, TIMEOUT)
        report.append(fmt_table(pages, results[pages]))
    if "zola" not in TOOLS:
        report.append("Zola was skipped: no `zola` binary on PATH (no package registry has it).\n")
    write_chart(args.chart, results)
    report.append(f"Chart: {os.path.relpath(args.chart, ROOT)}\n")
    if args.large:
        report += bench_large(args.work, args.large, results.get(sizes[-1]), sizes[-1])
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        for tool in ["pubgen", "pubgen --no-search"]:
            growth = statistics.median(results[large][tool]["wall"]) / statistics.median(results[small][tool]["wall"])
            report.append(f"{tool}: {small:,} → {large:,} pages took {growth:.1f}× as long ({large / small:.0f}× the pages).")
        report.append("")

    times, internal = bench_report(args.runs)
    report.append(
        f"The real report (content/): median {statistics.median(times) * 1000:.0f} ms wall for the whole process "
        f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}); pubgen's own timer, without the downloads: "
        f"{internal[0]} ms without the search index, {internal[1]} ms with it."
    )
    edits = bench_serve_edit(args.work, sizes[-1])
    ms = [t for _, t in edits]
    kinds = sorted(set(k for k, _ in edits))
    report.append(
        f"One-page edit in `pubgen serve` at {sizes[-1]:,} pages: median {statistics.median(ms)} ms "
        f"(min {min(ms)}, max {max(ms)}; {', '.join(kinds)})."
    )
    report.append("")
    report += bench_downloads(args.work, args.runs)
    print("\n".join(report))


if __name__ == "__main__":
    main()
