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


def test_tasks_with_common_keys_never_run_at_once_and_disjoint_ones_do():
    """LINKED buckets name the account groups they write: two buckets that share a group must not
    run at the same time (they would wait for each other's locks), two disjoint ones must."""
    active: list[frozenset] = []
    overlaps = []
    lock = threading.Lock()
    both = threading.Barrier(2, timeout=5)  # passes only if the two disjoint tasks run concurrently

    def task(keys, meet=False):
        def go(w, start):
            with lock:
                if any(keys & a for a in active):
                    overlaps.append(keys)
                active.append(keys)
            if meet:
                both.wait()
            time.sleep(0.03)
            with lock:
                active.remove(keys)
            return sorted(keys)
        return go

    groups = 4
    pairs = [(a, b) for a in range(groups) for b in range(a, groups)]
    tasks = [(100 if p in ((0, 1), (2, 3)) else 10, task(frozenset(p), meet=p in ((0, 1), (2, 3))), set(p))
             for p in pairs]
    t = _Tasks(None, None, "run-x", True, 10, workers=2)
    out = t.run(tasks)
    assert out == [sorted(set(p)) for p in pairs]
    assert overlaps == []
    assert both.n_waiting == 0 and not both.broken


def test_a_failing_task_wakes_a_writer_waiting_for_its_keys():
    def bad(w, start):
        time.sleep(0.05)
        raise SinkError("Neo4j connection lost while writing LINKED")

    def never(w, start):  # shares a key with the failing task: waits, then must give up
        raise AssertionError("ran after another writer failed")

    t = _Tasks(None, None, "run-x", True, 10, workers=2)
    t0 = time.perf_counter()
    with pytest.raises(SinkError, match="connection lost while writing LINKED"):
        t.run([(9, bad, {0}), (5, never, {0})])
    assert time.perf_counter() - t0 < 2


def test_positions_match_pandas_lookups_for_text_missing_and_non_text_keys():
    """Node-id lookups by Arrow give what pandas' get_indexer gave: Arrow and object strings,
    a missing key (NaN) in the table or among the keys, and numbers compared as their text."""
    import numpy as np
    import pandas as pd

    from graphhunt.sinks.neo4j import _id_map, _positions

    ids = pd.Series(["a", np.nan, "b", "c"], dtype=object)
    m = _id_map(ids.astype(str), np.array([10, 11, 12, 13]))
    for keys in (pd.Series(["b", "zz", "a"], dtype="str"), pd.Series(["b", "zz", "a"], dtype=object),
                 pd.Series(["b", np.nan, "zz"], dtype=object)):
        want = m.index.get_indexer(keys.astype(str).to_numpy(dtype=object))
        assert _positions(m, keys).tolist() == want.tolist()
    num = _id_map(pd.Series([1.0, 2.0, 3.0]).astype(str), np.array([5, 6, 7]))  # "1.0", "2.0", "3.0"
    assert _positions(num, pd.Series([3.0, 9.0, 1.0])).tolist() == [2, -1, 0]
    assert _positions(num, pd.Series([2, "x", 3.0], dtype=object)).tolist() == [-1, -1, 2]  # "2" is not "2.0"
    assert _positions(m, pd.Series([], dtype=object)).tolist() == []


def test_groups_shrink_for_small_results_only():
    """4 groups per session for a large result (a real 100k push has 6.9M relationship rows), fewer
    when the buckets would average under half a batch, one for one session."""
    from graphhunt.sinks.neo4j import GROUPS_PER_WORKER, _groups

    assert _groups(6_930_106, 2, 5_000) == GROUPS_PER_WORKER * 2
    assert _groups(6_930_106, 8, 5_000) == GROUPS_PER_WORKER * 8
    assert _groups(6_930_106, 1, 5_000) == 1
    assert _groups(3_000, 8, 5_000) == 1  # a sample run: one bucket per kind, not up to 32 x 32
    assert _groups(0, 2, 5_000) == 1
    gs = [_groups(n, 8, 5_000) for n in (10_000, 40_000, 160_000)]
    assert gs == [2, 4, 8]  # more rows, more groups; each bucket half a batch (2,500 rows) on average
    # the rows of several relationship kinds each split into up to groups² buckets of their own
    assert _groups(160_000, 8, 5_000, kinds=4) == 4 and _groups(6_930_106, 2, 5_000, kinds=7) == 8


def test_an_interrupt_while_writers_run_waits_for_them_before_it_goes_on():
    """A QA pass: SIGTERM or Ctrl-C during a push sometimes exited 1 with an AssertionError/BufferError
    traceback: the driver was closed under writer threads still packing a message. The writers are told
    to stop and joined before the interrupt goes on."""
    import signal

    started = threading.Barrier(3)
    finished = []

    def task(w, start):
        started.wait(5)
        while not w.stop.is_set():  # a writer between batches: it checks the stop flag
            time.sleep(0.01)
        time.sleep(0.3)  # the batch it was writing
        finished.append(threading.current_thread().name)

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGALRM, interrupt)
    try:
        t = _Tasks(None, None, "run-x", True, 10, workers=2)
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        with pytest.raises(KeyboardInterrupt):
            started_main = threading.Thread(target=started.wait, args=(5,))
            started_main.start()
            t.run([(10, task), (10, task)])
        assert sorted(finished) == ["graphhunt-neo4j-0", "graphhunt-neo4j-1"]  # both done when it raised
        assert not [th for th in threading.enumerate() if th.name.startswith("graphhunt-neo4j-")]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
