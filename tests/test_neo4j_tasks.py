"""The writer-thread scheduler of the Neo4j sink (no server needed: the tasks here do not write)."""
from __future__ import annotations

import threading
import time

import pytest

from graphhunt.errors import SinkError
from graphhunt.sinks.neo4j import _Tasks


def test_tasks_run_on_k_threads_largest_first_with_staggered_starts():
    seen = []
    lock = threading.Lock()

    def task(name):
        def go(w, start):
            with lock:
                seen.append((name, threading.current_thread().name, start))
            time.sleep(0.05)
            return name
        return go

    t = _Tasks(None, None, "run-x", True, 10, workers=2)
    out = t.run([(1, task("small")), (100, task("big")), (50, task("mid"))])
    assert out == ["small", "big", "mid"]  # results in task order
    assert [s[0] for s in seen[:2]] in (["big", "mid"], ["mid", "big"])  # largest two first
    assert {s[1] for s in seen} == {"graphhunt-neo4j-0", "graphhunt-neo4j-1"}
    assert {s[2] for s in seen} <= {0.0, 0.5} and len({s[2] for s in seen[:2]}) == 2


def test_one_worker_runs_in_order_on_the_calling_thread():
    seen = []
    t = _Tasks(None, None, "run-x", True, 10, workers=1)
    out = t.run([(1, lambda w, s: seen.append(threading.current_thread().name) or 1),
                 (9, lambda w, s: seen.append(s) or 2)])
    assert out == [1, 2] and seen == [threading.current_thread().name, 0.0]


def test_first_error_is_raised_and_the_other_writers_stop():
    started = []

    def bad(w, start):
        time.sleep(0.02)
        raise SinkError("Neo4j connection lost while writing USED->IP")

    def slow(w, start):
        started.append(start)
        # what _Writer.write checks between batches
        for _ in range(200):
            if w.stop.is_set():
                raise SinkError("writing LINKED: stopped because another writer failed")
            time.sleep(0.01)
        return "done"

    t = _Tasks(None, None, "run-x", True, 10, workers=2)
    t0 = time.perf_counter()
    with pytest.raises(SinkError, match="connection lost while writing USED->IP"):
        t.run([(5, slow), (5, bad), (1, slow)])
    assert time.perf_counter() - t0 < 1.5  # the slow writer stopped early, the third task never ran
    assert len(started) == 1
