#!/usr/bin/env bash
# Runs the action's main job locally: starts a registry on a loopback port, builds examples/hello with the
# committed dist/ exactly as the Actions runner would, pushes it, and prints the job summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-test-env.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
npx tsx scripts/local-run.mts "$@"
