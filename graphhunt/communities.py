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

import random

import igraph as ig
import numpy as np

from .config import CommunityConfig

__all__ = ["detect_communities"]


def detect_communities(g: ig.Graph, cfg: CommunityConfig, initial: np.ndarray | None = None) -> np.ndarray:
    """Return a community label per vertex (int64, 0..k-1, largest community first).

    Parameters
    ----------
    g : igraph.Graph
        Undirected graph with a ``weight`` edge attribute.
    cfg : CommunityConfig
        Backend, objective, resolution, seed, iterations.
    initial : array, optional
        Starting membership (e.g. the previous run's), passed to Leiden.
    """
    n = g.vcount()
    if n == 0:
        return np.zeros(0, np.int64)
    if g.ecount() == 0:
        memb = np.arange(n)
    elif cfg.backend == "leidenalg":
        import leidenalg as la

        if cfg.objective == "CPM":
            part = la.find_partition(g, la.CPMVertexPartition, weights="weight",
                                     resolution_parameter=cfg.resolution, seed=cfg.seed,
                                     n_iterations=cfg.n_iterations,
                                     initial_membership=None if initial is None else list(map(int, initial)))
        else:
            part = la.find_partition(g, la.RBConfigurationVertexPartition, weights="weight",
                                     resolution_parameter=cfg.resolution, seed=cfg.seed,
                                     n_iterations=cfg.n_iterations,
                                     initial_membership=None if initial is None else list(map(int, initial)))
        memb = np.asarray(part.membership)
    else:
        state = random.getstate()
        rng = random.Random(cfg.seed)
        ig.set_random_number_generator(rng)
        try:
            kw = dict(objective_function="CPM" if cfg.objective == "CPM" else "modularity",
                      weights="weight", resolution=cfg.resolution, beta=0.01,
                      n_iterations=cfg.n_iterations)
            if initial is not None:
                kw["initial_membership"] = list(map(int, initial))
            part = g.community_leiden(**kw)
        finally:
            ig.set_random_number_generator(random)
            random.setstate(state)
        memb = np.asarray(part.membership)
    # canonical labels: by size desc, then smallest vertex id
    sizes = np.bincount(memb)
    first = np.full(len(sizes), n, np.int64)
    np.minimum.at(first, memb, np.arange(n))
    order = np.lexsort((first, -sizes))
    relabel = np.empty(len(sizes), np.int64)
    relabel[order] = np.arange(len(sizes))
    return relabel[memb]
