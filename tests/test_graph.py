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


def _hydra(n=2000, group=600, seed=0):
    """``group`` accounts share one network and one template (both above a 500 cap); a carrier crowd of
    700 other accounts shares one network, and 900 accounts (of any kind) use one popular template."""
    rng = np.random.default_rng(seed)
    ring = np.arange(group)
    crowd = np.arange(group, group + 700)
    popular = rng.choice(n, 900, replace=False)
    net = incidence_from_columns("network", np.r_[ring, crowd],
                                 pd.Series(["net:ring"] * group + ["net:carrier"] * 700))
    tpl = incidence_from_columns("template", np.r_[ring, popular],
                                 pd.Series(["tpl-ring"] * group + ["tpl-popular"] * 900))
    return [net, tpl], np.array([f"a{i}" for i in range(n)], dtype=object), ring, crowd


def test_hub_group_links_a_group_that_shares_hubs_of_two_kinds():
    incs, ids, ring, crowd = _hydra()
    cfg = LinkConfig(weights={"network": 1.0, "template": 1.0})
    lg = build_graph(incs, ids, cfg)
    st = lg.attributes.set_index("attribute")["status"]
    assert st["net:ring"] == "linked" and st["tpl-ring"] == "linked"
    assert st["net:carrier"] == "hub" and st["tpl-popular"] == "hub"  # a crowd stays a crowd
    assert lg.hub_groups == {"network": 1, "template": 1}
    e = lg.edges
    inside = np.isin(e["src"], ring) & np.isin(e["dst"], ring)
    assert inside.sum() == len(ring) * (len(ring) - 1) // 2  # every pair of the group
    assert not (np.isin(e["src"], crowd) & np.isin(e["dst"], crowd)).any()
    # the weight is the attributes' rarity, no fade: 600 holders of 2,000 accounts
    from graphhunt.graph import rarity
    w = rarity(np.array([600]), len(ids))[0]
    row = e[inside].iloc[0]
    assert row["w_network"] == pytest.approx(1 - np.exp(-w / cfg.evidence_scale["network"]), rel=1e-5)
    # off: both are hubs again
    off = build_graph(incs, ids, LinkConfig(weights={"network": 1.0, "template": 1.0}, hub_group_max_accounts=0))
    assert len(off.edges) == 0 and set(off.attributes["status"]) == {"hub"}


def test_hub_group_needs_two_kinds_of_evidence():
    """Two address-kind hubs (a carrier's /24 and its busiest address) with the same holders are one
    crowd seen twice, not a group."""
    n = 1500
    acc = np.arange(700)
    net = incidence_from_columns("network", acc, pd.Series(["net:carrier"] * 700))
    ip = incidence_from_columns("ip", acc, pd.Series(["ip:nat"] * 700))
    lg = build_graph([net, ip], np.array([str(i) for i in range(n)], dtype=object), LinkConfig())
    assert set(lg.attributes["status"]) == {"hub"} and len(lg.edges) == 0


@pytest.mark.parametrize("sampled", [False, True])
@pytest.mark.parametrize("lockstep", [True, False])
def test_hub_group_lockstep_pool(monkeypatch, lockstep, sampled):
    """Ten proxy addresses that the same 600 accounts all use are one group's (the lockstep rule);
    a NAT pool of ten addresses whose 2,000 users each touch three of them is a crowd."""
    rng = np.random.default_rng(4)
    n = 3000
    if lockstep:
        acc = np.repeat(np.arange(600), 10)
        ips = np.tile(np.arange(10), 600)
    else:
        acc = np.repeat(np.arange(2000), 3)
        ips = np.concatenate([rng.choice(10, 3, replace=False) for _ in range(2000)])
    ip = incidence_from_columns("ip", acc, pd.Series([f"ip:{i}" for i in ips]))
    ids = np.array([str(i) for i in range(n)], dtype=object)
    if sampled:  # the overlaps estimated on a sample of the accounts (about a fifth here)
        import graphhunt.graph as G

        monkeypatch.setattr(G, "HUB_GROUP_WORK", 0.2 * len(acc) * (10 if lockstep else 3))
    lg = build_graph([ip], ids, LinkConfig())
    assert (set(lg.attributes["status"]) == {"linked"}) is lockstep
    assert (lg.hub_groups == {"ip": 10}) is lockstep
    # the rule off, or wanting more addresses than the pool has: hubs
    assert set(build_graph([ip], ids, LinkConfig(hub_group_lockstep=0)).attributes["status"]) == {"hub"}
    assert set(build_graph([ip], ids, LinkConfig(hub_group_lockstep=11)).attributes["status"]) == {"hub"}


