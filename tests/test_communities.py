"""Community stage: Leiden wrapper and the dense-core split (communities.dense_cores)."""
from __future__ import annotations

import numpy as np
import pytest

from graphhunt.communities import dense_cores


def _graph(n, edges, weights):
    """(src, dst, weight) arrays, as in LinkGraph.edges."""
    el = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    return el[:, 0], el[:, 1], np.asarray(weights, dtype=np.float64)


def _n(g):
    return int(max(g[0].max(), g[1].max())) + 1


def _crowd_with_core(seed=0, n_crowd=48, n_core=12, p=0.9, w_loose=0.4, w_core=1.0):
    """One community: a loose crowd (shared proxy exits) and a dense core (the ring) inside it."""
    rng = np.random.default_rng(seed)
    n = n_crowd + n_core
    core = np.arange(n_crowd, n)
    edges, weights = [], []
    for i in range(n):
        for j in range(i + 1, n):
            if i in core and j in core:
                edges.append((i, j)); weights.append(w_core)
            elif rng.random() < p:
                edges.append((i, j)); weights.append(w_loose)
    return _graph(n, edges, weights), core


def test_dense_core_is_split_from_its_crowd():
    g, core = _crowd_with_core()
    comm = np.zeros(_n(g), np.int64)
    out = dense_cores(comm, g, min_size=3, factor=2.0)
    core_labels = set(out[core].tolist())
    assert len(core_labels) == 1, "the core stays together"
    crowd = np.setdiff1d(np.arange(_n(g)), core)
    assert not core_labels & set(out[crowd].tolist()), "the core gets a label of its own"


def test_chance_triangles_of_a_sparse_crowd_are_not_cores():
    # a loose crowd (density ~0.15, under the CPM resolution 0.35) holds many triangles of weight 0.4
    g, core = _crowd_with_core(p=0.3)
    comm = np.zeros(_n(g), np.int64)
    crowd = np.setdiff1d(np.arange(_n(g)), core)
    loose = dense_cores(comm, g, min_size=3, factor=2.0)
    assert len(np.unique(loose[crowd])) > 3, "without the floor, chance triangles split off"
    out = dense_cores(comm, g, min_size=3, factor=2.0, floor=0.35)
    assert len(set(out[core].tolist())) == 1
    assert len(np.unique(out[crowd])) == 1 and not set(out[core].tolist()) & set(out[crowd].tolist())


def test_uniform_community_stays_whole():
    rng = np.random.default_rng(1)
    n = 30
    edges = [(i, j) for i in range(n) for j in range(i + 1, n)]
    g = _graph(n, edges, rng.uniform(0.8, 1.2, len(edges)))
    comm = np.zeros(n, np.int64)
    out = dense_cores(comm, g, min_size=3, factor=2.0)
    assert (out == 0).all()


def test_only_mask_and_small_communities_are_left_alone():
    g, core = _crowd_with_core()
    comm = np.zeros(_n(g), np.int64)
    out = dense_cores(comm, g, min_size=3, factor=2.0, only=np.array([False]))
    assert (out == comm).all()
    # a community smaller than 2 * min_size is never split
    out = dense_cores(comm, g, min_size=40, factor=2.0)
    assert (out == comm).all()


def test_dense_core_split_is_deterministic_and_respects_communities():
    g1, core1 = _crowd_with_core(seed=2)
    g2, core2 = _crowd_with_core(seed=3)
    # two separate communities side by side in one graph
    n1 = _n(g1)
    g = (np.r_[g1[0], g2[0] + n1], np.r_[g1[1], g2[1] + n1], np.r_[g1[2], g2[2]])
    comm = np.r_[np.zeros(n1, np.int64), np.ones(_n(g2), np.int64)]
    a = dense_cores(comm, g, min_size=3, factor=2.0)
    b = dense_cores(comm, g, min_size=3, factor=2.0)
    assert (a == b).all()
    # no new community crosses the old boundary, and each core is split out
    for lab in np.unique(a):
        assert len(set(comm[a == lab].tolist())) == 1
    assert len(set(a[core1].tolist())) == 1 and len(set(a[core2 + n1].tolist())) == 1
    assert len(np.unique(a)) == 4


