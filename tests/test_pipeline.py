"""End-to-end detection on planted worlds: recovery, look-alikes, determinism, edge cases."""
from __future__ import annotations

import re

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import graphhunt as gh
from graphhunt.scoring import LIMIT_USE_FULL, limit_use_weight
from tests.conftest import make_world


def fit(ev, ac=None, **kw):
    return gh.Detector(**kw).fit(_load(ev), ac).result_


def _load(ev: pd.DataFrame) -> pd.DataFrame:
    out = ev.copy()
    out["timestamp"] = pd.to_datetime(out["timestamp"], utc=True)
    return out


@pytest.fixture(scope="module")
def result(world):
    ev, ac, ring = world
    return fit(ev, gh_accounts(ac)), ring


def gh_accounts(ac: pd.DataFrame) -> pd.DataFrame:
    out = ac.copy()
    out["created_at"] = pd.to_datetime(out["created_at"], utc=True, format="ISO8601")
    return out


def test_ring_found_and_lookalike_office_not_flagged(result):
    res, ring = result
    flagged = set(res.accounts.loc[res.accounts["flagged"], "account_id"])
    assert flagged == ring
    office = res.accounts[res.accounts["account_id"].str.startswith("office")]
    assert not office["flagged"].any()
    top = res.rings.iloc[0]
    assert top["flagged"] and top["size"] == len(ring)
    assert "TEMPLATE_CONCENTRATION" in top["reasons"]


def test_result_is_a_partition_and_explainable(result):
    res, _ = result
    acc = res.accounts
    assert acc["account_id"].is_unique
    sizes = acc[acc["ring_id"] != ""].groupby("ring_id").size()
    assert (sizes.sort_index() == res.rings.set_index("ring_id")["size"].sort_index()).all()
    # the score is recomputable from rings.csv columns + the stored config
    w, sc = res.config.scoring.weights, res.config.scoring
    s = sum(w[k] * res.rings[f"f_{k}"] for k in w)
    assert np.allclose(s, res.rings["evidence_sum"])
    # harvesting behaviour below the floor scales the risk down: the value of the answers (reasoning, output
    # length) plus the activity (volume, timing) up to that value, or up to the use of the per-account limit
    value = sum(w[k] * res.rings[f"f_{k}"] for k in ("reasoning", "output_tokens"))
    limit_use = np.clip(res.rings["median_utilization"] / LIMIT_USE_FULL, 0, 1) * limit_use_weight(sc)
    h = value + np.minimum(sum(w[k] * res.rings[f"f_{k}"] for k in ("volume", "machine_timing")),
                           np.maximum(value, limit_use))
    assert np.allclose(h, res.rings["harvest_evidence"])
    keep = np.clip(h / sc.min_harvest_behaviour, 0, 1)
    assert (keep < 1).any()  # some of the sample's benign groups show too little to keep their risk
    # ... and so does a behaviour that shows no operator's hand (every feature measured here)
    op = res.rings[[f"f_{k}" for k in ("template_concentration", "reasoning", "machine_timing", "burst_signup")]].max(axis=1)
    assert np.allclose(op, res.rings["operator_behaviour"])
    keep = keep * np.clip(op / sc.min_operator_behaviour, 0, 1)
    assert np.allclose(keep / (1 + np.exp(-sc.slope * (s - sc.midpoint))), res.rings["risk_score"], atol=1e-4)
    text = res.explain(res.rings.iloc[0]["ring_id"])
    assert "TEMPLATE_CONCENTRATION" in text and "203.0.113." in text
    assert "Harvesting behaviour" not in text  # the ring keeps its full risk
    low = res.rings[keep < 1].iloc[0]
    assert f"the logistic score times {keep[keep < 1].iloc[0]:.3f}" in res.explain(low["ring_id"])


def test_no_raw_prompt_text_in_outputs(result, world):
    res, _ = result
    ev = world[0]
    blob = res.rings.to_csv() + res.shared.to_csv() + res.templates.to_csv()
    assert "integral of x^" not in blob  # slot values are masked / redacted
    # no whole prompt survives, and exemplars stay short
    assert not any(p in blob for p in ev["prompt"].dropna().unique()[:500])
    assert res.templates["exemplar"].str.len().max() <= 100


def test_one_account_families_have_no_exemplar(result):
    """A family only one account uses is that user's own wording, not a shared template: no exemplar."""
    t = result[0].templates
    solo = t["n_accounts"] < 2
    assert solo.any() and (t["n_accounts"] >= 2).any()
    assert (t.loc[solo, "exemplar"] == "").all()
    assert (t.loc[~solo, "exemplar"] != "").any()


def test_exemplars_only_for_public_templates_and_flagged_rings(result):
    """A family a few benign accounts share (coworkers asking the same question) is their wording: no
    exemplar anywhere. Shown: families of at least PUBLIC_TEMPLATE_ACCOUNTS accounts, and families shared
    inside a flagged ring."""
    from graphhunt.detector import PUBLIC_TEMPLATE_ACCOUNTS

    res = result[0]
    t = res.templates.set_index("template_id")
    flagged = set(res.rings.loc[res.rings["flagged"], "ring_id"])
    # families two or more members of a flagged ring use (from the account-attribute incidences, not
    # from the rings' evidence columns, which keep only the strongest few per ring)
    inc = res.incidence[res.incidence["link_type"] == "template"].merge(res.accounts[["account_id", "ring_id"]])
    inc = inc[inc["ring_id"].isin(flagged)]
    per = inc.groupby(["ring_id", "attribute"])["account_id"].nunique()
    in_flagged = set(per[per >= 2].index.get_level_values("attribute").astype(str))
    public = t["n_accounts"] >= PUBLIC_TEMPLATE_ACCOUNTS
    private = ~public & ~t.index.isin(in_flagged)
    assert in_flagged and private.any() and (t.loc[private, "n_accounts"] >= 2).any()
    assert (t.loc[private, "exemplar"] == "").all()
    assert (t.loc[sorted(in_flagged), "exemplar"] != "").all()
    # rings.csv: the exemplars of an unflagged group are public templates' only
    for r in res.rings.itertuples():
        for part in filter(None, str(r.template_exemplars).split(" | ")):
            tid = part.split(": ")[0]
            assert r.flagged or public[tid], (r.ring_id, part)
            assert part.split(": ", 1)[1] != ""


def test_every_family_a_flagged_ring_shares_keeps_its_exemplar():
    """Also the families beyond the few strongest that rings.csv's evidence columns list (a simulated
    world's largest ring shares 21 families; 8 had lost their exemplar)."""
    from graphhunt.simulate import simulate

    sc = simulate(n_accounts=3000, seed=0)
    res = gh.Detector(seed=0).fit(sc.events, sc.accounts).result_
    flagged = set(res.rings.loc[res.rings["flagged"], "ring_id"])
    inc = res.incidence[res.incidence["link_type"] == "template"].merge(res.accounts[["account_id", "ring_id"]])
    inc = inc[inc["ring_id"].isin(flagged)]
    per = inc.groupby(["ring_id", "attribute"])["account_id"].nunique()
    fams = sorted(set(per[per >= 2].index.get_level_values("attribute").astype(str)))
    shown = res.shared[(res.shared["link_type"] == "template") & res.shared["ring_id"].isin(flagged)]
    assert len(fams) > len(set(shown["attribute"]))  # more than the evidence columns list
    assert (res.templates.set_index("template_id").loc[fams, "exemplar"] != "").all()


def test_limit_worth_is_requests_per_active_day_of_the_ring(result, world):
    """volume_accounts_worth: the ring's requests per UTC day with any member active, over the limit
    (recomputed from the events; members active on different days are not stacked)."""
    res, _ = result
    ev = _load(world[0]).merge(res.accounts[["account_id", "ring_id"]], on="account_id")
    ev = ev[ev["ring_id"] != ""]
    per = ev.groupby("ring_id").agg(n=("account_id", "size"), days=("timestamp", lambda t: t.dt.floor("D").nunique()))
    want = per["n"] / per["days"] / res.run_info["daily_limit"]["limit"]
    got = res.rings.set_index("ring_id")["volume_accounts_worth"]
    assert len(want) >= 3 and np.allclose(got.reindex(want.index), want)


def test_networkx_export(result):
    res, ring = result
    g = res.to_networkx(res.rings.iloc[0]["ring_id"])
    assert set(g.nodes) == ring
    assert nx.is_connected(g)
    assert all("w_template" in d for _, _, d in g.edges(data=True))
    # every account is a node with its verdict (accounts without a link too), as accounts.csv has it
    whole = res.to_networkx()
    acc = res.accounts.set_index("account_id")
    assert set(whole.nodes) == set(acc.index)
    for a in [sorted(ring)[0], acc.index[acc["ring_id"] == ""][0]]:
        d = whole.nodes[a]
        assert d == {"ring_id": acc.at[a, "ring_id"], "risk_score": float(acc.at[a, "risk_score"]),
                     "flagged": bool(acc.at[a, "flagged"])}
        assert type(d["risk_score"]) is float and type(d["flagged"]) is bool
    # the igraph graph's vertices carry the same (a tester: they carried their name only), ring_graph too
    ig_g = res.graph
    v = {n: (r, s, f) for n, r, s, f in zip(ig_g.vs["name"], ig_g.vs["ring_id"], ig_g.vs["risk_score"], ig_g.vs["flagged"])}
    for a in v.keys() & set(acc.index):
        assert v[a] == (acc.at[a, "ring_id"], float(acc.at[a, "risk_score"]), bool(acc.at[a, "flagged"]))
    assert set(res.ring_graph(res.rings.iloc[0]["ring_id"]).vs["ring_id"]) == {res.rings.iloc[0]["ring_id"]}


def test_deterministic_same_seed(world):
    ev, ac, _ = world
    a = fit(ev, gh_accounts(ac), seed=5)
    b = fit(ev, gh_accounts(ac), seed=5)
    pd.testing.assert_frame_equal(a.accounts, b.accounts)
    pd.testing.assert_frame_equal(a.rings, b.rings)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_ring_without_shared_payment_found_across_seeds(seed):
    ev, ac, ring = make_world(seed=seed, ring_size=5)
    res = fit(ev, gh_accounts(ac))
    flagged = set(res.accounts.loc[res.accounts["flagged"], "account_id"])
    assert ring <= flagged and len(flagged - ring) == 0


def test_single_account_and_one_ip():
    ev = pd.DataFrame({"account_id": ["a"] * 5, "timestamp": pd.date_range("2026-11-01", periods=5, freq="h", tz="UTC"),
                       "ip": ["1.2.3.4"] * 5})
    res = gh.Detector().fit(ev).result_
    assert len(res.accounts) == 1 and len(res.rings) == 0 and not res.accounts["flagged"].any()


def test_all_events_from_one_ip_is_a_recorded_hub():
    n = 800
    ev = pd.DataFrame({"account_id": [f"a{i}" for i in range(n)],
                       "timestamp": pd.Timestamp("2026-11-01", tz="UTC") + pd.to_timedelta(np.arange(n), "min"),
                       "ip": "100.64.0.1"})
    res = gh.Detector().fit(ev).result_
    hubs = res.attributes[res.attributes["status"] == "hub"]
    assert "ip:100.64.0.1" in set(hubs["attribute"])
    assert not res.accounts["flagged"].any()


def test_accounts_without_events_kept_not_flagged(world):
    ev, ac, _ = world
    extra = pd.concat([gh_accounts(ac), pd.DataFrame({"account_id": ["ghost1", "ghost2"], "payment_method": ["pm_ring", "x"],
                                                       "created_at": pd.to_datetime(["2026-01-01"] * 2, utc=True)})])
    res = fit(ev, extra)
    ghosts = res.accounts[res.accounts["account_id"].str.startswith("ghost")]
    assert len(ghosts) == 2 and not ghosts["flagged"].any()


def test_threshold_zero_flags_ring_candidates_not_every_account(world):
    # scoring.threshold = 0 is allowed (config: [0, 1]); accounts in no ring have risk 0 and were flagged
    # (risk 0 >= 0), as were accounts of the accounts file without requests, and `explain` told each of them
    # "not in any ring" beside accounts.csv's flagged = True
    ev, ac, _ = world
    extra = pd.concat([gh_accounts(ac), pd.DataFrame({"account_id": ["ghost1", "ghost2", "ghost3"],
                                                       "payment_method": ["pm_ghost"] * 3,
                                                       "created_at": pd.to_datetime(["2026-01-01"] * 3, utc=True)})])
    res = fit(ev, extra, threshold=0.0)
    acc = res.accounts
    assert (acc.loc[acc["flagged"], "ring_id"] != "").all()
    assert not acc.loc[acc["account_id"].str.startswith("ghost"), "flagged"].any()
    assert not acc.loc[acc["risk_score"] <= 0, "flagged"].any()
    flagged_rings = set(res.rings.loc[res.rings["flagged"], "ring_id"])
    assert set(acc.loc[acc["flagged"], "ring_id"]) <= flagged_rings
    assert (res.rings.loc[res.rings["flagged"], "risk_score"] > 0).all()
    assert len(flagged_rings) >= 1 and acc["flagged"].sum() < len(acc)


