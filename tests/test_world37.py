"""The thirty-seventh independent world generator (benchmarks/world37.py, docs/WORLD37.md): its output contract.

Tiny part (a 600-account, 5-day small-ring world generated twice under different PYTHONHASHSEED, its --minimal twin,
its --format csv and --format jsonl.gz twins): columns and types, the truth covers every account, exactly
round(share * N) ring accounts, per-plan minute and day limits never exceeded, nothing before sign-up or outside the
window, time order, public parseable IPv4/IPv6 addresses (or missing), keys never shared across accounts, logging
noise (missing fields, retries, accounts that never call), byte-identical files for the same seed.
Slow part (2,000-account mixed and hydra worlds): ring size bands, every cohort and ring kind present, ring volumes,
the platform outage, the new benign look-alikes' legitimate sharing (alt-text nonprofit, follow-the-sun support, ISP
renumbering, paid user study, limit sharder, device lab) and the new ring evasions' shapes (persona dressing, chat
replay, human cadence, free-tier swarm, relay conversations, character noise, panel stowaways, device-lab stowaways,
the hydra). Skipped without the shared reference data. graphhunt is never run or imported."""
from __future__ import annotations

import gzip
import json
import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests._worlds import (
    assert_cohorts_present, assert_draw_sizes, assert_minimal_twin, assert_public_addresses, assert_retries,
    assert_same_events_as, assert_same_files, check_cli_events, check_cli_truth, check_paid_tokens, check_tiny_files,
    read_any_events, read_text_csv, read_world_frames, run_cli_worlds,
)

ROOT = Path(__file__).resolve().parents[1]
GEN = ROOT / "benchmarks" / "world37.py"
_BESIDE = ROOT.parent / "shared" / "data"
DATA = Path(os.environ.get("GRAPHHUNT_SHARED_DATA", _BESIDE if _BESIDE.exists() else "/work/shared/data"))
FILES = ("events.parquet", "accounts.csv", "truth.csv", "world.json")
EVENT_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt", "user_agent", "output_tokens", "api_key_id",
              "model"]
MINIMAL_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt"]
ACCOUNT_COLS = ["account_id", "created_at", "payment_method", "email_domain", "country", "org_id", "plan"]
MINIMAL_ACCOUNT_COLS = ["account_id", "payment_method"]
TRUTH_COLS = ["account_id", "is_ring", "ring_id", "cohort", "group_id", "tier", "sophistication", "role", "region",
              "events"]
DAILY = {"free": 120, "starter": 1500, "pro": 6000, "team": 30000, "enterprise": 300000}
MINUTE = {"free": 6, "starter": 30, "pro": 90, "team": 300, "enterprise": 1500}
MODELS = {"hx-2", "hx-2-mini", "hx-2-think", "hx-2-vision"}
START = pd.Timestamp("2026-04-13T00:00:00Z")
BENIGN = {"hobbyist", "household", "office_nat", "campus", "carrier_mobile", "vpn_user", "indie_dev", "heavy_app",
          "alt_text", "follow_the_sun", "isp_renumber", "user_study", "limit_sharder", "device_lab"}
RING_KINDS = {"card_pool", "cot_harvest", "hydra_reseller", "persona_dress", "chat_replay", "human_cadence",
              "free_swarm", "relay_conversation", "char_noise", "panel_stowaway", "device_lab_stowaway"}

AWESOME = (set(pd.read_csv(DATA / "prompts" / "awesome-chatgpt-prompts.csv", dtype=str, keep_default_na=False)["prompt"])
           if (DATA / "prompts" / "awesome-chatgpt-prompts.csv").exists() else set())

# a benchmark generator, not graphhunt: its whole contract test runs with the slow tests
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (DATA / "prompts" / "awesome-chatgpt-prompts.csv").exists(),
                                 reason="shared reference data not available (set GRAPHHUNT_SHARED_DATA)")]

TINY_N = 600
TINY = ["--n-accounts", str(TINY_N), "--seed", "5", "--world", "small", "--ring-share", "0.05", "--days", "5"]
N = 2000
SLOW_RUNS = {
    "mixed": ["--n-accounts", str(N), "--seed", "8", "--world", "mixed", "--ring-share", "0.2", "--days", "15"],
    "hydra": ["--n-accounts", str(N), "--seed", "9", "--world", "hydra", "--days", "7", "--minimal"],
}


