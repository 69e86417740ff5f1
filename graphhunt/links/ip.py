"""IP infrastructure links.

* ``ip``: the same address used by two accounts at any time;
* ``ip_window``: the same address used within the same time window
  (``links.ip_window_minutes``), evidence of concurrent use of one proxy;
* ``network``: the same /24 (IPv4) or /48 (IPv6) prefix, a weaker link that
  catches rotation through one provider's block.

Carrier NATs and VPN exits are shared by very many accounts: the graph stage
weights every attribute by its rarity and drops hubs, so no rule here needs to
know what a NAT looks like.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .base import Incidence, LinkContext, group_incidence, incidence_from_columns

__all__ = ["build_ip", "build_ip_window", "build_network"]


def _ip_rows(ctx: LinkContext) -> pd.DataFrame | None:
    ev = ctx.events
    if "ip" not in ev.columns:
        return None
    return ev


def build_ip(ctx: LinkContext) -> list[Incidence]:
    ev = _ip_rows(ctx)
    if ev is None:
        return []
    return [incidence_from_columns("ip", ev["acc"].to_numpy(), ev["ip"], ev["ts"].to_numpy(),
                                   ctx.config.links.min_events_per_attribute, prefix="ip:")]


def build_ip_window(ctx: LinkContext) -> list[Incidence]:
    ev = _ip_rows(ctx)
    if ev is None:
        return []
    w = int(ctx.config.links.ip_window_minutes) * 60
    ip_codes, ip_u = pd.factorize(ev["ip"], use_na_sentinel=True)
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
    labels = _join_labels("ipw:", np.asarray(ip_u.astype(str), dtype=object), lab >> 24, "@",
                          np.asarray(win_txt, dtype=object), win_idx)
    return [group_incidence("ip_window", ev["acc"].to_numpy()[ok], codes, labels, ev["ts"].to_numpy()[ok])]


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
    return [incidence_from_columns("network", ev["acc"].to_numpy(), ev["network"], ev["ts"].to_numpy(),
                                   ctx.config.links.min_events_per_attribute, prefix="net:")]
