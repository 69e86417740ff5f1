"""Leiden community detection on the account graph.

Default: igraph's built-in Leiden (``Graph.community_leiden``), the same
algorithm as leidenalg by the same author, measured 12-17x faster on this
project's graphs (see docs/PERFORMANCE). ``communities.backend = "leidenalg"``
uses :func:`leidenalg.find_partition` instead.

Quality function: **CPM** by default. Its resolution has a plain meaning here:
a group of accounts is worth keeping together when its members share, on
average per pair, at least ``resolution`` units of weighted evidence (edge
weights are sums of saturated, rarity-weighted link evidence; one rare shared
card between two accounts is worth about 0.63). Modularity is available but
hits its resolution limit on large graphs (small rings merge into big blobs).

Same graph + same seed -> same partition.
"""
from __future__ import annotations

import logging
import os
import random
import sys
import threading
from contextlib import contextmanager
from typing import Iterator

import igraph as ig
import numpy as np
import pandas as pd

from ._arrays import stable_argsort, unique_sorted
from .config import CommunityConfig
from .graph import _bare_graph

__all__ = ["dense_cores", "detect_communities", "refine_by_templates"]

log = logging.getLogger(__name__)


def detect_communities(g: ig.Graph, cfg: CommunityConfig, initial: np.ndarray | None = None,
                       weights: np.ndarray | None = None) -> np.ndarray:
    """Return a community label per vertex (int64, 0..k-1, largest community first).

    Parameters
    ----------
    g : igraph.Graph
        Undirected graph with a ``weight`` edge attribute.
    cfg : CommunityConfig
        Backend, objective, resolution, seed, iterations.
    initial : array, optional
        Starting membership (e.g. the previous run's), passed to Leiden.
    weights : array, optional
        Edge weights in edge order, used instead of the ``weight`` attribute
        (igraph backend): igraph reads the array as it goes, so no Python
        list of all weights is made (~27 bytes per edge less; same result).
    """
    n = g.vcount()
    if n == 0:
        return np.zeros(0, np.int64)
    if g.ecount() == 0:
        memb = np.arange(n)
    elif cfg.backend == "leidenalg":
        import leidenalg as la

        if cfg.objective == "CPM":
            with signals_held():
                part = la.find_partition(g, la.CPMVertexPartition, weights="weight",
                                         resolution_parameter=cfg.resolution, seed=cfg.seed,
                                         n_iterations=cfg.n_iterations,
                                         initial_membership=None if initial is None else list(map(int, initial)))
        else:
            with signals_held():
                part = la.find_partition(g, la.RBConfigurationVertexPartition, weights="weight",
                                         resolution_parameter=cfg.resolution, seed=cfg.seed,
                                         n_iterations=cfg.n_iterations,
                                         initial_membership=None if initial is None else list(map(int, initial)))
        memb = np.asarray(part.membership)
    else:
        kw = dict(objective_function="CPM" if cfg.objective == "CPM" else "modularity",
                  weights="weight" if weights is None else np.asarray(weights, np.float64),
                  resolution=cfg.resolution, beta=0.01,
                  n_iterations=cfg.n_iterations)
        if initial is not None:
            kw["initial_membership"] = list(map(int, initial))
        with _seeded_igraph(cfg.seed), signals_held():
            part = g.community_leiden(**kw)
        memb = np.asarray(part.membership)
    return _canonical(memb)


@contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block ends, then act as they would have.

    igraph's Leiden checks for signals as it runs and, interrupted, can abort the process in its clean-up
    ("free(): invalid pointer", exit -6: seen once in CI and in 1 of about 35 SIGTERMs timed across the
    link and community stages of a 6,000-account run, always inside ``community_leiden``). Held here, the
    signal's handler (the command line's: unwind and exit 130/143) runs when Leiden returns. Outside the
    main thread (where handlers cannot be set) the block runs as it is.
    """
    import signal

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    got: list = []
    held = (signal.SIGINT, signal.SIGTERM)
    before = {s: signal.getsignal(s) for s in held}

    def hold(signum, frame):  # noqa: ARG001
        got.append(signum)

    for s in held:
        signal.signal(s, hold)
    try:
        yield
    finally:
        for s, h in before.items():
            signal.signal(s, h)
        if got:
            h = before[got[0]]
            if callable(h):
                h(got[0], sys._getframe())
            elif h == signal.SIG_DFL:
                os.kill(os.getpid(), got[0])  # the default action (terminate), as if it came now


@contextmanager
def _seeded_igraph(seed: int) -> Iterator[None]:
    """igraph's random numbers from ``random.Random(seed)`` for the block; the global state is restored."""
    state = random.getstate()
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)
        random.setstate(state)