def _gen():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import world37
    return world37


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return run_cli_worlds(GEN, DATA, {"tiny": TINY, "tiny_again": TINY, "tiny_min": TINY + ["--minimal"],
                                      "tiny_csv": TINY + ["--format", "csv"],
                                      "tiny_gz": TINY + ["--format", "jsonl.gz"]},
                          tmp_path_factory.mktemp("world37_tiny"))


@pytest.fixture(scope="module")
def worlds(tmp_path_factory):
    return run_cli_worlds(GEN, DATA, SLOW_RUNS, tmp_path_factory.mktemp("world37"))


def _check(d: Path, n: int, minimal: bool = False):
    meta, truth, acc, ring = check_cli_truth(d, n, minimal, TRUTH_COLS, ACCOUNT_COLS, MINIMAL_ACCOUNT_COLS,
                                             RING_KINDS, BENIGN, set(DAILY))
    ev = read_any_events(d)
    assert list(ev.columns) == (MINIMAL_COLS if minimal else EVENT_COLS)
    tier = check_cli_events(ev, truth, meta, n, START, DAILY, MINUTE)
    per = ev.groupby("account_id").size()
    assert (truth.set_index("account_id")["events"].astype(int) == per.reindex(truth["account_id"]).fillna(0)
            .astype(int).to_numpy()).all()
    assert meta["counts"]["accounts_without_events"] == n - ev["account_id"].nunique() > 0
    nc = truth["role"] == "never_calls"
    assert nc.sum() > 0 and not ev["account_id"].isin(truth.loc[nc, "account_id"]).any()
    assert meta["counts"]["requests_drawn"] >= meta["counts"]["events"] + meta["counts"]["refused_requests_not_logged"]
    pay = check_paid_tokens(ev, acc, tier, "free")
    assert pay[pay != ""].str.match(r"^(card|wlt|vcc|inv)_[0-9a-f]{14}$").all()
    assert ev["prompt"].notna().all() and (ev["prompt"].str.len() > 0).all()
    # templates rendered, answers cut
    assert not ev.loc[~ev["prompt"].isin(AWESOME), "prompt"].str.contains(r"\{\{|\{%|%\}|\|\|\|").any()
    assert ev["ip"].isna().any() and ev["ip"].notna().mean() > .98
    assert meta["counts"]["missing_ip_events"] == ev["ip"].isna().sum()
    assert_public_addresses(ev)
    assert_retries(ev, meta)
    # the outage: nothing logged while the API was down
    o = meta["platform"]["outage"]
    assert not ev["timestamp"].between(pd.Timestamp(o["from"]), pd.Timestamp(o["to"]), inclusive="left").any()
    if not minimal:
        created = pd.to_datetime(acc.set_index("account_id")["created_at"], utc=True)
        first = ev.groupby("account_id")["timestamp"].min()
        assert (first >= created[first.index]).all()
        tok = ev["output_tokens"].dropna()
        assert ev["output_tokens"].isna().any() and (tok >= 1).all() and (tok <= 16384).all()
        assert ev["user_agent"].isna().any() and ev["user_agent"].notna().mean() > .98
        assert ev["model"].notna().all() and ev["api_key_id"].notna().all() and set(ev["model"]) <= MODELS
        assert (acc.set_index("account_id")["plan"].reindex(tier.index) == tier).all()
        assert (ev.groupby("api_key_id")["account_id"].nunique() == 1).all()
    return meta, ev, truth


# ---------------------------------------------------------------- tiny

def test_tiny_contract(tiny):
    d = tiny["tiny"]
    meta, ev, truth = _check(d, TINY_N)
    check_tiny_files(d, ev, meta, GEN)


def test_tiny_minimal(tiny):
    d = tiny["tiny_min"]
    _check(d, TINY_N, minimal=True)
    assert_minimal_twin(tiny["tiny"], d, MINIMAL_COLS)


def test_tiny_csv(tiny):
    d = tiny["tiny_csv"]
    assert not (d / "events.parquet").exists() and (d / "events.csv").exists()
    raw = pd.read_csv(d / "events.csv", dtype=str, keep_default_na=False)["timestamp"]
    assert raw.str.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$").all()
    meta, ev, truth = _check(d, TINY_N)
    assert_same_events_as(tiny["tiny"], d, ev)


