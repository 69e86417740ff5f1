"""An address is judged by the crowd of its network as well as by its own holders (links.network_crowd).

Behind a NAT pool that hands hundreds of accounts the addresses of one /24 (a campus, a carrier, a VPN
provider), two accounts meeting on one address is the pool's doing; the same two accounts meeting on an
address of a network only they use is not.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import graphhunt as gh
from graphhunt.graph import hub_fade
from graphhunt.links.base import factorize_values
from graphhunt.links.ip import network_crowd

T0 = pd.Timestamp("2026-10-05", tz="UTC")


def test_network_crowd_counts_accounts_per_network():
    rng = np.random.default_rng(5)
    n_ev = 3000
    acc = rng.integers(0, 200, n_ev)
    net = rng.integers(0, 30, n_ev)
    host = rng.integers(0, 4, n_ev)
    ips = pd.Series([f"10.0.{a}.{h}" for a, h in zip(net, host)])
    nets = pd.Series([f"10.0.{a}.0/24" for a in net])
    nets[::97] = None  # an address without a network (as an invalid one would be) has no crowd
    ips[nets.isna()] = "bad"
    codes, uniques = pd.factorize(ips, sort=True)
    net_codes, net_values = factorize_values(nets)
    got = network_crowd(acc, codes, len(uniques), net_codes, len(net_values))
    holders: dict[str, set] = {}
    for a, nt in zip(acc, nets):
        if nt is not None:
            holders.setdefault(nt, set()).add(a)
    for code, ip in enumerate(uniques):
        expect = 0 if ip == "bad" else len(holders[".".join(ip.split(".")[:3]) + ".0/24"])
        assert got[code] == expect, ip


def test_hub_fade_scale():
    f = hub_fade(np.array([1, 100, 101, 300, 499, 500, 5000]), 100, 500)
    assert f[0] == f[1] == 1.0
    assert np.all(np.diff(f[1:6]) < 0) and f[5] == 0 and f[6] == 0


def _pair_world(crowd: int) -> pd.DataFrame:
    """Two accounts that share one address, on a /24 that ``crowd`` other accounts also use (each on its
    own host, so only the pair shares an exact address)."""
    rows = []
    for a in ("x", "y"):
        for k in range(5):
            rows.append((a, T0 + pd.Timedelta(hours=k), "10.20.30.7"))
    for i in range(crowd):
        rows.append((f"c{i}", T0 + pd.Timedelta(minutes=i % 600), f"10.20.{30 if i < 250 else 31}.{8 + i % 240}"))
    return pd.DataFrame(rows, columns=["account_id", "timestamp", "ip"])


def _ip_weight(res, link_type="ip"):
    a = res.attributes
    row = a[(a["link_type"] == link_type) & a["attribute"].str.contains(r"10\.20\.30\.7(?:@|$)", regex=True)]
    assert len(row) == (1 if link_type == "ip" else 5)  # ip_window: one per hour the pair met
    assert row["weight"].nunique() == 1 and row["status"].nunique() == 1
    return float(row["weight"].iloc[0]), str(row["status"].iloc[0])


@pytest.mark.parametrize("crowd, expect_status", [(0, "linked"), (240, "crowd")])
def test_shared_address_fades_with_its_network_crowd(crowd, expect_status):
    ev = _pair_world(crowd)
    # the /24 holds the pair and `crowd` (at most 250) others; with a fade from 20 to 200 holders the
    # busy network's address carries no evidence, the quiet one's carries the address's own rarity
    cfg = gh.load_config(overrides=["links.hub_fade_start=20", "links.hub_max_accounts=200",
                                    "links.types=['ip','ip_window']"])
    res = gh.detect(ev, None, cfg)
    w, status = _ip_weight(res)
    ww, wstatus = _ip_weight(res, "ip_window")
    e = res.edges
    pair = e[(e["src"].isin(["x", "y"])) & (e["dst"].isin(["x", "y"]))] if len(e) else e
    assert status == expect_status and wstatus == expect_status
    if crowd == 0:
        assert w == 1.0 and len(pair) == 1  # two holders: the rarest evidence there is
    else:
        assert w == 0.0 and ww == 0.0 and len(pair) == 0
    # switched off, the same address links the pair whatever its network
    off = gh.detect(ev, None, gh.load_config(overrides=["links.hub_fade_start=20", "links.hub_max_accounts=200",
                                                        "links.types=['ip','ip_window']",
                                                        "links.network_crowd=false"]))
    assert _ip_weight(off) == (1.0, "linked")


def test_crowd_fades_partly_between_fade_start_and_cap():
    ev = _pair_world(108)  # 110 holders of the /24: halfway between 20 and 200
    res = gh.detect(ev, None, gh.load_config(overrides=["links.hub_fade_start=20", "links.hub_max_accounts=200",
                                                        "links.types=['ip']"]))
    w, status = _ip_weight(res)
    assert status == "linked" and w == pytest.approx(0.5)


def test_an_address_alone_in_its_network_fades_once():
    """The crowd replaces the address's own holder count in the fade; it does not multiply it."""
    rows = [(f"a{i}", T0 + pd.Timedelta(minutes=i), "10.20.30.7") for i in range(110)]
    rows += [(f"b{i}", T0 + pd.Timedelta(minutes=i), f"10.{40 + i // 200}.{i % 200}.1") for i in range(400)]  # population
    ev = pd.DataFrame(rows, columns=["account_id", "timestamp", "ip"])
    over = ["links.hub_fade_start=20", "links.hub_max_accounts=200", "links.types=['ip']"]
    on = _ip_weight(gh.detect(ev, None, gh.load_config(overrides=over)))
    off = _ip_weight(gh.detect(ev, None, gh.load_config(overrides=over + ["links.network_crowd=false"])))
    assert on == off and off[1] == "linked" and 0 < off[0] < 0.5


