#!/usr/bin/env bash
# Issue 14's comparison in one command: the built distribution next to the peers @modelcontextprotocol/server-postgres
# 0.6.2 (spg) and @bytebase/dbhub 1.4.0, on the bench kit's PostgreSQL database, with the kit's client. Not part of the
# test run: a measuring tool (timings are never asserted in tests).
#
#   mvn -B -o package -pl distribution -am -DskipTests   # the zip under distribution/target
#   distribution/src/test/bench/compare.sh               # → results.jsonl + summary.md in $WORK, summary printed
#
# It installs the kit's client (npm) and the peers into a temp folder (WORK), creates the database `bench` (role
# bench/bench, scale 1, ~100 MB) when it is missing, then runs ROUNDS interleaved rounds: every measurement spawns a
# fresh server, the order of the servers rotates every round, the summary gives medians with [min–max] over rounds.
# A peer that cannot be installed is left out with a message.
#
# env: ROUNDS (3)  WORK (a new temp folder)  DIST (the unpacked zip)  KIT (../shared/bench next to the repository)
#      JDKS   JDK homes to run xugu-mcp with, one row each (xugu-jdk17, xugu-jdk25); default: the launcher's own
#             choice (JAVA_HOME or java on PATH), row `xugu`
#      ONLY   workloads (start idle point conc4 http4 rows10k; idle: RSS 15 s after tools/list, its own table)
#      PORT (8931)   PGADMIN (psql superuser connection for the database setup, default "-h 127.0.0.1 -U postgres")
# The rate limit is switched off for the runs (a benchmark is exactly the runaway client it exists to stop) and the
# row cap raised to 10,000 for rows10k; everything else is the shipped default, launcher included (class-data
# archive in a cache folder under WORK, created by the first run and mapped by the others).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../../.." && pwd)
DIST=${DIST:-$REPO/distribution/target/xugu-mcp-0.1.0/xugu-mcp-0.1.0}
KIT=${KIT:-$REPO/../shared/bench}
[ -d "$KIT" ] || KIT=/work/shared/bench
WORK=${WORK:-$(mktemp -d -t xugu-bench.XXXXXX)}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-8931}
WORKLOADS=${ONLY:-start idle point conc4 http4 rows10k}
PGADMIN=${PGADMIN:--h 127.0.0.1 -U postgres}
OUT=$WORK/results.jsonl
IDLE=$WORK/idle.jsonl
# A reused WORK keeps its installed peers; the last run's results are moved aside, not mixed into this summary.
STAMP=$(date +%Y%m%d-%H%M%S)
[ -f "$OUT" ] && mv "$OUT" "$WORK/results-$STAMP.jsonl"
[ -f "$IDLE" ] && mv "$IDLE" "$WORK/idle-$STAMP.jsonl"
[ -x "$DIST/bin/xugu-mcp" ] || { echo "compare.sh: no distribution at $DIST (build it first, or set DIST)" >&2; exit 2; }
[ -f "$KIT/mcp-bench.mjs" ] || { echo "compare.sh: bench kit not found at $KIT (set KIT)" >&2; exit 2; }
echo "compare.sh: work folder $WORK" >&2