def test_tiny_jsonl_gz(tiny):
    g = tiny["tiny_gz"] / "events.jsonl.gz"
    raw = g.read_bytes()
    assert raw[:2] == b"\x1f\x8b" and raw[4:8] == b"\0\0\0\0"                  # gzip, no timestamp in the header
    ev = pd.read_json(g, lines=True, dtype=False, compression="gzip")
    ref = pd.read_parquet(tiny["tiny"] / "events.parquet")
    assert list(ev.columns) == EVENT_COLS and len(ev) == len(ref)
    t = pd.to_datetime(ev["timestamp"], utc=True, format="ISO8601").dt.as_unit("ms")
    assert (t.to_numpy() == ref["timestamp"].to_numpy()).all() and (ev["prompt"] == ref["prompt"]).all()
    with gzip.open(g, "rt") as fh:
        assert json.loads(fh.readline())["timestamp"].endswith("Z")


def test_tiny_same_seed_same_files(tiny):
    assert_same_files(tiny["tiny"], tiny["tiny_again"], FILES)    # generated under PYTHONHASHSEED 0 and 7


# ---------------------------------------------------------------- 2,000 accounts

@pytest.mark.parametrize("name", ["mixed", "hydra"])
def test_slow_contract(worlds, name):
    _check(worlds[name], N, minimal=name == "hydra")


def test_ring_size_bands(worlds):
    assert_draw_sizes(worlds, N, 300, 0.07)
    t = read_text_csv(worlds["hydra"] / "truth.csv")
    hy = t[t["cohort"] == "hydra_reseller"]
    assert hy["ring_id"].nunique() == 1 and len(hy) >= .05 * N              # one hydra of 5 % or more


_CACHE: dict = {}


def _mixed(worlds):
    if "mixed" not in _CACHE:
        _CACHE["mixed"] = read_world_frames(worlds["mixed"])
    return _CACHE["mixed"]


def test_cohorts_present(worlds):
    meta, t, ev, acc = _mixed(worlds)
    assert_cohorts_present(meta, t, BENIGN, RING_KINDS, 6)
    assert meta["counts"]["benign_group_accounts"] > meta["counts"]["ring_accounts"]
    assert sum(c["new"] for c in meta["cohorts"].values() if not c["ring"]) >= 6


def test_volumes(worlds):
    meta, t, ev, acc = _mixed(worlds)
    day = ev["timestamp"].dt.floor("D")
    per = ev.groupby(["account_id", day]).size().rename("n").reset_index().merge(t, on="account_id")
    ring = per[(per["is_ring"] == "true") & (per["tier"] == "starter")]
    # ring accounts work at a sizeable share of the starter plan's 1,500 a day, some quieter
    assert ring["n"].median() > 400 and (ring["n"] < 400).mean() > .1
    fs = per[per["cohort"] == "free_swarm"]
    assert fs["n"].median() > 90                                         # at the free plan's 120 a day
    benign = ev[ev["ring_id"] == ""].groupby("account_id").size()
    assert benign.median() < 60 and benign.max() > 2000                     # heavy tail: a few apps send thousands


def test_outage_burst(worlds):
    meta, t, ev, acc = _mixed(worlds)
    o1 = pd.Timestamp(meta["platform"]["outage"]["to"])
    after = ev[ev["timestamp"].between(o1, o1 + pd.Timedelta(minutes=10))]
    before = ev[ev["timestamp"].between(o1 - pd.Timedelta(minutes=120), o1 - pd.Timedelta(minutes=110))]
    assert meta["counts"]["deferred_by_outage"] > 0 and meta["counts"]["lost_in_outage"] > 0
    assert len(after) > 3 * max(1, len(before)) and after["cohort"].nunique() >= 3     # the retry surge


