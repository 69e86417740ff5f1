"""Scenario generator: determinism, contract schemas, ground truth and the planted signals."""
from __future__ import annotations

import ipaddress
import logging
import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from graphhunt import simulate as S
from graphhunt.simulate import BENIGN_COHORTS, COHORTS, EVASIONS, PROFILES, ScenarioParams, simulate, write_scenario

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


@pytest.fixture(scope="module")
def world() -> S.Scenario:
    return simulate(n_accounts=3000, seed=5)


@pytest.fixture(scope="module")
def hard() -> S.Scenario:
    return simulate(n_accounts=3000, seed=11, profile="hard")


def _joined(sc: S.Scenario) -> pd.DataFrame:
    return sc.events.merge(sc.truth, on="account_id", how="left")


def test_profiles_and_params():
    assert {"default", "small-rings", "needle", "hard"} <= set(PROFILES)
    assert all(isinstance(p, ScenarioParams) for p in PROFILES.values())
    with pytest.raises(TypeError):
        simulate(n_accounts=50, seed=0, no_such_param=1)
    with pytest.raises(ValueError):
        simulate(n_accounts=50, seed=0, profile="nope")


def test_determinism():
    a = simulate(n_accounts=800, seed=7, profile="hard")
    b = simulate(n_accounts=800, seed=7, profile="hard")
    for x, y in ((a.events, b.events), (a.accounts, b.accounts), (a.truth, b.truth)):
        pd.testing.assert_frame_equal(x, y)
    c = simulate(n_accounts=800, seed=8, profile="hard")
    assert not c.events["prompt"].equals(a.events["prompt"])


def test_schemas(world):
    ev, ac, tr = world.events, world.accounts, world.truth
    assert list(ev.columns) == ["account_id", "timestamp", "ip", "prompt", "user_agent", "output_tokens",
                                "api_key_id", "model"]
    assert list(ac.columns) == ["account_id", "created_at", "payment_method", "email_domain", "country", "org_id"]
    assert list(tr.columns) == ["account_id", "is_ring", "ring_id", "cohort", "evasion"]
    assert pd.api.types.is_integer_dtype(ev["output_tokens"]) and (ev["output_tokens"] > 0).all()
    assert ev["timestamp"].str.match(ISO).all() and ac["created_at"].str.match(ISO).all()
    for ip in ev["ip"].unique():
        ipaddress.ip_address(ip)  # raises on a malformed address
    assert ev["prompt"].str.len().min() > 0
    assert ac["payment_method"].str.startswith("pm_").all()
    assert ((ac["org_id"] == "") | ac["org_id"].str.startswith("org_")).all()
    assert tr["is_ring"].dtype == bool
    assert set(tr["cohort"]) <= set(COHORTS)
    ring = tr[tr["is_ring"]]
    assert ring["ring_id"].str.match(r"^R\d{3,}$").all() and (tr.loc[~tr["is_ring"], "ring_id"] == "").all()
    assert ring["cohort"].str.startswith("ring_").all() and not tr.loc[~tr["is_ring"], "cohort"].str.startswith(
        "ring_").any()
    for e in ring["evasion"].unique():
        assert e == "none" or set(e.split("+")) <= set(EVASIONS)
    assert (tr.loc[~tr["is_ring"], "evasion"] == "").all()
    # every ring has one cohort and one evasion label
    assert (ring.groupby("ring_id")[["cohort", "evasion"]].nunique() == 1).all().all()


def test_time_window_and_signup(world):
    t = pd.to_datetime(world.events["timestamp"])
    start = pd.Timestamp(world.params.start)
    assert t.min() >= start and t.max() < start + pd.Timedelta(days=world.params.window_days)
    created = world.accounts.set_index("account_id")["created_at"].map(pd.Timestamp)
    first = t.groupby(world.events["account_id"]).min()
    assert (first >= created.reindex(first.index)).all()


def test_truth_covers_every_account(world):
    ids = world.accounts["account_id"]
    assert ids.is_unique and world.truth["account_id"].is_unique
    assert set(ids) == set(world.truth["account_id"])
    assert set(world.events["account_id"]) == set(ids)  # every account has at least one request
    assert world.accounts["payment_method"].nunique() > 0.5 * len(ids)