# --- the kit's client and the peers, each its own npm project under WORK ---
mkdir -p "$WORK/kit" "$WORK/peers"
cp "$KIT"/*.mjs "$KIT"/package.json "$KIT"/*.sql "$HERE/idle-rss.mjs" "$WORK/kit/"
(cd "$WORK/kit" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
peer_install() { # folder package@version
  [ -d "$WORK/peers/$1/node_modules" ] && return 0
  mkdir -p "$WORK/peers/$1"
  (cd "$WORK/peers/$1" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error "$2" >/dev/null) \
    || { echo "compare.sh: could not install $2 – left out" >&2; rm -rf "$WORK/peers/$1"; return 1; }
}
PEERS=""
peer_install spg @modelcontextprotocol/server-postgres@0.6.2 && PEERS="$PEERS spg"
peer_install dbhub @bytebase/dbhub@1.4.0 && PEERS="$PEERS dbhub"
SPG=$WORK/peers/spg/node_modules/@modelcontextprotocol/server-postgres/dist/index.js
DBHUB=$WORK/peers/dbhub/node_modules/@bytebase/dbhub/dist/index.js

# --- the bench database, created when missing ---
PGURL=postgresql://bench:bench@127.0.0.1:5432/bench
# shellcheck disable=SC2086
if ! PGPASSWORD=bench psql -h 127.0.0.1 -U bench -d bench -Atqc 'SELECT 1 FROM order_items LIMIT 1' >/dev/null 2>&1; then
  echo "compare.sh: creating the bench database (scale 1)…" >&2
  psql $PGADMIN -d postgres -v ON_ERROR_STOP=1 -qc \
    "DO \$\$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bench') THEN CREATE ROLE bench LOGIN PASSWORD 'bench'; END IF; END\$\$"
  psql $PGADMIN -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = 'bench'" | grep -q 1 \
    || psql $PGADMIN -d postgres -v ON_ERROR_STOP=1 -qc "CREATE DATABASE bench OWNER bench"
  PGOPTIONS="-c client_min_messages=warning" PGPASSWORD=bench psql -h 127.0.0.1 -U bench -d bench -v ON_ERROR_STOP=1 -v scale=1 -q -f "$WORK/kit/bench-schema.sql" >/dev/null
fi

# --- the servers ---
XUGU_ENV=(XUGU_DB_URL=jdbc:postgresql://127.0.0.1:5432/bench XUGU_DB_USER=bench XUGU_DB_PASSWORD=bench
  SECURITY_RESULT_SET_MAX_ROWS=10000 SECURITY_RATE_LIMIT_ENABLED=false XUGU_MCP_HOME="$WORK/xugu-home"
  XDG_CACHE_HOME="$WORK/cache")
XUGUS=""
if [ -n "${JDKS:-}" ]; then
  for j in $JDKS; do
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$j/release")
    XUGUS="$XUGUS xugu-jdk$v"; eval "JDK_$v=\$j"
  done
else
  XUGUS=xugu
fi
QP='SELECT * FROM orders WHERE order_id = 1 + ({{i}} * 7919) % 100000'
Q10='SELECT * FROM orders WHERE order_id <= 10000 ORDER BY order_id'
j() { node -e 'process.stdout.write(JSON.stringify(process.argv[1]))' "$1"; }

# server <name> <http?> → SERVER (command) and VIA (client transport flags)
server() {
  VIA=()
  case $1 in
    xugu*)
      local jh="" bin=xugu-mcp
      if [ "$1" != xugu ]; then eval "jh=\$JDK_${1#xugu-jdk}"; fi
      if [ "$2" = http ]; then bin=xugu-mcp-http; VIA=(--http "http://127.0.0.1:$PORT/mcp"); fi
      SERVER=(env "${XUGU_ENV[@]}" ${jh:+"JAVA_HOME=$jh"} "$DIST/bin/$bin")
      if [ "$2" = http ]; then SERVER+=(--port "$PORT"); fi
      ;;
    spg) SERVER=(node "$SPG" "$PGURL") ;;
    dbhub)
      if [ "$2" = http ]; then
        SERVER=(node "$DBHUB" --transport http --host 127.0.0.1 --port "$PORT" --dsn "$PGURL?sslmode=disable")
        VIA=(--http "http://127.0.0.1:$PORT/mcp")
      else
        SERVER=(node "$DBHUB" --transport stdio --dsn "$PGURL?sslmode=disable")
      fi
      ;;
  esac
}
# sql <name> <statement> [limit] → CALL (tool and arguments)
sql() {
  local s; s=$(j "$2")
  case $1 in
    xugu*) CALL=(--tool execute_query --args "{\"sql\":$s${3:+,\"limit\":$3}}") ;;
    spg) CALL=(--tool query --args "{\"sql\":$s}") ;;
    dbhub) CALL=(--tool execute_sql --args "{\"sql\":$s}") ;;
  esac
}
run() { # name workload round
  local name=$1 wl=$2 r=$3 via=stdio
  case $wl in
    start) CALL=(--op none) ;;
    point) sql "$name" "$QP"; CALL+=(-n 1000 -w 20) ;;
    conc4) [ "$name" = dbhub ] && return 0; sql "$name" "$QP"; CALL+=(-n 50 -w 10 -c 4 -m 250) ;;
    http4) [ "$name" = spg ] && return 0; via=http; sql "$name" "$QP"; CALL+=(-n 50 -w 10 -c 4 -m 250) ;;
    rows10k) sql "$name" "$Q10" 10000; CALL+=(-n 20 -w 2) ;;
  esac
  server "$name" "$via"
  if [ "$wl" = idle ]; then # started, listed, left alone for 15 s: the kit's own figure is read during the start
    node "$WORK/kit/idle-rss.mjs" --label "$name" -- "${SERVER[@]}" >>"$IDLE" \
      || echo "compare.sh: $name idle round $r failed" >&2
    return 0
  fi
  node "$WORK/kit/mcp-bench.mjs" --quiet --label "$name:$wl:$r" "${VIA[@]}" "${CALL[@]}" -- "${SERVER[@]}" >>"$OUT" \
    || echo "compare.sh: $name $wl round $r failed (see $OUT)" >&2
}

# Two spawns first so the class-data archive exists before anything is measured, as after any first use (the first
# run records the classes, the second builds the archive in the background).
for x in $XUGUS; do
  server "$x" stdio
  for _ in 1 2; do node "$WORK/kit/mcp-bench.mjs" --quiet --op none -- "${SERVER[@]}" >/dev/null; done
done
for _ in $(seq 1 240); do
  ls "$WORK/cache/xugu-mcp/"*.lock >/dev/null 2>&1 || break
  sleep 0.5
done
for r in $(seq 1 "$ROUNDS"); do
  # shellcheck disable=SC2086
  set -- $XUGUS $PEERS
  for _ in $(seq 2 "$r"); do set -- "${@:2}" "$1"; done   # rotate the order every round
  for wl in $WORKLOADS; do
    echo "round $r/$ROUNDS: $wl ($*)" >&2
    for name in "$@"; do run "$name" "$wl" "$r"; done
  done
done
: > "$WORK/summary.md"
[ -s "$OUT" ] && node "$WORK/kit/summarize.mjs" "$OUT" > "$WORK/summary.md"
if [ -s "$IDLE" ]; then
  node -e '
    const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse).filter((r) => !r.error);
    const by = new Map(); rows.forEach((r) => by.set(r.label, [...(by.get(r.label) ?? []), r.idle_rss_mb]));
    const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor((s.length - 1) / 2)]; };
    console.log("\n### Idle: RSS 15 s after tools/list (started, listed, not called)\n");
    console.log("| peer | runs | idle RSS MB |\n|---|---|---|");
    for (const [k, v] of by) console.log(`| ${k} | ${v.length} | ${med(v)} [${Math.min(...v)}–${Math.max(...v)}] |`);
  ' "$IDLE" >> "$WORK/summary.md"
fi
{ echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"; echo; cat "$WORK/summary.md"; } | tee "$WORK/summary.txt"