def _canonical(memb: np.ndarray) -> np.ndarray:
    """Labels 0..k-1 ordered by community size (descending), then smallest vertex id."""
    n = len(memb)
    sizes = np.bincount(memb)
    first = np.full(len(sizes), n, np.int64)
    np.minimum.at(first, memb, np.arange(n))
    order = np.lexsort((first, -sizes))
    relabel = np.empty(len(sizes), np.int64)
    relabel[order] = np.arange(len(sizes))
    return relabel[memb]


def refine_by_templates(comm: np.ndarray, template_inc, min_size: int, max_user_share: float = 0.5) -> np.ndarray:
    """Split out template-sharing groups that are a minority of a larger community.

    A ring is a group that shares infrastructure *and* behaviour. When a ring
    rides on infrastructure shared with benign users (a commercial proxy pool,
    a carrier NAT), Leiden can return one community holding both. Inside each
    community, a template family is *core* when at least 3 members use it and
    at least half of all its users are in the community. If the members using
    core families are fewer than ``max_user_share`` of the community, each
    connected group of them (accounts joined through shared core families) of at
    least ``min_size`` accounts becomes its own community; the others stay.

    Parameters
    ----------
    comm : array
        Community label per account code.
    template_inc : DataFrame or None
        ``acc, attr, n_events, n_accounts`` template-family incidence.

    Returns
    -------
    array
        New labels (canonical order: size desc, then smallest account).
    """
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    if template_inc is None or len(template_inc) == 0 or len(comm) == 0:
        return comm
    n = len(comm)
    t = template_inc.assign(comm=comm[template_inc["acc"].to_numpy()])
    fam = t.groupby(["comm", "attr"]).agg(members=("acc", "size"), k=("n_accounts", "first")).reset_index()
    core = fam[(fam["members"] >= 3) & (fam["members"] >= 0.5 * fam["k"])]
    if core.empty:
        return comm
    tk = t.merge(core[["comm", "attr"]], on=["comm", "attr"])
    sizes = np.bincount(comm)
    users = tk.groupby("comm")["acc"].nunique()
    cand = users[(users >= min_size) & (users < max_user_share * sizes[users.index.to_numpy()])].index
    if len(cand) == 0:
        return comm
    tk = tk[tk["comm"].isin(cand)]
    fnode, _ = pd.factorize(pd.MultiIndex.from_arrays([tk["comm"], tk["attr"]]))
    rows = tk["acc"].to_numpy()
    cols = n + fnode
    m = n + int(fnode.max()) + 1
    adj = sparse.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(m, m))
    _, lab = connected_components(adj, directed=False)
    acc_lab = lab[:n]
    in_group = np.zeros(n, bool)
    in_group[rows] = True
    comp_size = np.bincount(acc_lab[in_group], minlength=lab.max() + 1)
    split = in_group & (comp_size[acc_lab] >= min_size)
    if not split.any():
        return comm
    new = comm.astype(np.int64).copy()
    new[split] = comm.max() + 1 + acc_lab[split]
    _, new = np.unique(new, return_inverse=True)
    return _canonical(new)


