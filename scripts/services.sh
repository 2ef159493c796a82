#!/usr/bin/env bash
# Makes sure PostgreSQL, Redis and RabbitMQ answer on loopback, as the test suite expects.
#
# Where all three already answer (with trust auth and the database `test`), it only checks: nothing
# is changed and nothing asked. Otherwise it first prints every system change it is about to make
# (apt-get install, starting a service with sudo, trust auth in pg_hba.conf, `create database
# test`), then makes them only with consent:
#   - BULWARK_SYSTEM_CHANGES=1, or CI=true (CI machines: .ci/run sets the former);
#   - or a "y" answer when run at a terminal;
#   - otherwise it stops (exit 1) naming the variable, and changes nothing.
# BULWARK_SYSTEM_CHANGES=0 refuses even in CI.
set -uo pipefail

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
APT_UPDATED=""
CHANGES=()
# CLI tools some tests use: kcat (the broker against librdkafka), docker-compose (validates
# docker-compose.yml without a Docker engine) and Debian's prometheus package (promtool checks and
# unit-tests deploy/prometheus/alerts.yml; the dashboard e2e starts its own prometheus on a free
# loopback port: the package's system service is never started, see below). Optional for the
# services: without them the kcat, promtool and Prometheus tests fail saying how to install them,
# and the compose check says it skipped `config`.
TOOLS=()

say() { printf 'services: %s\n' "$*"; }
plan() { CHANGES+=("$*"); }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() {
  for _ in $(seq 1 60); do port_open "$1" && return 0; sleep 0.5; done
  return 1
}
pg_trusted() { psql -h 127.0.0.1 -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1; }
pg_has_test_db() {
  [ "$(psql -h 127.0.0.1 -U postgres -d postgres -Atqc "select 1 from pg_database where datname='test'" 2>/dev/null)" = 1 ]
}
apt_install() {
  if [ -z "$APT_UPDATED" ]; then $SUDO apt-get update -qq && APT_UPDATED=1; fi
  say "installing $* with apt-get"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

# ---- what would change (looks only) ----
plan_tools() {
  command -v kcat >/dev/null || TOOLS+=(kcat)
  { docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null; } || TOOLS+=(docker-compose)
  { command -v promtool >/dev/null && command -v prometheus >/dev/null; } || TOOLS+=(prometheus)
  return 0
}

plan_changes() {
  if ! port_open 5432; then
    command -v pg_ctlcluster >/dev/null || plan "${SUDO:+sudo }apt-get update && apt-get install postgresql"
    plan "start the newest PostgreSQL cluster (${SUDO:+sudo }pg_ctlcluster <version> main start)"
    plan "if it asks 127.0.0.1 for a password: prepend 'host all all 127.0.0.1/32 trust' and '::1/128 trust' to its pg_hba.conf and reload"
    plan "create database test (if missing)"
  else
    pg_trusted || plan "prepend 'host all all 127.0.0.1/32 trust' and '::1/128 trust' to pg_hba.conf, reload PostgreSQL"
    pg_trusted && ! pg_has_test_db && plan "create database test on 127.0.0.1:5432"
  fi
  if ! port_open 6379; then
    command -v redis-server >/dev/null || plan "${SUDO:+sudo }apt-get install redis-server"
    plan "start redis-server on 127.0.0.1:6379 (no persistence; ${SUDO:+sudo, }files in /var/lib/redis, /var/log/redis)"
  fi
  if ! port_open 5672; then
    command -v rabbitmq-server >/dev/null || plan "${SUDO:+sudo }apt-get install rabbitmq-server"
    plan "start rabbitmq-server -detached (${SUDO:+sudo, }guest/guest on 127.0.0.1:5672)"
  fi
}

consent() {
  case "${BULWARK_SYSTEM_CHANGES:-}" in
    1 | true | yes) say "BULWARK_SYSTEM_CHANGES=${BULWARK_SYSTEM_CHANGES}: making them"; return 0 ;;
    0 | false | no) say "BULWARK_SYSTEM_CHANGES=${BULWARK_SYSTEM_CHANGES}: not making them"; return 1 ;;
  esac
  if [ "${CI:-}" = true ]; then say "CI=true: making them"; return 0; fi
  if [ -t 0 ]; then
    local answer
    read -r -p "services: make these changes? [y/N] " answer
    [[ "$answer" =~ ^[Yy] ]] && return 0
  fi
  say "nothing changed. Run again with BULWARK_SYSTEM_CHANGES=1 to allow these changes, or start"
  say "PostgreSQL (trust auth on 127.0.0.1, database test), Redis and RabbitMQ yourself."
  return 1
}