def test_benign_lookalikes_share_legitimately(worlds):
    w37 = _gen()
    meta, t, ev, acc = _mixed(worlds)
    at = acc.merge(t, on="account_id")
    created = pd.to_datetime(acc.set_index("account_id")["created_at"], utc=True)
    # alt text: every request one image with the nonprofit tool's fixed instruction, never an image twice; partners
    # of the hosted version share its egress; each partner its own org and invoice
    al = ev[ev["cohort"] == "alt_text"]
    msgs = al["prompt"].map(json.loads)
    assert msgs.map(lambda m: m[0]["content"][1]["type"] == "image_url").all()
    assert msgs.map(lambda m: m[0]["content"][0]["text"].startswith(w37.ALT_TEXT)).all()
    assert (al["model"] == "hx-2-vision").all() and (al["user_agent"].dropna() == w37.ALT_UA).all()
    assert al.drop_duplicates(["account_id", "prompt"])["prompt"].is_unique
    assert al.dropna(subset=["ip"]).groupby("ip")["group_id"].nunique().max() >= 2
    aa = at[at["cohort"] == "alt_text"]
    assert (aa.groupby("group_id")["payment_method"].nunique() == 1).all() and (aa["org_id"] == aa["group_id"]).all()
    assert aa.groupby("payment_method")["group_id"].nunique().max() == 1
    # follow the sun: three offices of one company, each within its own eight-hour UTC shift, one ticket stream
    fs = ev[ev["cohort"] == "follow_the_sun"]
    h0 = fs["role"].str.extract(r"shift_(\d\d)utc")[0].astype(int)
    h = fs["timestamp"].dt.hour
    assert ((h >= h0) & (h < h0 + 8)).all()
    for g, x in fs.groupby("group_id"):
        assert x["role"].nunique() == 3
        assert x.drop_duplicates(["account_id", "prompt"])["prompt"].str.extract(r"TKT-(\d{7})")[0].is_unique
        ips = x.dropna(subset=["ip"]).groupby("role")["ip"].agg(set)
        assert not (ips.iloc[0] & ips.iloc[1]) and not (ips.iloc[1] & ips.iloc[2])
    fa = at[at["cohort"] == "follow_the_sun"]
    assert (fa.groupby("group_id")["payment_method"].nunique() == 1).all()
    assert (fa.groupby("group_id")["region"].nunique() == 3).all()
    # ISP renumbering: every subscriber seen before and after the night moves to a new address within two hours
    rn = ev[ev["cohort"] == "isp_renumber"].dropna(subset=["ip"])
    moved = 0
    for g, x in rn.groupby("group_id"):
        night = pd.Timestamp(meta["platform"]["isp_renumbering"][g]["night_utc"])
        assert (x.groupby("account_id")["ip"].nunique() <= 2).all()
        pre = x[x["timestamp"] < night].groupby("account_id")["ip"].agg(set)
        post = x[x["timestamp"] >= night + pd.Timedelta(hours=2)].groupby("account_id")["ip"].agg(set)
        both = pre.index.intersection(post.index)
        for a in both:
            assert not pre[a] & post[a]
        moved += len(both)
        assert not set().union(*pre) & set().union(*post) if len(pre) and len(post) else True
    assert moved >= 5
    # user study: every participant's first twelve requests are the study script, in order, minutes after sign-up
    us = ev[ev["cohort"] == "user_study"].sort_values(["account_id", "timestamp"], kind="stable")
    us = us[us["prompt"] != us.groupby("account_id")["prompt"].shift()]               # retries left out
    first12 = us.groupby("account_id")["prompt"].apply(lambda s: list(s[:12]))
    full = first12[first12.map(len) == 12]
    assert len(full) > .8 * len(first12) and (full.map(lambda x: x == w37.STUDY)).all()
    ua = at[at["cohort"] == "user_study"]
    assert (ua["plan"] == "free").all() and (ua["payment_method"] == "").all()
    st = us.groupby("account_id")["timestamp"].min()
    assert ((st - created[st.index]) < pd.Timedelta(minutes=30)).all()
    # limit sharder: a startup's app dealt round-robin over employees' accounts (own cards, no org) on shared VMs
    ls = ev[ev["cohort"] == "limit_sharder"]
    la = at[at["cohort"] == "limit_sharder"]
    assert la["payment_method"].is_unique and (la["org_id"] == "").all()
    for g, x in ls.groupby("group_id"):
        c = x.groupby("account_id").size()
        assert len(c) >= 4 and c.max() / c.min() < 1.1
        assert x.dropna(subset=["ip"]).groupby("ip")["account_id"].nunique().min() == len(c)
    # device lab: every QA client's requests from the lab's six egress addresses, phone user agents, one fixed suite
    dl = ev[ev["cohort"] == "device_lab"]
    lab = set(meta["platform"]["device_lab_egress"])
    assert set(dl["ip"].dropna()) <= lab and len(lab) == 6
    assert dl.dropna(subset=["ip"]).groupby("ip")["group_id"].nunique().max() >= 2
    assert dl["user_agent"].dropna().str.contains(r"okhttp/|CFNetwork/").all()
    assert (dl.groupby("account_id")["prompt"].agg(lambda s: s.value_counts().min()) >= 3).all()


