#!/usr/bin/env bash
# A throwaway PostgreSQL + PostGIS cluster on 127.0.0.1 for the tests and benchmarks, with the
# fixtures they read. Used by .ci/run and by developers:
#
#   tools/postgis_dev.sh start     # install check, initdb, start, load fixtures; prints the URI
#   tools/postgis_dev.sh env       # the environment lines the tests read (eval "$(… env)")
#                                  # (ATLAS_PG_TLS_URI: a user the server accepts only over TLS)
#   tools/postgis_dev.sh bench     # also load the benchmark tables (all-China counties, 5 M points)
#   tools/postgis_dev.sh stop
#
# The cluster lives in $ATLAS_PG_DIR (default /tmp/atlas-pg), listens on 127.0.0.1:$ATLAS_PG_PORT
# (default 54329) with its own socket directory, and belongs to the postgres user because
# initdb refuses to run as root. Nothing outside that directory is touched.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DIR=${ATLAS_PG_DIR:-/tmp/atlas-pg}
PORT=${ATLAS_PG_PORT:-54329}
DB=atlas
USER_RO=atlas_reader
PASSWORD=atlas-reader-pw
URI="postgresql://$USER_RO@127.0.0.1:$PORT/$DB"

as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

psql_admin() {
  as_postgres "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$DIR/socket" -p "$PORT" -U postgres "$@"
}

