# Source this file (". scripts/local-postgresql.sh"), as .ci/run does: it starts the machine's PostgreSQL cluster
# when it is stopped and makes sure the shared-store tests find what they expect: 127.0.0.1:5432, the user postgres
# with trust authentication from 127.0.0.1, and a database named test. Needs root (or the postgres user) on a
# Debian-like machine with Debian's postgresql installed; says what is missing otherwise.
websms_pg_version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
if [ -z "$websms_pg_version" ]; then
  echo "no PostgreSQL cluster in /etc/postgresql: install Debian's postgresql (apt-get install postgresql)" >&2
  return 1 2>/dev/null || exit 1
fi
if ! pg_lsclusters -h 2>/dev/null | awk -v v="$websms_pg_version" '$1 == v && $2 == "main" && $4 == "online" { found = 1 } END { exit !found }'; then
  pg_ctlcluster --skip-systemctl-redirect "$websms_pg_version" main start
fi
websms_pg_hba=/etc/postgresql/$websms_pg_version/main/pg_hba.conf
if ! psql -w -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1" >/dev/null 2>&1; then
  # Trust for the postgres user over loopback only, first so that it wins: a test machine's setting, not production's.
  sed -i '1i host all postgres 127.0.0.1/32 trust' "$websms_pg_hba"
  pg_ctlcluster --skip-systemctl-redirect "$websms_pg_version" main reload
fi
if ! psql -w -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'" | grep -q 1; then
  psql -w -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE test"
fi
unset websms_pg_version websms_pg_hba
