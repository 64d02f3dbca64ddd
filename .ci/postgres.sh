#!/usr/bin/env bash
# Brings up a local PostgreSQL for the store tests (Debian 12, run as root, no systemd).
# Idempotent: safe to run again on a machine where it already ran.
# Afterwards: export K3J_TEST_POSTGRES=postgres://k3j:k3j@127.0.0.1:5432/k3j_test
# The role may create databases: HighAvailabilityIT gives each run a database of its own.
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1"/"$2}' | grep -qx "${version}/main"; then
  pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$version" main start
fi

for _ in $(seq 1 60); do
  if su postgres -c "pg_isready -q -h 127.0.0.1 -p 5432"; then break; fi
  sleep 1
done
su postgres -c "pg_isready -h 127.0.0.1 -p 5432" >/dev/null

su postgres -c "psql -v ON_ERROR_STOP=1 -qAt" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'k3j') THEN
    CREATE ROLE k3j LOGIN CREATEDB PASSWORD 'k3j';
  ELSE
    ALTER ROLE k3j LOGIN CREATEDB PASSWORD 'k3j';
  END IF;
END $$;
SQL
if [ "$(su postgres -c "psql -qAt -c \"SELECT 1 FROM pg_database WHERE datname='k3j_test'\"")" != "1" ]; then
  su postgres -c "createdb -O k3j k3j_test"
fi

for _ in $(seq 1 30); do
  if PGPASSWORD=k3j psql -qAt -h 127.0.0.1 -p 5432 -U k3j -d k3j_test -c 'SELECT 1' >/dev/null 2>&1; then
    echo "postgres ready: postgres://k3j:k3j@127.0.0.1:5432/k3j_test"
    exit 0
  fi
  sleep 1
done
echo "postgres did not accept connections as k3j" >&2
exit 1