def test_leidenalg_backend_agrees(world):
    ev, ac, ring = world
    res = fit(ev, gh_accounts(ac), backend="leidenalg")
    assert set(res.accounts.loc[res.accounts["flagged"], "account_id"]) == ring


def test_not_fitted():
    with pytest.raises(gh.errors.NotFittedError):
        gh.Detector().result_


def _with_vpn_bystanders(ev: pd.DataFrame, ac: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, list]:
    """Six VPN users on the ring's proxy addresses (203.0.113.0-7), each with its own free text."""
    rng = np.random.default_rng(5)
    t0 = pd.Timestamp("2026-11-01", tz="UTC").value // 10**9
    rows, accs = [], []
    words = [f"w{k}" for k in range(5000)]  # free text: no shared template
    for i in range(6):
        a = f"vpn{i:02d}"
        accs.append((a, f"pm_v{i}", "2026-03-01T00:00:00.000000+00:00"))
        for _ in range(int(rng.integers(15, 30))):
            rows.append((a, pd.Timestamp(t0 + int(rng.integers(14 * 86400)), unit="s", tz="UTC").isoformat(),
                         f"203.0.113.{rng.integers(8)}", " ".join(rng.choice(words, 8)),
                         "Mozilla/5.0", int(rng.integers(100, 400))))
    ev2 = pd.concat([ev, pd.DataFrame(rows, columns=ev.columns)], ignore_index=True)
    ac2 = pd.concat([ac, pd.DataFrame(accs, columns=ac.columns)], ignore_index=True)
    return ev2, ac2, accs


def test_proxy_sharing_bystanders_are_not_flagged(world):
    """VPN users who exit through the ring's proxy pool are tied to the ring but behave like
    people: the member's own behaviour (behaviour fit) keeps their account score low."""
    ev, ac, ring = world
    ev2, ac2, accs = _with_vpn_bystanders(ev, ac)
    res = fit(ev2, gh_accounts(ac2))
    acc = res.accounts.set_index("account_id")
    assert acc.loc[sorted(ring), "flagged"].all()
    vpn = acc.loc[[a for a, *_ in accs]]
    assert not vpn["flagged"].any(), vpn[["ring_id", "risk_score", "fit"]]
    # whichever community they landed in, their fit says they do not behave like the ring
    in_ring = vpn[vpn["ring_id"].isin(acc.loc[sorted(ring), "ring_id"])]
    assert (in_ring["fit"] < 0.25).all()


def test_account_score_is_ring_risk_scaled_by_fit_up_to_the_floor(world):
    """Account risk = ring risk x min(1, fit / member_fit_floor); WEAK_TIE marks fit below the floor.
    Proxy bystanders with some but not enough fit (0.25-0.4 in the altworld checks) were flagged with
    the old floor of 0.25: here a member's score falls when the floor rises above its fit."""
    ev, ac, ring = world
    ev2, ac2, _ = _with_vpn_bystanders(ev, ac)
    ev2, ac2 = _load(ev2), gh_accounts(ac2)
    cfg = gh.Config().scoring
    assert gh.Detector().get_params() == {"config": None}
    assert cfg.member_fit_floor == 0.4 and cfg.member_fit_relative == 0.65
    by_floor = {}
    for floor, rel in ((0.05, 0.0), (0.4, 0.0), (1.0, 0.0), (0.05, 0.65), (0.05, 1.0)):
        # without the weak-member search the partition cannot depend on the floor (asserted below)
        res = gh.Detector(scoring__member_fit_floor=floor, scoring__member_fit_relative=rel,
                          communities__split_weak_members=False).fit(ev2, ac2).result_
        assert (res.config.scoring.member_fit_floor, res.config.scoring.member_fit_relative) == (floor, rel)
        acc = res.accounts.set_index("account_id")
        ring_risk = res.rings.set_index("ring_id")["risk_score"]
        inr = acc[acc["ring_id"] != ""]
        # the floor: absolute, or a share of the median fit of the member's own ring if that is higher
        eff = np.maximum(floor, rel * inr.groupby("ring_id")["fit"].transform("median").to_numpy())
        mem = res.members.set_index("account_id").loc[inr.index]
        assert np.allclose(mem["fit_floor"].to_numpy(), eff, rtol=0, atol=1e-4)  # written for explain/report
        expect = ring_risk.reindex(inr["ring_id"]).to_numpy() * np.minimum(1.0, inr["fit"].to_numpy() / eff)
        # fit and risk are written rounded to 4 decimals; fit's rounding is scaled by 1 / floor
        assert np.allclose(inr["risk_score"].to_numpy(), expect, rtol=0, atol=1e-4 + 0.5e-4 / eff.min())
        weak = inr["reasons"].str.contains("WEAK_TIE")
        near = np.abs(inr["fit"].to_numpy() - eff) < 1e-4  # rounding of fit and of the median
        assert (weak == (inr["fit"] < eff))[~near].all()
        assert (acc["flagged"] == (acc["risk_score"] >= res.config.scoring.threshold)).all()
        by_floor[floor if rel == 0 else (floor, rel)] = acc
    # a member is judged against its own ring: with the relative floor, a member whose fit is far
    # below its ring's median loses score that the low absolute floor alone would have kept
    rel_hit = by_floor[0.05].index[by_floor[(0.05, 1.0)]["risk_score"] < by_floor[0.05]["risk_score"] - 1e-3]
    assert len(rel_hit)
    assert by_floor[(0.05, 0.65)]["flagged"].sum() <= by_floor[0.05]["flagged"].sum()
    assert by_floor[(0.05, 0.65)].loc[sorted(ring), "flagged"].all()
    # the partition does not depend on the floor, only the account scores do
    assert (by_floor[0.05]["ring_id"] == by_floor[1.0]["ring_id"]).all()
    low = by_floor[0.05]
    # (the VPN bystanders: since session 44 their volume counts only up to the little value they ask for,
    # so their fit is 0.01-0.03, not 0.06-0.25)
    weak = low.index[(low["ring_id"] != "") & (low["fit"] > 0.005) & (low["fit"] < 0.99) & (low["risk_score"] > 0.01)]
    assert len(weak)  # some members fit only partly: their score falls as the floor rises
    assert (by_floor[1.0].loc[weak, "risk_score"] < low.loc[weak, "risk_score"]).all()
    assert by_floor[0.4]["flagged"].sum() <= low["flagged"].sum()
    assert by_floor[0.4].loc[sorted(ring), "flagged"].all()  # the planted ring keeps its full score


def small_ring_world() -> tuple[pd.DataFrame, pd.DataFrame, list[str], list[str], list[str]]:
    """A 40-account ring, VPN bystanders on its proxy addresses, and a 3-account ring (own addresses,
    own template, machine pace, reasoning requests) that sends 1 request in 20 through the big ring's pool.
    Returns ``(events, accounts, ring, minis, vpns)`` with timestamps as text."""
    ev, ac, ring = make_world(ring_size=40)
    ev, ac, vpn = _with_vpn_bystanders(ev, ac)
    rng = np.random.default_rng(21)
    t0 = int(pd.Timestamp("2026-11-01", tz="UTC").timestamp())
    rows, accs = [], []
    for i in range(3):
        a = f"mini{i:02d}"
        accs.append((a, f"pm_m{i}", pd.Timestamp(t0 - 3 * 86400 - int(rng.integers(3600)), unit="s", tz="UTC").isoformat()))
        start = t0 + int(rng.integers(3600))
        for j in range(200):
            ip = f"203.0.113.{6 + (j % 2)}" if j % 20 == 0 else f"192.0.2.{(j // 3) % 3 + 1}"
            rows.append((a, start + j * 3000 + int(rng.integers(60)), ip,
                         f"Translate sentence {rng.integers(10000)} into French and explain step by step every "
                         "grammar rule it uses", "python-httpx/0.27", int(rng.integers(200, 400))))
    mini = pd.DataFrame(rows, columns=["account_id", "timestamp", "ip", "prompt", "user_agent", "output_tokens"])
    mini["timestamp"] = pd.to_datetime(mini["timestamp"], unit="s", utc=True).dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (pd.concat([ev, mini], ignore_index=True), pd.concat([ac, pd.DataFrame(accs, columns=ac.columns)], ignore_index=True),
            sorted(ring), [a for a, *_ in accs], [a for a, *_ in vpn])


def test_small_ring_inside_a_flagged_community_is_scored_on_its_own():
    """A 3-account ring that uses a few of a 40-account ring's proxy addresses lands in the big ring's
    community, weakly tied to it (fit ~0.35), and with a strict floor its members stay unflagged there.
    The weak-member search scores them as a group of their own: a ring, flagged. VPN users on the
    same addresses (weak members too) are not moved and not flagged."""
    ev, ac, ring, minis, vpns = small_ring_world()
    ev2, ac2 = _load(ev), gh_accounts(ac)
    out = {}
    for split in (False, True):
        res = gh.Detector(communities__split_weak_members=split, scoring__member_fit_floor=1.0).fit(ev2, ac2).result_
        out[split] = res.accounts.set_index("account_id")
        assert out[split].loc[sorted(ring), "flagged"].all()
        assert not out[split].loc[vpns, "flagged"].any()
    off, on = out[False], out[True]
    # without the search: in the big ring's community, weakly tied, not flagged
    assert (off.loc[minis, "ring_id"] == off.loc["acct000x", "ring_id"]).all()
    assert not off.loc[minis, "flagged"].any() and (off.loc[minis, "fit"] < 0.5).all()
    # with it: a ring of their own, flagged, at full fit
    assert on.loc[minis, "ring_id"].nunique() == 1 and on.loc["mini00", "ring_id"] != on.loc["acct000x", "ring_id"]
    assert on.loc[minis, "flagged"].all() and (on.loc[minis, "fit"] > 0.9).all()
    # bystanders stay where they were; the big ring loses no member
    assert (on.loc[vpns, "ring_id"].ne("") == off.loc[vpns, "ring_id"].ne("")).all()
    assert (on.loc[sorted(ring), "ring_id"] == on.loc["acct000x", "ring_id"]).all()
    assert (on["flagged"] & ~off["flagged"]).sum() == len(minis)


CLIENTS = ["python-httpx/0.27", "node-fetch/3.3", "curl/8.5", "Go-http-client/2.0", "okhttp/4.12"]


def _apps(rng, n_apps: int, t0: int, shared_ips: bool) -> tuple[list, list]:
    """Heavy API apps of different companies built on one public prompt template (machine timing, high
    volume, long answers, each its own client and sign-up date); on their own addresses or on one shared set."""
    rows, accs = [], []
    for i in range(n_apps):
        a = f"app{i:02d}"
        accs.append((a, f"pm_app{i}", pd.Timestamp(t0 - (60 + 40 * i) * 86400, unit="s", tz="UTC").isoformat()))
        for j in range(300):
            ip = f"198.18.0.{j % 3 + 1}" if shared_ips else f"198.18.{i}.{i + 1}"
            rows.append((a, pd.Timestamp(t0 + 7 * i + j * 1200, unit="s", tz="UTC").isoformat(), ip,
                         f"You are a support assistant. Summarize ticket {rng.integers(10**6)} in three bullet points "
                         f"and draft a detailed reply", CLIENTS[i % len(CLIENTS)], int(rng.integers(1200, 2500))))
    return rows, accs


