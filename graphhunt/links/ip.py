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
    codes, lab = pd.factorize(key, sort=True)
    lab = np.asarray(lab, dtype=np.int64)
    # readable labels, built once per distinct IP and window (not per event)
    win_idx, win_u = pd.factorize(lab & ((1 << 24) - 1))
    win_txt = pd.to_datetime((win_u + b0) * w, unit="s", utc=True).strftime("%Y-%m-%dT%H:%M").to_numpy()
    ips = np.asarray(ip_u.astype(str), dtype=object)[lab >> 24]
    labels = ("ipw:" + pd.Series(ips) + "@" + pd.Series(win_txt[win_idx])).to_numpy(dtype=object)
    return [group_incidence("ip_window", ev["acc"].to_numpy()[ok], codes, labels, ev["ts"].to_numpy()[ok])]


def build_network(ctx: LinkContext) -> list[Incidence]:
    ev = _ip_rows(ctx)
    if ev is None or "network" not in ev.columns:
        return []
    return [incidence_from_columns("network", ev["acc"].to_numpy(), ev["network"], ev["ts"].to_numpy(),
                                   ctx.config.links.min_events_per_attribute, prefix="net:")]
