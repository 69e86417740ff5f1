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
  ``w(i, j) = sum_t λ_t (1 - exp(-S_t(i, j)))`` with ``λ_t = links.weights[t]``,
  so many weak links of one kind (ten IPs of one NAT pool) cannot outweigh
  agreement across kinds (IPs *and* templates *and* a card).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

import igraph as ig
import numpy as np
import pandas as pd
from scipy import sparse

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
        ``status`` in {"linked", "hub", "single"}.
    graph : igraph.Graph
        Undirected, ``weight`` edge attribute, vertex ``name`` = account_id.
    effective_hub_max : dict
        Per link type, the hub cap actually applied.
    """

    edges: pd.DataFrame
    attributes: pd.DataFrame
    graph: ig.Graph
    effective_hub_max: dict
    link_types: list


def attribute_weights(k: np.ndarray, n_accounts: int, fade_start: int, hub_max: int) -> np.ndarray:
    """Per-attribute evidence weight from its holder count ``k`` (see module doc).

    >>> attribute_weights(np.array([1, 2, 50, 300, 600]), 10_000, 100, 500).round(3).tolist()
    [0.0, 1.0, 0.622, 0.206, 0.0]
    """
    k = np.asarray(k, dtype=np.float64)
    if n_accounts < 3:
        r = np.ones_like(k)
    else:
        r = np.clip(np.log(n_accounts / np.maximum(k, 1)) / np.log(n_accounts / 2.0), 0.0, 1.0)
    fade = np.clip((hub_max - k) / max(hub_max - fade_start, 1), 0.0, 1.0)
    fade = np.where(k <= fade_start, 1.0, fade)
    w = r * fade
    w[(k < 2) | (k > hub_max)] = 0.0
    return w


def build_graph(incidences: list[Incidence], account_ids: np.ndarray, cfg: LinkConfig) -> LinkGraph:
    """Project incidences onto a weighted account graph (vectorised sparse products)."""
    n = len(account_ids)
    per_type: dict[str, list[np.ndarray]] = {}
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
        w = attribute_weights(k, n, fade_start, cap)
        status = np.where(k > cap, "hub", np.where(k < 2, "single", "linked"))
        used = np.flatnonzero(k > 0)
        attr_tables.append(pd.DataFrame({
            "link_type": t,
            "attr": used,
            "attribute": inc.labels[used],
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
        P = sparse.triu(B @ B.T, k=1).tocoo()
        if P.nnz == 0:
            continue
        contrib = lam * (1.0 - np.exp(-P.data))
        key = P.row.astype(np.int64) * n + P.col.astype(np.int64)
        per_type.setdefault(t, []).append(np.stack([key.astype(np.float64), contrib]))
    types = list(per_type)
    keys_t = {}
    for t in types:
        arr = np.concatenate(per_type[t], axis=1)
        k_ = arr[0].astype(np.int64)
        # the same type could come from several incidences: sum on equal keys
        s = pd.Series(arr[1]).groupby(k_).sum()
        keys_t[t] = (s.index.to_numpy(np.int64), s.to_numpy(np.float64))
    all_keys = np.unique(np.concatenate([v[0] for v in keys_t.values()])) if keys_t else np.zeros(0, np.int64)
    edges = pd.DataFrame({"src": (all_keys // max(n, 1)).astype(np.int32), "dst": (all_keys % max(n, 1)).astype(np.int32)})
    weight = np.zeros(len(all_keys), np.float64)
    for t in types:
        kk, vv = keys_t[t]
        col = np.zeros(len(all_keys), np.float32)
        col[np.searchsorted(all_keys, kk)] = vv
        edges[f"w_{t}"] = col
        weight += col
    edges.insert(2, "weight", weight.astype(np.float32))
    g = ig.Graph(n=n, edges=list(zip(edges["src"].tolist(), edges["dst"].tolist())), directed=False)
    g.es["weight"] = edges["weight"].to_numpy(np.float64)
    g.vs["name"] = [str(x) for x in account_ids]
    attributes = pd.concat(attr_tables, ignore_index=True) if attr_tables else pd.DataFrame(
        columns=["link_type", "attr", "attribute", "n_accounts", "weight", "status"])
    log.info("graph: %d accounts, %d edges over %d link types", n, len(edges), len(types))
    return LinkGraph(edges=edges, attributes=attributes, graph=g, effective_hub_max=eff_caps, link_types=types)
