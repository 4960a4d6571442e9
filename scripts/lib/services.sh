# Private services for the tests: Redis, PostgreSQL and an SMTP server on free ports of
# 127.0.0.1, each in a throw-away folder, never touching a server on the standard ports.
# Source this file, call start_services, and trap stop_services on EXIT.
# Exports REDIS_URL, DATABASE_URL, SMTP_URL, STORAGE_DIR and JOBKIT_TEST_MAILDIR.

services_dir=""
service_pids=()
postgres_data=""
postgres_bin=""

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

wait_for() {
  local what=$1; shift
  local tries
  for tries in $(seq 1 200); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  echo "services: $what did not start; its log:" >&2
  cat "$services_dir/$what.log" >&2 2>/dev/null || true
  return 1
}

# The ACL user's password holds '@', ':', '%' and '/' so that every test that connects
# also proves the URL's percent-decoding.
redis_user=jobkit
redis_password='p@ss:w%rd/1'
redis_password_encoded='p%40ss%3Aw%25rd%2F1'

start_redis() {
  local port; port=$(free_port)
  # No persistence, no default user: every client must authenticate as the ACL user.
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no \
    --dir "$services_dir" --logfile "$services_dir/redis.log" \
    --user default off --user "$redis_user" on ">$redis_password" '~*' '&*' '+@all' &
  service_pids+=($!)
  wait_for redis redis-cli -h 127.0.0.1 -p "$port" --user "$redis_user" --pass "$redis_password" --no-auth-warning ping \
    || return 1
  export REDIS_URL="redis://$redis_user:$redis_password_encoded@127.0.0.1:$port/0"
  export JOBKIT_TEST_REDIS_PORT=$port
}

# Runs a PostgreSQL program as the postgres user when we are root (initdb refuses root).
# runuser lives in /usr/sbin, which a minimal PATH (cron, env -i) leaves out.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then "$(command -v runuser || echo /usr/sbin/runuser)" -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  local port; port=$(free_port)
  postgres_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  # One folder owned by the server's user holds the cluster, its log and its socket.
  local root="$services_dir/postgres"
  postgres_data="$root/data"
  mkdir -p "$root"
  echo 'jobkit-test-password' >"$root/pwfile"
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres "$root"; chmod 755 "$services_dir"; fi
  as_postgres "$postgres_bin/initdb" -D "$postgres_data" -U jobkit --pwfile="$root/pwfile" \
    -A scram-sha-256 --no-sync >"$services_dir/postgres-init.log" 2>&1 \
    || { cat "$services_dir/postgres-init.log" >&2; return 1; }
  as_postgres "$postgres_bin/pg_ctl" -D "$postgres_data" -l "$root/postgres.log" -w -s \
    -o "-p $port -k $root -c listen_addresses=127.0.0.1 -c fsync=off" start \
    || { cat "$root/postgres.log" >&2; return 1; }
  export PGPASSWORD=jobkit-test-password
  wait_for postgres psql -h 127.0.0.1 -p "$port" -U jobkit -d postgres -c 'select 1' || return 1
  psql -q -h 127.0.0.1 -p "$port" -U jobkit -d postgres -c 'create database jobkit' >/dev/null || return 1
  # The platform's reference schema, which the PostgreSQL tools read and write.
  psql -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U jobkit -d jobkit \
    -f "$(dirname "${BASH_SOURCE[0]}")/platform-schema.sql" >/dev/null || return 1
  unset PGPASSWORD
  export DATABASE_URL="postgresql://jobkit:jobkit-test-password@127.0.0.1:$port/jobkit"
}

start_smtp() {
  local port; port=$(free_port)
  export JOBKIT_TEST_MAILDIR="$services_dir/maildir"
  # Maildir makes tmp/new/cur only for a folder it creates itself.
  mkdir -p "$JOBKIT_TEST_MAILDIR"/{tmp,new,cur}
  # Debian's aiosmtpd runs on Debian's python3, whatever python3 comes first in PATH.
  # -n keeps it from switching to "nobody", which could not write a root-owned Maildir.
  /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox "$JOBKIT_TEST_MAILDIR" \
    >"$services_dir/smtp.log" 2>&1 &
  service_pids+=($!)
  wait_for smtp /usr/bin/python3 -c "import smtplib; smtplib.SMTP('127.0.0.1', $port, timeout=1).noop()" || return 1
  export SMTP_URL="smtp://127.0.0.1:$port"
}

start_services() {
  services_dir=$(mktemp -d "${TMPDIR:-/tmp}/jobkit-services-XXXXXX")
  export STORAGE_DIR="$services_dir/storage"
  mkdir -p "$STORAGE_DIR"
  # A service that did not start fails the call, so that nothing runs against half of them.
  local service
  for service in redis postgres smtp; do
    if ! "start_$service"; then
      echo "services: $service did not start" >&2
      stop_services
      return 1
    fi
  done
  echo "services: redis 127.0.0.1:$JOBKIT_TEST_REDIS_PORT, ${DATABASE_URL//jobkit-test-password/***}, $SMTP_URL"
}

stop_services() {
  local pid
  if [ -n "$postgres_data" ] && [ -f "$postgres_data/postmaster.pid" ]; then
    as_postgres "$postgres_bin/pg_ctl" -D "$postgres_data" -m immediate -s stop >/dev/null 2>&1 || true
  fi
  for pid in "${service_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${service_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "$services_dir" ] && rm -rf "$services_dir"
  services_dir=""
}
