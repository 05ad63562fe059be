#!/bin/sh
# The part of the official postgres image's entrypoint that clients rely on: POSTGRES_USER (default postgres),
# POSTGRES_PASSWORD and POSTGRES_DB make the first start's cluster; arguments after `postgres` go to the server
# (e.g. `postgres -c port=15432 -c fsync=off`). Runs as the postgres user.
set -eu
if [ "${1#-}" != "$1" ]; then set -- postgres "$@"; fi
if [ "$1" != postgres ]; then exec "$@"; fi
shift
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
user=${POSTGRES_USER:-postgres}
db=${POSTGRES_DB:-$user}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s\n' "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}" >"$pwfile"
  "$bin/initdb" -D "$PGDATA" -U "$user" --pwfile="$pwfile" -A scram-sha-256 --auth-local=trust -E UTF8 >/dev/null
  rm -f "$pwfile"
  echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  if [ "$db" != postgres ]; then
    echo "CREATE DATABASE \"$db\" OWNER \"$user\";" | "$bin/postgres" --single -D "$PGDATA" -j postgres >/dev/null
  fi
fi
exec "$bin/postgres" -D "$PGDATA" "$@"