@pytest.mark.parametrize("shared_ips", [False, True])
def test_apps_sharing_only_a_template_are_not_a_ring(world, shared_ips):
    """Independent apps on the same public template share content, not infrastructure: not a ring.
    The same accounts on one operator's addresses are."""
    ev, ac, ring = world
    rng = np.random.default_rng(9)
    rows, accs = _apps(rng, 5, pd.Timestamp("2026-11-01", tz="UTC").value // 10**9, shared_ips)
    ev2 = pd.concat([ev, pd.DataFrame(rows, columns=ev.columns)], ignore_index=True)
    ac2 = pd.concat([ac, pd.DataFrame(accs, columns=ac.columns)], ignore_index=True)
    res = fit(ev2, gh_accounts(ac2))
    acc = res.accounts.set_index("account_id")
    apps = acc.loc[[a for a, *_ in accs]]
    assert apps["ring_id"].nunique() == 1 and apps["ring_id"].iloc[0] != ""  # they are linked either way
    assert acc.loc[sorted(ring), "flagged"].all()
    r = res.rings.set_index("ring_id").loc[apps["ring_id"].iloc[0]]
    if shared_ips:
        assert r["f_shared_infrastructure"] == 1.0 and apps["flagged"].all()
    else:
        assert r["f_shared_infrastructure"] == 0.0 and not apps["flagged"].any(), r


def test_member_tied_by_content_only_is_not_flagged_with_an_infrastructure_ring(world):
    """Four apps on one operator's addresses form a ring; a fifth app on its own address that uses the
    same template is tied to them by content only (infrastructure fit 0), so it is not flagged."""
    ev, ac, ring = world
    rng = np.random.default_rng(11)
    rows, accs = _apps(rng, 5, pd.Timestamp("2026-11-01", tz="UTC").value // 10**9, shared_ips=True)
    rows = [(a, t, "192.0.2.77" if a == "app04" else ip, *rest) for a, t, ip, *rest in rows]
    ev2 = pd.concat([ev, pd.DataFrame(rows, columns=ev.columns)], ignore_index=True)
    ac2 = pd.concat([ac, pd.DataFrame(accs, columns=ac.columns)], ignore_index=True)
    res = fit(ev2, gh_accounts(ac2))
    acc = res.accounts.set_index("account_id")
    operator = acc.loc[[f"app{i:02d}" for i in range(4)]]
    assert operator["flagged"].all(), operator
    outsider = acc.loc["app04"]
    assert not outsider["flagged"], outsider
    if outsider["ring_id"] == operator["ring_id"].iloc[0]:  # linked to the ring by its template
        assert outsider["fit"] == 0.0
    assert acc.loc[sorted(ring), "flagged"].all()


def test_team_declaring_its_org_is_not_a_ring(world):
    """The same four apps on one set of addresses are a ring when they hide their common control, and
    not when every account declares the same organisation: a corporate network shared inside a
    declared org is explained by it (and per-org limits make splitting pointless)."""
    ev, ac, ring = world
    rng = np.random.default_rng(13)
    rows, accs = _apps(rng, 4, pd.Timestamp("2026-11-01", tz="UTC").value // 10**9, shared_ips=True)
    ev2 = pd.concat([ev, pd.DataFrame(rows, columns=ev.columns)], ignore_index=True)
    ac2 = pd.concat([ac, pd.DataFrame(accs, columns=ac.columns)], ignore_index=True)
    names = [a for a, *_ in accs]
    hidden = fit(ev2, gh_accounts(ac2)).accounts.set_index("account_id")
    assert hidden.loc[names, "flagged"].all()
    ac3 = gh_accounts(ac2)
    ac3["org_id"] = pd.Series(np.where(ac3["account_id"].isin(names), "org_acme", None), dtype="string")
    res = fit(ev2, ac3)
    declared = res.accounts.set_index("account_id")
    assert not declared.loc[names, "flagged"].any(), declared.loc[names]
    r = res.rings.set_index("ring_id").loc[declared.loc[names[0], "ring_id"]]
    assert r["f_shared_infrastructure"] == 0.0 and r["f_disclosed_org"] == 1.0
    assert declared.loc[sorted(ring), "flagged"].all()
    # explain says why SHARED_INFRASTRUCTURE is 0 although the apps share addresses; other rings say nothing
    from graphhunt.explain import explain_ring

    text = explain_ring(res, declared.loc[names[0], "ring_id"])
    assert "100% of members declare the same org_id" in text and "do not count as SHARED_INFRASTRUCTURE" in text
    assert "declare the same org_id" not in explain_ring(res, declared.loc[sorted(ring)[0], "ring_id"])


def _four_apps_on_one_network(world):
    """The world plus four apps on one set of addresses (a ring unless something explains them)."""
    ev, ac, ring = world
    rng = np.random.default_rng(13)
    rows, accs = _apps(rng, 4, pd.Timestamp("2026-11-01", tz="UTC").value // 10**9, shared_ips=True)
    ev2 = pd.concat([ev, pd.DataFrame(rows, columns=ev.columns)], ignore_index=True)
    ac2 = gh_accounts(pd.concat([ac, pd.DataFrame(accs, columns=ac.columns)], ignore_index=True))
    return ev2, ac2, [a for a, *_ in accs], ring


def test_two_declared_orgs_on_one_network_are_not_a_ring_but_personal_orgs_are(world):
    """Two companies in one office building: two declared organisations of two accounts each on the same
    addresses explain what they share. Four one-account organisations (a personal workspace per
    account, as some platforms give) explain nothing: still a ring."""
    ev2, ac2, names, ring = _four_apps_on_one_network(world)
    orgs = {}
    for label, per_account in (("two_companies", ["org_acme", "org_acme", "org_beta", "org_beta"]),
                               ("personal", [f"org_{a}" for a in names])):
        ac3 = ac2.copy()
        ac3["org_id"] = pd.Series(ac3["account_id"].map(dict(zip(names, per_account))), dtype="string")
        res = fit(ev2, ac3)
        acc = res.accounts.set_index("account_id")
        orgs[label] = (acc.loc[names, "flagged"], res.rings.set_index("ring_id").loc[acc.loc[names[0], "ring_id"]])
        assert acc.loc[sorted(ring), "flagged"].all()
    flagged, r = orgs["two_companies"]
    assert not flagged.any() and r["f_shared_infrastructure"] == 0.0, r
    flagged, r = orgs["personal"]
    assert flagged.all() and r["f_shared_infrastructure"] == 1.0, r


ACADEMIC = ["cs.uni-a.edu", "cs.uni-a.edu", "uni-b.ac.uk", "uni-b.ac.uk"]
SCHOOLS = ["school-a.org", "school-b.org", "school-c.org", "school-d.org"]
BURNERS = ["mailinator.com", "yopmail.com", "mailinator.com", "inbox.guerrillamail.com"]


@pytest.mark.parametrize("domains, others, overrides, explained", [
    (ACADEMIC, "gmail.com", [], True),
    (ACADEMIC, "gmail.com", ["scoring.academic_domain_org=false", "scoring.private_domain_org=false"], False),
    # one small domain for all four, who signed up 40 days apart: one team (scoring.same_domain_org); a
    # catch-all filled in one batch is test_one_small_domain_is_a_team_only_when_its_accounts_signed_up_apart
    (["ops-mail.net"] * 4, "gmail.com", [], True),
    (["ops-mail.net"] * 4, "gmail.com", ["scoring.same_domain_org=false"], False),
    (["gmail.com"] * 4, "gmail.com", [], False),
    (["school-a.org"] + ["gmail.com"] * 3, "gmail.com", [], False),  # one member's own domain explains nothing
    (SCHOOLS, "gmail.com", [], True),
    (SCHOOLS, "newcomer", [], True),  # a second, idle account of one school elsewhere changes nothing
    ([f"head@{d}" for d in SCHOOLS], "gmail.com", [], True),  # whole addresses: their domains
    (SCHOOLS, "gmail.com", ["scoring.private_domain_org=false"], False),
    (SCHOOLS, "own", [], False),  # everyone has a domain of their own: the column tells nothing
    # disposable-address services are nobody's organisation (scoring.disposable_domains_no_org: a burner farm,
    # world26's browser farm): read as small own domains they explained the farm's shared proxies
    (BURNERS, "gmail.com", [], False),
    (BURNERS, "gmail.com", ["scoring.disposable_domains_no_org=false"], True),
])
def test_email_domains_that_declare_organisations(world, caplog, domains, others, overrides, explained):
    """Four apps on one set of addresses (a ring when nothing explains them, as above) with e-mail
    domains. An academic domain is its institution's organisation (``scoring.academic_domain_org``: two
    universities' accounts on one cloud pool are explained like two declared organisations); two accounts
    with different domains of their own (at most a few accounts have each) are two organisations
    (``scoring.private_domain_org``: one vendor running its customers' accounts), unless more than a
    quarter of all accounts have such a domain. One small domain shared by all four, who signed up weeks
    apart, is one team (``scoring.same_domain_org``; created together it is a catch-all, next test), and
    free-mail is nobody's: a ring."""
    ev2, ac2, names, ring = _four_apps_on_one_network(world)
    rest = ("gmail.com" if others in ("gmail.com", "newcomer") else ac2["account_id"] + ".example")
    ac2["email_domain"] = pd.Series(ac2["account_id"].map(dict(zip(names, domains))).fillna(rest), dtype="string")
    if others == "newcomer":
        extra = ac2.iloc[[0]].assign(account_id="idle-school-a", email_domain="school-a.org")
        ac2 = pd.concat([ac2, extra], ignore_index=True)
    with caplog.at_level("WARNING", logger="graphhunt.scoring"):
        res = fit(ev2, ac2, config=gh.load_config(None, overrides or None))
    assert ("does not tell organisations apart" in caplog.text) == (others == "own")
    acc = res.accounts.set_index("account_id")
    r = res.rings.set_index("ring_id").loc[acc.loc[names[0], "ring_id"]]
    assert acc.loc[sorted(ring), "flagged"].all()
    from graphhunt.explain import explain_ring

    text = explain_ring(res, r.name)
    if explained:
        assert not acc.loc[names, "flagged"].any() and r["f_shared_infrastructure"] == 0.0, r
        assert r["org_explained_pair_share"] == 1.0
        # the explained ties cover the four apps: that share of the ring's members (shared_workload reads it)
        assert r["org_explained_member_share"] == pytest.approx(4 / r["size"]), r
        assert ("academic e-mail domain" in text) and (("declare the same org_id" in text) == (domains is ACADEMIC))
    else:
        assert acc.loc[names, "flagged"].all() and r["f_shared_infrastructure"] == 1.0, r
        assert r["org_explained_pair_share"] == 0.0 and "explained by organisations" not in text
        assert r["org_explained_member_share"] == 0.0
    assert res.run_info["email_organisations"]["own_domain_off"] == (others == "own")
    assert res.run_info["email_organisations"]["disposable"] == (4 if domains is BURNERS and not overrides else 0)


def _fit_with_sign_ups(ev2, ac2, names, ring, created, overrides):
    """Fit with the four apps' sign-ups ``apart`` (as made: 40 days between them), ``together`` (within hours),
    ``missing`` or in two batches a month apart (``pairs``); the planted ring must stay flagged. Returns the
    accounts table, the apps' ring row and the result."""
    t0 = pd.Timestamp("2026-09-01", tz="UTC")
    hours = {"together": [0, 2, 5, 9], "pairs": [0, 3, 720, 724]}.get(created)
    if hours is not None:
        for name, h in zip(names, hours):
            ac2.loc[ac2["account_id"] == name, "created_at"] = t0 + pd.Timedelta(hours=h)
    elif created == "missing":
        ac2.loc[ac2["account_id"].isin(names), "created_at"] = pd.NaT
    res = fit(ev2, ac2, config=gh.load_config(None, overrides or None))
    acc = res.accounts.set_index("account_id")
    assert acc.loc[sorted(ring), "flagged"].all()
    return acc, res.rings.set_index("ring_id").loc[acc.loc[names[0], "ring_id"]], res


@pytest.mark.parametrize("created, overrides, explained", [
    ("apart", [], True),  # 40 days between sign-ups: colleagues joining a team
    ("together", [], False),  # within a few hours: a ring filling its catch-all domain in one batch
    ("missing", [], False),  # no created_at: nothing says they signed up apart
    ("pairs", [], False),  # two batches 30 days apart: the pairs across them are explained, not those within
    ("apart", ["scoring.same_domain_org=false"], False),
    ("apart", ["scoring.private_domain_org=false"], False),  # the rule needs the small-domain codes
])
def test_one_small_domain_is_a_team_only_when_its_accounts_signed_up_apart(world, created, overrides, explained):
    """Four apps on one set of addresses, all on one e-mail domain no other account has
    (``scoring.same_domain_org``). An eval team or a small company's staff joined over months; a ring
    registers its accounts on its catch-all domain together, so only pairs created more than
    ``scoring.burst_window_hours`` apart are one organisation."""
    ev2, ac2, names, ring = _four_apps_on_one_network(world)
    ac2["email_domain"] = pd.Series(ac2["account_id"].map(dict.fromkeys(names, "kezoalabs.ai")).fillna("gmail.com"),
                                    dtype="string")
    acc, r, res = _fit_with_sign_ups(ev2, ac2, names, ring, created, overrides)
    if created == "pairs":  # 4 of the 6 member pairs are across the batches; the 2 within them still count
        assert r["org_explained_pair_share"] == pytest.approx(4 / 6), r
        assert r["infrastructure_pair_share"] == pytest.approx(2 / 6) and acc.loc[names, "flagged"].all(), r
    elif explained:
        assert not acc.loc[names, "flagged"].any() and r["f_shared_infrastructure"] == 0.0, r
        assert r["org_explained_pair_share"] == 1.0
        from graphhunt.explain import explain_ring
        assert "signed up apart" in explain_ring(res, r.name)
    else:
        assert acc.loc[names, "flagged"].all() and r["f_shared_infrastructure"] == 1.0, r
        assert r["org_explained_pair_share"] == 0.0


@pytest.mark.parametrize("created, overrides, explained", [
    ("apart", ["scoring.declared_org_batch=true"], True),  # seats added over 40 days: a company
    ("together", ["scoring.declared_org_batch=true"], False),  # all seats within hours: a front's batch
    ("missing", ["scoring.declared_org_batch=true"], True),  # no created_at: nothing says they were made together
    ("pairs", ["scoring.declared_org_batch=true"], None),  # two batches a month apart: only the pairs across
    ("together", [], True),  # the switch off (the default)
])
def test_a_declared_org_explains_nothing_between_seats_made_in_one_batch(world, created, overrides, explained):
    """Four apps on one set of addresses declaring one org_id (``scoring.declared_org_batch``): the same-domain
    rule's test for declared organisations. A company's seats are added over time; a front company's are made
    in one batch, so pairs that signed up within ``scoring.burst_window_hours`` are not explained by it."""
    ev2, ac2, names, ring = _four_apps_on_one_network(world)
    ac2["org_id"] = pd.Series(np.where(ac2["account_id"].isin(names), "org_front", None), dtype="string")
    acc, r, res = _fit_with_sign_ups(ev2, ac2, names, ring, created, overrides)
    if explained is None:  # 4 of the 6 member pairs are across the batches
        assert r["org_explained_pair_share"] == pytest.approx(4 / 6), r
        assert r["infrastructure_pair_share"] == pytest.approx(2 / 6), r
    elif explained:
        assert not acc.loc[names, "flagged"].any() and r["f_shared_infrastructure"] == 0.0, r
        assert r["org_explained_pair_share"] == 1.0
    else:
        assert r["f_shared_infrastructure"] == 1.0 and r["org_explained_pair_share"] == 0.0, r
        assert acc.loc[names, "flagged"].all(), r


@pytest.mark.parametrize("holders, overrides, counted, explained", [
    (7, [], 7, True),  # four of the domain's seven holders in the group: the team's domain
    (7, ["scoring.team_domain_max_holders=0"], 0, False),  # the five-holder cap of an own domain
    (7, ["scoring.team_domain_max_holders=6"], 0, False),
    (30, [], 30, False),  # four of thirty holders: a regional webmail provider, not the group's
    (150, [], 0, False),  # more holders than a team: a provider, nobody's organisation
])
def test_a_team_domain_may_have_more_holders_than_an_own_domain(world, holders, overrides, counted, explained):
    """The four apps on one network share one e-mail domain with idle accounts elsewhere on the platform
    (``holders`` in all) and signed up weeks apart. A team's domain (a translation vendor's, an agency's)
    may have more holders than the five of ``scoring.private_domain_org``: the same-domain rule takes a
    domain of up to ``scoring.team_domain_max_holders`` when more than half of its holders are in the
    group. Thirty holders of whom four are here is a provider's domain (``mail.ru`` on a small platform)."""
    ev2, ac2, names, ring = _four_apps_on_one_network(world)
    ac2["email_domain"] = pd.Series(ac2["account_id"].map(dict.fromkeys(names, "lingua-vendor.com"))
                                    .fillna("gmail.com"), dtype="string")
    extra = pd.concat([ac2.iloc[[0]]] * (holders - len(names)), ignore_index=True)
    extra = extra.assign(account_id=[f"idle-{i}" for i in range(len(extra))], email_domain="lingua-vendor.com")
    res = fit(ev2, pd.concat([ac2, extra], ignore_index=True), config=gh.load_config(None, overrides or None))
    acc = res.accounts.set_index("account_id")
    r = res.rings.set_index("ring_id").loc[acc.loc[names[0], "ring_id"]]
    assert acc.loc[sorted(ring), "flagged"].all()
    assert res.run_info["email_organisations"]["team_domain"] == counted
    if explained:
        assert not acc.loc[names, "flagged"].any() and r["org_explained_pair_share"] == 1.0, r
    else:
        assert acc.loc[names, "flagged"].all() and r["org_explained_pair_share"] == 0.0, r


@pytest.mark.parametrize("domains, orgs, overrides, explained_pairs", [
    (["cs.uni-a.edu"] * 3 + ["gmail.com"], None, [], 6),  # three of the lab on the university, one on webmail
    (["cs.uni-a.edu"] * 3 + ["gmail.com"], None, ["scoring.org_majority=false"], 3),
    (["gmail.com"] * 4, ["org_acme"] * 3 + [None], [], 6),  # a declared organisation: the same
    (["cs.uni-a.edu"] * 2 + ["gmail.com"] * 2, None, [], 1),  # half is not more than half
    (["cs.uni-a.edu"] * 3 + ["gmail.com"], [None, None, None, "org_solo"], [], 3),  # org_solo: elsewhere
])
def test_a_group_mostly_of_one_organisation_explains_its_unaffiliated_members(world, domains, orgs, overrides,
                                                                            explained_pairs):
    """More than half of the four apps are one organisation (an academic domain or a declared org_id); a
    member with no affiliation at all (webmail, no org_id) shares the lab's card and cluster because it is
    one of the lab's people (``scoring.org_majority``). A member that declares an organisation of its own
    says it belongs elsewhere, and without a majority nothing changes."""
    ev2, ac2, names, ring = _four_apps_on_one_network(world)
    ac2["email_domain"] = pd.Series(ac2["account_id"].map(dict(zip(names, domains))).fillna("gmail.com"),
                                    dtype="string")
    if orgs is not None:
        ac2["org_id"] = pd.Series(ac2["account_id"].map(dict(zip(names, orgs))), dtype="string")
    res = fit(ev2, ac2, config=gh.load_config(None, overrides or None))
    acc = res.accounts.set_index("account_id")
    r = res.rings.set_index("ring_id").loc[acc.loc[names[0], "ring_id"]]
    assert acc.loc[sorted(ring), "flagged"].all()
    assert r["size"] == 4 and r["org_explained_pair_share"] == pytest.approx(explained_pairs / 6), r
    assert r["infrastructure_pair_share"] == pytest.approx(1 - explained_pairs / 6), r
    # a quarter of the pairs or more unexplained is shared infrastructure in full (scoring.infrastructure_pair_share)
    assert acc.loc[names, "flagged"].all() == (explained_pairs < 6), r


@pytest.mark.parametrize("academic_holders, own_org, overrides, explained", [
    (6, None, [], True),  # six of the licence's ten holders are the university: it is the university's
    (6, None, ["scoring.payment_org=false"], False),
    (4, None, [], False),  # four of eight is not more than half
    (6, "org_acme", [], False),  # an app that declares its own organisation keeps it
])
def test_a_licence_mostly_held_by_one_organisation_places_its_webmail_holders_in_it(world, academic_holders, own_org,
                                                                                  overrides, explained):
    """Four apps on one set of addresses (a ring unless something explains them) pay with one licence token
    that other accounts of a university (academic e-mail, their own addresses, a request each) hold too:
    when more than half of the token's holders are the university, it is the university's licence, and
    the four, who signed up with webmail, are its users (``scoring.payment_org``): their pairs are one
    organisation's and explain what they share."""
    ev2, ac2, names, ring = _four_apps_on_one_network(world)
    t0 = pd.Timestamp("2026-11-03", tz="UTC")
    others = [f"student{i}" for i in range(academic_holders)]
    rows = [(a, (t0 + pd.Timedelta(hours=7 * i)).isoformat(), f"192.0.2.{i + 1}", "What is a derivative?",
             "Mozilla/5.0", 300) for i, a in enumerate(others)]
    ev3 = pd.concat([ev2, pd.DataFrame(rows, columns=ev2.columns)], ignore_index=True)
    ac3 = gh_accounts(pd.concat([ac2, pd.DataFrame(
        [(a, "edu_license:uni-a", (t0 - pd.Timedelta(days=200 + 30 * i)).isoformat()) for i, a in enumerate(others)],
        columns=["account_id", "payment_method", "created_at"])], ignore_index=True))
    ac3.loc[ac3["account_id"].isin(names), "payment_method"] = "edu_license:uni-a"
    ac3["email_domain"] = pd.Series(np.where(ac3["account_id"].isin(others), "uni-a.edu", "gmail.com"), dtype="string")
    ac3["org_id"] = pd.Series(np.where(ac3["account_id"] == names[0], own_org, None), dtype="string")
    res = fit(ev3, ac3, config=gh.load_config(None, overrides or None))
    acc = res.accounts.set_index("account_id")
    assert acc.loc[sorted(ring), "flagged"].all()
    placed = res.run_info["email_organisations"].get("payment", 0)
    assert placed == (0 if "scoring.payment_org=false" in overrides else 4 - (own_org is not None)) * (academic_holders > 4)
    assert (not acc.loc[names, "flagged"].any()) == explained, acc.loc[names]


def test_blank_org_ids_in_an_accounts_frame_declare_no_organisation(world):
    """An accounts frame passed to detect (not read by load_accounts, which strips and blanks) may hold
    "" or whitespace for "no organisation", as a database export does. Neither is a declared organisation:
    not a shared one that mitigates (disclosed_org), not one that explains shared infrastructure."""
    ev, ac, ring = world
    ac2 = gh_accounts(ac)
    ac2["org_id"] = pd.Series(np.where(np.arange(len(ac2)) % 2 == 0, "", " "), dtype="string")
    res = fit(ev, ac2)
    acc = res.accounts.set_index("account_id")
    assert acc.loc[sorted(ring), "flagged"].all()
    r = res.rings.set_index("ring_id").loc[acc.loc[sorted(ring)[0], "ring_id"]]
    assert r["f_disclosed_org"] == 0.0 and r["f_shared_infrastructure"] == 1.0, r


def test_rings_hidden_in_a_vpn_crowd_are_found_by_the_dense_core_split(tmp_path):
    """Hard world: most rings ride on commercial proxy exits shared with benign VPN users.

    Leiden returns communities that hold a ring (or several) and the VPN crowd around it;
    the crowd dilutes the behaviour and the community is not flagged. The second look
    (communities.core_density_factor) must find more ring accounts without flagging the
    crowd.
    """
    from graphhunt.evaluate import evaluate
    from graphhunt.simulate import simulate, write_scenario

    # built-in text material, so the world is the same with or without ../shared/data next to the clone
    sc = simulate(n_accounts=4000, seed=5, profile="hard", data_dir=tmp_path / "no-shared-data")
    paths = write_scenario(sc, tmp_path, fmt="parquet")
    ev, ac = gh.load_events(paths["events"]), gh.load_accounts(paths["accounts"])
    truth = pd.read_csv(paths["truth"])
    out = {}
    for f in (0.0, 2.0):
        res = gh.Detector(gh.load_config(overrides=[f"communities.core_density_factor={f}"])).fit(ev, ac).result_
        out[f] = evaluate(truth, res.accounts)
    off, on = out[0.0], out[2.0]
    assert on["tp"] >= off["tp"] + 5, (off["tp"], on["tp"])
    assert on["fp"] <= off["fp"] + 2, (off["fp"], on["fp"])
    assert max(c["rate"] for c in on["cohorts"] if not c["is_ring"]) <= 0.01


def test_dense_core_steps_rescore_only_changed_communities(world, tmp_path, monkeypatch):
    """Each dense-core step rescores only the communities it changed and keeps the other rings'
    rows (detector._rescore). Every call must equal scoring the whole new partition."""
    import graphhunt.detector as D
    from graphhunt.simulate import simulate, write_scenario

    orig = D._rescore
    calls = []

    rng = np.random.default_rng(0)

    def perturbed(new, k=2):
        """Other partitions a step could return: two communities merged, an account moved, one split
        (pandas' grouped sums are summed differently depending on the order of group ids: such
        partitions exposed a last-bit difference the real steps of these worlds did not)."""
        sizes = np.bincount(new)
        big = np.flatnonzero(sizes >= 6)
        out = []
        for _ in range(k):
            a, b = rng.choice(big, 2, replace=False)
            out.append(np.where(new == b, a, new))
            moved = new.copy()
            moved[rng.choice(np.flatnonzero(new == a))] = b
            out.append(moved)
            split = new.copy()
            members_a = np.flatnonzero(new == a)
            split[members_a[: len(members_a) // 2]] = new.max() + 1
            out.append(split)
            alone = new.copy()  # one account leaves: a single ring changes (its rows alone are rescored)
            alone[rng.choice(members_a)] = new.max() + 1
            out.append(alone)
        return out

    def checked(comm, rings, members, new, score, edges):
        r, m = orig(comm, rings, members, new, score, edges)
        for part in [new] + perturbed(new):
            r_p, m_p = orig(comm, rings, members, part, score, edges)
            r_all, m_all = score(part, edges)
            pd.testing.assert_frame_equal(r_p, r_all, check_exact=True)
            pd.testing.assert_frame_equal(m_p, m_all, check_exact=True)
        old_sets = {frozenset(np.flatnonzero(comm == c)) for c in np.unique(comm)}
        calls.append(sum(frozenset(np.flatnonzero(new == c)) in old_sets for c in np.unique(new)))
        return r, m

    monkeypatch.setattr(D, "_rescore", checked)
    ev, ac, _ = world
    ev = ev.assign(timestamp=pd.to_datetime(ev["timestamp"], utc=True))
    ac = ac.assign(created_at=pd.to_datetime(ac["created_at"], utc=True, format="ISO8601"))
    gh.Detector().fit(ev, ac)
    sc = simulate(n_accounts=3000, seed=8, profile="hard", data_dir=tmp_path / "no-shared-data")
    paths = write_scenario(sc, tmp_path, fmt="parquet")
    gh.Detector().fit(gh.load_events(paths["events"]), gh.load_accounts(paths["accounts"]))
    assert len(calls) >= 2 and all(k > 0 for k in calls)  # steps that changed some communities, not all


def test_ring_sums_do_not_depend_on_the_other_rings_in_the_frame():
    """A community's grouped sum must be the same scored alone (group ids sorted) or among other
    communities (ids interleaved): pandas adds the two cases differently (left to right vs
    Kahan-compensated), which made partial rescoring differ in the last bit (review, session 7)."""
    from graphhunt.scoring import _group_sum

    u = np.array([0.00425, 0.002, 0.018, 0.002, 0.001, 0.003, 0.005])
    alone = _group_sum(pd.Series(u), np.zeros(7, np.int64), pd.Index([0]))
    mixed_vals = np.r_[[0.3, 0.1, 0.7], u]
    mixed_comm = np.r_[[1, 1, 1], np.zeros(7, np.int64)]
    order = np.random.default_rng(1).permutation(10)
    order = order[np.argsort(mixed_comm[order] == 0, kind="stable")]  # others first, then ours in row order
    mixed = _group_sum(pd.Series(mixed_vals[order]), mixed_comm[order], pd.Index([0, 1]))
    assert alone.loc[0] == mixed.loc[0]  # exactly
    assert alone.loc[0] == sum(u.tolist())  # left to right, as Python adds them
    means = _group_sum(pd.Series([1.0, np.nan, 3.0, np.nan]), np.array([0, 0, 0, 1]), pd.Index([0, 1]), mean=True)
    assert means.loc[0] == 2.0 and np.isnan(means.loc[1])
    sums = _group_sum(pd.Series([np.nan, 2.0]), np.array([1, 0]), pd.Index([0, 1]))
    assert sums.tolist() == [2.0, 0.0]  # nothing to add: 0, as pandas' sum


def test_hand_built_frame_and_loaded_file_agree(world, tmp_path):
    """A frame built in a notebook gets the same links (the /24 network one too) as the file loaded."""
    ev, ac, _ = world
    ev.to_csv(tmp_path / "events.csv", index=False)
    raw = fit(ev, gh_accounts(ac))
    loaded = gh.Detector().fit(gh.load_events(tmp_path / "events.csv"), gh_accounts(ac)).result_
    assert "network" in set(raw.attributes["link_type"])
    assert set(raw.attributes["link_type"]) == set(loaded.attributes["link_type"])
    cols = ["account_id", "ring_id", "flagged"]
    pd.testing.assert_frame_equal(raw.accounts[cols].reset_index(drop=True), loaded.accounts[cols].reset_index(drop=True))


def test_a_link_source_the_input_lacks_is_warned_about_and_recorded(world, caplog):
    """An IP column under another name was ignored without a word and halved the rings found. (A common
    name such as client_ip is read as ip since session 22; this one is not on the alias list.)"""
    ev, ac, _ = world
    ev = _load(ev).rename(columns={"ip": "origin_addr"})
    with caplog.at_level("WARNING", logger="graphhunt.detector"):
        res = fit(ev, gh_accounts(ac).drop(columns=["payment_method"], errors="ignore"))
    missing = res.run_info["missing_link_columns"]
    assert "ip" in missing
    msg = " ".join(r.getMessage() for r in caplog.records)
    assert "no 'ip' column" in msg and "--map ip=origin_addr" in msg
    assert fit(_load(world[0]), gh_accounts(world[1])).run_info["missing_link_columns"] == \
        [c for c in ("payment_method",) if c not in _load(world[0]).columns and c not in world[1].columns]


def test_other_evidence_columns_under_unknown_names_are_pointed_out(world, caplog):
    """A QA pass renamed the prompt, output-token, user-agent, sign-up and org columns to names a platform
    export might use (messages, completion_tokens_used, ...): only ip and payment_method were warned
    about, and F1 fell from 0.735 to 0.641 without a word. (``usage_completion_tokens``, the name it used
    first, is now a column alias of output_tokens and read without a --map.)"""
    ev, ac, _ = world
    ev0 = _load(ev)
    ev = ev0.rename(columns={"prompt": "message_body", "output_tokens": "completion_tokens_used",
                             "user_agent": "user_agent_header"})
    acc = gh_accounts(ac).rename(columns={"created_at": "joined_at"})
    with caplog.at_level("WARNING", logger="graphhunt.detector"):
        fit(ev, acc)
    msg = " ".join(r.getMessage() for r in caplog.records)
    for hint in ("--map prompt=message_body", "--map output_tokens=completion_tokens_used",
                 "--map user_agent=user_agent_header", "--map created_at=joined_at"):
        assert hint in msg
    assert "no accounts file" not in msg
    # a chat request's "messages" is read as the prompt since session 76 (a name for it when no other is there)
    caplog.clear()
    with caplog.at_level("WARNING"):
        fit(ev0.rename(columns={"prompt": "messages"}), acc)
    assert "reading 'messages' as prompt" in caplog.text and "--map prompt=messages" not in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING", logger="graphhunt.detector"):
        fit(_load(world[0]), None)  # every canonical event column, no accounts file
    msg = " ".join(r.getMessage() for r in caplog.records)
    assert "no accounts file: sign-up bursts and declared organisations" in msg
    assert "--map" not in msg  # nothing looks like a missing column


def test_shared_lists_strongest_first_and_counts_what_it_cut(result):
    """An attribute 2 of 12 members use was listed before one all 12 (and nobody else) use; and shared.csv
    kept 5 per link type without saying how many there were."""
    from graphhunt.evidence import cut_note

    res, _ = result
    sh = res.shared[res.shared["ring_id"] == res.rings.iloc[0]["ring_id"]]
    for _, g in sh.groupby("link_type"):
        k = (g["members"] ** 2 / g["n_accounts"]).to_numpy()
        assert (k[:-1] >= k[1:]).all() and (g["shared_of_type"] >= len(g)).all() and len(g) <= 5
    cut = sh.groupby("link_type").agg(n=("attribute", "size"), of=("shared_of_type", "max"))
    note = cut_note(sh)
    for t, r in cut.iterrows():
        assert (f"{t} {r.n} of {r.of}" in note) == (r.of > r.n)


def test_incidence_without_a_time_has_no_first_seen_not_1970():
    """Attributes from the accounts file of an account without events have no time: incidence.parquet
    wrote 1970-01-01 for them (the Neo4j push already wrote null)."""
    from graphhunt.links.base import group_incidence

    inc = group_incidence("payment", np.array([0, 1]), np.array([0, 0]), np.array(["pm:a"], dtype=object),
                          np.array([0, 1_780_000_000]))
    df = inc.to_frame(np.array(["a0", "a1"], dtype=object)).set_index("account_id")
    assert pd.isna(df.loc["a0", "first_seen"]) and pd.isna(df.loc["a0", "last_seen"])
    assert df.loc["a1", "first_seen"] == pd.Timestamp(1_780_000_000, unit="s", tz="UTC")


def test_members_without_requests_do_not_dilute_a_rings_behaviour():
    """An account only in the accounts file that shares the ring's card joined the ring and counted as a
    member with no client, no timing and no volume: client homogeneity 1.00 -> 0.88, machine timing
    0.98 -> 0.87 for one such account in an 8-member ring (QA, session 23)."""
    from conftest import make_world

    ev, ac, ring = make_world(seed=4, n_benign=80, office=10, ring_size=8)
    card = "pm_the_rings"
    ac.loc[ac["account_id"].isin(ring), "payment_method"] = card  # every member on one card
    a = gh.detect(ev, ac)
    dormant = pd.DataFrame({"account_id": ["dormant0"], "payment_method": card,
                            "created_at": ac["created_at"].iloc[0]})
    b = gh.detect(ev, pd.concat([ac, dormant], ignore_index=True))
    ra = a.rings.loc[a.rings["flagged"]].iloc[0]
    members_b = b.accounts.loc[b.accounts["account_id"].isin(ring), "ring_id"]
    rb = b.rings.set_index("ring_id").loc[members_b.iloc[0]]
    assert set(b.accounts.loc[b.accounts["ring_id"] == rb.name, "account_id"]) >= set(ring) | set(dormant["account_id"])
    for f in ("f_client_homogeneity", "f_machine_timing", "f_volume", "median_utilization"):
        assert rb[f] == pytest.approx(ra[f]), f
    assert set(b.accounts.loc[b.accounts["flagged"], "account_id"]) == ring  # the dormant ones are not flagged


def test_members_whose_requests_carry_no_client_count_against_homogeneity():
    """Client homogeneity is over the members that sent requests: ten of twelve members without a user
    agent do not make the other two '100 % on one client' (review, session 23)."""
    from conftest import make_world

    ev, ac, ring = make_world(seed=4, n_benign=80, office=10, ring_size=12)
    members = sorted(ring)
    ev = ev.copy()
    ev.loc[ev["account_id"].isin(members[2:]), "user_agent"] = None
    res = gh.detect(ev, ac)
    rid = res.accounts.loc[res.accounts["account_id"] == members[0], "ring_id"].iloc[0]
    r = res.rings.set_index("ring_id").loc[rid]
    size_active = int((res.accounts["ring_id"] == rid).sum())
    assert r["modal_user_agent_share"] <= 2 / min(size_active, 12) + 1e-9
    assert r["f_client_homogeneity"] < 0.5


def test_harvest_floor_scales_with_the_behaviour_the_input_can_measure():
    from graphhunt.config import ScoringConfig
    from graphhunt.scoring import harvest_evidence, harvest_factor, harvest_floor, unmeasured_features

    cfg = ScoringConfig()
    # value = reasoning + output length; activity = volume + machine timing, counted up to the value
    rings = pd.DataFrame({"f_volume": [0.1, 0.0, 1.0, 0.2, 0.1], "f_reasoning": [0.1, 0.0, 0.3, 1.0, 1.0],
                          "f_output_tokens": [0.0, 0.0, 0.2, 1.0, 1.0], "f_machine_timing": [0.02, 1.0, 1.0, 0.0, 0.5]})
    measured = pd.DataFrame({"median_output_tokens": [100.0, 50.0], "main_user_agent": ["a", "b"],
                             "created_ts": [1.0, 2.0], "reasoning_rate": [0.0, 0.4]})
    assert unmeasured_features(measured) == ()
    # (a busy, scripted group asking ordinary questions: its activity counts for nothing)
    assert np.allclose(harvest_evidence(rings, cfg), [0.2, 0.0, 1.0, 2.2, 2.6])
    assert harvest_floor(measured, cfg) == 1.5
    # no output_tokens column anywhere: it counts 0 in the value and in the cap on activity
    # (scoring.harvest_unmeasured_level), or in the cap as far as the group is both scripted and busy (machine
    # timing x volume: 0.002, 0, 1, 0, 0.05; scoring.harvest_unmeasured_scripted, session 61: the third group,
    # round the clock at full volume, 0.6 -> 1.6), and the floor scales with what the sum can then reach (2 of 4)
    no_out = rings.assign(f_output_tokens=0.0)
    assert harvest_floor(measured.assign(median_output_tokens=np.nan), cfg) == pytest.approx(1.5 * 2 / 4)
    # and the reasoning itself counts only up to the group's activity, the larger of volume and timing
    # (scoring.reasoning_unmeasured_needs_activity, session 65: the fourth group asks for reasoning at volume 0.2,
    # 1.2 -> 0.4; the fifth at timing 0.5, 1.6 -> 1.1)
    assert np.allclose(harvest_evidence(no_out, cfg, ["output_tokens"]), [0.202, 0.0, 1.6, 0.4, 1.1])
    unscripted = ScoringConfig(harvest_unmeasured_scripted=False, reasoning_unmeasured_needs_activity=False)
    assert np.allclose(harvest_evidence(no_out, unscripted, ["output_tokens"]), [0.2, 0.0, 0.6, 1.2, 1.6])
    # (with answer lengths measured the rule does nothing)
    assert np.allclose(harvest_evidence(rings, ScoringConfig(reasoning_unmeasured_needs_activity=False)),
                       harvest_evidence(rings, cfg))
    # ... where use of the limit still counts: a group that asks for no reasoning shows harvesting by it, full use
    # (20 % of the limit) up to this input's floor, 0.75 (scoring.limit_use_to_floor, session 71; volume's weight,
    # 1, before: 0.5 and 1.3 for the second and third groups)
    busy = no_out.assign(median_utilization=[0.0, 0.1, 0.2, 0.0, 0.0])
    assert np.allclose(harvest_evidence(busy, unscripted, ["output_tokens"]), [0.2, 0.375, 1.05, 1.2, 1.6])
    assert np.allclose(harvest_evidence(busy, cfg, ["output_tokens"]), [0.202, 0.375, 1.6, 0.4, 1.1])
    before = ScoringConfig(harvest_unmeasured_scripted=False, reasoning_unmeasured_needs_activity=False,
                           limit_use_to_floor=False)
    assert np.allclose(harvest_evidence(busy, before, ["output_tokens"]), [0.2, 0.5, 1.3, 1.2, 1.6])
    # before session 53 it counted at the neutral level (7.2 / 12 = 0.6) in the cap (2.6 of 4); 0.6 restores that
    old = ScoringConfig(harvest_unmeasured_level=0.6, harvest_unmeasured_scripted=False,
                        reasoning_unmeasured_needs_activity=False)
    assert harvest_floor(measured.assign(median_output_tokens=np.nan), old) == pytest.approx(1.5 * 2.6 / 4)
    assert np.allclose(harvest_evidence(no_out, old, ["output_tokens"]), [0.22, 0.6, 1.2, 1.2, 1.6])
    # no logged prompt at all: reasoning is unmeasured too, and the input measures no value feature. The gate
    # has nothing to judge by, so both count at the neutral level whatever the setting (value 0, cap 1.2: the
    # floor 1.5 x 1.2 / 4); with 0 there every ring would need its use of the limit alone (a review, session 53)
    neither = measured.assign(median_output_tokens=np.nan, reasoning_rate=np.nan)
    assert harvest_floor(neither, cfg) == harvest_floor(neither, old) == pytest.approx(1.5 * 1.2 / 4)
    both = ["output_tokens", "reasoning"]
    assert np.allclose(harvest_evidence(busy.assign(f_reasoning=0.0), old, both), [0.12, 1.0, 1.2, 0.2, 0.6])
    # (with the scripted rule the round-the-clock, full-volume group's cap is 2 x 1, not 2 x 0.6)
    assert np.allclose(harvest_evidence(busy.assign(f_reasoning=0.0), cfg, both), [0.12, 1.0, 2.0, 0.2, 0.6])
    # scoring.neutral_unmeasured = false: 0 in every cap (the floor off where nothing is measurable)
    zero = ScoringConfig(neutral_unmeasured=False)
    assert harvest_floor(neither, zero) == 0.0
    assert harvest_floor(measured.assign(median_output_tokens=np.nan), zero) == pytest.approx(1.5 * 2 / 4)
    # 0 turns the floor off; a weight of 0 takes a feature out of both the sum and the floor's scale
    assert harvest_floor(measured, ScoringConfig(min_harvest_behaviour=0.0)) == 0.0
    assert harvest_factor(np.array([0.0, 0.3]), 0.0).tolist() == [1.0, 1.0]
    no_timing = ScoringConfig(weights={**cfg.weights, "machine_timing": 0.0})
    assert np.allclose(harvest_evidence(rings, no_timing), [0.2, 0.0, 1.0, 2.2, 2.1])
    # use of the per-account limit counts whatever the answers are worth: the median member at 10 % of the
    # limit lifts the cap to 0.5, at 20 % (LIMIT_USE_FULL) or more to 1 (the volume weight), 2 % (a busy app's
    # accounts) to 0.1; the activity still counts only up to the cap
    assert LIMIT_USE_FULL == 0.2
    util = rings.assign(median_utilization=[0.1, 0.3, 0.02, 0.0, 0.2])
    assert np.allclose(harvest_evidence(util, cfg), [0.22, 1.0, 1.0, 2.2, 2.6])
    # ... and at full use of the limit the cap is the harvest floor (1.5), not volume's weight (1): a card swarm
    # around the clock at 80 % of the limit for short answers (volume 1, timing 0.9, output 0.1) reaches the
    # floor by that alone (1.1 before session 59); at 10 % of the limit it gets half of that. Without an
    # output_tokens column the floor is 0.75, and full use of the limit reaches that floor (scoring.limit_use_to_floor,
    # session 71; volume's weight, 1, before: 1.0 and 0.5)
    swarm = pd.DataFrame({"f_volume": [1.0, 1.0], "f_reasoning": [0.0, 0.0], "f_output_tokens": [0.1, 0.1],
                          "f_machine_timing": [0.9, 0.9], "median_utilization": [0.8, 0.1]})
    assert np.allclose(harvest_evidence(swarm, cfg), [1.6, 0.85])
    assert np.allclose(harvest_evidence(swarm.assign(f_output_tokens=0.0), unscripted, ["output_tokens"]), [0.75, 0.375])
    # (but for the short answers' 0.1 measured with the column, the same share of the floor either way: 1.5 / 1.5 and
    # 0.75 / 0.75, 0.75 / 1.5 and 0.375 / 0.75)
    # (scripted and busy, the swarm counts its unmeasured answers as far as it is both: 0.9, above its use of the
    # limit either way)
    assert np.allclose(harvest_evidence(swarm.assign(f_output_tokens=0.0), cfg, ["output_tokens"]), [0.9, 0.9])
    assert harvest_floor(measured.assign(median_output_tokens=np.nan), no_timing) == pytest.approx(1.5 * 2 / 3)


def test_a_floor_no_ring_can_reach_is_a_configuration_error():
    from graphhunt.errors import ConfigError

    zero = ["scoring.weights." + k + "=0" for k in ("volume", "reasoning", "output_tokens", "machine_timing")]
    with pytest.raises(ConfigError, match="min_harvest_behaviour is 1.5, more than"):
        gh.Config().with_overrides(zero)
    assert gh.Config().with_overrides(zero + ["scoring.min_harvest_behaviour=0"]).scoring.min_harvest_behaviour == 0
    with pytest.raises(ConfigError, match="can reach \\(4\\)"):
        gh.Config().with_overrides(["scoring.min_harvest_behaviour=4.5"])
    # activity counts only up to the value: with little weight on reasoning and output, 2 is the most
    light = [f"scoring.weights.{k}={v}" for k, v in (("volume", 2), ("reasoning", 0.5), ("output_tokens", 0.5))]
    assert gh.Config().with_overrides(light + ["scoring.min_harvest_behaviour=2"]).scoring.min_harvest_behaviour == 2
    with pytest.raises(ConfigError, match="can reach \\(2\\)"):
        gh.Config().with_overrides(light + ["scoring.min_harvest_behaviour=2.5"])


def test_a_group_sharing_everything_but_sending_ordinary_traffic_keeps_little_risk():
    # an office: one NAT address, one corporate card, one internal tool's prompt, office hours, few
    # requests, short answers. Without the harvest floor it would be flagged on what it shares alone.
    rng = np.random.default_rng(3)
    rows = []
    for i in range(12):
        for d in range(5):
            for h in rng.choice(np.arange(9, 18), size=3, replace=False):
                t = pd.Timestamp("2026-11-02", tz="UTC") + pd.Timedelta(days=d, hours=int(h), minutes=int(rng.integers(60)))
                rows.append({"account_id": f"emp{i}", "timestamp": t, "ip": "198.51.100.7", "payment_method": "pm_corp",
                             "prompt": f"[ACME internal assistant v2] Please help with ticket {rng.integers(10**6)}: "
                                       f"summarise the customer note about order {rng.integers(10**5)}",
                             "user_agent": "acme-tool/2.1", "output_tokens": int(rng.integers(80, 200))})
    for i in range(400):  # the rest of the platform: individuals on their own addresses
        for _ in range(int(rng.integers(3, 12))):
            t = pd.Timestamp("2026-11-02", tz="UTC") + pd.Timedelta(minutes=int(rng.integers(5 * 24 * 60)))
            rows.append({"account_id": f"u{i}", "timestamp": t, "ip": f"203.0.{i // 200}.{i % 200 + 1}",
                         "payment_method": f"pm_{i}", "prompt": f"question {rng.integers(10**9)} about topic {i}",
                         "user_agent": f"browser/{i % 7}", "output_tokens": int(rng.integers(80, 400))})
    ev = pd.DataFrame(rows)
    acc = pd.DataFrame({"account_id": [f"emp{i}" for i in range(12)] + [f"u{i}" for i in range(400)],
                        "created_at": [pd.Timestamp("2026-10-01", tz="UTC") + pd.Timedelta(hours=i) for i in range(12)]
                        + [pd.Timestamp("2025-01-01", tz="UTC") + pd.Timedelta(days=i) for i in range(400)]})
    on = gh.detect(ev, acc)
    off = gh.detect(ev, acc, gh.Config().with_overrides(["scoring.min_harvest_behaviour=0"]))
    ring_on = on.rings[on.rings["size"] == 12].iloc[0]
    ring_off = off.rings[off.rings["size"] == 12].iloc[0]
    assert ring_on["evidence_sum"] == pytest.approx(ring_off["evidence_sum"])
    assert ring_off["flagged"] and not ring_on["flagged"]
    assert ring_on["harvest_evidence"] < 1.5
    assert ring_on["risk_score"] == pytest.approx(ring_off["risk_score"] * ring_on["harvest_evidence"] / 1.5, abs=1e-3)
    # without an output_tokens column the floor is scaled to what the harvest sum can reach (0.75 of 1.5)
    # rather than the missing one counted at the logistic's neutral level (0.6 alone would clear 0.5)
    blind = gh.detect(ev.drop(columns="output_tokens"), acc)
    ring_b = blind.rings[blind.rings["size"] == 12].iloc[0]
    # (the answers nobody measured count nothing: its activity counts only up to its use of the limit)
    assert ring_b["harvest_evidence"] <= ring_on["harvest_evidence"] < 0.75
    logistic = 1 / (1 + np.exp(-1.6 * (ring_b["evidence_sum"] + ring_b["evidence_unmeasured"] - 7.2)))
    assert ring_b["risk_score"] == pytest.approx(logistic * ring_b["harvest_evidence"] / 0.75, abs=1e-3)
    assert ring_b["risk_score"] < logistic - 0.2


def _content_shop(templated: bool = False, scripted: bool = False, seed: int = 5):
    """Ten writers on one office address and one company card, each writing long articles all day (long
    answers, 20 % of the daily limit), each on subjects of their own, at human hours, signed up months
    apart; beside 400 individuals on their own addresses. ``templated``: every request fills one
    narrow template instead; ``scripted``: requests at a fixed interval round the clock."""
    rng = np.random.default_rng(seed)
    words = np.array([f"w{i}" for i in range(20000)])
    start = pd.Timestamp("2026-11-02", tz="UTC")
    rows = []
    for i in range(10):
        for d in range(5):
            if scripted:
                times = start + pd.Timedelta(days=d) + pd.to_timedelta(np.arange(200) * 432, unit="s")
            else:
                times = start + pd.Timedelta(days=d, hours=9) + pd.to_timedelta(
                    np.sort(rng.integers(0, 9 * 3600, 200)), unit="s")
            for t in times:
                text = (f"Solve problem {rng.integers(10**6)} and give the final number only" if templated
                        else " ".join(rng.choice(words, 12)))
                rows.append({"account_id": f"writer{i}", "timestamp": t, "ip": "198.51.100.9",
                             "payment_method": "pm_shop", "prompt": text, "user_agent": "shop-editor/3",
                             "output_tokens": int(rng.integers(1600, 2000))})
    for i in range(400):
        for _ in range(int(rng.integers(3, 12))):
            t = start + pd.Timedelta(minutes=int(rng.integers(5 * 24 * 60)))
            rows.append({"account_id": f"u{i}", "timestamp": t, "ip": f"203.0.{i // 200}.{i % 200 + 1}",
                         "payment_method": f"pm_{i}", "prompt": f"question {rng.integers(10**9)} about topic {i}",
                         "user_agent": f"browser/{i % 7}", "output_tokens": int(rng.integers(80, 400))})
    acc = pd.DataFrame({"account_id": [f"writer{i}" for i in range(10)] + [f"u{i}" for i in range(400)],
                        "created_at": [pd.Timestamp("2025-01-01", tz="UTC") + pd.Timedelta(days=40 * i) for i in range(10)]
                        + [pd.Timestamp("2024-01-01", tz="UTC") + pd.Timedelta(days=i) for i in range(400)]})
    return pd.DataFrame(rows), acc


def _shop_ring(res):
    rid = res.accounts.loc[res.accounts["account_id"] == "writer0", "ring_id"].iloc[0]
    assert rid, "the writers form a group"
    r = res.rings.set_index("ring_id").loc[rid]
    assert r["size"] == 10
    return r


def test_a_team_sharing_infrastructure_that_shows_no_operator_in_its_behaviour_keeps_little_risk():
    """A content shop: shared address and card, long answers at volume, but different requests at human
    hours from accounts made months apart. Without the operator-behaviour floor it is flagged on what it
    shares and how much it writes; with it, nothing in its behaviour shows one operator (session 51)."""
    ev, acc = _content_shop()
    on = _shop_ring(gh.detect(ev, acc))
    off_res = gh.detect(ev, acc, gh.Config().with_overrides(["scoring.min_operator_behaviour=0"]))
    off = _shop_ring(off_res)
    assert off["flagged"] and off["f_output_tokens"] == 1 and off["f_shared_infrastructure"] == 1
    assert on["evidence_sum"] == pytest.approx(off["evidence_sum"])
    assert on["operator_behaviour"] < 0.15 and not on["flagged"]
    assert on["risk_score"] == pytest.approx(off["risk_score"] * on["operator_behaviour"] / 0.15, abs=1e-3)
    assert not gh.detect(ev, acc).accounts.set_index("account_id").loc["writer0", "flagged"]
    # the same team asking one narrow template, or sending on a timer round the clock, shows an operator
    for kw, feature in (({"templated": True}, "f_template_concentration"), ({"scripted": True}, "f_machine_timing")):
        ev2, acc2 = _content_shop(**kw)
        r = _shop_ring(gh.detect(ev2, acc2))
        assert r[feature] >= 0.5 and r["operator_behaviour"] >= 0.5, kw
        assert r["flagged"], kw
    # without sign-up times burst_signup is unmeasured and counts at the neutral level: no scaling
    blind = _shop_ring(gh.detect(ev, None))
    assert blind["operator_behaviour"] == pytest.approx(7.2 / 12)


def test_a_ring_held_down_by_the_operator_floor_says_so(tmp_path):
    from graphhunt.explain import explain_ring
    from graphhunt.sinks.files import write_result
    from graphhunt.sinks.report import build_report

    ev, acc = _content_shop()
    res = gh.detect(ev, acc)
    rid = res.accounts.loc[res.accounts["account_id"] == "writer0", "ring_id"].iloc[0]
    write_result(res, tmp_path / "out")
    for text in (explain_ring(tmp_path / "out", rid),
                 re.search(rf'<section class="ring" id="{rid}".*?</section>',
                           build_report(tmp_path / "out", unflagged_details=len(res.rings)), re.S).group(0)):
        assert "Nothing in how its members behave shows one operator" in text
        assert "under the 0.15 a ring needs: scoring.min_operator_behaviour" in text
    # a ring that shows an operator's hand says nothing of it
    ev2, acc2 = _content_shop(templated=True)
    res2 = gh.detect(ev2, acc2)
    write_result(res2, tmp_path / "out2")
    rid2 = res2.accounts.loc[res2.accounts["account_id"] == "writer0", "ring_id"].iloc[0]
    assert "shows one operator" not in explain_ring(tmp_path / "out2", rid2)


def test_a_steep_slope_scores_without_an_overflow_warning():
    """``scoring.slope = 1000`` put exp() out of range for groups far below the midpoint: numpy printed
    'overflow encountered in exp' to stderr (the risk, 0, was right)."""
    import warnings

    from conftest import make_world

    ev, acc, ring = make_world(seed=4, n_benign=80, office=10, ring_size=12)
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="overflow encountered")
        res = gh.detect(ev, acc, gh.Config().with_overrides(["scoring.slope=1000"]))
    assert res.accounts.set_index("account_id").loc[sorted(ring), "flagged"].all()
    assert (res.rings["evidence_sum"] < 6).sum() >= 5 and (res.rings["risk_score"] == 0).sum() >= 5


def test_the_operator_floor_is_checked():
    from graphhunt.errors import ConfigError

    for bad in ("-0.1", "1.5", "nan"):
        with pytest.raises(ConfigError, match="min_operator_behaviour must be between 0 and 1"):
            gh.Config().with_overrides([f"scoring.min_operator_behaviour={bad}"])


def test_prompt_rates_are_shares_of_the_logged_prompts():
    """A platform that logs the prompt of one request in five (world7) measured a ring's template share
    and reasoning rate at a fifth of their value: the unlogged requests counted as requests without a
    template or reasoning. They are now shares of the requests whose prompt is there (and, with the
    prompt-sampling bound, of the sampled ones)."""
    from conftest import make_world

    ev, ac, ring = make_world(seed=5, n_benign=150, office=12, ring_size=10)
    full = gh.detect(ev, ac)
    rng = np.random.default_rng(0)
    part = ev.copy()
    part.loc[rng.random(len(part)) < 0.8, "prompt"] = None  # 20 % of prompts logged
    sampled = gh.detect(ev, ac, gh.Config().with_overrides(["prompts.max_prompts_per_account_day=3"]))
    low = gh.detect(part, ac)

    def ring_row(res):
        rid = res.accounts.loc[res.accounts["account_id"].isin(ring), "ring_id"].mode().iloc[0]
        return res.rings.set_index("ring_id").loc[rid]

    f = ring_row(full)
    assert f["template_event_share"] > 0.9 and f["reasoning_rate"] > 0.9
    for res in (low, sampled):
        r = ring_row(res)
        assert r["template_event_share"] == pytest.approx(f["template_event_share"], abs=0.1)
        assert r["f_template_concentration"] == pytest.approx(1.0)
    assert ring_row(low)["reasoning_rate"] == pytest.approx(f["reasoning_rate"], abs=0.05)
    assert set(low.accounts.loc[low.accounts["flagged"], "account_id"]) == ring
    # an account with no logged prompt has no reasoning rate (not a rate of 0)
    from graphhunt.scoring import account_features

    events = pd.DataFrame({"acc": [0, 0, 1, 1], "ts": [0, 60, 0, 60]})
    logged = np.array([True, True, False, False])
    feats = account_features(events, 2, 1000, np.array([True, False, False, False]), None, logged)
    assert feats["reasoning_rate"].iloc[0] == 0.5 and np.isnan(feats["reasoning_rate"].iloc[1])
    assert feats["n_prompted"].tolist() == [2, 0]


def test_rings_have_a_shared_column_for_every_configured_link_type(result):
    """rings.csv kept a shared_<type> column only for the types some ring shared, so a world without a
    shared schedule wrote one column fewer (world7's QA): a scheduled loader would fail on such a day."""
    res, _ = result
    cfg = gh.Config()
    want = {f"shared_{t}" for t in cfg.links.types}
    assert want <= set(res.rings.columns)
    shared_types = set(res.shared["link_type"]) if len(res.shared) else set()
    assert any(f"shared_{t}" not in {f"shared_{s}" for s in shared_types} for t in cfg.links.types)  # the case
    assert (res.rings.loc[:, sorted(want - {f"shared_{s}" for s in shared_types})] == "").all().all()


def _ring_and_crowd_features(n_ring: int, n_pop: int = 40) -> pd.DataFrame:
    """Account features of a busy, reasoning-heavy ring of ``n_ring`` accounts (rows 0..n_ring-1) and a crowd."""
    ring = {"n_events": 300, "mean_daily": 100.0, "utilization": 0.1, "machine_timing": 1.0,
            "median_output_tokens": 2000.0, "reasoning_rate": 0.9, "n_prompted": 60, "n_template_measured": 60}
    pop = {"n_events": 10, "mean_daily": 3.0, "utilization": 0.003, "machine_timing": 0.0,
           "median_output_tokens": 200.0, "reasoning_rate": 0.02, "n_prompted": 10, "n_template_measured": 10}
    feats = pd.DataFrame([ring] * n_ring + [pop] * n_pop)
    feats["main_user_agent"] = ["sdk/1"] * n_ring + [f"b/{i}" for i in range(n_pop)]
    feats["org_id"] = pd.Series(pd.NA, index=feats.index, dtype="string")
    feats["created_ts"] = np.nan
    return feats


def _score_one_ring(feats: pd.DataFrame, n_ring: int):
    """``score_rings`` with rows 0..n_ring-1 as one community tied by an address each pair shares."""
    from graphhunt.config import ScoringConfig
    from graphhunt.scoring import score_rings

    comm = np.r_[[0] * n_ring, np.arange(1, len(feats) - n_ring + 1)]
    src, dst = np.triu_indices(n_ring, 1)
    edges = pd.DataFrame({"src": src, "dst": dst, "weight": np.ones(len(src)), "w_ip": np.ones(len(src))})
    return score_rings(comm, feats, edges, None, ScoringConfig(), 1.0, 3)


def test_a_member_with_no_logged_prompt_keeps_its_behaviour_fit():
    """With one prompt in five logged, a small account often has none: it cannot show the ring's reasoning,
    and counting it as 0 cut its behaviour fit (1.0 -> 0.75 for an otherwise identical member; review,
    session 25). A feature a member cannot show is left out of its fit."""
    feats = _ring_and_crowd_features(4)
    feats.loc[3, ["reasoning_rate", "n_prompted", "n_template_measured"]] = [np.nan, 0, 0]
    rings, members = _score_one_ring(feats, 4)
    assert rings.loc[0, "f_reasoning"] == pytest.approx(1.0)
    assert members["behaviour_fit"].iloc[:4].tolist() == pytest.approx([1.0] * 4)


def test_a_busy_member_that_asks_for_nothing_of_value_does_not_fit_a_harvesting_ring():
    """A scraper on a ring's residential exits is as busy and as regular as the ring's accounts, but asks
    for no reasoning and gets short answers (world15's proxy customers: fit 0.5 against a floor of 0.65,
    flagged at 0.70 in rings at 0.89). As for a ring (harvest_evidence), a member's activity counts only up
    to the value of what it asks for itself; a value feature it cannot show counts at the ring's level."""
    from graphhunt.config import ScoringConfig

    feats = _ring_and_crowd_features(6)
    feats.loc[4, ["median_output_tokens", "reasoning_rate"]] = [200.0, 0.02]  # the scraper: busy, no value
    feats.loc[5, ["median_output_tokens", "reasoning_rate", "n_prompted", "n_template_measured"]] = [200.0, np.nan, 0, 0]
    rings, members = _score_one_ring(feats, 6)
    assert rings.loc[0, "flagged"]
    fit = members["behaviour_fit"].to_numpy()
    assert fit[:4].tolist() == pytest.approx([1.0] * 4)
    assert fit[4] < 0.05  # before: its volume and timing alone gave it about half the ring's evidence
    # short answers and no logged prompt: its reasoning counts at the ring's level (1 here), so its activity
    # counts up to the reasoning weight, against the ring's own activity up to the ring's value
    w = ScoringConfig().weights
    act, wr, wo = w["volume"] + w["machine_timing"], w["reasoning"], w["output_tokens"]
    want = min(act, wr) / (wo + min(act, wr + wo))
    assert fit[5] == pytest.approx(want) and fit[4] < fit[5] < 1.0
    assert members["account_risk"].iloc[4] < 0.5 <= members["account_risk"].iloc[0]



def test_one_night_through_is_not_round_the_clock_but_day_after_day_is():
    """Round-the-clock activity (machine_timing) read every hour of the day used at least once over the
    whole window: one night through a hackathon or before a deadline looked like a machine. An hour now
    counts when it was used on at least two distinct days (scoring.SLEEPLESS_MIN_DAYS)."""
    from graphhunt.scoring import account_features

    rng = np.random.default_rng(0)
    t0 = int(pd.Timestamp("2026-11-02", tz="UTC").value // 10**9)
    rows = []
    # account 0: awake 30 hours once (every hour of the day), then daytime use only
    rows += [(0, t0 + 8 * 3600 + int(x)) for x in np.sort(rng.uniform(0, 30 * 3600, 70))]
    rows += [(0, t0 + d * 86400 + int(rng.uniform(9, 18) * 3600)) for d in range(3, 9) for _ in range(5)]
    # account 1: a job spread over every hour on each of four days, as irregular as account 0
    rows += [(1, t0 + d * 86400 + int(x)) for d in range(4) for x in np.sort(rng.uniform(0, 86400, 25))]
    ev = pd.DataFrame(rows, columns=["acc", "ts"]).sort_values(["acc", "ts"], kind="stable")
    f = account_features(ev, 2, 1000, None, None)
    assert f["regularity"].max() < 0.5  # irregular gaps: only round-the-clock use can make it a machine
    assert not f.loc[0, "sleepless"] and f.loc[0, "machine_timing"] < 0.5
    assert f.loc[1, "sleepless"] and f.loc[1, "machine_timing"] == 1.0


def test_a_result_without_rings_keeps_the_column_types_of_one_with_rings():
    """A QA pass: with no rings, `result.rings.ring_id`/`reasons` were float64 and `result.shared` all object,
    so a notebook's `.str` calls broke on exactly the quiet day."""
    import graphhunt as gh

    ev = pd.DataFrame({"account_id": ["a", "b", "c"], "timestamp": ["2026-01-01T00:00:00Z"] * 3,
                       "ip": ["192.0.2.1", "192.0.2.2", "192.0.2.3"]})
    r = gh.detect(ev)
    assert r.rings.empty and r.shared.empty
    assert r.rings["ring_id"].str.upper().tolist() == [] and r.rings["reasons"].str.len().tolist() == []
    assert pd.api.types.is_string_dtype(r.shared["attribute"]) and r.shared["members"].dtype == np.int64


def test_a_hydra_ring_above_the_hub_cap_is_found(tmp_path):
    """A ring of 450 accounts on a commercial proxy pool whose addresses, /24s and templates all have
    more holders than the hub cap (150 here, so the world stays small): every attribute it shares is a
    hub, and without hub groups nothing ties its members. Its hubs of different kinds have the same
    holders, so they are linked as a group and the ring is flagged; no benign account is. The
    simulator's built-in material (no reference data directory), so the world is the same everywhere."""
    from graphhunt.simulate import simulate

    sc = simulate(n_accounts=3000, seed=5, ring_fraction=0.15, ring_size_min=400, ring_size_max=450,
                  ring_size_alpha=0.0, ring_types={"ring_commercial_proxy": 1.0}, p_card_share=0.0,
                  data_dir=tmp_path / "no-reference-data")
    truth = sc.truth.set_index("account_id")
    ring = truth.index[truth["is_ring"] == 1]
    assert len(ring) >= 400
    flagged = {}
    for groups in (5000, 0):
        cfg = gh.load_config(overrides=["links.hub_max_accounts=150", "links.hub_fade_start=50",
                                        f"links.hub_group_max_accounts={groups}"])
        res = gh.Detector(cfg).fit(sc.events, sc.accounts).result_
        f = res.accounts.set_index("account_id")["flagged"].reindex(truth.index)
        flagged[groups] = (int(f[ring].sum()), int(f[truth["is_ring"] == 0].sum()))
        if groups:  # hubs of two kinds or more (which kinds depends on the reference material)
            assert len(res.run_info["hub_groups"]) >= 2
    assert flagged[5000][0] >= 0.9 * len(ring) and flagged[5000][1] == 0
    assert flagged[0][0] == 0  # the same world with every hub dropped: the ring is invisible


def _narrow_world(per_day, seed=0):
    """400 individuals, and eight accounts on one proxy /24 and one card pool sending one narrow
    classification template (short answers like everybody's, no reasoning), ``per_day`` requests a day each."""
    rng = np.random.default_rng(seed)
    t0 = pd.Timestamp("2026-11-02", tz="UTC")
    rows = []
    for i in range(400):
        for _ in range(int(rng.integers(3, 15))):
            rows.append({"account_id": f"u{i}", "timestamp": t0 + pd.Timedelta(minutes=int(rng.integers(7 * 24 * 60))),
                         "ip": f"203.0.{i // 200}.{i % 200 + 1}", "payment_method": f"pm_{i}",
                         "prompt": f"question {rng.integers(10**9)} about topic {i}",
                         "user_agent": f"browser/{i % 7}", "output_tokens": int(rng.integers(80, 400))})
    labels = ["positive", "negative", "neutral"]
    for m in range(8):
        for d in range(7):
            for x in np.sort(rng.uniform(0, 86400, per_day)):
                rows.append({"account_id": f"r{m}", "timestamp": t0 + pd.Timedelta(days=d, seconds=float(x)),
                             "ip": f"198.51.100.{int(rng.integers(1, 40))}", "payment_method": f"pm_pool{m % 3}",
                             "prompt": f"Classify the sentiment of this review as {', '.join(labels)}. Review: "
                                       f"item {rng.integers(10**6)} arrived {rng.choice(['late', 'early', 'broken'])} "
                                       f"and the {rng.choice(['box', 'lid', 'cable'])} was {rng.choice(['fine', 'bad'])}. "
                                       "Answer with one word.",
                             "user_agent": "python-requests/2.32", "output_tokens": int(rng.integers(80, 400))})
    return pd.DataFrame(rows)


def test_a_ring_running_each_account_into_its_limit_is_flagged_for_short_answers_too():
    """Harvest evidence counts activity only up to the value of the answers (reasoning, long outputs), so
    a ring harvesting a narrow capability with short answers stayed under the harvest floor however hard it
    ran its accounts (world19: rings at 14-37 % of the limit, evidence 8-9.6, risk 0.29-0.49). The use of
    the per-account limit now counts whatever the answers are worth; the same group at a few percent of the
    limit (a busy app's accounts) still does not clear the floor."""
    cfg = gh.Config().with_overrides(["scoring.requests_per_day_limit=1000"])
    ring = {f"r{m}" for m in range(8)}
    busy = gh.detect(_narrow_world(400), config=cfg)
    top = busy.rings[busy.rings["size"] == 8].iloc[0]
    assert top["median_utilization"] >= 0.3 and top["f_reasoning"] == 0 and top["f_output_tokens"] < 0.2
    assert top["flagged"] and set(busy.accounts.loc[busy.accounts["flagged"], "account_id"]) == ring
    # no value; its activity (volume and timing, 2) counts up to its limit use times the harvest floor (1.5):
    # the floor is reached by the use of the limit alone (session 59; up to volume's weight, 1, before, which
    # kept such a ring at two thirds of its risk: world28's card swarm on one /24 at 80 % of the limit)
    assert top["harvest_evidence"] == pytest.approx(1.5) and top["f_volume"] + top["f_machine_timing"] == 2
    light = gh.detect(_narrow_world(30), config=cfg)
    acc = light.accounts
    low = light.rings[light.rings["ring_id"].isin(acc.loc[acc["account_id"].isin(ring), "ring_id"])]
    assert len(low) and (low["median_utilization"] < 0.05).all() and (low["harvest_evidence"] < 0.5).all()
    assert not acc["flagged"].any()


def _classroom(ev: pd.DataFrame, ac: pd.DataFrame, n: int = 25, seed: int = 4):
    """A school class on its school's one address: each student pastes the teacher's worksheet, which asks for
    the steps, in two lessons a week (ordinary volume at human hours: about what the population's median
    account sends per active day)."""
    rng = np.random.default_rng(seed)
    t0 = int(pd.Timestamp("2026-11-03T10:00", tz="UTC").timestamp())  # a Tuesday, 10:00
    lessons = [t0 + d * 86400 for d in (0, 2, 7, 9)]  # Tue, Thu, twice
    rows, accs = [], []
    for i in range(n):
        a = f"pupil{i:02d}"
        accs.append((a, f"pm_family{i}", pd.Timestamp(t0 - rng.uniform(30, 200) * 86400, unit="s", tz="UTC").isoformat()))
        for start in lessons:
            for _ in range(int(rng.integers(1, 3))):
                rows.append((a, pd.Timestamp(start + int(rng.integers(50 * 60)), unit="s", tz="UTC").isoformat(),
                             "192.0.2.50",
                             f"Worksheet 7, question {int(rng.integers(1, 40))}: explain step by step how to solve "
                             f"{int(rng.integers(2, 99))}x + {int(rng.integers(2, 99))} = {int(rng.integers(100, 999))}",
                             "Mozilla/5.0 (X11; CrOS x86_64)", int(rng.integers(150, 400))))
    ev2 = pd.concat([ev, pd.DataFrame(rows, columns=ev.columns)], ignore_index=True)
    ac2 = gh_accounts(pd.concat([ac, pd.DataFrame(accs, columns=ac.columns)], ignore_index=True))
    return ev2, ac2, [a for a, *_ in accs]


@pytest.mark.parametrize("min_activity", [0.0, 0.15])
def test_a_class_that_asks_for_steps_at_ordinary_volume_is_scaled_by_the_activity_floor(world, min_activity):
    """A minimal input (no output_tokens, so answer lengths cannot hold the class's reasoning requests down):
    the class shares its school's address and the worksheet's template and asks for steps, so it scores as a
    ring on structure; its members send what ordinary accounts send, at lesson hours (activity near 0).
    ``scoring.min_activity`` scales such a group's risk by activity / floor; the ring, which sends hundreds of
    requests per account, is untouched."""
    ev, ac, ring = world
    ev2, ac2, pupils = _classroom(ev, ac)
    ev2 = ev2.drop(columns=["output_tokens"])
    # the platform's daily limit (this small world's busiest accounts would otherwise set it)
    # (scoring.reasoning_unmeasured_needs_activity, session 65, also keeps this class out, by its harvest: off
    # here, so that the test shows what min_activity does on its own)
    res = fit(ev2, ac2, config=gh.load_config(None, [f"scoring.min_activity={min_activity}",
                                                     "scoring.requests_per_day_limit=200",
                                                     "scoring.reasoning_unmeasured_needs_activity=false"]))
    acc = res.accounts.set_index("account_id")
    assert acc.loc[sorted(ring), "flagged"].all()
    r = res.rings.set_index("ring_id").loc[acc.loc[pupils[0], "ring_id"]]
    assert r["activity"] < 0.1 and r["f_reasoning"] > 0.5 and r["f_shared_infrastructure"] == 1.0, r
    rr = res.rings.set_index("ring_id").loc[acc.loc[sorted(ring)[0], "ring_id"]]
    assert rr["activity"] >= 0.15, rr
    if min_activity:
        assert not acc.loc[pupils, "flagged"].any(), r
        assert r["risk_score"] <= r["activity"] / min_activity + 1e-9  # scaled by activity / floor
        from graphhunt.explain import explain_ring
        assert "under the 0.15 a ring needs: scoring.min_activity" in explain_ring(res, r.name)
    else:
        assert acc.loc[pupils, "flagged"].all(), r


def test_without_answer_lengths_a_class_asking_for_steps_shows_no_harvest(world):
    """The same class with ``scoring.min_activity`` off: its reasoning counts in its harvest only up to its activity
    (``scoring.reasoning_unmeasured_needs_activity``), so it stays under the harvest floor on its own; the ring,
    busy, keeps its harvest."""
    ev, ac, ring = world
    ev2, ac2, pupils = _classroom(ev, ac)
    ev2 = ev2.drop(columns=["output_tokens"])
    res = fit(ev2, ac2, config=gh.load_config(None, ["scoring.min_activity=0", "scoring.requests_per_day_limit=200"]))
    acc = res.accounts.set_index("account_id")
    r = res.rings.set_index("ring_id").loc[acc.loc[pupils[0], "ring_id"]]
    assert r["f_reasoning"] > 0.5 and r["activity"] < 0.1, r
    assert r["harvest_evidence"] < 0.75 and not acc.loc[pupils, "flagged"].any(), r
    assert acc.loc[sorted(ring), "flagged"].all()