def test_hub_group_budget_keeps_what_fits():
    """Twenty lockstep addresses of 600 holders need 3.6M pair incidences; with room for 2M (nothing
    else uses the budget), the grouped attributes that fit stay linked (one at a time, not all or
    nothing)."""
    acc = np.repeat(np.arange(600), 20)
    ip = incidence_from_columns("ip", acc, pd.Series([f"ip:{i}" for i in np.tile(np.arange(20), 600)]))
    lg = build_graph([ip], np.array([str(i) for i in range(2000)], dtype=object),
                     LinkConfig(max_pair_incidences=2_000_000))
    assert lg.hub_groups == {"ip": 11}  # 11 x 180k = 1.98M <= the budget
    assert len(lg.edges) == 600 * 599 // 2
    # the same group also on one template (and 50 others with it): the template is kept before the
    # second address, the largest attribute though it is (9 x 180k + 211k <= 2M)
    tpl = incidence_from_columns("template", np.r_[np.arange(600), np.arange(1000, 1050)], pd.Series(["tpl-x"] * 650))
    lg = build_graph([ip, tpl], np.array([str(i) for i in range(2000)], dtype=object),
                     LinkConfig(max_pair_incidences=2_000_000))
    assert lg.hub_groups == {"ip": 9, "template": 1}


@pytest.mark.parametrize("jaccard, linked", [(0.5, True), (0.95, False)])
def test_hub_group_jaccard_bound(jaccard, linked):
    """600 accounts on the network, 540 of them (and 60 others) on the template: Jaccard 540 / 660."""
    n = 2000
    net = incidence_from_columns("network", np.arange(600), pd.Series(["net:x"] * 600))
    tpl = incidence_from_columns("template", np.r_[np.arange(540), np.arange(1000, 1060)], pd.Series(["tpl-x"] * 600))
    lg = build_graph([net, tpl], np.array([str(i) for i in range(n)], dtype=object),
                     LinkConfig(hub_group_jaccard=jaccard))
    assert (set(lg.attributes["status"]) == {"linked"}) is linked


def test_hub_group_stays_within_the_pair_budget():
    incs, ids, ring, _ = _hydra()
    cfg = LinkConfig(weights={"network": 1.0, "template": 1.0}, max_pair_incidences=100_000)
    lg = build_graph(incs, ids, cfg)
    assert len(lg.edges) == 0 and not lg.hub_groups
    assert set(lg.attributes["status"]) == {"hub"}


def test_hub_group_kept_when_the_budget_lowers_the_cap():
    """Three addresses of 280 unrelated holders each and a group of 300 on one network and one template:
    all under the cap of 500, but over the pair budget. The lowered cap (256) makes them all hubs; the
    group's two attributes, whose holders coincide, come back as a group in the room left."""
    n = 2000
    group = np.arange(300)
    net = incidence_from_columns("network", group, pd.Series(["net:g"] * 300))
    tpl = incidence_from_columns("template", group, pd.Series(["tpl-g"] * 300))
    ip = incidence_from_columns("ip", np.arange(300, 1140), pd.Series(np.repeat(["ip:a", "ip:b", "ip:c"], 280)))
    lg = build_graph([net, tpl, ip], np.array([str(i) for i in range(n)], dtype=object),
                     LinkConfig(max_pair_incidences=150_000))
    st = lg.attributes.set_index("attribute")["status"]
    assert lg.effective_hub_max["ip"] < 280
    assert st[["ip:a", "ip:b", "ip:c"]].tolist() == ["hub"] * 3
    assert st["net:g"] == "linked" and st["tpl-g"] == "linked"
    assert len(lg.edges) == 300 * 299 // 2


def test_hub_group_size_bound():
    incs, ids, ring, _ = _hydra()
    lg = build_graph(incs, ids, LinkConfig(hub_group_max_accounts=599))
    assert len(lg.edges) == 0 and set(lg.attributes["status"]) == {"hub"}


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