def test_new_ring_evasions(worlds):
    w37 = _gen()
    meta, t, ev, acc = _mixed(worlds)
    at = acc.merge(t, on="account_id")
    created = pd.to_datetime(acc.set_index("account_id")["created_at"], utc=True)
    harvest = lambda x: x.drop_duplicates(["account_id", "prompt"])                 # noqa: E731  retries left out
    # persona dressing: items inside real "act as" persona prompts, one static address per account
    pd_ = ev[ev["cohort"] == "persona_dress"]
    assert pd_["prompt"].str.startswith("I want you to act as").all()
    assert pd_["prompt"].str.contains('My first request is "', regex=False).all()
    assert (pd_.dropna(subset=["ip"]).groupby("account_id")["ip"].nunique() == 1).all()
    # chat replay: no request twice in the ring, exits shared with ordinary VPN users
    cr = ev[ev["cohort"] == "chat_replay"]
    assert harvest(cr)["prompt"].is_unique
    assert set(cr["ip"].dropna()) & set(ev.loc[ev["cohort"] == "vpn_user", "ip"].dropna())
    # human cadence: never two different requests of one account within 12 s
    hc = ev[ev["cohort"] == "human_cadence"].sort_values(["account_id", "timestamp"], kind="stable")
    hc = hc[hc["prompt"] != hc.groupby("account_id")["prompt"].shift()]
    gap = hc.groupby("account_id")["timestamp"].diff().dt.total_seconds().dropna()
    assert (gap >= 12).all() and gap.median() > 25
    # free-tier swarm: free plan, no payment, many mail providers, fresh sign-ups
    fa = at[at["cohort"] == "free_swarm"]
    assert (fa["plan"] == "free").all() and (fa["payment_method"] == "").all() and fa["email_domain"].nunique() >= 3
    assert (created[fa["account_id"]] > START - pd.Timedelta(days=1)).all()
    # relay conversations: each conversation's turns go out from different accounts, carrying the history
    rc = ev[ev["cohort"] == "relay_conversation"]
    msgs = rc["prompt"].map(json.loads)
    conv = msgs.map(lambda m: m[0]["content"])
    turns = msgs.map(len)
    assert (turns % 2 == 1).all() and (turns > 1).any()
    for rid, x in rc.assign(conv=conv, turns=turns).groupby("ring_id"):
        k = x.drop_duplicates(["account_id", "prompt"]).groupby("conv").agg(a=("account_id", "nunique"),
                                                                              n=("turns", "nunique"))
        assert (k.loc[k["n"] >= 2, "a"] >= 2).all()
    # character noise: zero-width characters or Cyrillic homoglyphs in every request
    cn = ev[ev["cohort"] == "char_noise"]
    assert cn["prompt"].str.contains("[\u200b\u200c\u2060\ufeff\u0430\u0435\u043e\u0441\u0440\u0456]").all()
    assert harvest(cn)["prompt"].is_unique
    # panel stowaways: the study script first, then harvest, from the same home address
    ps = ev[ev["cohort"] == "panel_stowaway"].sort_values(["account_id", "timestamp"], kind="stable")
    ps = ps[ps["prompt"] != ps.groupby("account_id")["prompt"].shift()]
    f12 = ps.groupby("account_id")["prompt"].apply(lambda s: list(s[:12]))
    assert (f12.map(lambda x: x == w37.STUDY[:len(x)])).all()
    assert (ps.groupby("account_id")["prompt"].size() > 12).mean() > .8
    assert (ps.dropna(subset=["ip"]).groupby("account_id")["ip"].nunique() == 1).all()
    # device-lab stowaways: the lab's egress and phone user agents, own fake companies
    ds = ev[ev["cohort"] == "device_lab_stowaway"]
    assert set(ds["ip"].dropna()) <= set(meta["platform"]["device_lab_egress"])
    assert ds["user_agent"].dropna().str.contains(r"okhttp/|CFNetwork/").all()
    da = at[at["cohort"] == "device_lab_stowaway"]
    assert da["org_id"].is_unique and da["email_domain"].is_unique


def test_hydra_draw(worlds):
    meta, t, ev, acc = read_world_frames(worlds["hydra"])
    hy = ev[ev["cohort"] == "hydra_reseller"]
    assert hy["account_id"].nunique() >= .05 * N * .9
    ips = hy.dropna(subset=["ip"])
    assert ips.groupby("account_id")["ip"].nunique().max() <= 9
    assert ips["ip"].nunique() <= 200
    # resold ordinary chat mixed with the harvest: real awesome-chatgpt prompts among its requests
    assert .08 < hy["prompt"].isin(AWESOME).mean() < .4
    assert acc.merge(t, on="account_id").query("cohort == 'hydra_reseller'")["payment_method"].nunique() > 100