def dense_cores(comm: np.ndarray, edges: tuple[np.ndarray, np.ndarray, np.ndarray], min_size: int,
                factor: float, seed: int = 42, only: np.ndarray | None = None, floor: float = 0.0,
                initial: np.ndarray | None = None, workers: int = 1) -> np.ndarray:
    """Split the dense cores out of loose communities.

    CPM keeps a community when its members share at least ``resolution`` of
    evidence per pair on average. A ring that rides on infrastructure it shares
    with benign users (a commercial proxy pool with its VPN customers) can end
    up as the dense core of such a community: the ring's own pairs share far
    more than the crowd's. Inside every community of at least ``2 * min_size``
    members (and in ``only``, a mask over community labels), one Leiden CPM run
    on the intra-community edges looks for groups whose evidence per pair is at
    least ``factor`` times the community's own mean (or times ``floor``, the
    CPM resolution, when the community is looser than that: a sparse crowd's
    chance triangles are not cores); each such group of at least ``min_size``
    members becomes a community of its own, the rest keep their label. A
    uniform group (one ring, one office) has no such core and stays whole.

    The communities are independent problems: Leiden runs on blocks of whole
    communities (about ``CORE_BLOCK_EDGES`` intra-community edges each), with
    node weights ``sqrt(factor * density(c))`` that turn CPM's single
    resolution into a per-community one. ``workers`` > 1 runs the blocks in
    that many forked processes (Linux); the blocks and their seeds do not
    depend on it, so neither does the result.

    Parameters
    ----------
    comm : array
        Community label per account code.
    edges : (src, dst, weight) arrays
        The account graph's edges (``LinkGraph.edges``); edges between
        communities are ignored, so a caller may pass only the internal ones.
    initial : array, optional
        A starting partition for the Leiden run (e.g. the groups an earlier,
        stricter search found: Leiden then refines them instead of starting
        from singletons). Accounts outside the searched communities start alone.
    workers : int
        Processes for the Leiden blocks (1: in this process).

    Returns
    -------
    array
        New labels (canonical order: size desc, then smallest vertex id).
    """
    return _dense_cores(comm, edges, min_size, factor, seed, only, floor, initial, workers)[0]


def _dense_cores(comm: np.ndarray, edges: tuple[np.ndarray, np.ndarray, np.ndarray], min_size: int,
                 factor: float, seed: int = 42, only: np.ndarray | None = None, floor: float = 0.0,
                 initial: np.ndarray | None = None, workers: int = 1) -> tuple[np.ndarray, np.ndarray | None]:
    """:func:`dense_cores`, also returning the Leiden membership it found (None when it ran no Leiden)."""
    n = len(comm)
    s, d, w = (np.asarray(a) for a in edges)
    if n == 0 or len(s) == 0 or factor <= 0:
        return comm, None
    sizes = np.bincount(comm)
    cand = sizes >= 2 * min_size
    if only is not None:
        cand &= only[: len(sizes)]
    if not cand.any():
        return comm, None
    keep = (comm[s] == comm[d]) & cand[comm[s]]
    if not keep.any():
        return comm, None
    s, d, w = s[keep], d[keep], w[keep].astype(np.float64)
    wsum = np.bincount(comm[s], weights=w, minlength=len(sizes))
    pairs = sizes * (sizes - 1) / 2.0
    dens = np.where(pairs > 0, wsum / np.maximum(pairs, 1.0), 0.0)
    thr = factor * np.maximum(dens, floor)
    node_w = np.sqrt(thr[comm])
    # a core is bound by strong ties: only edges of at least half its threshold take part (at 100k
    # accounts 8 % of the intra-community edges; Leiden on all of them took 8-14 s)
    strong = w >= 0.5 * thr[comm[s]]
    s, d, w = s[strong], d[strong], w[strong]
    init = None
    if initial is not None:
        # the starting groups, cut at the searched communities' borders; everyone else alone
        inside = cand[comm]
        init = np.where(inside, initial.astype(np.int64), int(initial.max()) + 1 + np.arange(n))
        init = pd.factorize(init * (int(comm.max()) + 1) + comm)[0]
    lab = _leiden_blocks(comm, s, d, w, node_w, init, seed, workers)
    core = (np.bincount(lab)[lab] >= min_size) & cand[comm]
    if not core.any():
        return comm, lab
    new = comm.astype(np.int64).copy()
    new[core] = comm.max() + 1 + lab[core]
    return _canonical(pd.factorize(new)[0]), lab


#: intra-community edges per Leiden block of the dense-core search. Blocks are runs of whole
#: communities in label order, so their bounds depend on the graph only, never on ``workers``.
CORE_BLOCK_EDGES = 100_000

_FORK_JOB: dict = {}  # the block search that forked workers inherit (read only in the workers)
_FORK_LOCK = threading.Lock()  # one forked block search at a time per process