start() {
  if [ ! -x "$PG_BIN/initdb" ] || [ ! -f /usr/share/postgresql/15/extension/postgis.control ]; then
    echo "PostgreSQL 15 with PostGIS is missing: apt-get install postgresql-15-postgis-3" >&2
    exit 1
  fi
  if [ -f "$DIR/ready" ] && as_postgres "$PG_BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
    echo "already running: $URI"
    return
  fi
  if [ -f "$DIR/data/postmaster.pid" ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$DIR"
  mkdir -p "$DIR/socket"
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$DIR"
  as_postgres "$PG_BIN/initdb" -D "$DIR/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >/dev/null
  # TLS with a throwaway self-signed certificate, and a user the server takes only over TLS.
  openssl req -new -x509 -days 30 -nodes -subj "/CN=127.0.0.1" \
    -keyout "$DIR/data/server.key" -out "$DIR/data/server.crt" >/dev/null 2>&1
  chmod 600 "$DIR/data/server.key"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR/data/server.key" "$DIR/data/server.crt"
  { echo "hostnossl all atlas_tls 127.0.0.1/32 reject"; cat "$DIR/data/pg_hba.conf"; } > "$DIR/pg_hba.new"
  mv "$DIR/pg_hba.new" "$DIR/data/pg_hba.conf"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR/data/pg_hba.conf"
  cat >>"$DIR/data/postgresql.conf" <<EOF
ssl = on
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DIR/socket'
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 256MB
work_mem = 64MB
max_parallel_workers_per_gather = 2
EOF
  as_postgres "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w start >/dev/null
  psql_admin -d postgres -c "CREATE DATABASE $DB" \
    -c "CREATE ROLE $USER_RO LOGIN PASSWORD '$PASSWORD'" \
    -c "CREATE ROLE atlas_tls LOGIN PASSWORD '$PASSWORD' IN ROLE $USER_RO"
  load_fixtures
  touch "$DIR/ready"
  echo "PostGIS ready: $URI (password in ATLAS_PG_PASSWORD)"
}

# A GeoJSON file's features as a table: an id, the named properties as text, the geometry
# as MULTIPOLYGON in EPSG:4326 with a GiST index. Read through psql alone, so CI needs no GDAL.
geojson_table_sql() { # table file property...
  local table=$1 file=$2 columns="" property
  shift 2
  for property in "$@"; do
    columns+="f->'properties'->>'$property' AS $property, "
  done
  cat <<SQL
\set content \`cat $file\`
CREATE TABLE $table AS
  SELECT row_number() OVER ()::int AS id, $columns
         ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(f->>'geometry'), 4326))::geometry(MultiPolygon, 4326) AS geom
  FROM jsonb_array_elements((:'content')::jsonb->'features') AS f;
ALTER TABLE $table ADD PRIMARY KEY (id);
CREATE INDEX ON $table USING gist (geom);
SQL
}

# A table of `count` points spread evenly over Chongqing's extent, reproducible (no random()).
points_table_sql() { # table count
  cat <<SQL
CREATE TABLE $1 AS
  SELECT i AS id, (i % 97) AS class,
         ST_SetSRID(ST_MakePoint(105.29 + (i * 0.6180339887 % 1.0) * 4.9,
                                 28.16 + (i * 0.4142135623 % 1.0) * 4.05), 4326)::geometry(Point, 4326) AS geom
  FROM generate_series(1, $2) AS i;
ALTER TABLE $1 ADD PRIMARY KEY (id);
CREATE INDEX ON $1 USING gist (geom);
SQL
}

load_fixtures() {
  cp geodata/chongqing_districts_2025.geojson "$DIR/districts.geojson"
  [ "$(id -u)" = 0 ] && chown postgres "$DIR/districts.geojson"
  psql_admin -d "$DB" <<SQL
CREATE EXTENSION postgis;
CREATE SCHEMA atlas;
CREATE TABLE sentinel (note text);
INSERT INTO sentinel VALUES ('still here');
$(geojson_table_sql atlas.districts "$DIR/districts.geojson" adcode name_en name_zh level)

-- The same districts in CGCS2000 / 3-degree Gauss-Kruger CM 108E, as Chongqing's surveys
-- deliver them.
CREATE TABLE atlas.districts_4545 AS
  SELECT id, adcode, name_en, name_zh, ST_Transform(geom, 4545)::geometry(MultiPolygon, 4545) AS geom
  FROM atlas.districts;
ALTER TABLE atlas.districts_4545 ADD PRIMARY KEY (id);
CREATE INDEX ON atlas.districts_4545 USING gist (geom);

$(points_table_sql atlas.points_1m 1000000)

-- A name meant to break naive SQL, with a view of the districts behind it.
CREATE TABLE public."odd ""name""; drop table sentinel; --" AS
  SELECT id AS "key; --", name_en AS "名称", geom FROM atlas.districts WHERE id <= 8;
CREATE INDEX ON public."odd ""name""; drop table sentinel; --" USING gist (geom);

-- A view and a geography column, listed from geometry_columns / geography_columns.
CREATE VIEW atlas.main_districts AS SELECT * FROM atlas.districts WHERE level = 'district';
-- A view whose every row waits half a second: a query on it runs for ~18 s unless cancelled.
CREATE VIEW atlas.slow_districts AS SELECT * FROM atlas.districts WHERE pg_sleep(0.5) IS NOT NULL;
CREATE TABLE atlas.hubs_geog (id serial PRIMARY KEY, name text, geog geography(Point, 4326));
INSERT INTO atlas.hubs_geog (name, geog) VALUES
  ('Chaotianmen', 'SRID=4326;POINT(106.5865 29.5650)'::geography),
  ('Jiangbei Airport', 'SRID=4326;POINT(106.6417 29.7192)'::geography);

GRANT USAGE ON SCHEMA atlas TO $USER_RO;
GRANT SELECT ON ALL TABLES IN SCHEMA atlas TO $USER_RO;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO $USER_RO;
ANALYZE;
SQL
}

load_bench() {
  if [ "$(psql_admin -d "$DB" -tAc "SELECT to_regclass('atlas.points_5m') IS NOT NULL AND to_regclass('atlas.china_counties') IS NOT NULL")" = t ]; then
    return
  fi
  local counties=target/bench/china_counties.geojson
  if [ ! -f "$counties" ]; then
    echo "building $counties"; /usr/bin/python3 tools/build_bench_china.py
  fi
  cp "$counties" "$DIR/counties.geojson"
  [ "$(id -u)" = 0 ] && chown postgres "$DIR/counties.geojson"
  psql_admin -d "$DB" <<SQL
DROP TABLE IF EXISTS atlas.china_counties, atlas.points_5m;
$(geojson_table_sql atlas.china_counties "$DIR/counties.geojson" adcode province city name_zh)
$(points_table_sql atlas.points_5m 5000000)
GRANT SELECT ON ALL TABLES IN SCHEMA atlas TO $USER_RO;
VACUUM ANALYZE atlas.china_counties;
VACUUM ANALYZE atlas.points_5m;
SQL
  rm -f "$DIR/counties.geojson"
  echo "benchmark tables loaded"
}

case ${1:-start} in
  start) start ;;
  bench) start; load_bench ;;
  env) echo "export ATLAS_PG_URI=$URI ATLAS_PG_PASSWORD=$PASSWORD ATLAS_PG_TLS_URI=postgresql://atlas_tls@127.0.0.1:$PORT/$DB" ;;
  stop) as_postgres "$PG_BIN/pg_ctl" -D "$DIR/data" -m fast stop ;;
  *) echo "usage: $0 start|env|bench|stop" >&2; exit 2 ;;
esac
