#!/usr/bin/env python3
"""Benchmark pubgen against Hugo and mdBook on the same synthetic publication.

    python3 benches/bench.py [--pages 1000,10000] [--runs 5] [--work DIR]

What it does:
  1. builds pubgen (cargo build --release) and installs what is missing: Hugo
     (Debian's `hugo`, with apt-get) and mdBook (`cargo install mdbook --locked`);
  2. generates each size of the corpus with ../shared/bench/gen-corpus.py in three
     flavours carrying the same text: `plain` (the content contract, for pubgen),
     `hugo` and `mdbook`;
  3. builds each site with each tool, alternating tools run by run, into a fresh
     output folder, and measures wall time and peak RSS (from wait4's rusage);
  4. prints, for each size and tool: median wall time over the runs, min-max, peak
     RSS, output files and bytes, and the ratio pubgen/Hugo from the same runs.
     pubgen is measured with its search index and without (`--no-search`): Hugo
     builds no search index, so the ratio compares `--no-search` with Hugo, and the
     index's own cost is shown on its own line;
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
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen-corpus.py")
PUBGEN = os.path.join(ROOT, "target", "release", "pubgen")


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def run_quiet(cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)


def ensure_tools():
    log("== building pubgen (release)")
    subprocess.run(["cargo", "build", "--release", "--locked"], cwd=ROOT, check=True)
    if shutil.which("hugo") is None:
        log("== installing hugo (apt-get)")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run_quiet(["apt-get", "update"], env=env)
        run_quiet(["apt-get", "install", "-y", "hugo"], env=env)
    if shutil.which("mdbook") is None:
        log("== installing mdbook (cargo install mdbook --locked)")
        subprocess.run(["cargo", "install", "mdbook", "--locked"], check=True)
    versions = {}
    versions["pubgen"] = subprocess.run([PUBGEN, "--version"], capture_output=True, text=True).stdout.strip()
    versions["hugo"] = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.strip()
    versions["mdbook"] = subprocess.run(["mdbook", "--version"], capture_output=True, text=True).stdout.strip()
    return versions


def generate(work, pages):
    sites = {}
    for flavor in ["plain", "hugo", "mdbook"]:
        out = os.path.join(work, f"corpus-{flavor}-{pages}")
        if not os.path.isdir(out):
            log(f"== generating {pages} pages, {flavor} flavour")
            run_quiet([sys.executable, GEN, "--pages", str(pages), "--flavor", flavor, "--out", out])
        sites[flavor] = out
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


def tree_size(path):
    files = total = 0
    for dirpath, _, names in os.walk(path):
        for name in names:
            files += 1
            total += os.path.getsize(os.path.join(dirpath, name))
    return files, total


def command(tool, sites, out):
    if tool == "pubgen":
        return [PUBGEN, "build", "--quiet", "--root", sites["plain"], "--out", out]
    if tool == "pubgen --no-search":
        return [PUBGEN, "build", "--quiet", "--no-search", "--root", sites["plain"], "--out", out]
    if tool == "hugo":
        return ["hugo", "--quiet", "--source", sites["hugo"], "--destination", out]
    if tool == "mdbook":
        return ["mdbook", "build", sites["mdbook"], "--dest-dir", out]
    raise ValueError(tool)


TOOLS = ["pubgen", "pubgen --no-search", "hugo", "mdbook"]

# A run taking longer than this is stopped and reported as not finished (mdBook puts
# the whole table of contents in every page, so at 10,000 pages it writes gigabytes).
TIMEOUT = 120


def bench_size(work, pages, runs, timeout):
    sites = generate(work, pages)
    results = {tool: {"wall": [], "rss": [], "files": 0, "bytes": 0, "timeouts": 0} for tool in TOOLS}
    for run in range(runs):
        # Alternate the order too, so that no tool always runs on a warm or cold cache.
        order = TOOLS if run % 2 == 0 else list(reversed(TOOLS))
        for tool in order:
            r = results[tool]
            if r["timeouts"]:
                continue  # it did not finish once: do not wait for it again
            out = os.path.join(work, f"out-{pages}-{tool.replace(' ', '')}")
            shutil.rmtree(out, ignore_errors=True)
            wall, rss = measure(command(tool, sites, out), timeout=timeout)
            r["rss"].append(rss)
            if wall is None:
                r["timeouts"] += 1
                log(f"  {pages} pages, run {run + 1}/{runs}: {tool:<20} stopped after {timeout} s")
                shutil.rmtree(out, ignore_errors=True)
                continue
            r["wall"].append(wall)
            r["files"], r["bytes"] = tree_size(out)
            shutil.rmtree(out, ignore_errors=True)
            log(f"  {pages} pages, run {run + 1}/{runs}: {tool:<20} {wall:7.3f} s  {rss / 2**20:7.1f} MiB")
    return results


def fmt_table(pages, results):
    hugo = statistics.median(results["hugo"]["wall"])
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
    with_index = statistics.median(results["pubgen"]["wall"])
    without = statistics.median(results["pubgen --no-search"]["wall"])
    lines += [
        "",
        f"pubgen/Hugo for the same work (no search index): **{without / hugo:.2f}×**. "
        f"The search index costs {with_index - without:.3f} s on its own "
        f"({results['pubgen']['files'] - results['pubgen --no-search']['files']:,} more files).",
        "",
    ]
    return "\n".join(lines)


def bench_report(runs):
    with tempfile.TemporaryDirectory() as tmp:
        times = []
        for _ in range(max(runs, 5)):
            out = os.path.join(tmp, "out")
            shutil.rmtree(out, ignore_errors=True)
            wall, _ = measure([PUBGEN, "build", "--quiet", "--root", ROOT, "--out", out])
            times.append(wall)
        internal = []
        for flags in (["--no-search"], []):
            out = os.path.join(tmp, "out")
            shutil.rmtree(out, ignore_errors=True)
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
                shutil.rmtree(out, ignore_errors=True)
                flags = [] if kind == "with downloads" else ["--no-downloads"]
                wall, rss = measure([PUBGEN, "build", "--quiet", "--root", ROOT, "--out", out] + flags)
                results[kind].append((wall, rss))
                log(f"  report, run {run + 1}: {kind:<15} {wall:6.3f} s {rss / 2**20:6.1f} MiB")
        shutil.rmtree(out, ignore_errors=True)
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
                shutil.rmtree(out, ignore_errors=True)
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
    parser.add_argument("--runs", type=int, default=5, help="runs per tool and size (at least 5)")
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "pubgen-bench"), help="where corpora and outputs go")
    parser.add_argument("--downloads-only", action="store_true", help="measure only what the downloads add (step 6)")
    args = parser.parse_args()
    sizes = [int(p) for p in args.pages.split(",")]
    os.makedirs(args.work, exist_ok=True)
    if args.downloads_only:
        subprocess.run(["cargo", "build", "--release", "--locked"], cwd=ROOT, check=True)
        print("\n".join([f"Machine: {machine()}", ""] + bench_downloads(args.work, args.runs)))
        return

    versions = ensure_tools()
    report = [f"Machine: {machine()}", ""]
    report += [f"- {v}" for v in versions.values()]
    report.append("")
    results = {}
    for pages in sizes:
        results[pages] = bench_size(args.work, pages, args.runs, TIMEOUT)
        report.append(fmt_table(pages, results[pages]))
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        for tool in ["pubgen", "pubgen --no-search"]:
            growth = statistics.median(results[large][tool]["wall"]) / statistics.median(results[small][tool]["wall"])
            report.append(f"{tool}: {small:,} → {large:,} pages took {growth:.1f}× as long ({large / small:.0f}× the pages).")
        report.append("")

    times, internal = bench_report(args.runs)
    report.append(
        f"The real report (content/): median {statistics.median(times) * 1000:.0f} ms wall for the whole process "
        f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}); pubgen's own timer: "
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
