#!/usr/bin/env python3
"""Hostile input: time and peak memory of `pubgen build` on each case of issue 9.

    python3 benches/stress.py [--markdown] [--timeout 120]

For each case it writes a small site whose one page (or whose content/ folder) is
hostile, runs the release binary once with `build --no-search` and prints what came
of it (built, or the first line of its error), wall time and peak RSS (from wait4's
rusage). A case that runs past the timeout is killed and shown as a hang. Every case
should end in well under a second with a clear error or a correct site, in memory
that grows with the input, not faster. Benchmarks never run in the test command;
the behaviour of each case is tested in tests/testsuite/hostile_input.rs and
tests/testsuite/output_folder.rs.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PUBGEN = os.path.join(ROOT, "target", "release", "pubgen")


def page(body, front="title: Hostile"):
    return f"---\n{front}\n---\n\n{body}\n"


def links_on_one_line(n):
    return page(" ".join("[a](#x)" for _ in range(n)) + "\n\n## X {#x}")


def links_to_missing_ids(n):
    return page(" ".join(f"[a](#x{i})" for i in range(n)))


def write_site(root, files):
    os.makedirs(os.path.join(root, "content"), exist_ok=True)
    with open(os.path.join(root, "content", "site.yaml"), "w") as f:
        f.write("title: Stress\n")
    with open(os.path.join(root, "content", "index.md"), "w") as f:
        f.write(page("Home."))
    for rel, text in files.items():
        path = os.path.join(root, "content", rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def symlink_to_root(root):
    os.symlink("/", os.path.join(root, "content", "everything"))


def fifo_site_yaml(root):
    path = os.path.join(root, "content", "site.yaml")
    os.remove(path)
    os.mkfifo(path)


CASES = [
    ("8,000 links on one line", {"p.md": links_on_one_line(8_000)}, None),
    ("100,000 links on one line", {"p.md": links_on_one_line(100_000)}, None),
    ("8,000 links to missing ids on one line", {"p.md": links_to_missing_ids(8_000)}, None),
    ("2,500 nested `>`", {"p.md": page(">" * 2_500 + " deep")}, None),
    ("3,000 nested list items", {"p.md": page("- " * 3_000 + "deep")}, None),
    ("5,000 nested `<div>`", {"p.md": page("<div>" * 5_000 + "x" + "</div>" * 5_000)}, None),
    ("front matter of 64,000 `[`", {"p.md": "---\ntitle: " + "[" * 64_000 + "\n---\n\nx\n"}, None),
    ("20,000 identical headings", {"p.md": page("## Same\n\nx\n\n" * 20_000)}, None),
    ("100,000 identical headings", {"p.md": page("## Same\n\nx\n\n" * 100_000)}, None),
    ("a 4 MB page on one line", {"p.md": page("word " * 800_000)}, None),
    ("a NUL on each of 100,000 lines", {"p.md": page("a\x00b\n" * 100_000)}, None),
    ("symbolic link to / in content/", {}, symlink_to_root),
    ("a pipe named site.yaml", {}, fifo_site_yaml),
]


def run(site, timeout):
    """(exit code or None for a hang, seconds, peak RSS in MiB, first stderr line)."""
    started = time.monotonic()
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(
        [PUBGEN, "build", "--no-search", "--quiet", "--root", site, "--out", site + "-out"],
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
            proc.send_signal(signal.SIGKILL)
            pid, status, usage = os.wait4(proc.pid, 0)
            status = None
            break
        time.sleep(0.005)
    elapsed = time.monotonic() - started
    log.seek(0)
    lines = [l for l in log.read().decode("utf-8", "replace").splitlines() if l.startswith("error")]
    code = None if status is None else os.waitstatus_to_exitcode(status)
    return code, elapsed, usage.ru_maxrss / 1024, lines[0] if lines else ""


def outcome(code, first_error):
    if code is None:
        return "HANG (killed)"
    if code == 0:
        return "built"
    if code < 0:
        return f"CRASH (signal {-code})"
    return first_error.removeprefix("error: ")[:90]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print a markdown table")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    print("building pubgen (cargo build --release)...", file=sys.stderr)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    rows = []
    work = tempfile.mkdtemp(prefix="pubgen-stress-")
    try:
        for n, (name, files, prepare) in enumerate(CASES):
            site = os.path.join(work, f"case-{n}")
            write_site(site, files)
            if prepare:
                prepare(site)
            size = sum(len(t.encode()) for t in files.values())
            code, seconds, rss, error = run(site, args.timeout)
            rows.append((name, size, outcome(code, error), seconds, rss))
            print(f"{name:<42} {size / 1e6:7.2f} MB  {seconds:7.3f} s  {rss:7.1f} MiB  {outcome(code, error)}", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.markdown:
        print("| hostile input | input | outcome | time | peak RSS |")
        print("|---|---:|---|---:|---:|")
        for name, size, result, seconds, rss in rows:
            print(f"| {name} | {size / 1e6:.2f} MB | {result.replace('|', '/')} | {seconds:.3f} s | {rss:.0f} MiB |")


if __name__ == "__main__":
    main()
