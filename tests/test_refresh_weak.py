"""A refresh agrees with a full detect where the weak-member search splits a small ring out of a flagged group."""
from __future__ import annotations

import numpy as np
import pandas as pd

import graphhunt as gh
from graphhunt.refresh import refresh
from tests.conftest import make_world
from tests.test_pipeline import _with_vpn_bystanders


def _mini_world():
    # the world of test_pipeline.test_small_ring_inside_a_flagged_community_is_scored_on_its_own
    ev, ac, ring = make_world(ring_size=40)
    ev, ac, _ = _with_vpn_bystanders(ev, ac)
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
                         f"Translate sentence {rng.integers(10000)} into French and list every grammar rule it uses",
                         "python-httpx/0.27", int(rng.integers(200, 400))))
    mini = pd.DataFrame(rows, columns=["account_id", "timestamp", "ip", "prompt", "user_agent", "output_tokens"])
    mini["timestamp"] = pd.to_datetime(mini["timestamp"], unit="s", utc=True).dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (pd.concat([ev, mini], ignore_index=True), pd.concat([ac, pd.DataFrame(accs, columns=ac.columns)], ignore_index=True),
            sorted(ring), [a for a, *_ in accs])


def test_refresh_agrees_with_detect_on_a_weak_member_split(tmp_path):
    ev, ac, ring, minis = _mini_world()
    cfg = gh.Config().with_overrides({"scoring.member_fit_floor": 1.0})
    ac.to_csv(tmp_path / "accounts.csv", index=False)
    ts = pd.to_datetime(ev["timestamp"], utc=True)
    cut = ts.quantile(0.6)
    ev[ts < cut].to_csv(tmp_path / "s1.csv", index=False)
    ev[ts >= cut].to_csv(tmp_path / "s2.csv", index=False)
    ev.to_csv(tmp_path / "all.csv", index=False)
    det = gh.detect(gh.load_events(tmp_path / "all.csv"), gh.load_accounts(tmp_path / "accounts.csv"), config=cfg)
    for p in ("s1", "s2"):
        rr = refresh(tmp_path / "state", tmp_path / f"{p}.csv", tmp_path / "accounts.csv", config=cfg)
    assert rr.result.run_info["communities_update"]["mode"] == "region"  # the second one reuses the first's state
    for res in (det, rr.result):
        a = res.accounts.set_index("account_id")
        assert a.loc[minis, "flagged"].all() and a.loc[ring, "flagged"].all()
        assert a.loc[minis, "ring_id"].nunique() == 1 and a.loc[ring, "ring_id"].nunique() == 1
        assert a.loc[minis[0], "ring_id"] != a.loc[ring[0], "ring_id"]


def test_refresh_does_not_flag_the_office_that_detect_leaves_alone(tmp_path):
    """Office accounts behind one NAT IP and card, prompts "How do I <5 words> with <3 words>?".

    Their only shared text is the stopword opening "how do i": detect drops stopword-only shingles,
    so it makes no template of it. A refresh that kept them made "how do i <word>" families used
    by 9-14 office accounts each, and flagged 8-10 office accounts that detect does not flag.
    """
    ev, ac, ring, minis = _mini_world()
    ac.to_csv(tmp_path / "accounts.csv", index=False)
    ts = pd.to_datetime(ev["timestamp"], utc=True)
    cut = ts.quantile(0.6)
    ev[ts < cut].to_csv(tmp_path / "s1.csv", index=False)
    ev[ts >= cut].to_csv(tmp_path / "s2.csv", index=False)
    ev.to_csv(tmp_path / "all.csv", index=False)
    det = gh.detect(gh.load_events(tmp_path / "all.csv"), gh.load_accounts(tmp_path / "accounts.csv"))
    for p in ("s1", "s2"):
        rr = refresh(tmp_path / "state", tmp_path / f"{p}.csv", tmp_path / "accounts.csv")
    assert rr.result.run_info["communities_update"]["mode"] == "region"
    flagged = {}
    for name, res in (("detect", det), ("refresh", rr.result)):
        a = res.accounts
        flagged[name] = set(a.loc[a["flagged"], "account_id"])
        assert not a.loc[a["account_id"].str.startswith("office"), "flagged"].any(), name
    assert flagged["refresh"] == flagged["detect"]