def _pool_with_rings(ring_size=10, n_rings=3, n_crowd=30, w_ring=0.7, w_cross=0.6, w_crowd_ring=0.45,
                     w_crowd=0.3, n_tight=0):
    """One community: rings that share one proxy pool with each other and with a crowd of its users.

    Each ring's pairs share a little more than pairs across rings (the same exits, plus their own
    templates); everyone shares the pool's exits. ``n_tight`` adds a ring whose pairs share far more
    (1.0). Returns the edges, the ring label per vertex (-1 for the crowd) and the tight ring's vertices.
    """
    sizes = [ring_size] * n_rings + ([n_tight] if n_tight else [])
    ring = np.concatenate([np.full(s, k) for k, s in enumerate(sizes)] + [np.full(n_crowd, -1)])
    n = len(ring)
    i, j = np.triu_indices(n, 1)
    ri, rj = ring[i], ring[j]
    w = np.where((ri >= 0) & (ri == rj), w_ring, np.where((ri >= 0) & (rj >= 0), w_cross,
                 np.where((ri >= 0) | (rj >= 0), w_crowd_ring, w_crowd)))
    if n_tight:
        w = np.where((ri == n_rings) & (rj == n_rings), 1.0, w)
    tight = np.flatnonzero(ring == n_rings) if n_tight else np.zeros(0, np.int64)
    return (i.astype(np.int64), j.astype(np.int64), w.astype(np.float64)), ring, tight


def _search(comm, g, ring, steps, calls=None):
    """Run the stepped dense-core search with a scorer that flags groups made of ring accounts only."""
    import pandas as pd

    from graphhunt.config import CommunityConfig
    from graphhunt.detector import _dense_core_search

    import graphhunt.detector as D

    def score(c, e=None, measured_only=False):
        if e is not None:  # the search passes the edges inside the communities it rescores: all internal ones
            inside = c[g[0]] == c[g[1]]
            assert (c[e["src"].to_numpy()] == c[e["dst"].to_numpy()]).sum() == (inside & (np.bincount(c)[c[g[0]]] > 1)).sum()
        df = pd.DataFrame({"c": c, "ring": ring >= 0})
        r = df.groupby("c").agg(size=("ring", "size"), pure=("ring", "all"))
        r = r[r["size"] >= 3]
        r["flagged"] = r["pure"]
        return r, pd.DataFrame({"comm": c}, index=np.arange(len(c)))

    orig = D._rescore

    def rescore(old, rings, members, new, score, edges):  # the partition of every step that changed it
        if calls is not None:
            calls.append(new.copy())
        return orig(old, rings, members, new, score, edges)

    edges = pd.DataFrame({"src": g[0], "dst": g[1], "weight": g[2]})
    cc = CommunityConfig(core_density_steps=steps)
    rings, members = score(comm)
    if calls is not None:
        calls.append(comm.copy())
    D._rescore = rescore
    try:
        return _dense_core_search(comm, rings, members, edges, cc, score)
    finally:
        D._rescore = orig


def test_rings_sharing_one_pool_are_found_at_a_lower_density_step():
    """Three rings on one commercial proxy pool with its users (the 50k hard world's blobs).

    Each ring is only ~1.5x as dense as the community; one look at factor 2 finds no core, the
    stepped search does (at 2 ** 0.5) and returns each ring as its own group, the crowd apart.
    """
    g, ring, _ = _pool_with_rings()
    comm = np.zeros(len(ring), np.int64)
    one, rings1, _ = _search(comm, g, ring, steps=1)
    assert len(np.unique(one)) == 1 and not rings1["flagged"].any()
    out, rings4, _ = _search(comm, g, ring, steps=4)
    for k in range(3):
        labels = np.unique(out[ring == k])
        assert len(labels) == 1 and rings4.loc[labels[0], "flagged"], k
    assert len(np.unique(out[ring >= 0])) == 3, "rings are not merged with each other"
    assert not np.isin(out[ring == -1], out[ring >= 0]).any(), "the crowd stays apart"


def test_groups_flagged_at_an_earlier_step_stay_whole():
    """A tight ring flagged at factor 2 keeps its group while the looser rings are found later."""
    g, ring, tight = _pool_with_rings(n_tight=8)
    comm = np.zeros(len(ring), np.int64)
    calls = []
    out, rings, _ = _search(comm, g, ring, steps=4, calls=calls)
    first = calls[1]  # the partition after the first step (factor 2)
    assert len(np.unique(first[tight])) == 1 and np.sum(first == first[tight[0]]) == len(tight)
    # the final partition keeps exactly that group
    assert len(np.unique(out[tight])) == 1 and np.sum(out == out[tight[0]]) == len(tight)
    assert rings["flagged"].sum() == 4
    # no other step re-scored a partition that split the tight ring
    assert all(len(np.unique(c[tight])) == 1 for c in calls)


