#!/usr/bin/env bash
# kcat (librdkafka's CLI) for the kafka-broker kcat tests. scripts/services.sh installs it with the
# suite's other system changes and under the same consent; a test file run on its own gets it
# through that script too, so there is one consent rule, never an apt-get nobody allowed.
set -euo pipefail
command -v kcat >/dev/null && exit 0
bash "$(dirname "$0")/services.sh" >&2 || true
command -v kcat >/dev/null || { echo "kcat is not installed: apt-get install kcat, or run with BULWARK_SYSTEM_CHANGES=1" >&2; exit 1; }
