"""Checks of the Neo4j test server (scripts/neo4j-test-server.sh) through the official driver.

The server is started outside pytest:

    scripts/neo4j-test-server.sh start
    eval "$(scripts/neo4j-test-server.sh env)"
    pytest -m neo4j tests/test_neo4j_server.py

Without GRAPHHUNT_NEO4J_URI these tests are skipped; with it set they fail if the
server does not answer.
"""

from __future__ import annotations

import os
import uuid

import neo4j
import pytest

pytestmark = pytest.mark.neo4j

DEFAULT_USER = "neo4j"
DEFAULT_PASSWORD = "graphhunt-test-pw"


@pytest.fixture(scope="module")
def neo4j_settings() -> dict[str, str]:
    uri = os.environ.get("GRAPHHUNT_NEO4J_URI")
    if not uri:
        pytest.skip(
            "GRAPHHUNT_NEO4J_URI is not set: start the server with "
            "`scripts/neo4j-test-server.sh start` and "
            '`eval "$(scripts/neo4j-test-server.sh env)"`'
        )
    return {
        "uri": uri,
        "user": os.environ.get("GRAPHHUNT_NEO4J_USER", DEFAULT_USER),
        "password": os.environ.get("GRAPHHUNT_NEO4J_PASSWORD", DEFAULT_PASSWORD),
    }


@pytest.fixture(scope="module")
def driver(neo4j_settings):
    drv = neo4j.GraphDatabase.driver(
        neo4j_settings["uri"],
        auth=(neo4j_settings["user"], neo4j_settings["password"]),
        connection_timeout=10,
    )
    try:
        drv.verify_connectivity()
    except Exception as exc:  # noqa: BLE001 - any failure here means the server is unusable
        drv.close()
        pytest.fail(
            f"GRAPHHUNT_NEO4J_URI={neo4j_settings['uri']} is set but Neo4j does not answer: "
            f"{type(exc).__name__}: {exc}",
            pytrace=False,
        )
    yield drv
    drv.close()


@pytest.fixture
def label() -> str:
    """A label of this test's own, so tests sharing the server don't see each other's nodes."""
    return "GraphhuntTest_" + uuid.uuid4().hex[:12]


@pytest.fixture
def cleanup(driver, label):
    yield
    with driver.session() as session:
        session.run(f"MATCH (n:`{label}`) DETACH DELETE n").consume()


def _has_gds(driver) -> bool:
    with driver.session() as session:
        rows = session.run("SHOW FUNCTIONS YIELD name WHERE name = 'gds.version' RETURN name").data()
    return bool(rows)


def test_server_is_neo4j_5(driver):
    info = driver.get_server_info()
    assert info.agent.startswith("Neo4j/5."), info.agent
    with driver.session(database="system") as session:
        user = session.run("SHOW CURRENT USER YIELD user, passwordChangeRequired").single()
    assert user["user"] == DEFAULT_USER
    assert user["passwordChangeRequired"] is False


def test_write_then_read(driver, label, cleanup):
    with driver.session() as session:
        summary = session.run(
            f"""
            UNWIND $accounts AS acct
            CREATE (:`{label}` {{id: acct.id, key: acct.key}})
            """,
            accounts=[{"id": i, "key": f"k{i % 3}"} for i in range(6)],
        ).consume()
        assert summary.counters.nodes_created == 6
        session.run(
            f"""
            MATCH (a:`{label}`), (b:`{label}`)
            WHERE a.key = b.key AND a.id < b.id
            CREATE (a)-[:SHARES_KEY]->(b)
            """
        ).consume()

    with driver.session() as session:
        nodes = session.run(f"MATCH (n:`{label}`) RETURN n.id AS id ORDER BY id").value()
        edges = session.run(
            f"MATCH (a:`{label}`)-[:SHARES_KEY]->(b:`{label}`) RETURN a.id AS a, b.id AS b ORDER BY a, b"
        ).data()
    assert nodes == list(range(6))
    assert edges == [{"a": 0, "b": 3}, {"a": 1, "b": 4}, {"a": 2, "b": 5}]


def test_wrong_password_is_rejected(neo4j_settings, driver):
    bad = neo4j.GraphDatabase.driver(
        neo4j_settings["uri"],
        auth=(neo4j_settings["user"], neo4j_settings["password"] + "-wrong"),
        connection_timeout=10,
    )
    try:
        with pytest.raises(neo4j.exceptions.AuthError):
            bad.verify_connectivity()
    finally:
        bad.close()
    # the server does not lock the account after failed attempts
    driver.verify_connectivity()


def test_gds_version(driver):
    if not _has_gds(driver):
        pytest.skip("the Graph Data Science procedures are not loaded in this server")
    with driver.session() as session:
        version = session.run("RETURN gds.version() AS v").single()["v"]
    assert version.startswith("2."), version


