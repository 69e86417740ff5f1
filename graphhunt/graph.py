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
* **hub groups**: a hub is a crowd when its holders have nothing else in common. Where the
  holders of a hub and of a hub of another kind are nearly the same accounts (Jaccard of the two
  holder sets at least ``links.hub_group_jaccard``: a ring of thousands on its proxies' /24s and
  its own template, a card and a network), the accounts are one group, not a crowd: both
  attributes are linked with their rarity weight and no fade, up to
  ``links.hub_group_max_accounts`` holders and within ``links.max_pair_incidences``. Addresses
  and networks are one kind (a carrier's addresses and its /24s are the same crowd); templates,
  payment methods, schedules and each generic column are kinds of their own. Within one kind, a
  hub whose holders are nearly those of ``links.hub_group_lockstep`` - 1 others (Jaccard >= 0.8:
  a proxy pool the same accounts all use) is a group's too. Address windows are left out (they
  repeat the addresses hour by hour);
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
from typing import Any

import igraph as ig
import numpy as np
import pandas as pd
from scipy import sparse

from ._arrays import mix64, str_array
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
    hub_groups : dict
        Per link type, how many attributes above the hub cap were linked as a hub group.
    """

    edges: pd.DataFrame
    attributes: pd.DataFrame
    effective_hub_max: dict
    link_types: list
    account_ids: np.ndarray | None = None
    _graph: ig.Graph | None = None
    hub_groups: dict | None = None

    @property
    def graph(self) -> ig.Graph:
        if self._graph is None:
            n = len(self.account_ids)
            src = self.edges["src"].to_numpy()
            dst = self.edges["dst"].to_numpy()
            # pairs go in through a generator over 1M-edge slices: igraph reads any iterable, and a
            # list of all pairs as Python tuples would cost ~120 bytes per edge (7 GB at 60M edges)
            # on top of the graph; the generator costs about as much time (docs/PERFORMANCE.md)
            g = _bare_graph(n, src, dst)
            g.es["weight"] = self.edges["weight"].to_numpy(np.float64)
            g.vs["name"] = [str(x) for x in self.account_ids]
            self._graph = g
        return self._graph


def _bare_graph(n: int, src: np.ndarray, dst: np.ndarray) -> ig.Graph:
    """The undirected topology only (no attributes): what Leiden needs, with weights passed separately."""
    try:
        return ig.Graph(n=n, edges=_edge_pairs(src, dst), directed=False)
    except SystemError as e:
        # igraph's C constructor reports an exception raised inside the pair generator (Ctrl-C, or SIGTERM
        # turned into cli.Terminated while it reads the pairs) as a SystemError chained to it; the caller
        # must see the interruption itself (the CLI then exits 130 or 143, not 1 with a traceback)
        cause = e.__cause__ or e.__context__
        if isinstance(cause, BaseException) and not isinstance(cause, SystemError):
            raise cause.with_traceback(cause.__traceback__) from None
        raise


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
    w = rarity(k, n_accounts) * hub_fade(k if crowd is None else np.maximum(k, crowd), fade_start, hub_max)
    w[(k < 2) | (k > hub_max)] = 0.0
    return w


def rarity(k: np.ndarray, n_accounts: int) -> np.ndarray:
    """``log(N / k) / log(N / 2)`` clipped to [0, 1]: 1 for two holders, 0 for everybody.

    >>> rarity(np.array([2, 100, 10_000]), 10_000).round(3).tolist()
    [1.0, 0.541, 0.0]
    """
    k = np.asarray(k, dtype=np.float64)
    if n_accounts < 3:
        return np.ones_like(k)
    return np.clip(np.log(n_accounts / np.maximum(k, 1)) / np.log(n_accounts / 2.0), 0.0, 1.0)


#: link types that are one kind of evidence for :func:`hub_groups` (the others are each their own kind)
_ADDRESS_KINDS = ("ip", "ip_window", "network")


def _kind(link_type: str) -> str:
    base = link_type.split(":")[0]
    return "address" if base in _ADDRESS_KINDS else link_type


#: a lockstep pool: hubs of one kind whose holder sets pairwise reach this Jaccard (see :func:`hub_groups`)
LOCKSTEP_JACCARD = 0.8
#: multiply-adds of the hub overlap product above which it runs on a sample of the accounts (~1-2 s)
HUB_GROUP_WORK = 2e8
#: hubs of one kind that take part in the overlap product at most (a fixed choice beyond that)
HUB_GROUP_COLUMNS = 2000
#: expected sampled holders of the smallest hub, at least, when the overlaps are estimated on a sample
HUB_GROUP_MIN_SAMPLED = 200


def hub_groups(incidences: list[Incidence], ks: list[np.ndarray], n: int, cap: int, max_accounts: int,
               jaccard: float, lockstep: int = 0, components: bool = False) -> Any:
    """Per incidence, bool per attribute: a hub (more than ``cap`` holders, at most ``max_accounts``)
    whose holders are a group rather than a crowd.

    A hub is a group's when its holder set nearly coincides (Jaccard >= ``jaccard``) with that of a
    hub of another kind, or, with ``lockstep`` > 0, with those of at least ``lockstep - 1`` other hubs
    of its own kind (Jaccard >= :data:`LOCKSTEP_JACCARD`): a pool of addresses that the same accounts
    all use, as one operator's accounts rotate through its proxies. A NAT pool's users each touch a
    few of its addresses, so its addresses' holder sets overlap far less. Address windows
    (``ip_window``) are left out: they repeat the addresses hour by hour.

    The holder overlaps of all hubs come from one sparse product (hubs x hubs) over the accounts that
    hold hubs: its cost is the sum over accounts of (hubs held)^2, not the hubs' pair counts.

    With ``components``, also returns per incidence the group of each attribute (-1 for none): grouped
    hubs joined by the overlaps that made them a group's are one group (one ring's pool and template).

    >>> from graphhunt.links.base import Incidence
    >>> ring = np.arange(6)  # six accounts on one network that also share one template
    >>> net = Incidence("network", ring, np.zeros(6, np.int64), np.array(["net:a"], object), np.ones(6))
    >>> tpl = Incidence("template", np.r_[ring, 6], np.zeros(7, np.int64), np.array(["tpl-a"], object), np.ones(7))
    >>> ks = [np.bincount(i.attr) for i in (net, tpl)]
    >>> [m.tolist() for m in hub_groups([net, tpl], ks, 50, 3, 100, 0.5)]
    [[True], [True]]
    >>> [m.tolist() for m in hub_groups([net, tpl], ks, 50, 3, 100, 0.9)]  # 6 / 7 < 0.9
    [[False], [False]]
    """
    out = [np.zeros(len(k), bool) for k in ks]
    comp_out = [np.full(len(k), -1, np.int64) for k in ks]

    def done() -> Any:
        return (out, comp_out) if components else out

    if max_accounts <= cap or jaccard <= 0 or not incidences:
        return done()
    accs, cols, kinds, spans = [], [], [], []
    base = 0
    # the overlap table has a cell for every two hubs that share a holder: an operator's pool of
    # thousands of addresses that the same accounts use fills it (10k such hubs: 6.5 s). Each kind
    # takes part with at most HUB_GROUP_COLUMNS hubs, a fixed pseudo-random choice by label; a pool
    # that large still has enough of its addresses in the choice to be seen
    # (address windows are left out: they repeat the addresses hour by hour)
    cand = [(i, _kind(inc.link_type), np.flatnonzero(k > cap)) for i, (inc, k) in enumerate(zip(incidences, ks))
            if inc.link_type.split(":")[0] != "ip_window"]  # partners may be larger than max_accounts
    n_kind: dict[str, int] = {}
    for _, kind, hub in cand:
        n_kind[kind] = n_kind.get(kind, 0) + len(hub)
    for i, kind, hub in cand:
        inc, k = incidences[i], ks[i]
        total_kind = n_kind[kind]
        if total_kind > HUB_GROUP_COLUMNS and len(hub):
            h = pd.util.hash_array(np.asarray(inc.labels[hub], dtype=object)).astype(np.float64) / 2.0 ** 64
            hub = hub[h < HUB_GROUP_COLUMNS / total_kind]
        if not len(hub):
            continue
        pos = np.full(len(k), -1, np.int64)
        pos[hub] = base + np.arange(len(hub))
        sel = pos[inc.attr] >= 0
        accs.append(inc.account[sel])
        cols.append(pos[inc.attr[sel]])
        kinds.extend([kind] * len(hub))
        spans.append((i, hub, base))
        base += len(hub)
    if base < 2 or (len(set(kinds)) < 2 and lockstep < 2):
        return done()
    acc = np.concatenate(accs)
    col = np.concatenate(cols)
    # the product costs (hubs held)^2 per account: an operator's accounts on a lockstep pool hold
    # thousands of hubs each (17 s for 1,873 such accounts). Above HUB_GROUP_WORK the overlaps are
    # estimated on a fixed random share of the accounts (the same share every run): a hub has more
    # than ``cap`` holders, so its sampled holders still estimate a Jaccard of 0.5 to within ~0.1
    per_acc = np.bincount(acc, minlength=n).astype(np.float64)
    work = float(per_acc @ per_acc)
    # never fewer than HUB_GROUP_MIN_SAMPLED expected holders of the smallest hub: with fewer, two
    # unrelated hubs can pass the bound by chance (Jaccard 0.3 read as 0.5 at a 1 % share)
    share = max(HUB_GROUP_WORK / max(work, 1.0), HUB_GROUP_MIN_SAMPLED / (cap + 1))
    if share < 1.0:
        sampled = (mix64(np.arange(n, dtype=np.uint64)) >> np.uint64(11)).astype(np.float64) / float(1 << 53) < share
        acc, col = acc[sampled[acc]], col[sampled[acc]]
        log.info("hub groups: overlaps estimated on %.1f %% of the accounts", 100 * share)
    B = sparse.csr_matrix((np.ones(len(acc), np.float32), (acc, col)), shape=(n, base))
    B.data[:] = 1.0  # an account holds an attribute once (duplicates were summed)
    held = np.asarray(B.sum(axis=0)).ravel()
    O = sparse.triu((B.T @ B).tocsr(), k=1).tocoo()
    kind_code = pd.factorize(pd.Series(kinds))[0]
    r, c, o = O.row, O.col, O.data.astype(np.float64)
    cross = kind_code[r] != kind_code[c]
    jac = o / np.maximum(held[r] + held[c] - o, 1.0)
    good = cross & (jac >= jaccard)
    coherent = np.zeros(base, bool)
    coherent[r[good]] = True
    coherent[c[good]] = True
    tie = good
    if lockstep >= 2:
        same = ~cross & (jac >= LOCKSTEP_JACCARD)
        partners = np.bincount(r[same], minlength=base) + np.bincount(c[same], minlength=base)
        coherent |= partners >= lockstep - 1
        tie = good | (same & coherent[r] & coherent[c])
    comp = np.full(base, -1, np.int64)
    if coherent.any():
        from scipy.sparse.csgraph import connected_components

        T = sparse.coo_matrix((np.ones(int(tie.sum())), (r[tie], c[tie])), shape=(base, base))
        comp[coherent] = connected_components(T, directed=False)[1][coherent]
    for i, hub, b0 in spans:
        out[i][hub] = coherent[b0:b0 + len(hub)] & (ks[i][hub] <= max_accounts)
        comp_out[i][hub] = np.where(out[i][hub], comp[b0:b0 + len(hub)], -1)
    return done()


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


#: an attribute's status in the graph's attribute table, by code (:func:`build_graph`)
_STATUS = np.array(["linked", "single", "hub", "crowd"], dtype=object)


def build_graph(incidences: list[Incidence], account_ids: np.ndarray, cfg: LinkConfig) -> LinkGraph:
    """Project incidences onto a weighted account graph (vectorised sparse products)."""
    n = len(account_ids)
    per_type: dict[str, sparse.csr_matrix] = {}
    attr_tables = []
    eff_caps = {}
    # group incidences by link type (generic columns are each their own type)
    ks = [np.bincount(inc.attr, minlength=len(inc.labels)) for inc in incidences]
    budget = cfg.max_pair_incidences

    def pairs(masks: list[np.ndarray]) -> float:
        return sum(float((k[m].astype(np.float64) ** 2).sum()) / 2 for k, m in zip(ks, masks))

    def ordinary(cap: int) -> float:
        return pairs([(k >= 2) & (k <= cap) for k in ks])

    kinds = [_kind(inc.link_type) for inc in incidences]

    def fit(grouped: list[np.ndarray], room: float) -> float:
        # what does not fit in ``room`` goes back to being hubs. Kept first: the smallest grouped
        # attribute of each kind of each group, then the second smallest of each, ... (a group's
        # evidence saturates within a kind: its second kind is worth more than its thirtieth address,
        # and a second ring's pool more than either)
        sizes = np.concatenate([k[g].astype(np.float64) for k, g in zip(ks, grouped)]) if grouped else np.zeros(0)
        cost = sizes ** 2 / 2
        if not len(sizes) or cost.sum() <= room:
            return float(cost.sum())
        kind = pd.factorize(pd.Series(np.repeat(kinds, [int(g.sum()) for g in grouped])))[0]
        comp = np.concatenate([cg[g] for cg, g in zip(comp_of, grouped)])
        key = pd.factorize(pd.Series(comp * (int(kind.max()) + 1) + kind))[0]
        by_size = np.lexsort((sizes, key))
        rank = np.empty(len(sizes), np.int64)  # position within its group and kind, smallest first
        starts = np.r_[0, np.flatnonzero(np.diff(key[by_size])) + 1]
        rank[by_size] = np.arange(len(sizes)) - np.repeat(starts, np.diff(np.r_[starts, len(sizes)]))
        order = np.lexsort((sizes, rank))
        n_keep = int(np.searchsorted(np.cumsum(cost[order]), room, side="right"))
        keep = np.zeros(len(sizes), bool)
        keep[order[:n_keep]] = True
        at = 0
        for g in grouped:
            idx = np.flatnonzero(g)
            g[idx[~keep[at:at + len(idx)]]] = False
            at += len(idx)
        log.warning("hub groups: %d of %d grouped attributes left as hubs to keep pair incidences under %d",
                    len(sizes) - n_keep, len(sizes), budget)
        return float(cost[order[:n_keep]].sum())

    comp_of = [np.full(len(k), -1, np.int64) for k in ks]  # group of each grouped attribute

    def groups(cap: int) -> list[np.ndarray]:
        masks, comps = hub_groups(incidences, ks, n, cap, cfg.hub_group_max_accounts, cfg.hub_group_jaccard,
                                  cfg.hub_group_lockstep, components=True)
        for inc, k, m, cg, new in zip(incidences, ks, masks, comp_of, comps):
            # an attribute that would carry no evidence (held by everybody, or of a type weighted 0)
            # is left a hub: it would cost pairs and give no edge
            m &= (rarity(k, n) > 0) & (cfg.weights.get(inc.link_type, cfg.weights.get(inc.link_type.split(":")[0], 0.0)) > 0)
            cg[m] = new[m]
        return masks

    cap = cfg.hub_max_accounts
    # hub groups first, in what the other attributes leave of the budget but at least half of it: one
    # group of thousands is worth more than the many attributes of a hundred-odd holders that a lower
    # cap would drop to make room for it
    grouped = groups(cap)
    total = ordinary(cap)
    extra = fit(grouped, max(budget / 2, budget - total))
    while total + extra > budget and cap > 10:
        cap = int(cap * 0.8)
        total = ordinary(cap)
    if total + extra > budget:  # the cap is at its floor: the groups give way
        extra = fit(grouped, max(budget - total, 0.0))
    if cap != cfg.hub_max_accounts:
        log.warning("hub cap lowered from %d to %d accounts to keep pair incidences under %d",
                    cfg.hub_max_accounts, cap, budget)
        # attributes the lower cap made hubs can be groups too, in the room left
        more = [g2 & ~g for g, g2 in zip(grouped, groups(cap))]
        fit(more, max(budget - total - extra, 0.0))
        grouped = [g | m for g, m in zip(grouped, more)]
    fade_start = min(cfg.hub_fade_start, cap)
    n_grouped: dict[str, int] = {}
    for inc, k, g in zip(incidences, ks, grouped):
        t = inc.link_type
        eff_caps[t] = cap
        # an attribute drawn from a crowd (an address of a busy network) fades with the crowd instead of
        # its own holder count (the crowd holds them all: an address alone in its network fades as before)
        w = attribute_weights(k, n, fade_start, cap, inc.crowd)
        n_grouped[t] = n_grouped.get(t, 0) + int(g.sum())
        # a hub group's attributes: rarity only (their holders are a group, not a crowd)
        w[g] = rarity(k[g], n)
        # status codes into _STATUS, then its strings for the attributes in use (np.where over fixed-width
        # unicode arrays of every attribute took 0.47 s at 1.5M attributes)
        status = np.where((k > cap) & ~g, 2, np.where(k < 2, 1, 0)).astype(np.int8)
        if inc.crowd is not None:
            status[(status == 0) & (w == 0)] = 3
        used = np.flatnonzero(k > 0)
        attr_tables.append(pd.DataFrame({
            "link_type": t,
            "attr": used,
            "attribute": str_array(inc.labels[used]),
            "n_accounts": k[used],
            "weight": w[used],
            "status": _STATUS[status[used]],
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
    if any(n_grouped.values()):
        log.info("hub groups: %s attributes above the hub cap linked", {t: v for t, v in n_grouped.items() if v})
    return LinkGraph(edges=edges, attributes=attributes, effective_hub_max=eff_caps, link_types=types,
                     account_ids=account_ids, hub_groups={t: v for t, v in n_grouped.items() if v})