# ---- the changes ----
ensure_postgres() {
  if port_open 5432; then say "postgres: running on 127.0.0.1:5432"; else
    command -v pg_ctlcluster >/dev/null || apt_install postgresql
    local version
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    say "postgres: starting cluster $version/main"
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    wait_port 5432 || { say "postgres: did not come up on 5432"; return 1; }
  fi
  # Tests connect as postgres over TCP without a password (trust), to the database `test`.
  if ! pg_trusted; then
    local hba
    hba=$(ls /etc/postgresql/*/main/pg_hba.conf | sort -V | tail -n 1)
    say "postgres: enabling trust auth for 127.0.0.1 in $hba"
    $SUDO sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$(basename "$(dirname "$(dirname "$hba")")")" main reload
  fi
  if ! pg_has_test_db; then
    say "postgres: creating database test"
    psql -h 127.0.0.1 -U postgres -d postgres -qc 'create database test'
  fi
}

ensure_redis() {
  if port_open 6379; then say "redis: running on 127.0.0.1:6379"; return 0; fi
  command -v redis-server >/dev/null || apt_install redis-server
  say "redis: starting on 127.0.0.1:6379"
  $SUDO mkdir -p /var/lib/redis /var/log/redis
  $SUDO redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_port 6379 || { say "redis: did not come up on 6379"; return 1; }
}

ensure_rabbitmq() {
  if port_open 5672; then say "rabbitmq: running on 127.0.0.1:5672"; return 0; fi
  command -v rabbitmq-server >/dev/null || apt_install rabbitmq-server
  say "rabbitmq: starting"
  $SUDO rabbitmq-server -detached
  for _ in $(seq 1 120); do port_open 5672 && { say "rabbitmq: up"; return 0; }; sleep 1; done
  say "rabbitmq: did not come up on 5672"
  return 1
}

plan_changes
plan_tools
if [ "${#CHANGES[@]}" -gt 0 ] || [ "${#TOOLS[@]}" -gt 0 ]; then
  say "the test suite needs local PostgreSQL, Redis and RabbitMQ (and uses kcat and docker-compose); on this machine that means:"
  for change in "${CHANGES[@]}"; do say "  - $change"; done
  [ "${#TOOLS[@]}" -eq 0 ] || say "  - ${SUDO:+sudo }apt-get install ${TOOLS[*]} (without them the kcat and Prometheus tests fail and the compose check skips \`config\`)"
  if ! consent; then
    [ "${#CHANGES[@]}" -eq 0 ] || exit 1
    say "tools: not installed; the services are up, so the suite runs without them"
    TOOLS=()
  fi
fi
if [ "${#TOOLS[@]}" -gt 0 ]; then
  apt_install "${TOOLS[@]}" || say "tools: ${TOOLS[*]} could not be installed"
  # Debian's package enables and may start a prometheus service on :9090 scraping nothing of
  # ours; the tests run their own, so a service left running would only hold the port and a CPU.
  if [[ " ${TOOLS[*]} " == *" prometheus "* ]] && command -v systemctl >/dev/null; then
    $SUDO systemctl disable --now prometheus >/dev/null 2>&1 || true
  fi
fi
status=0
ensure_postgres || status=1
ensure_redis || status=1
ensure_rabbitmq || status=1
exit $status
