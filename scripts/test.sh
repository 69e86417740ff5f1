#!/usr/bin/env bash
# Run graphhunt's test suite from a fresh machine: install, start the Neo4j test
# server (real Neo4j, see neo4j-server/), run pytest, stop the server.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -m "slow or benchmark"`.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ -z "${GRAPHHUNT_SKIP_INSTALL:-}" ]; then
  "$PY" -m pip install -q --disable-pip-version-check -e ".[test]"
fi
started=""
if [ -z "${GRAPHHUNT_NEO4J_URI:-}" ] && [ -f scripts/neo4j-test-server.sh ] && command -v java >/dev/null && command -v mvn >/dev/null; then
  bash scripts/neo4j-test-server.sh start
  started=1
  export GRAPHHUNT_NEO4J_URI="bolt://127.0.0.1:${GRAPHHUNT_NEO4J_PORT:-7687}"
  export GRAPHHUNT_NEO4J_USER="${GRAPHHUNT_NEO4J_USER:-neo4j}"
  export GRAPHHUNT_NEO4J_PASSWORD="${GRAPHHUNT_NEO4J_PASSWORD:-graphhunt-test-pw}"
fi
if [ -z "${GRAPHHUNT_NEO4J_URI:-}" ] && [ -n "${GRAPHHUNT_REQUIRE_NEO4J:-}" ]; then
  echo "test.sh: GRAPHHUNT_REQUIRE_NEO4J is set but no Neo4j test server could be started (needs java and mvn)" >&2
  exit 1
fi
cleanup() { if [ -n "$started" ]; then bash scripts/neo4j-test-server.sh stop || true; fi; }
trap cleanup EXIT
set +e
"$PY" -m pytest "$@"
rc=$?
set -e
# pytest exit 5 = no tests collected (e.g. an empty marker selection): not a failure here
if [ "$rc" -eq 5 ]; then rc=0; fi
exit $rc
