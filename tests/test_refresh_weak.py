"""A refresh agrees with a full detect where the weak-member search splits a small ring out of a flagged group."""
from __future__ import annotations

import pandas as pd
import pytest

import graphhunt as gh
from graphhunt.refresh import refresh
from tests.test_pipeline import small_ring_world


def _detect_and_refresh(tmp_path, cfg=None, cut=0.8):
    """The small-ring world: a full detect on all events, and two refreshes of a state (split at ``cut`` in time).

    With the 80 % / 20 % split the second refresh updates the communities around what changed (the region
    path); with 60 % / 40 % it re-clusters everything (since session 35 a refresh links the templates as
    detect does over the window, so the second slice changes more than half of the accounts' links)."""
    ev, ac, ring, minis, _ = small_ring_world()
    ac.to_csv(tmp_path / "accounts.csv", index=False)
    ts = pd.to_datetime(ev["timestamp"], utc=True)
    t_cut = ts.quantile(cut)
    ev[ts < t_cut].to_csv(tmp_path / "s1.csv", index=False)
    ev[ts >= t_cut].to_csv(tmp_path / "s2.csv", index=False)
    ev.to_csv(tmp_path / "all.csv", index=False)
    det = gh.detect(gh.load_events(tmp_path / "all.csv"), gh.load_accounts(tmp_path / "accounts.csv"), config=cfg)
    for p in ("s1", "s2"):
        rr = refresh(tmp_path / "state", tmp_path / f"{p}.csv", tmp_path / "accounts.csv", config=cfg)
    if cut == 0.8:
        assert rr.result.run_info["communities_update"]["mode"] == "region"  # the second one reuses the first's state
    return det, rr.result, ring, minis


@pytest.mark.parametrize("cut", [0.6, 0.8])
def test_refresh_agrees_with_detect_on_a_weak_member_split(tmp_path, cut):
    det, ref, ring, minis = _detect_and_refresh(tmp_path, gh.Config().with_overrides({"scoring.member_fit_floor": 1.0}),
                                                cut)
    for res in (det, ref):
        a = res.accounts.set_index("account_id")
        assert a.loc[minis, "flagged"].all() and a.loc[ring, "flagged"].all()
        assert a.loc[minis, "ring_id"].nunique() == 1 and a.loc[ring, "ring_id"].nunique() == 1
        assert a.loc[minis[0], "ring_id"] != a.loc[ring[0], "ring_id"]


@pytest.mark.parametrize("cut", [0.6, 0.8])
def test_refresh_does_not_flag_the_office_that_detect_leaves_alone(tmp_path, cut):
    """Office accounts behind one NAT IP and card, prompts "How do I <5 words> with <3 words>?".

    Their only shared text is the stopword opening "how do i": detect drops stopword-only shingles,
    so it makes no template of it. A refresh that kept them made "how do i <word>" families used
    by 9-14 office accounts each, and flagged 8-10 office accounts that detect does not flag.
    """
    det, ref, _, _ = _detect_and_refresh(tmp_path, cut=cut)
    flagged = {}
    for name, res in (("detect", det), ("refresh", ref)):
        a = res.accounts
        flagged[name] = set(a.loc[a["flagged"], "account_id"])
        assert not a.loc[a["account_id"].str.startswith("office"), "flagged"].any(), name
    assert flagged["refresh"] == flagged["detect"]
