"""A dense core that harvests no more than the crowd it was cut from is not flagged (``core_harvest_gap``).

Sixty bug-bounty hunters run one heavy job from four templates of their own (recon, exploit, payload,
report), each from home, with nothing shared but the templates: one loose community, not flagged (no
shared infrastructure). Five of them work from one office line. The dense-core search cuts those five
out (they share the templates and an address), and scored alone they look like a ring. They harvest
exactly as the other 55 do: their address is all that sets them apart, and any large group has a
densest corner. A ring that rides in the same crowd with the hunters' templates but harvests far
more (round the clock, long answers) must stay flagged.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import graphhunt as gh

T0 = pd.Timestamp("2026-09-07", tz="UTC").value // 10**9
TOPICS = ["sql injection", "xss", "ssrf", "csrf", "idor", "rce", "xxe", "open redirect", "path traversal", "jwt"]
WORDS = ["garden", "recipe", "travel", "history", "python", "music", "tax", "poem", "email", "resume", "math",
         "physics", "dog", "car", "movie", "book", "coffee", "yoga", "chess", "paint"]


PENTEST = [
    "You are a penetration tester. Analyse this request for {t} and explain step by step how to exploit it: GET /api/v{v}/items?id={n}",
    "Write a proof of concept payload for {t} against the parameter id={n} of endpoint /api/v{v}/search and explain why it works",
    "Draft the bug bounty report for a {t} finding in /api/v{v}/orders/{n}: summary, impact, steps to reproduce, remediation",
    "List the reconnaissance steps to find {t} issues on a target like app{n}.example.com running API version {v}",
]


def _pentest(rng):
    return PENTEST[rng.integers(len(PENTEST))].format(t=rng.choice(TOPICS), v=rng.integers(1, 4), n=rng.integers(1e6))


def world(seed=0, n_group=60, n_office=5, n_exits=150, n_vpn=300, ring=False):
    rng = np.random.default_rng(seed)
    rows, accts = [], []
    exits = [f"45.{10 + k // 5}.{k % 5}.20" for k in range(n_exits)]
    for i in range(400):  # individuals at home; a quarter of them try the public pen-test template now and then
        acc = f"b{i:03d}"; accts.append((acc, f"card-b{i}"))
        for _ in range(int(rng.lognormal(2.8, 0.8)) + 2):
            t = T0 + int(rng.integers(0, 14)) * 86400 + int(rng.normal(15, 3) * 3600)
            p = _pentest(rng) if i % 20 == 0 and rng.random() < 0.3 else " ".join(rng.choice(WORDS, 6)) + f" {rng.integers(1e6)}"
            rows.append((acc, t, f"10.{i // 200}.{i % 200}.7", p, int(rng.normal(300, 80))))
    for i in range(n_vpn):  # a commercial VPN's customers: an exit per session
        acc = f"v{i:03d}"; accts.append((acc, f"card-v{i}"))
        for _ in range(int(rng.lognormal(3.2, 0.7)) + 5):
            t = T0 + int(rng.integers(0, 14)) * 86400 + int(rng.normal(15, 3) * 3600)
            rows.append((acc, t, exits[rng.integers(n_exits)], " ".join(rng.choice(WORDS, 6)), int(rng.normal(300, 80))))
    for i in range(n_group):  # bug-bounty hunters: one heavy job on the VPN; n_office of them on one office line
        acc = f"h{i:03d}"; accts.append((acc, f"card-h{i}"))
        for day in range(14):
            ip = "185.220.1.7" if i < n_office else f"172.{16 + i // 200}.{i % 200}.9"
            for t in np.sort(rng.integers(8 * 3600, 22 * 3600, int(rng.normal(60, 10)))):
                rows.append((acc, int(T0 + day * 86400 + t), ip, _pentest(rng), int(rng.normal(1500, 200))))
    for i in range(5 if ring else 0):  # a ring in the hunters' crowd: their templates, one exit, round the clock
        acc = f"r{i}"; accts.append((acc, f"card-r{i}"))
        for day in range(14):
            for t in np.sort(rng.integers(0, 86400, 300)):
                rows.append((acc, int(T0 + day * 86400 + t), "203.0.113.50", _pentest(rng), int(rng.normal(3000, 300))))
    ev = pd.DataFrame(rows, columns=["account_id", "timestamp", "ip", "prompt", "output_tokens"])
    ev["timestamp"] = pd.to_datetime(ev["timestamp"], unit="s", utc=True)
    ev["output_tokens"] = ev["output_tokens"].clip(lower=1)
    return ev, pd.DataFrame(accts, columns=["account_id", "payment_method"])


def _flagged(res, prefix):
    a = res.accounts
    return {x for x in a.loc[a["flagged"], "account_id"] if x.startswith(prefix)}


OFFICE = {f"h{i:03d}" for i in range(5)}


@pytest.mark.parametrize("seed", [0, 1])
def test_office_corner_of_a_hunters_crowd_is_not_flagged(seed):
    ev, acc = world(seed)
    res = gh.detect(ev, acc)
    assert _flagged(res, "h") == set() and _flagged(res, "b") == set() and _flagged(res, "v") == set()
    assert res.run_info["dense_core_returned"] == {"cores": 1, "accounts": 5}  # run.json says what went back
    # the gap is what clears them: without it the office's five are a flagged dense core
    off = gh.detect(ev, acc, gh.load_config(overrides=["communities.core_harvest_gap=0"]))
    assert _flagged(off, "h") == OFFICE
    assert off.rings.loc[off.rings["flagged"], "formed_by"].tolist() == ["dense_core"]
    assert off.run_info["dense_core_returned"] == {"cores": 0, "accounts": 0}


def test_an_account_of_a_core_sent_back_is_told_its_core_scored_as_a_ring_first():
    """Session 54 left it: an office member was explained as a member of the hunters' community, without a
    word that its core had scored as a ring. members.parquet keeps what the comparison saw (the core's
    size and risk, its and the crowd's harvest evidence, the crowd's share in the core's families) for the
    five, and nothing for the other members; the explanation says it, also through ``--json``'s facts."""
    from graphhunt.activity import CORE_COLUMNS

    ev, acc = world(0)
    res = gh.detect(ev, acc)
    m = res.members.set_index("account_id")
    assert set(CORE_COLUMNS) <= set(m.columns)
    back = set(m.index[m["core_size"].notna()])
    assert back == OFFICE
    row = m.loc["h000"]
    assert row["core_size"] == 5 and row["core_risk"] >= res.config.scoring.threshold
    assert row["core_harvest"] - row["crowd_harvest"] < res.config.communities.core_harvest_gap
    assert row["core_template_share"] >= 0.5
    assert m.loc["h010", ["core_size", "core_harvest"]].isna().all()
    from graphhunt.explain import explain_account

    ex = explain_account(res, "h000")
    assert "first scored as a ring" in ex.text and "not flagged" in ex.text, ex.text
    assert ex.text == res.explain("h000")
    assert ex.facts["returned_core"]["core_size"] == 5
    assert "first scored as a ring" not in res.explain("h010")
    # with the gap off nothing went back, and nothing is said
    off = gh.detect(ev, acc, gh.load_config(overrides=["communities.core_harvest_gap=0"]))
    assert off.members["core_size"].isna().all()


def test_ring_in_the_hunters_crowd_stays_flagged():
    ev, acc = world(0, ring=True)
    res = gh.detect(ev, acc)
    assert _flagged(res, "r") == {f"r{i}" for i in range(5)}
    assert _flagged(res, "h") == set()
    # the hunters harvest heavily (2.5). Until session 59 the ring's harvest evidence stopped at 2.98 and the
    # rule sent the ring's core back too; the behaviour split, which runs after it, cut the ring out again on
    # its members' own behaviour (a review's find: the rule leans on the split). Since session 59 its use of
    # the limit (100 %) counts up to the harvest floor: 2.99, and only the office's five go back. Either way
    # the ring ends flagged, alone
    r = res.rings.set_index("ring_id")
    ring_id = res.accounts.set_index("account_id").loc["r0", "ring_id"]
    assert r.loc[ring_id, "formed_by"] == "dense_core" and r.loc[ring_id, "size"] == 5
    assert res.run_info["dense_core_returned"] == {"cores": 1, "accounts": 5}


def test_the_rule_runs_only_with_the_behaviour_split():
    """Without the split nothing would look at a core sent back again: the rule is off, and the ring (and the
    office's five) are flagged as dense cores, as with the gap off."""
    ev, acc = world(0, ring=True)
    res = gh.detect(ev, acc, gh.load_config(overrides=["communities.behaviour_split=false"]))
    assert _flagged(res, "r") == {f"r{i}" for i in range(5)} and _flagged(res, "h") == OFFICE


def test_old_runs_repeat_without_the_gap():
    """A run.json from before the setting repeats that run: the gap is off."""
    from graphhunt.config import _as_run

    assert _as_run({"communities": {"min_ring_size": 3}})["communities"]["core_harvest_gap"] == 0.0
    assert gh.load_config().communities.core_harvest_gap == 0.5
    with pytest.raises(Exception, match="core_harvest_gap"):
        gh.load_config(overrides=["communities.core_harvest_gap=-1"])


def _rule_case(crowd_h, crowd_family, templates=True, ceiling=None):
    """Twenty accounts in one Leiden community: a flagged core of five (harvest 3.0, template family 1) and
    a crowd of fifteen (harvest ``crowd_h``, family ``crowd_family``). The scoring is a table lookup: the
    rule under test is the comparison, not the scoring (tested above end to end)."""
    from graphhunt.detector import _lookalike_cores

    n = 20
    harvest = np.r_[np.full(5, 3.0), np.full(15, crowd_h)]
    is_core = np.r_[np.ones(5, bool), np.zeros(15, bool)]

    def score(c, e, measured_only=False):
        c = np.asarray(c)
        labels = np.flatnonzero(np.bincount(c) >= 3)
        h = pd.Series(harvest).groupby(c).mean().reindex(labels)
        core = pd.Series(is_core).groupby(c).all().reindex(labels)
        return (pd.DataFrame({"harvest_evidence": h.to_numpy(), "flagged": core.to_numpy()}, index=labels),
                pd.DataFrame({"comm": c}))

    base = np.zeros(n, np.int64)
    comm = np.r_[np.zeros(5, np.int64), np.ones(15, np.int64)]
    rings, members = score(comm, None)
    edges = pd.DataFrame({"src": np.arange(n - 1), "dst": np.arange(1, n), "weight": 1.0})
    tinc = pd.DataFrame({"acc": np.arange(n), "attr": np.r_[np.ones(5, int), np.full(15, crowd_family)],
                         "n_events": 10}) if templates else None
    new, r2, _ = _lookalike_cores(base, comm, rings, members, score, edges, 0.5, 3, tinc, ceiling=ceiling)
    return len(np.unique(new)) == 1 and not r2["flagged"].any()  # the core went back, nothing flagged


def test_the_rule_compares_harvest_and_work_with_the_crowd():
    assert _rule_case(2.8, 1)  # the same work at nearly the same rate: the core goes back
    assert not _rule_case(2.4, 1)  # harvests 0.6 above the crowd: stays
    assert not _rule_case(2.8, 2)  # the crowd asks other things (a crowd of other rings): stays
    assert _rule_case(2.8, 2, templates=False)  # without prompts, harvest alone
    # a crowd within the gap of the most harvest evidence the input can show: the core could not have stood
    # the gap above it, so the comparison says nothing and the core stays (without answer lengths the
    # ceiling is 2 and busy crowds sit at it: 42 ring accounts of world20 s2 were sent back)
    assert _rule_case(2.8, 1, ceiling=4.0) and _rule_case(3.5, 1, ceiling=4.0)
    assert not _rule_case(2.8, 1, ceiling=3.0) and not _rule_case(3.6, 1, ceiling=4.0)


def _table_score(harvest, flagged):
    """A table-lookup scoring: a group's harvest is its members' mean, flagged when all members are."""
    def score(c, e=None, measured_only=False):
        c = np.asarray(c)
        labels = np.flatnonzero(np.bincount(c) >= 3)
        h = pd.Series(harvest).groupby(c).mean().reindex(labels)
        f = pd.Series(flagged).groupby(c).all().reindex(labels)
        return (pd.DataFrame({"harvest_evidence": h.to_numpy(), "flagged": f.to_numpy()}, index=labels),
                pd.DataFrame({"comm": c}))
    return score


def test_the_rule_compares_each_core_with_its_own_crowd():
    """Two Leiden communities (sparse labels 7 and 3), each with a flagged core of five harvesting 3.0 and a
    crowd of fifteen at 2.8. Community 7's crowd asks other things (family 2) than its core (family 1), so its
    core stays; community 3's crowd does its core's work (family 1), so that core goes back. The crowd of 3
    using family 1 must not count for the core of 7 (the share is taken within one community), and the
    rescored partition is the scoring of the result."""
    from graphhunt.detector import _lookalike_cores

    n = 40
    harvest = np.r_[np.full(5, 3.0), np.full(15, 2.8), np.full(5, 3.0), np.full(15, 2.8)]
    flagged = np.zeros(n, bool)
    flagged[0:5] = flagged[20:25] = True
    score = _table_score(harvest, flagged)
    base = np.r_[np.full(20, 7), np.full(20, 3)].astype(np.int64)
    comm = np.r_[np.full(5, 2), np.full(7, 0), np.full(8, 5), np.full(5, 4), np.full(15, 1)].astype(np.int64)
    rings, members = score(comm)
    edges = pd.DataFrame({"src": np.arange(n - 1), "dst": np.arange(1, n), "weight": 1.0})
    fam = np.r_[np.ones(5, int), np.full(15, 2), np.ones(20, int)]
    tinc = pd.DataFrame({"acc": np.arange(n), "attr": fam, "n_events": 10})
    new, r2, m2 = _lookalike_cores(base, comm, rings, members, score, edges, 0.5, 3, tinc)
    groups = {tuple(np.flatnonzero(new == c)) for c in np.unique(new)}
    assert tuple(range(0, 5)) in groups and tuple(range(20, 40)) in groups  # 7's core stays, 3's goes back
    assert tuple(range(5, 12)) in groups and tuple(range(12, 20)) in groups  # 7's crowd pieces as they were
    ref_r, ref_m = score(new)
    pd.testing.assert_frame_equal(r2, ref_r, check_index_type=False, check_dtype=False)
    assert (m2["comm"].to_numpy() == ref_m["comm"].to_numpy()).all()
    assert r2["flagged"].sum() == 1


def test_a_crowd_without_template_measured_requests_is_judged_on_harvest_alone():
    """Prompts were logged, but none of the crowd's requests is template-measured: the templates say
    nothing against the core, so harvest alone decides (the core goes back)."""
    from graphhunt.detector import _lookalike_cores

    n = 20
    score = _table_score(np.r_[np.full(5, 3.0), np.full(15, 2.8)], np.r_[np.ones(5, bool), np.zeros(15, bool)])
    base = np.zeros(n, np.int64)
    comm = np.r_[np.zeros(5, np.int64), np.ones(15, np.int64)]
    rings, members = score(comm)
    edges = pd.DataFrame({"src": np.arange(n - 1), "dst": np.arange(1, n), "weight": 1.0})
    tinc = pd.DataFrame({"acc": np.arange(5), "attr": 1, "n_events": 10})  # the core's rows only
    new, r2, _ = _lookalike_cores(base, comm, rings, members, score, edges, 0.5, 3, tinc)
    assert len(np.unique(new)) == 1 and not r2["flagged"].any()