def test_stepped_search_is_deterministic_and_a_single_step_is_the_old_look():
    g, ring, _ = _pool_with_rings(n_tight=8)
    comm = np.zeros(len(ring), np.int64)
    a = _search(comm, g, ring, steps=4)[0]
    b = _search(comm, g, ring, steps=4)[0]
    assert np.array_equal(a, b)
    one = _search(comm, g, ring, steps=1)[0]
    old = dense_cores(comm, g, min_size=3, factor=2.0, floor=0.35)
    from graphhunt.detector import _same_partition
    assert _same_partition(one, old)


def _many_pools(k=12):
    """``k`` crowd-with-core communities side by side: (edges, comm, cores)."""
    parts = [_crowd_with_core(seed=10 + i) for i in range(k)]
    off, s, d, w, comm, cores = 0, [], [], [], [], []
    for i, (g, core) in enumerate(parts):
        s.append(g[0] + off); d.append(g[1] + off); w.append(g[2])
        comm.append(np.full(_n(g), i, np.int64)); cores.append(core + off)
        off += _n(g)
    return (np.concatenate(s), np.concatenate(d), np.concatenate(w)), np.concatenate(comm), cores


def test_dense_core_blocks_and_workers_do_not_change_what_is_found(monkeypatch):
    """Leiden runs on blocks of whole communities; the blocks, not the worker count, fix the result."""
    import graphhunt.communities as C

    g, comm, cores = _many_pools()
    one_block = dense_cores(comm, g, min_size=3, factor=2.0)
    monkeypatch.setattr(C, "CORE_BLOCK_EDGES", 2000)  # ~1 community per block: 12 blocks
    blocks = dense_cores(comm, g, min_size=3, factor=2.0, workers=1)
    forked = dense_cores(comm, g, min_size=3, factor=2.0, workers=3)
    assert (blocks == forked).all(), "same blocks, same seeds: the worker count does not matter"
    for out in (one_block, blocks):
        assert len(np.unique(out)) == 2 * len(cores)
        for core in cores:
            lab = set(out[core].tolist())
            assert len(lab) == 1 and not lab & set(np.delete(out, core).tolist())


def test_dense_core_search_starting_from_earlier_groups():
    """``initial``: Leiden starts from given groups, cut at community borders, and still finds the cores."""
    g, comm, cores = _many_pools(4)
    n = len(comm)
    # a start that lumps everyone together across communities (must be cut at their borders)
    out = dense_cores(comm, g, min_size=3, factor=2.0, initial=np.zeros(n, np.int64))
    for core in cores:
        assert len(set(out[core].tolist())) == 1
    for lab in np.unique(out):
        assert len(set(comm[out == lab].tolist())) == 1
    assert len(np.unique(out)) == 2 * len(cores)


