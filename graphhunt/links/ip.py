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

__all__ = ["academic_networks", "build_ip", "build_ip_window", "build_network", "network_crowd"]


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


def academic_networks(ctx: LinkContext) -> None:
    """Per account, the academic autonomous system it sends most of its requests from
    (``scoring.academic_network_org``; :mod:`graphhunt.asn`): ``ctx.artifacts["academic_network"]`` (AS
    number or -1) and ``ctx.artifacts["asn"]`` (the table used and its coverage, for run.json)."""
    cfg = ctx.config
    if not cfg.scoring.academic_network_org or "ip" not in ctx.events.columns:
        return
    from ..asn import (account_academic_network, cached_asn_table, cached_hosting_ranges, resolve_asn_files,
                       resolve_hosting_files)

    files = resolve_asn_files(cfg.input.asn_db, cfg.input.asn_names)
    if files is None:
        ctx.artifacts["asn"] = {"path": None, "note": "no AS table (input.asn_db): no address enriched"}
        return
    ranges = resolve_hosting_files(cfg.input.hosting_ranges)
    codes, ips = _codes(ctx, "ip")
    out, report = account_academic_network(ctx.events["acc"].to_numpy(), codes, np.asarray(ips, dtype=object),
                                           len(ctx.account_ids), cached_asn_table(*files),
                                           hosting=cached_hosting_ranges(ranges) if ranges else None)
    ctx.artifacts["academic_network"] = out
    ctx.artifacts["asn"] = report


def build_ip(ctx: LinkContext) -> list[Incidence]:
    ev = _ip_rows(ctx)
    if ev is None:
        return []
    codes, ips = _codes(ctx, "ip")
    inc = incidence_from_codes("ip", ev["acc"].to_numpy(), codes, ips, ev["ts"].to_numpy(),
                               ctx.config.links.min_events_per_attribute, prefix="ip:")
    inc.crowd = _crowd(ctx)
    gap = float(ctx.config.links.ip_tenancy_gap_hours)
    if gap > 0:
        inc = split_tenancies(inc, int(gap * 3600))
    return [inc]


def tenancies(attr: np.ndarray, first: np.ndarray, last: np.ndarray, gap: int) -> tuple[np.ndarray, np.ndarray]:
    """Per incidence row, the tenancy of its attribute it falls in, and per attribute the number of tenancies.

    An attribute's holders, ordered by their first use of it, start a new tenancy where a holder's first
    use comes more than ``gap`` seconds after the last use of every holder before it (the union of their
    ``[first, last]`` intervals, widened by ``gap``, has a hole there). Vectorised: one sort, and a running
    maximum of ``attr * span + last`` that restarts at each attribute.

    >>> t, n = tenancies(np.array([0, 0, 0, 1, 1]), np.array([0, 50, 500, 0, 10]),
    ...                  np.array([100, 120, 600, 20, 30]), 60)
    >>> t.tolist(), n.tolist()
    ([0, 0, 1, 0, 0], [2, 1])
    """
    attr = np.asarray(attr, np.int64)
    first, last = np.asarray(first, np.int64), np.asarray(last, np.int64)
    if len(attr) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    n_attr = int(attr.max()) + 1
    base = int(first.min())  # (a holder's first use is never after its last)
    span = int(last.max()) - base + 1
    # one int64 sort key per row: attribute, then first use (a month of seconds times a million
    # addresses is about 3e12, far inside int64)
    order = np.argsort(attr * span + (first - base))  # (ties: same tenancies in any order)
    a, f, l_ = attr[order], first[order] - base, last[order] - base
    # within an attribute, the latest last use so far (earlier attributes' keys are smaller)
    reach = np.maximum.accumulate(a * span + l_) - a * span
    new_attr = np.r_[True, a[1:] != a[:-1]]
    starts = new_attr.copy()
    starts[1:] |= f[1:] > reach[:-1] + gap
    # tenancy number within its attribute: starts so far minus those before the attribute's first row
    cum = np.cumsum(starts)
    first_row = np.flatnonzero(new_attr)
    grp = np.cumsum(new_attr) - 1
    t_sorted = cum - cum[first_row][grp]
    out = np.empty(len(attr), np.int64)
    out[order] = t_sorted
    n_ten = np.zeros(n_attr, np.int64)
    last_row = np.r_[first_row[1:] - 1, len(a) - 1]
    n_ten[a[first_row]] = t_sorted[last_row] + 1
    return out, n_ten


