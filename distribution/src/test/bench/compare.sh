#!/usr/bin/env bash
# Interleaved quick comparison of the built distribution with the reference peer server-postgres (spg), using the
# benchmark client in ../shared/bench. Not part of the test run: a measuring tool, results go to a JSON-lines file.
#
#   KIT=/path/to/shared/bench (after its `npm install`)   PEERS=/path/to/peers (see the kit's README)
#   ROUNDS=3 OUT=results.jsonl distribution/src/test/bench/compare.sh
#   node "$KIT/summarize.mjs" results.jsonl
#
# Needs the kit's PostgreSQL database `bench` (user bench/bench, scale 1). The rate limit is switched off for the
# runs (a benchmark is exactly the runaway client it exists to stop); everything else is the shipped default.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
D=${DIST:-$HERE/../../../target/xugu-mcp-0.1.0/xugu-mcp-0.1.0}
KIT=${KIT:?set KIT to the bench kit folder}
PEERS=${PEERS:?set PEERS to the peers folder}
OUT=${OUT:-results.jsonl}
ROUNDS=${ROUNDS:-3}
export XUGU_DB_URL=jdbc:postgresql://127.0.0.1:5432/bench XUGU_DB_USER=bench XUGU_DB_PASSWORD=bench
export SECURITY_RESULT_SET_MAX_ROWS=10000 SECURITY_RATE_LIMIT_ENABLED=false XUGU_MCP_HOME=${XUGU_MCP_HOME:-$(mktemp -d)}
SPG=$PEERS/spg/node_modules/@modelcontextprotocol/server-postgres/dist/index.js
PGURL=postgresql://bench:bench@127.0.0.1:5432/bench
QP='SELECT * FROM orders WHERE order_id = 1 + ({{i}} * 7919) % 100000'
Q10='SELECT * FROM orders WHERE order_id <= 10000 ORDER BY order_id'
j() { node -e 'process.stdout.write(JSON.stringify(process.argv[1]))' "$1"; }
B=(node "$KIT/mcp-bench.mjs" --quiet)
for r in $(seq 1 "$ROUNDS"); do
  "${B[@]}" --label "xugu:start:$r" --op none -- "$D/bin/xugu-mcp" >> "$OUT"
  "${B[@]}" --label "spg:start:$r" --op none -- node "$SPG" "$PGURL" >> "$OUT"
  "${B[@]}" --label "xugu:point:$r" --tool execute_query --args "{\"sql\":$(j "$QP")}" -n 1000 -w 20 -- "$D/bin/xugu-mcp" >> "$OUT"
  "${B[@]}" --label "spg:point:$r" --tool query --args "{\"sql\":$(j "$QP")}" -n 1000 -w 20 -- node "$SPG" "$PGURL" >> "$OUT"
  "${B[@]}" --label "xugu:conc4:$r" --tool execute_query --args "{\"sql\":$(j "$QP")}" -n 50 -w 10 -c 4 -m 250 -- "$D/bin/xugu-mcp" >> "$OUT"
  "${B[@]}" --label "xugu-http:conc4:$r" --http http://127.0.0.1:8931/mcp --tool execute_query --args "{\"sql\":$(j "$QP")}" \
      -n 50 -w 10 -c 4 -m 250 -- "$D/bin/xugu-mcp-http" --port 8931 >> "$OUT"
  "${B[@]}" --label "xugu:rows10k:$r" --tool execute_query --args "{\"sql\":$(j "$Q10"),\"limit\":10000}" -n 20 -w 2 -- "$D/bin/xugu-mcp" >> "$OUT"
  "${B[@]}" --label "spg:rows10k:$r" --tool query --args "{\"sql\":$(j "$Q10")}" -n 20 -w 2 -- node "$SPG" "$PGURL" >> "$OUT"
done
