"""Community stage: Leiden wrapper and the dense-core split (communities.dense_cores)."""
from __future__ import annotations

import numpy as np

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
