#!/usr/bin/env bash
# Installs kcat (librdkafka's CLI) from Debian when missing; the kafka-broker kcat tests need it.
set -euo pipefail
command -v kcat >/dev/null || (apt-get update && apt-get install -y kcat)
