#!/usr/bin/env bash
# The whole test suite: local services first, then Jest. The last line is the summary CI reads:
# `tests: N passed, N failed`, computed from Jest's JSON results.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/services.sh || { echo "services are not available"; echo "tests: 0 passed, 1 failed"; exit 1; }
if [ -f scripts/ensure-kcat.sh ]; then bash scripts/ensure-kcat.sh || echo "kcat: not available"; fi

mkdir -p .test-results
rm -f .test-results/jest.json
npx jest --ci --json --outputFile=.test-results/jest.json "$@"
code=$?
node scripts/test-summary.js .test-results/jest.json | tee .test-results/summary.txt
summary_code=${PIPESTATUS[0]}
[ "$code" -eq 0 ] && [ "$summary_code" -eq 0 ]
