#!/usr/bin/env bash
# Runs once, when the PostgreSQL container starts on an empty volume (docker-entrypoint-initdb.d): the same
# role model as the embedded default and the tests (io.stockade.platform.db.DatabaseProvisioner): an owner that
# runs migrations and an application role, neither superuser nor BYPASSRLS, and a database only they reach.
# Passwords come from the environment and are passed to psql as variables, never into a file or a log.
set -euo pipefail
: "${STOCKADE_DB_OWNER_PASSWORD:?set STOCKADE_DB_OWNER_PASSWORD}"
: "${STOCKADE_DB_APP_PASSWORD:?set STOCKADE_DB_APP_PASSWORD}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$STOCKADE_DB_OWNER_PASSWORD" -v app_password="$STOCKADE_DB_APP_PASSWORD" <<'SQL'
CREATE ROLE stockade_owner LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB PASSWORD :'owner_password';
CREATE ROLE stockade_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB PASSWORD :'app_password';
CREATE DATABASE stockade OWNER stockade_owner ENCODING 'UTF8';
REVOKE ALL ON DATABASE stockade FROM PUBLIC;
GRANT CONNECT ON DATABASE stockade TO stockade_app;
SQL

# Searches use their trigram indexes under row-level security only when LIKE is LEAKPROOF (see the README's
# Configuration section); needs a superuser, so it is done here once.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname stockade \
  -c 'ALTER FUNCTION pg_catalog.textlike(text, text) LEAKPROOF'