def test_gds_louvain_finds_two_cliques(driver, label, cleanup):
    if not _has_gds(driver):
        pytest.skip("the Graph Data Science procedures are not loaded in this server")
    graph = "g_" + label
    with driver.session() as session:
        session.run(
            f"""
            UNWIND range(0, 9) AS i
            CREATE (:`{label}` {{id: i, ring: i / 5}})
            """
        ).consume()
        session.run(
            f"""
            MATCH (a:`{label}`), (b:`{label}`)
            WHERE a.ring = b.ring AND a.id < b.id
            CREATE (a)-[:LINK]->(b)
            """
        ).consume()
        session.run(
            """
            CALL gds.graph.project($graph, $label, {LINK: {orientation: 'UNDIRECTED'}})
            YIELD nodeCount RETURN nodeCount
            """,
            graph=graph,
            label=label,
        ).consume()
        try:
            rows = session.run(
                """
                CALL gds.louvain.stream($graph) YIELD nodeId, communityId
                RETURN gds.util.asNode(nodeId).ring AS ring, collect(DISTINCT communityId) AS communities
                ORDER BY ring
                """,
                graph=graph,
            ).data()
        finally:
            session.run("CALL gds.graph.drop($graph, false) YIELD graphName", graph=graph).consume()
    assert [r["ring"] for r in rows] == [0, 1]
    assert all(len(r["communities"]) == 1 for r in rows)
    assert rows[0]["communities"] != rows[1]["communities"]


def test_env_prints_the_port_it_was_given():
    """`GRAPHHUNT_NEO4J_PORT=7799 scripts/neo4j-test-server.sh env` must point at 7799, not at the
    default (the prefix assignment does not survive into the caller's shell)."""
    import subprocess
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "scripts" / "neo4j-test-server.sh"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHHUNT_NEO4J")}
    out = subprocess.run(["bash", "-c", f'eval "$(GRAPHHUNT_NEO4J_PORT=7799 bash {script} env)"; '
                          'echo "$GRAPHHUNT_NEO4J_URI $GRAPHHUNT_NEO4J_PASSWORD"'],
                         env=env, capture_output=True, text=True, check=True).stdout.split()
    assert out == ["bolt://127.0.0.1:7799", DEFAULT_PASSWORD]


def test_the_tests_keep_off_a_database_that_is_not_theirs(neo4j_settings, driver, tmp_path):
    """The Neo4j tests read GRAPHHUNT_NEO4J_URI, the variable `graphhunt push` reads too, and delete graphhunt's
    nodes: an investigator who ran pytest in a shell set up for their own graph lost its pushed runs (a
    tester's note). A database holding a graphhunt Run without the tests' mark is refused, before any test
    runs, with the fix; the test server carries the mark (made the first time the tests meet it empty)."""
    import subprocess
    import sys
    from pathlib import Path

    from conftest import MAY_WIPE_ENV, TEST_DB_LABEL, neo4j_guard

    s = neo4j_settings
    auth = (s["uri"], s["user"], s["password"])
    assert neo4j_guard(*auth) is None  # the test server: marked
    assert driver.execute_query(f"MATCH (m:{TEST_DB_LABEL}) RETURN count(m) AS n").records[0]["n"] == 1
    run_id = "guard-" + uuid.uuid4().hex[:8]
    driver.execute_query(f"MATCH (m:{TEST_DB_LABEL}) DELETE m")
    driver.execute_query("CREATE (:Run {run_id: $r})", r=run_id)  # an investigator's pushed run
    try:
        why = neo4j_guard(*auth)
        assert why and "is not the tests' database" in why and MAY_WIPE_ENV in why, why
        assert "scripts/test.sh" in why and s["password"] not in why
        # pytest itself stops before the first test (usage error, exit 4), the database untouched
        root = Path(__file__).resolve().parents[1]
        env = {**os.environ, "GRAPHHUNT_NEO4J_URI": s["uri"], "GRAPHHUNT_NEO4J_USER": s["user"],
               "GRAPHHUNT_NEO4J_PASSWORD": s["password"]}
        env.pop(MAY_WIPE_ENV, None)
        p = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--co",
                            str(root / "tests" / "test_arrays.py")], cwd=root, env=env, capture_output=True,
                           text=True, timeout=120)
        assert p.returncode == 4 and "is not the tests' database" in p.stdout + p.stderr, p.stdout + p.stderr
        assert driver.execute_query("MATCH (r:Run {run_id: $r}) RETURN count(r) AS n", r=run_id).records[0]["n"] == 1
        # told it may wipe this one: allowed, and marked from then on
        assert neo4j_guard(*auth, may_wipe=True) is None
        assert neo4j_guard(*auth) is None
    finally:
        driver.execute_query("MATCH (r:Run {run_id: $r}) DETACH DELETE r", r=run_id)
        driver.execute_query(f"MERGE (:{TEST_DB_LABEL} {{note: 'graphhunt tests may delete graphhunt nodes here'}})")
