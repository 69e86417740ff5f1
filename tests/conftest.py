"""Shared fixtures: a small planted world written without the simulator; a guard that keeps the Neo4j tests
off a database that is not a test server's."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

# each test module's temporary directories are deleted when it is done (tests/_tmp_cleanup.py)
from tests._tmp_cleanup import _module_tmp_removed, pytest_runtest_makereport  # noqa: F401

WORDS = ("apple banana river mountain code python data cloud music art history science robot ocean "
         "planet city garden winter summer travel recipe budget email poem story").split()


def make_world(seed: int = 0, n_benign: int = 300, office: int = 30, ring_size: int = 12,
               ring_shares_card: bool = False) -> tuple[pd.DataFrame, pd.DataFrame, set[str]]:
    """Benign individuals, one office behind one NAT IP with a corporate card, one ring.

    The ring shares a private proxy pool and one template (different slot
    values per request), asks for step-by-step reasoning, gets long outputs,
    runs on a regular schedule, signed up within hours. Returns
    ``(events, accounts, ring_account_ids)``.
    """
    rng = np.random.default_rng(seed)
    t0 = int(pd.Timestamp("2026-11-01", tz="UTC").timestamp())
    rows, accs = [], []

    def words(n: int) -> str:
        return " ".join(rng.choice(WORDS, n))

    def created(days_back: float) -> str:
        return pd.Timestamp(t0 - days_back * 86400, unit="s", tz="UTC").isoformat()

    for i in range(n_benign):
        a = f"user{i:04d}"
        ip = f"10.{i % 250}.{rng.integers(255)}.{rng.integers(1, 255)}"
        accs.append((a, f"pm_u{i}", created(rng.uniform(30, 365))))
        for _ in range(rng.integers(5, 30)):
            rows.append((a, t0 + int(rng.integers(14 * 86400)), ip,
                         f"Tell me about {words(6)} please, {words(4)}", "Mozilla/5.0", int(rng.integers(100, 400))))
    for i in range(office):
        a = f"office{i:03d}"
        accs.append((a, "pm_corp" if i < 20 else f"pm_o{i}", created(rng.uniform(30, 365))))
        for _ in range(rng.integers(5, 30)):
            rows.append((a, t0 + int(rng.integers(14 * 86400)), "198.51.100.7",
                         f"How do I {words(5)} with {words(3)}?", "Mozilla/5.0", int(rng.integers(100, 400))))
    pool = [f"203.0.113.{k}" for k in range(8)]
    ring = set()
    for i in range(ring_size):
        a = f"acct{i:03d}x"
        ring.add(a)
        accs.append((a, "pm_ring" if ring_shares_card and i < 4 else f"pm_r{i}", created(5 - rng.uniform(0, 0.4))))
        start = t0 + int(rng.integers(3600))
        for j in range(200):
            rows.append((a, start + j * 3000 + int(rng.integers(60)), pool[rng.integers(8)],
                         f"Solve problem {rng.integers(10000)} about {words(2)}: compute the integral of "
                         f"x^{rng.integers(9)} step by step and explain your reasoning in detail",
                         "python-requests/2.31", int(rng.integers(1500, 3000))))
    ev = pd.DataFrame(rows, columns=["account_id", "timestamp", "ip", "prompt", "user_agent", "output_tokens"])
    ev["timestamp"] = pd.to_datetime(ev["timestamp"], unit="s", utc=True).dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    ac = pd.DataFrame(accs, columns=["account_id", "payment_method", "created_at"])
    return ev, ac, ring


@pytest.fixture(scope="session")
def world():
    return make_world()


@pytest.fixture()
def world_files(tmp_path: Path, world):
    ev, ac, ring = world
    ev.to_csv(tmp_path / "events.csv", index=False)
    ac.to_csv(tmp_path / "accounts.csv", index=False)
    return tmp_path / "events.csv", tmp_path / "accounts.csv", ring


@pytest.fixture(autouse=True)
def _root_log_handlers_restored():
    """The CLI configures the root logger with the stream it runs on (``logging.basicConfig(force=True)``);
    under ``CliRunner`` that stream is closed when the command returns, and every later test's log record
    printed a "Logging error" traceback to it. Each test ends with the root handlers it started with."""
    import logging

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


#: the label of the one node that marks a Neo4j database as the tests' own (the tests delete graphhunt's nodes)
TEST_DB_LABEL = "GraphhuntTestDatabase"
#: set to 1 to let the tests use a database that holds graphhunt runs without the mark (they delete them)
MAY_WIPE_ENV = "GRAPHHUNT_NEO4J_TESTS_MAY_WIPE"


def neo4j_guard(uri: str, user: str, password: str, may_wipe: bool = False) -> str | None:
    """Why the Neo4j tests must not run against ``uri``, or None (and the database is marked as the tests').

    The tests read the server from ``GRAPHHUNT_NEO4J_URI``, the variable ``graphhunt push`` and ``query`` read
    too, and they delete graphhunt's nodes (Account, Ring, Run, ...) between tests: an investigator who ran
    ``pytest`` in a shell set up for their own graph lost its pushed runs. A database that holds a graphhunt
    ``Run`` is used only if it carries the tests' mark (a node labelled :data:`TEST_DB_LABEL`, created the
    first time the tests meet an empty database) or ``may_wipe``. A server that does not answer is left to
    the tests, which report it.
    """
    try:
        import neo4j
    except ImportError:  # the tests that need it skip
        return None
    try:
        drv = neo4j.GraphDatabase.driver(uri, auth=(user, password), connection_timeout=10,
                                         notifications_min_severity="OFF")
    except Exception:  # noqa: BLE001 (a malformed URI: the tests report it)
        return None
    try:
        try:
            rec = drv.execute_query(
                f"OPTIONAL MATCH (m:{TEST_DB_LABEL}) WITH count(m) AS marked "
                "OPTIONAL MATCH (r:Run) RETURN marked, count(r) AS runs").records[0]
        except Exception:  # noqa: BLE001 (not reachable, wrong password: the tests report it)
            return None
        if rec["runs"] and not rec["marked"] and not may_wipe:
            return (f"GRAPHHUNT_NEO4J_URI={uri} holds {rec['runs']} graphhunt run(s) and is not the tests' database: "
                    "the Neo4j tests delete graphhunt's nodes. Run them against the test server "
                    "(`bash scripts/test.sh` starts one; or `unset GRAPHHUNT_NEO4J_URI`), or set "
                    f"{MAY_WIPE_ENV}=1 to let them wipe this one")
        drv.execute_query(f"MERGE (:{TEST_DB_LABEL} {{note: 'graphhunt tests may delete graphhunt nodes here'}})")
        return None
    finally:
        drv.close()


def pytest_sessionstart(session) -> None:
    uri = os.environ.get("GRAPHHUNT_NEO4J_URI")
    if not uri:
        return
    why = neo4j_guard(uri, os.environ.get("GRAPHHUNT_NEO4J_USER", "neo4j"),
                      os.environ.get("GRAPHHUNT_NEO4J_PASSWORD", "graphhunt-test-pw"),
                      may_wipe=os.environ.get(MAY_WIPE_ENV, "") not in ("", "0"))
    if why:
        raise pytest.UsageError(why)


@pytest.fixture(autouse=True)
def _one_neo4j_test_at_a_time(request, tmp_path_factory):
    """The tests marked ``neo4j`` share one test server and delete graphhunt's nodes between them; under
    pytest-xdist (``-n auto`` in the default options) two workers would wipe each other's graph mid-push. They
    take an exclusive lock on a file in the run's shared temporary root, so they run one at a time while the
    other tests run on every worker. (xdist's ``--dist loadgroup`` would do it without waiting, but it does
    not group on pytest 9.2, whose node ids no longer take its suffix.)"""
    if request.node.get_closest_marker("neo4j") is None:
        yield
        return
    import fcntl

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # every worker's basetemp is a directory of the run's own
    with open(root / "neo4j-tests.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield
