"""IP infrastructure links.

* ``ip``: the same address used by two accounts at any time;
* ``ip_window``: the same address used within the same time window
  (``links.ip_window_minutes``), evidence of concurrent use of one proxy;
* ``network``: the same /24 (IPv4) or /48 (IPv6) prefix, a weaker link that
  catches rotation through one provider's block.

Carrier NATs and VPN exits are shared by very many accounts: the graph stage
weights every attribute by its rarity and drops hubs, so no rule here needs to
know what a NAT looks like. An address is also judged by its network's crowd
(``links.network_crowd``): behind a NAT pool that hands hundreds of accounts
addresses of one /24 (a campus, a carrier, a VPN provider), two accounts meeting
on one address is what the pool does, not a choice they made, so an address
fades with its network's holder count as a hub fades with its own.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .base import Incidence, LinkContext, factorize_values, group_incidence, incidence_from_codes

__all__ = ["build_ip", "build_ip_window", "build_network", "network_crowd"]


def _ip_rows(ctx: LinkContext) -> pd.DataFrame | None:
    ev = ctx.events
    if "ip" not in ev.columns:
        return None
    return ev


def network_crowd(acc: np.ndarray, ip_codes: np.ndarray, n_ip: int, net_codes: np.ndarray, n_net: int) -> np.ndarray:
    """Per address code: how many accounts used any address of its network (0 if it has none).

    ``ip_codes`` and ``net_codes`` are per event (-1 where missing), as :func:`factorize_values` gives them.

    >>> network_crowd(np.array([0, 1, 2, 2]), np.array([0, 1, 2, 2]), 3, np.array([0, 0, 1, 1]), 2).tolist()
    [2, 2, 1]
    """
    ip_codes, net_codes = np.asarray(ip_codes), np.asarray(net_codes)
    ok = (ip_codes >= 0) & (net_codes >= 0)
    net_of_ip = np.full(n_ip, -1, np.int64)
    net_of_ip[ip_codes[ok]] = net_codes[ok]
    n_net = max(n_net, 1)
    # distinct (account, network) pairs by hashing (one pass; a sort of every event costs more)
    pairs = pd.unique(np.asarray(acc)[ok].astype(np.int64) * n_net + net_codes[ok])
    holders = np.bincount(pairs % n_net, minlength=n_net)
    return np.where(net_of_ip >= 0, holders[np.maximum(net_of_ip, 0)], 0).astype(np.int64)


def _codes(ctx: LinkContext, column: str) -> tuple[np.ndarray, np.ndarray]:
    """Every event's code for ``column`` and the distinct values, factorised once for the IP builders
    (``build_links`` drops them with the columns)."""
    cache = ctx.artifacts.setdefault("_ip_codes", {})
    if column not in cache:
        cache[column] = factorize_values(ctx.events[column])
    return cache[column]


def _crowd(ctx: LinkContext) -> np.ndarray | None:
    """Per address code, its network's crowd (None when ``links.network_crowd`` is off or there is no network)."""
    cache = ctx.artifacts.setdefault("_ip_codes", {})
    if "crowd" not in cache:
        crowd = None
        if ctx.config.links.network_crowd and "network" in ctx.events.columns:
            codes, ips = _codes(ctx, "ip")
            net_codes, nets = _codes(ctx, "network")
            crowd = network_crowd(ctx.events["acc"].to_numpy(), codes, len(ips), net_codes, len(nets))
        cache["crowd"] = crowd
    return cache["crowd"]


def build_ip(ctx: LinkContext) -> list[Incidence]:
    ev = _ip_rows(ctx)
    if ev is None:
        return []
    codes, ips = _codes(ctx, "ip")
    inc = incidence_from_codes("ip", ev["acc"].to_numpy(), codes, ips, ev["ts"].to_numpy(),
                               ctx.config.links.min_events_per_attribute, prefix="ip:")
    inc.crowd = _crowd(ctx)
    return [inc]


def build_ip_window(ctx: LinkContext) -> list[Incidence]:
    ev = _ip_rows(ctx)
    if ev is None:
        return []
    w = int(ctx.config.links.ip_window_minutes) * 60
    ip_codes, ip_u = _codes(ctx, "ip")
    crowd = _crowd(ctx)
    bucket = ev["ts"].to_numpy() // w
    ok = ip_codes >= 0
    b0 = int(bucket[ok].min()) if ok.any() else 0
    # attribute = (ip, window), encoded as one int64 so factorize stays cheap
    key = ip_codes.astype(np.int64)[ok] * (1 << 24) + (bucket[ok] - b0)
    # sorted distinct keys and each event's code, as pd.factorize(key, sort=True) gives them (3x faster)
    lab, codes = np.unique(key, return_inverse=True)
    lab = np.asarray(lab, dtype=np.int64)
    # readable labels, built once per distinct IP and window (not per event), joined by Arrow
    win_idx, win_u = pd.factorize(lab & ((1 << 24) - 1))
    win_txt = pd.to_datetime((win_u + b0) * w, unit="s", utc=True).strftime("%Y-%m-%dT%H:%M").to_numpy()
    labels = _join_labels("ipw:", ip_u, lab >> 24, "@", np.asarray(win_txt, dtype=object), win_idx)
    inc = group_incidence("ip_window", ev["acc"].to_numpy()[ok], codes, labels, ev["ts"].to_numpy()[ok])
    if crowd is not None:
        inc.crowd = crowd[lab >> 24]  # an (address, window) is drawn from the address's network too
    return [inc]


def _join_labels(prefix: str, first: np.ndarray, first_idx: np.ndarray, sep: str, second: np.ndarray,
                 second_idx: np.ndarray) -> np.ndarray:
    """``prefix + first[first_idx] + sep + second[second_idx]`` as an object array of str.

    >>> _join_labels("ipw:", np.array(["a", "b"], dtype=object), np.array([1, 0]), "@",
    ...              np.array(["x"], dtype=object), np.array([0, 0])).tolist()
    ['ipw:b@x', 'ipw:a@x']
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(first_idx) == 0:
        return np.zeros(0, dtype=object)
    a = pa.array(first, pa.large_string()).take(pa.array(np.asarray(first_idx, np.int64)))
    b = pa.array(second, pa.large_string()).take(pa.array(np.asarray(second_idx, np.int64)))
    lit = [pa.scalar(x, pa.large_string()) for x in (prefix, sep, "")]
    out = pc.binary_join_element_wise(lit[0], a, lit[1], b, lit[2])
    return np.asarray(out.to_numpy(zero_copy_only=False), dtype=object)


def build_network(ctx: LinkContext) -> list[Incidence]:
    ev = _ip_rows(ctx)
    if ev is None or "network" not in ev.columns:
        return []
    codes, nets = _codes(ctx, "network")
    return [incidence_from_codes("network", ev["acc"].to_numpy(), codes, nets, ev["ts"].to_numpy(),
                                 ctx.config.links.min_events_per_attribute, prefix="net:")]
