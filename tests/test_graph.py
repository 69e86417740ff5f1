"""Projection, rarity weights and hub handling, cross-checked against a plain computation."""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from graphhunt.config import LinkConfig
from graphhunt.graph import attribute_weights, build_graph
from graphhunt.links.base import incidence_from_columns


def test_weights_fade_with_holder_count():
    k = np.array([1, 2, 3, 10, 100, 300, 499, 500, 501])
    w = attribute_weights(k, 100_000, 100, 500)
    assert w[0] == 0 and w[1] == 1.0
    assert np.all(np.diff(w[1:8]) < 0)  # strictly rarer -> strictly more evidence
    assert w[-1] == 0  # hub


@pytest.mark.parametrize("scale", [1.0, 4.0])
def test_projection_matches_bruteforce(scale):
    rng = np.random.default_rng(3)
    n = 60
    acc = rng.integers(0, n, 400)
    vals = pd.Series(rng.integers(0, 40, 400)).astype(str)
    inc = incidence_from_columns("ip", acc, vals)
    cfg = LinkConfig(weights={"ip": 0.7}, full_usage_share={"ip": 0.5}, evidence_scale={"ip": scale})
    lg = build_graph([inc], np.array([f"a{i}" for i in range(n)], dtype=object), cfg)
    k = np.bincount(inc.attr, minlength=len(inc.labels))
    w = attribute_weights(k, n, cfg.hub_fade_start, cfg.hub_max_accounts)
    holders, use, tot = {}, {}, {}
    for a, at, c in zip(inc.account, inc.attr, inc.n_events):
        holders.setdefault(at, set()).add(a)
        use[(a, at)] = c
        tot[a] = tot.get(a, 0) + c
    expect = {}
    for at, hs in holders.items():
        for i, j in itertools.combinations(sorted(hs), 2):
            share = np.sqrt(min(1, use[(i, at)] / tot[i] / 0.5) * min(1, use[(j, at)] / tot[j] / 0.5))
            expect[(i, j)] = expect.get((i, j), 0.0) + w[at] * share
    got = {(s, d): x for s, d, x in zip(lg.edges["src"], lg.edges["dst"], lg.edges["w_ip"])}
    assert set(got) == {p for p, v in expect.items() if v > 0}
    for p, v in got.items():
        assert v == pytest.approx(0.7 * (1 - np.exp(-expect[p] / scale)), rel=1e-5)
    assert lg.graph.ecount() == len(lg.edges)


def test_hub_dropped_and_recorded():
    n = 50
    acc = np.arange(n)
    inc = incidence_from_columns("ip", acc, pd.Series(["nat"] * n))
    lg = build_graph([inc], np.array([str(i) for i in range(n)], dtype=object),
                     LinkConfig(hub_max_accounts=20, hub_fade_start=10))
    assert len(lg.edges) == 0
    assert lg.attributes.loc[0, "status"] == "hub" and lg.attributes.loc[0, "n_accounts"] == n


def test_budget_lowers_cap():
    n = 400
    acc = np.concatenate([np.arange(300), np.arange(300, 400)])
    vals = pd.Series(["big"] * 300 + ["small"] * 100)
    inc = incidence_from_columns("ip", acc, vals)
    cfg = LinkConfig(hub_max_accounts=500, hub_fade_start=50, max_pair_incidences=20_000)
    lg = build_graph([inc], np.array([str(i) for i in range(n)], dtype=object), cfg)
    assert lg.effective_hub_max["ip"] < 300
    assert set(lg.attributes["status"]) == {"hub", "linked"}


@pytest.mark.parametrize("n_types", [1, 3, 8, 9, 17, 70])
def test_many_link_types_each_in_its_own_column(n_types):
    """The per-type columns come out of one union of all types' pairs (tagged with one bit per type,
    in the narrowest integer that holds them; more than 64 types take the search path). Each column
    must equal that type projected alone, whatever the number of types."""
    rng = np.random.default_rng(n_types)
    n = 50
    ids = np.array([f"a{i}" for i in range(n)], dtype=object)
    incs = []
    for t in range(n_types):
        m = int(rng.integers(20, 120))
        incs.append(incidence_from_columns(f"col{t}", rng.integers(0, n, m),
                                           pd.Series(rng.integers(0, 15, m)).astype(str)))
    weights = {f"col{t}": 0.3 + 0.01 * t for t in range(n_types)}
    cfg = LinkConfig(weights=weights)
    lg = build_graph(incs, ids, cfg)
    e = lg.edges
    assert len(e) and (e["src"] < e["dst"]).all()
    assert not e.duplicated(["src", "dst"]).any()
    total = np.zeros(len(e))
    for inc in incs:
        alone = build_graph([inc], ids, cfg).edges
        col = f"w_{inc.link_type}"
        if len(alone) == 0:
            assert col not in e.columns or (e[col] == 0).all()
            continue
        got = e.set_index(["src", "dst"])[col]
        want = alone.set_index(["src", "dst"])[col]
        assert (got.loc[want.index].to_numpy() == want.to_numpy()).all()  # bit-identical
        assert (got.drop(want.index) == 0).all()  # no evidence where the type has no pair
        total += e[col].to_numpy(np.float64)
    np.testing.assert_allclose(e["weight"].to_numpy(), total, rtol=1e-6)
