#!/usr/bin/env bash
# kcat (librdkafka's CLI) for the kafka-broker kcat tests. scripts/services.sh installs it with the
# suite's other system changes; this only repeats that for a test file run on its own, and with the
# same consent (BULWARK_SYSTEM_CHANGES=1 or CI=true): never an apt-get a developer did not allow.
set -euo pipefail
command -v kcat >/dev/null && exit 0
case "${BULWARK_SYSTEM_CHANGES:-}" in 1 | true | yes) ;; *)
  if [ "${CI:-}" != true ] || [ "${BULWARK_SYSTEM_CHANGES:-}" = 0 ]; then
    echo "kcat is not installed: apt-get install kcat, or run with BULWARK_SYSTEM_CHANGES=1" >&2
    exit 1
  fi ;;
esac
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq kcat >/dev/null
