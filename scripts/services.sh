#!/usr/bin/env bash
# Makes sure PostgreSQL, Redis and RabbitMQ answer on loopback, as the test suite expects:
# starts them when installed but stopped; on a fresh Debian machine installs them with apt-get first.
# Prints what it did. Idempotent: on a machine where all three run it only checks.
set -uo pipefail

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
APT_UPDATED=""

say() { printf 'services: %s\n' "$*"; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() {
  for _ in $(seq 1 60); do port_open "$1" && return 0; sleep 0.5; done
  return 1
}
apt_install() {
  if [ -z "$APT_UPDATED" ]; then $SUDO apt-get update -qq && APT_UPDATED=1; fi
  say "installing $* with apt-get"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

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
  if ! psql -h 127.0.0.1 -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
    local hba
    hba=$(ls /etc/postgresql/*/main/pg_hba.conf | sort -V | tail -n 1)
    say "postgres: enabling trust auth for 127.0.0.1 in $hba"
    $SUDO sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$(basename "$(dirname "$(dirname "$hba")")")" main reload
  fi
  if [ "$(psql -h 127.0.0.1 -U postgres -d postgres -Atqc "select 1 from pg_database where datname='test'")" != 1 ]; then
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

status=0
ensure_postgres || status=1
ensure_redis || status=1
ensure_rabbitmq || status=1
exit $status