def _campus_and_ring(seed: int):
    """A campus: 700 students on a NAT pool of one /24 (a random host per hour), one lab class of 40
    sharing a course template with chain-of-thought in one slot; and a ring of 6 on a small rented /24.
    Both send templated, step-by-step requests with long answers; only the ring's sharing is its own."""
    rng = np.random.default_rng(seed)
    rows, accts = [], []
    for s in range(700):
        acc = f"s{s:03d}"
        accts.append((acc, f"card-s{s}", T0 - pd.Timedelta(days=int(rng.integers(30, 40)))))
        for _ in range(int(rng.integers(8, 30))):
            t = T0 + pd.Timedelta(days=int(rng.integers(0, 10)), hours=float(rng.normal(14, 3)))
            ip = f"10.77.0.{rng.integers(1, 255)}"
            if s < 40 and rng.random() < 0.5:
                q = f"Course 101 lab: prove that {rng.integers(1, 999)} is odd or even. Show your work step by step."
            else:
                q = f"{rng.choice(['what is', 'explain', 'help with', 'summarize'])} {rng.integers(1, 10**6)} words"
            rows.append((acc, t, ip, q, int(rng.integers(200, 900)), "Mozilla/5.0 campus"))
    for m in range(6):
        acc = f"r{m}"
        accts.append((acc, f"card-r{m}", T0 - pd.Timedelta(days=2, hours=m)))
        for d in range(10):
            for t in np.sort(rng.integers(0, 86400, 60)):
                q = f"Solve problem {rng.integers(1, 10**6)}. Think step by step and explain your reasoning."
                rows.append((acc, T0 + pd.Timedelta(days=d, seconds=int(t)), f"172.31.9.{rng.integers(2, 12)}",
                             q, int(rng.integers(1500, 2500)), "python-httpx/0.27"))
    ev = pd.DataFrame(rows, columns=["account_id", "timestamp", "ip", "prompt", "output_tokens", "user_agent"])
    acc = pd.DataFrame(accts, columns=["account_id", "payment_method", "created_at"])
    return ev, acc