def test_cohort_counts_match_params(world):
    p, n = world.params, len(world.truth)
    counts = world.truth["cohort"].value_counts()
    n_ring = int(world.truth["is_ring"].sum())
    assert abs(n_ring - p.ring_fraction * n) < p.ring_size_min
    w = {c: p.benign_cohorts.get(c, 0.0) for c in BENIGN_COHORTS}
    tot = sum(w.values())
    # heavy-app accounts are single apps or app companies (2-3 accounts): one allocation
    counts["benign_heavy_app"] = counts.get("benign_heavy_app", 0) + counts.get("benign_app_company", 0)
    for c in BENIGN_COHORTS:
        if c != "benign_app_company":
            assert abs(counts.get(c, 0) - w[c] / tot * (n - n_ring)) <= 1, c
    counts = world.truth["cohort"].value_counts()
    assert world.meta["cohort_counts"] == {c: int(counts.get(c, 0)) for c in world.meta["cohort_counts"]}
    assert set(world.truth.loc[world.truth["is_ring"], "cohort"]) <= {c for c, v in p.ring_types.items() if v > 0}


def test_small_rings_sizes():
    sc = simulate(n_accounts=3000, seed=2, profile="small-rings")
    sizes = sc.truth[sc.truth["is_ring"]].groupby("ring_id").size()
    assert len(sizes) >= 5
    assert sizes.min() >= 3 and sizes.max() <= 15


def test_needle_ratio():
    sc = simulate(n_accounts=6000, seed=4, profile="needle", events_per_account=5)
    n_ring = int(sc.truth["is_ring"].sum())
    ratio = (len(sc.truth) - n_ring) / n_ring
    assert 80 <= ratio <= 130
    assert 1 <= sc.truth.loc[sc.truth["is_ring"], "ring_id"].nunique() <= 10


def test_daily_limit():
    sc = simulate(n_accounts=800, seed=3, daily_limit=12, events_per_account=60)
    day = sc.events["timestamp"].str.slice(0, 10)
    per_day = sc.events.groupby([sc.events["account_id"], day]).size()
    assert per_day.max() <= 12
    assert sc.meta["events_dropped_by_daily_limit"] >= 0
    ring = set(sc.truth.loc[sc.truth["is_ring"], "account_id"])
    ring_days = per_day[per_day.index.get_level_values(0).isin(ring)]
    assert ring_days.max() <= 12 and ring_days.mean() > 3  # rings run close to the limit


def test_ring_volume_and_heavy_tail(world):
    per = world.events.groupby("account_id").size()
    assert abs(per.mean() - 20) < 4
    assert per.max() > 10 * per.median()  # heavy tail
    tr = world.truth.set_index("account_id")
    ring = per[tr.loc[per.index, "is_ring"].values]
    benign = per[~tr.loc[per.index, "is_ring"].values]
    assert ring.median() > 2 * benign.median()
    combined = world.events.merge(world.truth, on="account_id").groupby("ring_id").size().drop("", errors="ignore")
    assert combined.max() > 20 * benign.median()


def test_ring_signals_have_benign_lookalikes(world):
    j = _joined(world)
    ring = j[j["is_ring"]]
    app = j[j["cohort"].isin(["benign_heavy_app", "benign_app_company"])]
    assert ring["output_tokens"].median() > 2 * j.loc[~j["is_ring"], "output_tokens"].median()
    # long outputs, regular 24/7 traffic and templated prompts also exist in benign heavy apps
    assert app["output_tokens"].quantile(0.9) > 800
    # corporate cards and campus licences are shared by many benign accounts
    accs = world.accounts.merge(world.truth, on="account_id")
    shared = accs.groupby("payment_method")["account_id"].nunique()
    benign_cards = accs[~accs["is_ring"]].groupby("payment_method")["account_id"].nunique()
    assert benign_cards.max() >= 10 and shared.max() >= 10
    # the ring user agents are ordinary client strings that benign accounts use too
    benign_uas = set(j.loc[~j["is_ring"], "user_agent"])
    assert np.mean([ua in benign_uas for ua in ring["user_agent"].unique()]) > 0.5
    # reasoning elicitation appears in benign traffic too, just less often
    pat = "step by step|reasoning|chain of thought|thought process|show your work"
    assert ring["prompt"].str.contains(pat, case=False).mean() > j.loc[~j["is_ring"], "prompt"].str.contains(
        pat, case=False).mean() > 0


def test_commercial_proxy_ips_shared_with_benign_vpn(hard):
    j = _joined(hard)
    vpn_ips = set(j.loc[j["cohort"] == "benign_vpn", "ip"])
    rings = j[j["evasion"].str.contains("commercial_proxy", na=False)]
    assert rings["ring_id"].nunique() >= 1
    for rid, g in rings.groupby("ring_id"):
        ips = set(g["ip"])
        assert len(ips & vpn_ips) / len(ips) >= 0.9, rid
    # private pools: datacenter addresses the ring alone uses
    priv = j[j["evasion"].str.contains("private_proxy", na=False)]
    others = set(j.loc[j["ring_id"] == "", "ip"])
    for rid, g in priv.groupby("ring_id"):
        ips = set(g["ip"])
        assert len(ips & others) / len(ips) <= 0.05, rid