def test_hub_group_column_cap(monkeypatch):
    """Beyond HUB_GROUP_COLUMNS hubs of one kind, a fixed choice of them takes part in the overlap
    table: a lockstep pool of 40 addresses with room for 16 is still seen, through the chosen ones."""
    import graphhunt.graph as G

    acc = np.repeat(np.arange(600), 40)
    ip = incidence_from_columns("ip", acc, pd.Series([f"ip:{i}" for i in np.tile(np.arange(40), 600)]))
    ids = np.array([str(i) for i in range(2000)], dtype=object)
    monkeypatch.setattr(G, "HUB_GROUP_COLUMNS", 16)
    lg = build_graph([ip], ids, LinkConfig(max_pair_incidences=10**9))
    chosen = lg.hub_groups.get("ip", 0)
    assert 8 <= chosen < 40  # the chosen addresses only, enough of them for the lockstep rule
    assert len(lg.edges) == 600 * 599 // 2
    again = build_graph([ip], ids, LinkConfig(max_pair_incidences=10**9))
    assert again.hub_groups == lg.hub_groups  # the choice is fixed


def test_hub_group_budget_shared_between_groups():
    """Two operators' lockstep pools (600 and 610 accounts, 20 addresses each) and room for six of
    their forty addresses: each pool keeps three (the smaller pool does not take all six)."""
    a = np.repeat(np.arange(600), 20)
    b = np.repeat(np.arange(1000, 1610), 20)
    labels = [f"ip:a{i}" for i in np.tile(np.arange(20), 600)] + [f"ip:b{i}" for i in np.tile(np.arange(20), 610)]
    ip = incidence_from_columns("ip", np.r_[a, b], pd.Series(labels))
    lg = build_graph([ip], np.array([str(i) for i in range(2000)], dtype=object),
                     LinkConfig(max_pair_incidences=6 * 610 * 610 // 2 + 10))
    at = lg.attributes.set_index("attribute")["status"]
    kept = at[at == "linked"].index
    assert sum(x.startswith("ip:a") for x in kept) == 3 and sum(x.startswith("ip:b") for x in kept) == 3
    e = lg.edges
    assert ((e["src"] < 600) & (e["dst"] < 600)).sum() == 600 * 599 // 2
    assert ((e["src"] >= 1000) & (e["dst"] >= 1000)).sum() == 610 * 609 // 2


def test_hub_group_sample_keeps_enough_holders(monkeypatch):
    """Forty unrelated network/template pairs (1,000 and 600 holders, Jaccard 0.30): however small the
    work bound, the sample keeps enough holders that none of them reads as a group."""
    import graphhunt.graph as G

    na, la, nt, lt = [], [], [], []
    for c in range(40):
        base = c * 2000
        na.append(np.arange(base, base + 1000))
        la += [f"net:{c}"] * 1000
        nt.append(np.r_[np.arange(base, base + 370), np.arange(base + 1000, base + 1230)])
        lt += [f"tpl:{c}"] * 600
    net = incidence_from_columns("network", np.concatenate(na), pd.Series(la))
    tpl = incidence_from_columns("template", np.concatenate(nt), pd.Series(lt))
    ids = np.array([str(i) for i in range(100_000)], dtype=object)
    monkeypatch.setattr(G, "HUB_GROUP_WORK", 100.0)  # would sample 0.2 % of the accounts
    lg = build_graph([net, tpl], ids, LinkConfig(max_pair_incidences=10**9))
    assert not lg.hub_groups and len(lg.edges) == 0


def test_hub_group_budget_holds_at_the_cap_floor():
    """Two-holder cards alone exceed the budget (the cap falls to its floor); a group then gets no room."""
    n = 300_000
    pay = incidence_from_columns("payment", np.arange(250_000), pd.Series(np.repeat(np.arange(125_000), 2).astype(str)))
    group = np.arange(250_000, 250_300)
    net = incidence_from_columns("network", group, pd.Series(["net:g"] * 300))
    tpl = incidence_from_columns("template", group, pd.Series(["tpl-g"] * 300))
    lg = build_graph([pay, net, tpl], np.array([str(i) for i in range(n)], dtype=object),
                     LinkConfig(max_pair_incidences=200_000, hub_max_accounts=50, hub_fade_start=10))
    assert not lg.hub_groups
    st = lg.attributes.set_index("attribute")["status"]
    assert st["net:g"] == "hub" and st["tpl-g"] == "hub"


def test_hub_group_never_links_what_carries_no_evidence():
    """600 accounts, every one on the same ten addresses: the addresses' rarity is 0 (everybody holds
    them), so they stay hubs rather than cost pairs for edges of weight 0."""
    acc = np.repeat(np.arange(600), 10)
    ip = incidence_from_columns("ip", acc, pd.Series([f"ip:{i}" for i in np.tile(np.arange(10), 600)]))
    lg = build_graph([ip], np.array([str(i) for i in range(600)], dtype=object), LinkConfig())
    assert not lg.hub_groups and set(lg.attributes["status"]) == {"hub"}