@pytest.mark.parametrize("seed", [1, 2])
def test_campus_pool_does_not_make_a_ring_and_the_ring_on_its_own_network_stays(seed):
    ev, acc = _campus_and_ring(seed)
    res = gh.detect(ev, acc)
    flagged = set(res.accounts.loc[res.accounts["flagged"], "account_id"])
    assert {f"r{m}" for m in range(6)} <= flagged
    assert not any(a.startswith("s") for a in flagged)
    # the campus addresses are crowd, not links (each address's tenancies, links.ip_tenancy_gap_hours:
    # students on a random host per hour hold them one after another as well as together)
    a = res.attributes
    campus = a[(a["link_type"] == "ip") & a["attribute"].str.startswith("ip:10.77.0.")]
    shared = campus[campus["n_accounts"] >= 2]
    assert len(shared) > 200 and (shared["status"] == "crowd").all() and (campus["weight"] == 0).all()
    # the lab class still forms a candidate; its explanation says why the addresses it shares don't count
    lab = res.accounts.set_index("account_id").loc["s000", "ring_id"]
    assert lab != "" and "[crowd: busy network, not linked]" in res.explain(lab)
    # what the settings are for: judged by its own holders only, whatever the time, each pool address
    # is rare evidence and the lab class (one course template, step by step, one sign-up season) is
    # flagged as a ring (its homework answers are short, so since session 46 its "step by step" also counts
    # for little: scoring.reasoning_needs_long_answers is turned off to show what the link settings do)
    off = gh.detect(ev, acc, gh.load_config(overrides=["links.network_crowd=false", "links.ip_tenancy_gap_hours=0",
                                                       "scoring.reasoning_needs_long_answers=false"]))
    assert off.accounts.loc[off.accounts["flagged"], "account_id"].str.startswith("s").sum() >= 10


def test_hubs_csv_lists_hubs_then_crowd_addresses(tmp_path):
    """hubs.csv holds every attribute graphhunt did not link and says why: hubs first, then the
    addresses of busy networks; explain still counts hubs only."""
    from graphhunt.explain import RunData, load_run
    from graphhunt.sinks.files import write_result

    ev = _pair_world(240)
    hub_rows = pd.DataFrame({"account_id": [f"h{i}" for i in range(210)], "timestamp": T0, "ip": "10.99.0.1"})
    ev = pd.concat([ev, hub_rows], ignore_index=True)
    cfg = gh.load_config(overrides=["links.hub_fade_start=20", "links.hub_max_accounts=200",
                                    "links.types=['ip']"])
    res = gh.detect(ev, None, cfg)
    write_result(res, tmp_path / "run")
    hubs = pd.read_csv(tmp_path / "run" / "hubs.csv")
    a = res.attributes
    assert set(hubs["attribute"]) == set(a.loc[a["status"].isin(["hub", "crowd"]), "attribute"])
    assert hubs["status"].tolist() == ["hub"] + ["crowd"] * (len(hubs) - 1)  # hubs first
    assert hubs.set_index("attribute").loc["ip:10.20.30.7", "status"] == "crowd"
    assert hubs.set_index("attribute").loc["ip:10.99.0.1", "status"] == "hub"
    assert len(load_run(tmp_path / "run").hubs) == 1 == len(RunData.from_result(res).hubs)


def test_ip_window_attribute_belongs_to_its_own_address_over_a_long_span():
    """An (address, window) was coded as ``address * 2**24 + window``: with a short window and a log that spans
    more windows than 2**24 (one-minute windows and a stray 2060 time in a 2026 log: 34 years of minutes), a
    late window of one address took the code of an early window of the next address, and account ``c`` (on
    10.0.0.1 in 2060) was linked by ``ip_window`` to ``d`` (on 10.0.0.2 in 2026), an address it never used."""
    t0 = pd.Timestamp("2026-01-01", tz="UTC")
    late = t0 + pd.Timedelta(minutes=2**24)  # exactly 2**24 one-minute windows later (2057-12)
    ev = pd.DataFrame({"account_id": ["a", "b", "c", "d", "e"],
                       "timestamp": [t0, t0, late, t0, t0],
                       "ip": ["10.0.0.1", "10.0.0.1", "10.0.0.1", "10.0.0.2", "10.0.0.2"]})
    res = gh.detect(ev, links__types=["ip_window"], links__ip_window_minutes=1, links__ip_tenancy_gap_hours=0)
    e = res.edges
    pairs = {tuple(sorted(p)) for p in zip(e["src"].astype(str), e["dst"].astype(str))}
    assert pairs == {("a", "b"), ("d", "e")}