def test_paraphrase_rings_distinct_wording(hard):
    j = _joined(hard)
    para = j[j["evasion"].str.contains("paraphrase", na=False) & ~j["evasion"].str.contains("mixed", na=False)]
    assert para["ring_id"].nunique() >= 1
    checked = 0
    for rid, g in para.groupby("ring_id"):
        cores = []
        for acc, h in g.groupby("account_id"):
            if len(h) < 8:
                continue
            words = Counter(w for p in h["prompt"] for w in set(re.findall(r"[A-Za-z]+", p)))
            cores.append(frozenset(w for w, c in words.items() if c >= 0.6 * len(h)))
        if len(cores) >= 3:
            checked += 1
            assert len(set(cores)) >= 0.6 * len(cores), rid
    assert checked >= 1


def test_fallback_without_shared_data(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="graphhunt.simulate"):
        sc = simulate(n_accounts=600, seed=1, data_dir=tmp_path / "missing")
    assert sc.meta["reference_data"] == "builtin"
    assert any("fallback" in r.getMessage() for r in caplog.records)
    assert len(sc.events) > 0 and sc.events["prompt"].str.len().min() > 0
    assert sc.truth["is_ring"].any()
    for ip in sc.events["ip"].unique():
        ipaddress.ip_address(ip)


def test_write_scenario_roundtrip(tmp_path):
    sc = simulate(n_accounts=400, seed=9)
    paths = write_scenario(sc, tmp_path / "csv")
    assert {p.name for p in (tmp_path / "csv").iterdir()} == {"events.csv", "accounts.csv", "truth.csv",
                                                              "scenario.json"}
    ev = pd.read_csv(paths["events"], dtype=str, keep_default_na=False)
    assert list(ev.columns) == list(sc.events.columns)
    assert (ev["prompt"].values == sc.events["prompt"].astype(str).values).all()
    tr = pd.read_csv(paths["truth"], dtype=str, keep_default_na=False)
    assert set(tr["is_ring"]) <= {"true", "false"}
    assert (tr["ring_id"] == "").sum() == (~sc.truth["is_ring"]).sum()
    paths = write_scenario(sc, tmp_path / "pq", fmt="parquet")
    pq = pd.read_parquet(paths["events"])
    assert len(pq) == len(sc.events) and (pq["prompt"].values == sc.events["prompt"].values).all()
    with pytest.raises(ValueError):
        write_scenario(sc, tmp_path / "x", fmt="xlsx")


def test_yaml_scalar_reader():
    assert S._yaml_scalar("'It''s {{x}}", ["", "      next'"]) == "It's {{x}}\nnext"
    assert S._yaml_scalar('"a\\nb \\"q\\"\\', ['      c"']) == 'a\nb "q"c'
    assert S._yaml_scalar("plain text", ["      more", "    metadata: x"]) == "plain text more"
    parts, kinds = S._jinja_to_template(
        "{% if x %}Q: {{question}} {{question[0:2]}}{% else %}other{% endif %} Options: {{answer_choices|join(', ')}}"
        " Is it {{\"good or bad\"}}? ||| {{answer}}", "math")
    assert kinds == ["math", "choices"]
    assert "good or bad" in parts[-1] and "other" not in "".join(parts)


def test_yaml_reader_matches_pyyaml():
    yaml = pytest.importorskip("yaml")
    data = S.default_data_dir()
    if data is None:
        pytest.skip("shared reference data not available")
    files = sorted((data / "prompts" / "promptsource-templates").rglob("templates.yaml"))[:25]

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: loader.construct_mapping(node))
    for f in files:
        ref = [t["jinja"] for t in yaml.load(f.read_text(), Loader=Loader)["templates"].values()]
        assert sorted(S._read_promptsource_file(f)) == sorted(ref), f


@pytest.mark.parametrize("args, words", [(["--accounts", "0"], "--accounts"), (["--accounts", "-5"], "--accounts"),
                                         (["--accounts", "50", "--format", "xml"], "unknown format 'xml'"),
                                         (["--accounts", "50", "--profile", "nope"], "unknown profile 'nope'")])
def test_simulate_usage_errors_are_messages_not_tracebacks(tmp_path, args, words):
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "graphhunt", "simulate", "--out", str(tmp_path / "w"), *args],
                       capture_output=True, text=True, timeout=120, env={**__import__("os").environ, "COLUMNS": "200"})
    out = " ".join((r.stdout + r.stderr).split())
    assert r.returncode == 3 and words in out and "Traceback" not in out, out
    assert not (tmp_path / "w").exists()
