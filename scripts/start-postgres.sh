#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the tests and the bench that run `shepherd serve`
# replicas on one queue. Installs Debian's postgresql package when no server is installed, creates
# a cluster in $SHEPHERD_PG_DIR (default /tmp/shepherd-postgres: trust authentication, listening on
# 127.0.0.1:$SHEPHERD_PG_PORT, default 55432), starts it and creates the database `shepherd`.
# Idempotent: a server already running there is kept. Prints the URL, and writes it to
# $SHEPHERD_PG_DIR/url, where the tests read it (or from SHEPHERD_TEST_POSTGRES_URL). Quiet: apt's
# and the server's output are shown only when something fails.
set -euo pipefail
dir="${SHEPHERD_PG_DIR:-/tmp/shepherd-postgres}"
port="${SHEPHERD_PG_PORT:-55432}"
data="$dir/data"
url="postgres://postgres@127.0.0.1:$port/shepherd"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

find_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

bin="$(find_bin)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  log="$(mktemp)"
  if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql; } >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "start-postgres: apt-get could not install postgresql (output above)" >&2
    exit 1
  fi
  rm -f "$log"
  bin="$(find_bin)"
fi

# The server refuses to run as root: as root, the cluster belongs to the postgres user.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

mkdir -p "$dir"
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$dir"
fi

if [ ! -f "$data/PG_VERSION" ]; then
  log="$(mktemp)"
  chmod 644 "$log"
  if ! as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "start-postgres: initdb failed in $data (output above)" >&2
    exit 1
  fi
  rm -f "$log"
  cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 300
CONF
fi

if ! as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  if ! as_owner "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start >/dev/null 2>&1; then
    cat "$dir/server.log" >&2 || true
    echo "start-postgres: the server in $data did not start (its log above)" >&2
    exit 1
  fi
fi

if [ "$(as_owner "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'shepherd'")" != "1" ]; then
  as_owner "$bin/createdb" -h "$dir" -p "$port" -U postgres shepherd
fi

echo "$url" >"$dir/url.tmp" && mv "$dir/url.tmp" "$dir/url"
echo "$url"