def split_tenancies(inc: Incidence, gap: int) -> Incidence:
    """``inc`` with each attribute cut into its :func:`tenancies`: holders of an address in periods apart
    from each other hold different attributes (the first tenancy keeps the address's label, a later one
    gets ``#2``, ``#3``, ...), and every tenancy keeps its address's network crowd."""
    if len(inc) == 0 or inc.first_seen is None:
        return inc
    ten, n_ten = tenancies(inc.attr, inc.first_seen, inc.last_seen, gap)
    if not (n_ten > 1).any():
        return inc
    offset = np.r_[0, np.cumsum(n_ten)[:-1]]
    new_attr = offset[inc.attr] + ten
    old_of_new = np.repeat(np.arange(len(n_ten)), n_ten)
    t_of_new = np.arange(len(old_of_new)) - offset[old_of_new]
    labels = np.asarray(inc.labels, dtype=object)[old_of_new]
    later = t_of_new > 0
    if later.any():  # (``labels`` is already a copy: fancy indexing)
        labels[later] = _join_labels("", labels[later], np.arange(int(later.sum())), "#",
                                     (t_of_new[later] + 1).astype(str).astype(object), np.arange(int(later.sum())))
    crowd = None if inc.crowd is None else np.asarray(inc.crowd)[old_of_new]
    return Incidence(link_type=inc.link_type, account=inc.account, attr=new_attr, labels=labels,
                     n_events=inc.n_events, first_seen=inc.first_seen, last_seen=inc.last_seen, crowd=crowd)


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
    # attribute = (ip, window), encoded as one int64 so factorize stays cheap: ip * n_windows + window (a fixed
    # 2**24 windows per address gave a late window of one address an early window's code of the next one when
    # the log spans more windows than that: one-minute windows and a stray 2060 time)
    n_win = int(bucket[ok].max()) - b0 + 1 if ok.any() else 1
    key = ip_codes.astype(np.int64)[ok] * n_win + (bucket[ok] - b0)
    # sorted distinct keys and each event's code, as np.unique(key, return_inverse=True) gives them: by a
    # stable sort (timsort), as an account's events (ordered by account, then time) are runs of one address
    # in rising windows (0.26 -> 0.10 s at 2M events; np.unique's quicksort ignores those runs)
    order = np.argsort(key, kind="stable")
    sk = key[order]
    first = np.r_[True, sk[1:] != sk[:-1]] if len(sk) else np.zeros(0, bool)
    lab = sk[first].astype(np.int64, copy=False)
    codes = np.empty(len(key), np.intp)
    codes[order] = np.cumsum(first) - 1
    lab_ip = lab // n_win
    # readable labels, built once per distinct IP and window (not per event), joined by Arrow
    win_idx, win_u = pd.factorize(lab % n_win)
    win_txt = pd.to_datetime((win_u + b0) * w, unit="s", utc=True).strftime("%Y-%m-%dT%H:%M").to_numpy()
    labels = _join_labels("ipw:", ip_u, lab_ip, "@", np.asarray(win_txt, dtype=object), win_idx)
    inc = group_incidence("ip_window", ev["acc"].to_numpy()[ok], codes, labels, ev["ts"].to_numpy()[ok])
    if crowd is not None:
        inc.crowd = crowd[lab_ip]  # an (address, window) is drawn from the address's network too
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