def test_block_workers_die_with_a_killed_parent(tmp_path):
    """kill -9 of a run in the parallel dense-core search leaves no worker behind holding its files
    (a refresh's state lock): the next refresh must not find the state locked."""
    import os
    import signal
    import subprocess
    import sys
    import time

    if not sys.platform.startswith("linux"):
        import pytest

        pytest.skip("the worker pool is used on Linux only")
    script = tmp_path / "parent.py"
    pids = tmp_path / "pids"
    script.write_text(f"""
import os, sys, time, fcntl
import numpy as np
import graphhunt.communities as C
lock = os.open({str(tmp_path / 'lock')!r}, os.O_RDWR | os.O_CREAT)
fcntl.flock(lock, fcntl.LOCK_EX)               # as a refresh holds its state lock

def slow_block(job, i):
    with open({str(pids)!r}, "a") as f:
        f.write(f"{{os.getpid()}}\\n")
    time.sleep(120)

C._leiden_block = slow_block
C.CORE_BLOCK_EDGES = 1
comm = np.array([0, 0, 0, 1, 1, 1])
s, d = np.array([0, 1, 3, 4]), np.array([1, 2, 4, 5])
C._leiden_blocks(comm, s, d, np.ones(4), np.ones(6), None, 42, workers=2)
""")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    proc = subprocess.Popen([sys.executable, str(script)], env=env)
    deadline = time.time() + 60
    while time.time() < deadline and (not pids.exists() or len(pids.read_text().split()) < 2):
        time.sleep(0.1)
    workers = [int(p) for p in pids.read_text().split()]
    assert len(workers) == 2 and proc.pid not in workers
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    def alive(pid):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        try:  # a zombie (exited, not yet reaped by init) holds no files
            return open(f"/proc/{pid}/stat").read().split(")")[-1].split()[0] != "Z"
        except OSError:
            return False

    deadline = time.time() + 10
    while time.time() < deadline and any(alive(p) for p in workers):
        time.sleep(0.1)
    assert not any(alive(p) for p in workers), "orphaned workers survived the parent"
    import fcntl

    fd = os.open(tmp_path / "lock", os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free again: raises if a worker still holds it
    os.close(fd)


def test_block_search_is_thread_safe_and_survives_worker_death_and_daemons(monkeypatch):
    """Concurrent searches in threads, a worker killed mid-search, and a search inside a daemonic pool
    worker (which may not fork) all give the result of the plain in-process search."""
    import multiprocessing as mp
    import os
    import signal
    import threading

    import graphhunt.communities as C

    g, comm, cores = _many_pools(6)
    monkeypatch.setattr(C, "CORE_BLOCK_EDGES", 2000)
    ref = dense_cores(comm, g, min_size=3, factor=2.0, workers=1)
    # threads, in-process and forked
    out, errors = [], []

    def run(workers):
        try:
            for _ in range(5):
                out.append(dense_cores(comm, g, min_size=3, factor=2.0, workers=workers))
        except Exception as e:  # noqa: BLE001 - collected for the assertion
            errors.append(repr(e))

    threads = [threading.Thread(target=run, args=(w,)) for w in (1, 1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(out) == 15 and all((o == ref).all() for o in out)
    # a worker dies (as under the OOM killer): the blocks are run again here, same result
    parent, plain = os.getpid(), C._leiden_block

    def dying_block(job, i):
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return plain(job, i)

    monkeypatch.setattr(C, "_leiden_block", dying_block)
    assert (dense_cores(comm, g, min_size=3, factor=2.0, workers=2) == ref).all()
    monkeypatch.setattr(C, "_leiden_block", plain)
    # inside a daemonic process (a multiprocessing pool worker): no fork, same result
    with mp.get_context("fork").Pool(1) as pool:
        got = pool.apply(dense_cores, (comm, g), {"min_size": 3, "factor": 2.0, "workers": 2})
    assert (got == ref).all()


def test_dense_core_search_scope():
    """``scope`` (refresh): only communities holding an account in scope are searched, each whole."""
    import pandas as pd

    from graphhunt.config import CommunityConfig
    from graphhunt.detector import _dense_core_search

    g, comm, cores = _many_pools(2)
    n = len(comm)
    edges = pd.DataFrame({"src": g[0], "dst": g[1], "weight": g[2]})

    def score(c, e=None, measured_only=False):
        r = pd.DataFrame({"c": c}).groupby("c").size().rename("size").to_frame()
        r["flagged"] = False
        return r[r["size"] >= 3], pd.DataFrame(index=np.arange(n))

    cc = CommunityConfig(core_density_steps=1, workers=1)
    r, m = score(comm)
    full = _dense_core_search(comm, r, m, edges, cc, score)[0]
    assert len(np.unique(full)) == 4  # both cores split out
    one_account = np.zeros(n, bool)
    one_account[np.flatnonzero(comm == 1)[0]] = True  # one account of community 1: it is searched whole
    part = _dense_core_search(comm, r, m, edges, cc, score, scope=one_account)[0]
    assert len(np.unique(part[comm == 0])) == 1, "community 0 is out of scope: not searched"
    assert _same_groups(part[comm == 1], full[comm == 1]), "community 1 is searched as in the full run"


def _same_groups(a, b):
    return len(set(zip(a.tolist(), b.tolist()))) == len(set(a.tolist())) == len(set(b.tolist()))


def test_a_signal_during_leiden_acts_when_it_returns():
    """igraph's Leiden, interrupted, could abort the process in its clean-up (free(): invalid pointer). A
    Ctrl-C or SIGTERM inside the held block is acted on when the block ends, by the handler in place."""
    import os
    import signal

    from graphhunt.communities import signals_held

    ran = []
    # Python's own Ctrl-C handler (a test run before this one may have left another in place)
    old_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            with signals_held():
                os.kill(os.getpid(), signal.SIGINT)
                ran.append("after the signal")  # still inside: the signal waits
        assert ran == ["after the signal"]
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # restored
    finally:
        signal.signal(signal.SIGINT, old_int)

    seen = []
    old = signal.signal(signal.SIGTERM, lambda s, f: seen.append(s))
    try:
        with signals_held():
            os.kill(os.getpid(), signal.SIGTERM)
            assert not seen
        assert seen == [signal.SIGTERM]
    finally:
        signal.signal(signal.SIGTERM, old)
    with signals_held():  # nothing held: nothing happens
        pass
