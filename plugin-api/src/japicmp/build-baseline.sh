#!/usr/bin/env bash
# Rebuilds the API compatibility baseline, xugu-mcp-plugin-api-0.2.0.jar, from the commit that released API 0.2.0.
# No artifact of 0.2.0 was ever published, so the check in plugin-api/pom.xml compares against this file.
# Usage (from the repository root): plugin-api/src/japicmp/build-baseline.sh
set -euo pipefail
COMMIT=6abc54c          # "XuguDB: a silent login gives one message …" – the last commit with xugumcp.api.version 0.2.0
VERSION=0.2.0
cd "$(git rev-parse --show-toplevel)"
OUT="plugin-api/src/japicmp/xugu-mcp-plugin-api-$VERSION.jar"
PF4J="${MAVEN_REPO:-$HOME/.m2/repository}/org/pf4j/pf4j/3.15.0/pf4j-3.15.0.jar"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
git archive "$COMMIT" plugin-api/src/main | tar -x -C "$WORK"
mkdir -p "$WORK/classes/io/xugumcp/api"
javac --release 17 -nowarn -cp "$PF4J" -d "$WORK/classes" $(find "$WORK/plugin-api/src/main/java" -name '*.java')
echo "api.version=$VERSION" > "$WORK/classes/io/xugumcp/api/api.properties"
# Fixed timestamps, so that rebuilding gives the same bytes.
find "$WORK/classes" -exec touch -d '2026-01-01T00:00:00Z' {} +
(cd "$WORK/classes" && jar --create --file "$WORK/baseline.jar" --date=2026-01-01T00:00:00Z .)
mv "$WORK/baseline.jar" "$OUT"
echo "wrote $OUT"
