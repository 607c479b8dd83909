# Sourced by scripts/test.sh: a throwaway PostgreSQL cluster of the tests' own, so the test
# command needs no configured server (a stock Debian PostgreSQL has neither trust auth nor a
# database `test`). TRYGG_TEST_POSTGRES=postgres://… points the tests at a server of your own
# instead. Installs Debian's postgresql package when initdb is missing. Stopped on exit.

start_test_postgres() {
  if [ -n "${TRYGG_TEST_POSTGRES:-}" ]; then
    echo "Using TRYGG_TEST_POSTGRES=$TRYGG_TEST_POSTGRES"
    return
  fi
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ ! -x "$bin/initdb" ]; then
    echo "Installing Debian's postgresql (for initdb and pg_ctl)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi
  # PostgreSQL refuses to run as root: the cluster belongs to the postgres user when we are root.
  local as=()
  [ "$(id -u)" -eq 0 ] && as=(runuser -u postgres --)
  PG_TEST_DIR="$(mktemp -d /tmp/trygg-pg.XXXXXX)"
  [ "$(id -u)" -eq 0 ] && chown postgres "$PG_TEST_DIR"
  local port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  "${as[@]}" "$bin/initdb" -D "$PG_TEST_DIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  "${as[@]}" "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/log" -w -t 60 \
    -o "-p $port -k $PG_TEST_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null
  PG_TEST_STOP=("${as[@]}" "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -m immediate stop)
  export TRYGG_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port/postgres"
  echo "A throwaway PostgreSQL for the tests: $TRYGG_TEST_POSTGRES"
}

stop_test_postgres() {
  if [ -n "${PG_TEST_DIR:-}" ]; then
    "${PG_TEST_STOP[@]}" >/dev/null 2>&1 || true
    rm -rf "$PG_TEST_DIR"
  fi
}
