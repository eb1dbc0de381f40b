#!/usr/bin/env bash
# The project's one test command (README: "Run every test"). It installs what the
# tests need on a fresh machine, then runs every test; nothing is skipped silently.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo test (unit, integration, property tests)"
cargo test --locked --all-targets 2>&1
