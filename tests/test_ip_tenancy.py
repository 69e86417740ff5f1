"""An address links only accounts that used it in the same period (links.ip_tenancy_gap_hours).

A hosted-notebook service hands each session an egress address from its cloud pool, an ISP re-leases a
home address to the next subscriber: accounts that hold one address weeks apart are its successive
tenants, not users of one machine or one office (world13's tutorial followers, session 37). Accounts that
use an address in overlapping periods (an office, a ring's proxy) or hand it over without a pause (a ring
replacing its banned accounts) stay linked.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import graphhunt as gh
from graphhunt.links.ip import tenancies

T0 = pd.Timestamp("2026-05-04", tz="UTC")
CFG = ["links.types=['ip']"]


def _reference_tenancies(attr, first, last, gap):
    """Pure-Python version: per attribute, holders sorted by first use; a new tenancy where the first
    use comes more than ``gap`` after every earlier holder's last use."""
    out = np.zeros(len(attr), np.int64)
    n = {}
    for a in sorted(set(attr.tolist())):
        rows = sorted(np.flatnonzero(attr == a).tolist(), key=lambda i: (first[i], i))
        t, reach = -1, None
        for i in rows:
            if reach is None or first[i] > reach + gap:
                t += 1
            reach = last[i] if reach is None else max(reach, last[i])
            out[i] = t
        n[a] = t + 1
    return out, n


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_tenancies_match_a_plain_sweep(seed):
    rng = np.random.default_rng(seed)
    m = 400
    attr = rng.integers(0, 25, m)
    first = rng.integers(1_700_000_000, 1_700_000_000 + 30 * 86400, m)
    last = first + rng.integers(0, 3 * 86400, m)
    got, n_ten = tenancies(attr, first, last, 86400)
    want, n = _reference_tenancies(attr, first, last, 86400)
    assert got.tolist() == want.tolist()
    assert {a: int(n_ten[a]) for a in n} == n
    assert n_ten.sum() > 25  # the case: some addresses have several tenancies
    # no gap tolerance at all still joins overlapping intervals; an infinite one never splits
    assert tenancies(attr, first, last, 10**12)[1][np.unique(attr)].tolist() == [1] * len(np.unique(attr))


def _events(rows):
    return pd.DataFrame(rows, columns=["account_id", "timestamp", "ip"])


def _linked(res, accounts) -> set[frozenset]:
    e = res.edges
    e = e[e["src"].isin(accounts) & e["dst"].isin(accounts) & (e["w_ip"] > 0)]
    return {frozenset(p) for p in zip(e["src"], e["dst"])}


def test_successive_tenants_of_an_address_are_not_linked_but_co_users_are():
    rows = []
    # twelve notebook users, each on egress 34.1.2.3 for one hour on a different day, and each on an
    # address of its own the rest of the time
    tenants = [f"t{i}" for i in range(12)]
    for i, a in enumerate(tenants):
        start = T0 + pd.Timedelta(days=2 * i, hours=9)
        rows += [(a, start + pd.Timedelta(minutes=5 * k), "34.1.2.3") for k in range(12)]
        rows += [(a, start + pd.Timedelta(days=1, minutes=5 * k), f"35.9.{i}.1") for k in range(6)]
    # five office staff on one address every weekday for four weeks, at their own hours
    staff = [f"o{i}" for i in range(5)]
    for i, a in enumerate(staff):
        rows += [(a, T0 + pd.Timedelta(days=d, hours=9 + i), "81.2.3.4") for d in range(28) if d % 7 < 5]
    # a relay: each account works four days on two addresses (a request every ten minutes) and hands
    # them to the next at once
    relay = [f"r{i}" for i in range(5)]
    for i, a in enumerate(relay):
        for k in range(0, 4 * 24 * 6):
            rows.append((a, T0 + pd.Timedelta(days=4 * i, minutes=10 * k), f"45.6.7.{8 + k % 2}"))
    ev = _events(rows)
    on = gh.detect(ev, None, gh.load_config(overrides=CFG))
    off = gh.detect(ev, None, gh.load_config(overrides=CFG + ["links.ip_tenancy_gap_hours=0"]))
    n = len(tenants)
    assert len(_linked(off, tenants)) == n * (n - 1) // 2  # the case: one address made them a clique
    assert _linked(on, tenants) == set()
    for res in (on, off):
        assert len(_linked(res, staff)) == 10
        # every hand-over pair (and, through the shared addresses, the whole chain in one tenancy)
        assert {frozenset((relay[i], relay[i + 1])) for i in range(4)} <= _linked(res, relay)
    # a later tenancy is an attribute of its own, named after its address
    labels = set(on.attributes.loc[on.attributes["link_type"] == "ip", "attribute"])
    assert "ip:34.1.2.3" in labels and "ip:34.1.2.3#12" in labels and "ip:34.1.2.3#13" not in labels


def test_tenancy_gap_is_validated():
    with pytest.raises(gh.ConfigError, match="ip_tenancy_gap_hours"):
        gh.load_config(overrides=["links.ip_tenancy_gap_hours=nan"])
