"""Weighted, hub-aware projection of account-attribute incidences onto account pairs.

For each link type ``t`` and attribute ``a`` held by ``k_a`` accounts out of ``N``:

* **rarity**: ``r(k) = log(N / k) / log(N / 2)``, clipped to [0, 1] -- an
  attribute shared by two accounts is worth 1, one shared by everybody 0;
* **hub fade**: above ``links.hub_fade_start`` holders the weight fades linearly
  to 0 at ``links.hub_max_accounts``; attributes above that are *hubs* (carrier
  NATs, VPN exits, popular templates): dropped before the sparse product and
  listed in the attribute table with ``status="hub"``. If the remaining pair
  incidences would exceed ``links.max_pair_incidences``, the cap is lowered
  until they fit (recorded as ``effective_hub_max``);
* **crowd fade**: an attribute drawn from a larger crowd (an address from its
  network, see :mod:`graphhunt.links.ip`) also fades with the crowd's holder
  count on the same scale (``status="crowd"`` when that takes it to 0);
* **pair evidence** ``S_t(i, j) = Σ_a e(a) · sqrt(u_ia · u_ja)`` over the
  attributes of type ``t`` that ``i`` and ``j`` share. For link types listed in
  ``links.full_usage_share`` (default: templates at 0.5), ``u_ia = min(1,
  share / full_usage_share)`` where ``share`` is the fraction of ``i``'s events
  of that type that carry ``a``: a user who sent one of twenty prompts through
  a ring's template family is linked far more weakly than accounts that live on
  it. Other types use ``u = 1`` (rotation through a proxy pool spreads usage
  thin by design, so a usage share would hide it). Computed as ``B Bᵀ`` with
  ``B_ia = sqrt(e(a) · u_ia)`` (sparse);
* **saturation and link weights**: the edge weight is
  ``w(i, j) = sum_t λ_t (1 - exp(-S_t(i, j) / s_t))`` with ``λ_t = links.weights[t]``
  and ``s_t = links.evidence_scale[t]`` (default 1; ``network`` 8, where one
  shared /24 means little and thirty mean a lot), so many weak links of one
  kind (ten IPs of one NAT pool) cannot outweigh agreement across kinds (IPs
  *and* templates *and* a card).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

import igraph as ig
import numpy as np
import pandas as pd
from scipy import sparse

from ._arrays import str_array
from .config import LinkConfig
from .links.base import Incidence

__all__ = ["LinkGraph", "attribute_weights", "build_graph"]

log = logging.getLogger(__name__)


@dataclass
class LinkGraph:
    """The projected account graph.

    Attributes
    ----------
    edges : DataFrame
        ``src, dst`` (account codes, src < dst), ``weight`` and one ``w_<type>``
        column per link type (that type's contribution).
    attributes : DataFrame
        One row per (link type, attribute): ``n_accounts``, ``weight``,
        ``status`` in {"linked", "hub", "crowd", "single"}.
    graph : igraph.Graph
        Undirected, ``weight`` edge attribute, vertex ``name`` = account_id.
        Built on first access (a refresh that updates only the affected region
        of the communities never needs it).
    effective_hub_max : dict
        Per link type, the hub cap actually applied.
    """

    edges: pd.DataFrame
    attributes: pd.DataFrame
    effective_hub_max: dict
    link_types: list
    account_ids: np.ndarray | None = None
    _graph: ig.Graph | None = None

    @property
    def graph(self) -> ig.Graph:
        if self._graph is None:
            n = len(self.account_ids)
            src = self.edges["src"].to_numpy()
            dst = self.edges["dst"].to_numpy()
            # pairs go in through a generator over 1M-edge slices: igraph reads any iterable, and a
            # list of all pairs as Python tuples would cost ~120 bytes per edge (7 GB at 60M edges)
            # on top of the graph; the generator costs about as much time (docs/PERFORMANCE.md)
            g = ig.Graph(n=n, edges=_edge_pairs(src, dst), directed=False)
            g.es["weight"] = self.edges["weight"].to_numpy(np.float64)
            g.vs["name"] = [str(x) for x in self.account_ids]
            self._graph = g
        return self._graph


def _bare_graph(n: int, src: np.ndarray, dst: np.ndarray) -> ig.Graph:
    """The undirected topology only (no attributes): what Leiden needs, with weights passed separately."""
    return ig.Graph(n=n, edges=_edge_pairs(src, dst), directed=False)


def _edge_pairs(src: np.ndarray, dst: np.ndarray, step: int = 1 << 20):
    """``zip(src, dst)`` as Python int pairs, converted one slice at a time."""
    for lo in range(0, len(src), step):
        yield from zip(src[lo:lo + step].tolist(), dst[lo:lo + step].tolist())


def attribute_weights(k: np.ndarray, n_accounts: int, fade_start: int, hub_max: int,
                      crowd: np.ndarray | None = None) -> np.ndarray:
    """Per-attribute evidence weight from its holder count ``k`` (see module doc); with ``crowd`` (holders
    of the crowd each attribute is drawn from) the fade reads the crowd, the rarity still ``k``.

    >>> attribute_weights(np.array([1, 2, 50, 300, 600]), 10_000, 100, 500).round(3).tolist()
    [0.0, 1.0, 0.622, 0.206, 0.0]
    """
    k = np.asarray(k, dtype=np.float64)
    if n_accounts < 3:
        r = np.ones_like(k)
    else:
        r = np.clip(np.log(n_accounts / np.maximum(k, 1)) / np.log(n_accounts / 2.0), 0.0, 1.0)
    w = r * hub_fade(k if crowd is None else np.maximum(k, crowd), fade_start, hub_max)
    w[(k < 2) | (k > hub_max)] = 0.0
    return w


def hub_fade(k: np.ndarray, fade_start: int, hub_max: int) -> np.ndarray:
    """1 up to ``fade_start`` holders, falling linearly to 0 at ``hub_max`` and beyond.

    >>> hub_fade(np.array([2, 100, 300, 500, 900]), 100, 500).tolist()
    [1.0, 1.0, 0.5, 0.0, 0.0]
    """
    k = np.asarray(k, dtype=np.float64)
    fade = np.clip((hub_max - k) / max(hub_max - fade_start, 1), 0.0, 1.0)
    return np.where(k <= fade_start, 1.0, fade)


def _upper_product(B: sparse.csr_matrix, est_pairs: float, block_pairs: float = 8e6) -> sparse.csr_matrix:
    """Strict upper triangle of ``B @ B.T`` as a canonical CSR matrix, computed in row blocks.

    Block ``[r0, r1)`` multiplies only against rows ``r0..n`` (the columns that can be
    above the diagonal), so about half of the symmetric product is never formed and
    the transient memory is one block, not the whole product. Every entry is summed
    in the same order as in the full product, so values are bit-identical to
    ``triu(B @ B.T, 1)``.
    """
    n = B.shape[0]
    n_blocks = int(min(max(1, np.ceil(est_pairs / block_pairs)), max(1, n // 64)))
    bounds = np.linspace(0, n, n_blocks + 1).astype(np.int64)
    col_dtype = np.int32 if n < 2**31 - 1 else np.int64
    counts, indices, data = [], [], []
    for r0, r1 in zip(bounds[:-1], bounds[1:]):
        if r1 <= r0:
            continue
        C = (B[r0:r1] @ B[r0:].T).tocsr()
        rows = np.repeat(np.arange(r1 - r0, dtype=np.int32), np.diff(C.indptr))
        up = C.indices > rows  # column c of the block is global column r0 + c
        cnt = np.bincount(rows[up], minlength=r1 - r0)
        # keep the upper entries first, then sort only those (rows stay contiguous; no duplicates)
        U = sparse.csr_matrix((C.data[up], C.indices[up], np.r_[0, np.cumsum(cnt)].astype(C.indptr.dtype)),
                              shape=C.shape)
        del C, rows, up
        U.sort_indices()
        counts.append(cnt)
        # global column ids in the narrowest type that holds them (no int64 copies of every pair:
        # fresh pages are what this stage mostly pays for on a VM)
        col = U.indices.astype(col_dtype, copy=False)
        col += col_dtype(r0)
        indices.append(col)
        data.append(U.data)
        del U
    indptr = np.r_[0, np.cumsum(np.concatenate(counts))] if counts else np.zeros(n + 1, np.int64)
    ind = np.concatenate(indices) if indices else np.zeros(0, col_dtype)
    idx_dtype = np.int32 if n < 2**31 - 1 and len(ind) < 2**31 - 1 else np.int64
    P = sparse.csr_matrix((np.concatenate(data) if data else np.zeros(0), ind.astype(idx_dtype, copy=False),
                           indptr.astype(idx_dtype)), shape=(n, n))
    P.has_sorted_indices = True
    return P


def build_graph(incidences: list[Incidence], account_ids: np.ndarray, cfg: LinkConfig) -> LinkGraph:
    """Project incidences onto a weighted account graph (vectorised sparse products)."""
    n = len(account_ids)
    per_type: dict[str, sparse.csr_matrix] = {}
    attr_tables = []
    eff_caps = {}
    # group incidences by link type (generic columns are each their own type)
    ks = [np.bincount(inc.attr, minlength=len(inc.labels)) for inc in incidences]
    cap = cfg.hub_max_accounts
    total = sum(float((k[(k >= 2) & (k <= cap)] ** 2).sum()) / 2 for k in ks)
    while total > cfg.max_pair_incidences and cap > 10:
        cap = int(cap * 0.8)
        total = sum(float((k[(k >= 2) & (k <= cap)] ** 2).sum()) / 2 for k in ks)
    if cap != cfg.hub_max_accounts:
        log.warning("hub cap lowered from %d to %d accounts to keep pair incidences under %d",
                    cfg.hub_max_accounts, cap, cfg.max_pair_incidences)
    fade_start = min(cfg.hub_fade_start, cap)
    for inc, k in zip(incidences, ks):
        t = inc.link_type
        eff_caps[t] = cap
        # an attribute drawn from a crowd (an address of a busy network) fades with the crowd instead of
        # its own holder count (the crowd holds them all: an address alone in its network fades as before)
        w = attribute_weights(k, n, fade_start, cap, inc.crowd)
        status = np.where(k > cap, "hub", np.where(k < 2, "single", "linked"))
        if inc.crowd is not None:
            status = np.where((status == "linked") & (w == 0), "crowd", status)
        used = np.flatnonzero(k > 0)
        attr_tables.append(pd.DataFrame({
            "link_type": t,
            "attr": used,
            "attribute": str_array(inc.labels[used]),
            "n_accounts": k[used],
            "weight": w[used],
            "status": status[used],
        }))
        lam = cfg.weights.get(t, cfg.weights.get(t.split(":")[0], 0.0))
        keep = w[inc.attr] > 0
        if lam <= 0 or not keep.any():
            continue
        # usage share: how much of the account's activity of this link type is on the attribute
        u0 = cfg.full_usage_share.get(t, cfg.full_usage_share.get(t.split(":")[0], 0.0))
        if u0 > 0:
            tot = np.bincount(inc.account, weights=inc.n_events, minlength=n)
            tf = np.minimum(1.0, inc.n_events / np.maximum(tot[inc.account], 1) / u0)
        else:
            tf = np.ones(len(inc.account))
        a, at, tf = inc.account[keep], inc.attr[keep], tf[keep]
        # compact the attribute axis to the attributes that take part
        cols, uniq = pd.factorize(at)
        B = sparse.csr_matrix((np.sqrt(w[uniq][cols] * tf), (a, cols)), shape=(n, len(uniq)))
        kk = k[uniq].astype(np.float64)
        P = _upper_product(B, float((kk * kk).sum()) / 2)
        if P.nnz == 0:
            continue
        scale = cfg.evidence_scale.get(t, cfg.evidence_scale.get(t.split(":")[0], 1.0))
        P.data = lam * (1.0 - np.exp(-P.data / scale))
        # the same type could come from several incidences: sum on equal pairs
        per_type[t] = per_type[t] + P if t in per_type else P
    types = list(per_type)
    if types:
        # the union's pattern, with each type as one bit of the value (the smallest unsigned integer type
        # that holds one bit per type; 64 types at most): a type's entries are where its bit is set, in the
        # same (canonical) order as its own matrix, so no search per entry is needed. The narrow tags keep
        # the union's transient arrays small (float64 tags cost 8 bytes per edge and summand; at 18.5M
        # edges the fresh pages of those temporaries, zeroed by the kernel, were half the stage's time)
        tagged = len(types) <= 64
        tag_dtype = next((d for d in (np.uint8, np.uint16, np.uint32, np.uint64)
                          if len(types) <= 8 * np.dtype(d).itemsize), None)  # None: untagged
        union = None
        for i, t in enumerate(types):
            P = per_type[t]
            P.eliminate_zeros()  # the union holds no pair whose evidence is zero
            P.sort_indices()
            Q = sparse.csr_matrix((np.full(P.nnz, tag_dtype(1) << tag_dtype(i)) if tagged else P.data,
                                   P.indices, P.indptr), shape=P.shape)
            union = Q if union is None else union + Q  # bits are distinct (values positive): none cancel
        union.sort_indices()
        src = np.repeat(np.arange(n, dtype=np.int32), np.diff(union.indptr))
        dst = union.indices.astype(np.int32, copy=False)
        bits = union.data if tagged else None
        keys = None if tagged else src.astype(np.int64) * n + dst
        del union
    else:
        src = dst = np.zeros(0, np.int32)
    weight = np.zeros(len(src), np.float64)
    cols = {}
    for i, t in enumerate(types):
        P = per_type[t]
        col = np.zeros(len(src), np.float32)
        if len(types) == 1:
            col[:] = P.data
        elif tagged:
            col[(bits & bits.dtype.type(1 << i)) != 0] = P.data
        else:
            kk = np.repeat(np.arange(n, dtype=np.int64), np.diff(P.indptr)) * n + P.indices
            col[np.searchsorted(keys, kk)] = P.data
        cols[f"w_{t}"] = col
        weight += col
    # copy=False: one block per column, as built (pandas' default stacks the float32 columns into one
    # 2-D block, a copy of every edge's weights: 1.7 s at 18.5M edges)
    edges = pd.DataFrame({"src": src, "dst": dst, "weight": weight.astype(np.float32), **cols}, copy=False)
    attributes = pd.concat(attr_tables, ignore_index=True) if attr_tables else pd.DataFrame(
        columns=["link_type", "attr", "attribute", "n_accounts", "weight", "status"])
    log.info("graph: %d accounts, %d edges over %d link types", n, len(edges), len(types))
    return LinkGraph(edges=edges, attributes=attributes, effective_hub_max=eff_caps, link_types=types,
                     account_ids=account_ids)