def _leiden_blocks(comm: np.ndarray, s: np.ndarray, d: np.ndarray, w: np.ndarray, node_w: np.ndarray,
                   init: np.ndarray | None, seed: int, workers: int = 1) -> np.ndarray:
    """CPM Leiden (resolution 1, ``node_w``) on edges that never cross communities of ``comm``.

    Communities are independent under CPM, so Leiden runs on blocks of whole communities of about
    :data:`CORE_BLOCK_EDGES` edges, each on its own compact graph with the same seed. Returns a
    label per vertex; vertices without edges are alone.

    ``workers`` > 1 runs the blocks in forked processes (Linux; not from a daemonic process, which
    cannot have children). If a worker dies (e.g. the OOM killer), the blocks are run again in this
    process: the result does not depend on where a block runs.
    """
    n = len(comm)
    lab = np.arange(n, dtype=np.int64)
    if len(s) == 0:
        return lab
    cs = comm[s]
    order = stable_argsort(cs)
    s, d, w, cs = s[order], d[order], w[order], cs[order]
    # block of each edge: communities in label order, cut where the running edge count passes a multiple
    per = np.bincount(cs)
    before = np.cumsum(per) - per
    cut = before[cs] // CORE_BLOCK_EDGES  # non-decreasing (cs is sorted): a block is a run of one value
    bounds = np.flatnonzero(np.r_[True, cut[1:] != cut[:-1], True])
    job = {"s": s, "d": d, "w": w, "node_w": node_w, "init": init, "seed": seed, "bounds": bounds}
    n_blocks = len(bounds) - 1
    parts = _forked_blocks(job, n_blocks, workers) if min(int(workers), n_blocks) > 1 else None
    if parts is None:
        parts = [_leiden_block(job, i) for i in range(n_blocks)]
    offset = n
    for nodes, memb in parts:
        lab[nodes] = offset + memb
        offset += int(memb.max()) + 1
    return pd.factorize(lab)[0].astype(np.int64)


def _forked_blocks(job: dict, n_blocks: int, workers: int) -> list | None:
    """The blocks of ``job`` in ``workers`` forked processes, or None when that cannot be done here."""
    import multiprocessing as mp

    if not sys.platform.startswith("linux") or mp.current_process().daemon:
        return None
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with _FORK_LOCK:
        _FORK_JOB.clear()
        _FORK_JOB.update(job)  # the workers are forked below and inherit it; nothing is pickled
        try:
            with ProcessPoolExecutor(min(workers, n_blocks), mp_context=mp.get_context("fork"),
                                     initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
                return list(pool.map(_forked_block, range(n_blocks)))
        except BrokenProcessPool:
            log.warning("a dense-core worker process died; running its blocks in this process")
            return None
        finally:
            _FORK_JOB.clear()


def _forked_block(i: int) -> tuple[np.ndarray, np.ndarray]:
    return _leiden_block(_FORK_JOB, i)


def default_workers() -> int:
    """``communities.workers = 0``: one per CPU this process may run on, at most 4."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 4))


def _die_with_parent(parent: int) -> None:
    """Pool initializer: the worker gets SIGKILL when the process that forked it dies.

    A forked worker holds copies of the parent's file descriptors (a refresh's state lock among
    them). Without this, workers of a parent killed with ``kill -9`` would wait for tasks forever
    and keep the lock held, so the next refresh would find the state locked.
    """
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the pool is used on Linux only
        pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


def _leiden_block(job: dict, i: int) -> tuple[np.ndarray, np.ndarray]:
    """Leiden on block ``i`` of ``job``: (its vertices, their labels 0..k-1)."""
    lo, hi = int(job["bounds"][i]), int(job["bounds"][i + 1])
    s, d = job["s"][lo:hi], job["d"][lo:hi]
    nodes = unique_sorted(np.concatenate([s, d]))  # (np.unique hashes: 1.1 s per 12M endpoints, a sort 0.1 s)
    a, b = np.searchsorted(nodes, s), np.searchsorted(nodes, d)
    init = None if job["init"] is None else pd.factorize(job["init"][nodes])[0].tolist()
    with _seeded_igraph(job["seed"]), signals_held():
        part = _bare_graph(len(nodes), a, b).community_leiden(
            objective_function="CPM", weights=job["w"][lo:hi], resolution=1.0, node_weights=job["node_w"][nodes],
            n_iterations=2, beta=0.01, initial_membership=init)
    return nodes, np.asarray(part.membership, dtype=np.int64)
