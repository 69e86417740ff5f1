"""The thirty-third independent world generator (benchmarks/world33.py, docs/WORLD33.md): its output contract.

Tiny part (a 600-account, 5-day small-ring world generated twice under different PYTHONHASHSEED, its --minimal twin,
its --format jsonl and --format jsonl.gz twins): columns and types, the truth covers every account, exactly
round(share * N) ring accounts, per-plan minute and day limits never exceeded, nothing before sign-up or outside the
window, time order, public parseable IPv4/IPv6 addresses (or missing), keys never shared across accounts, logging
noise (missing fields, retries, accounts that never call), local offsets (summer time ending mid-window) in the text
formats naming the same instants, byte-identical files for the same seed.
Slow part (2,000-account mixed and hydra worlds, 7 days): ring size bands, every cohort and ring kind present, the
benign look-alikes' legitimate sharing (households, CGNAT, campuses, support-bot vendors, a course deadline, red-team
contractors, school content filters, a newsroom desk, a prompt library, an open-source app) and the new ring evasions'
shapes (open-source app mimicry, compromised small businesses, per-account paraphrase, one fingerprint across
countries and processors, median throttling, hourly IPv6 /64 hopping). Skipped without the shared reference data.
graphhunt is never run or imported."""
from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests._worlds import (
    assert_cohorts_present, assert_draw_sizes, assert_full_columns, assert_minimal_twin, assert_public_addresses,
    assert_retries, assert_same_events_as, assert_same_files, check_cli_events, check_cli_truth, check_paid_tokens,
    check_tiny_files, local_offsets, read_any_events, read_world_frames, run_cli_worlds, sha256_of,
)

ROOT = Path(__file__).resolve().parents[1]
GEN = ROOT / "benchmarks" / "world33.py"
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
DAILY = {"free": 50, "basic": 1000, "pro": 6000, "scale": 30000, "enterprise": 150000}
MINUTE = {"free": 5, "basic": 20, "pro": 120, "scale": 400, "enterprise": 1500}
MODELS = {"osp-3", "osp-3-mini", "osp-3-think", "osp-3-code", "osp-3.5"}
START = pd.Timestamp("2026-10-05T00:00:00Z")
BENIGN = {"hobbyist", "indie_dev", "vpn_privacy", "household", "office_nat", "carrier_mobile", "campus", "heavy_app",
          "saas_byok", "eval_lab", "support_bot_vendor", "course_deadline", "redteam_contractor", "school_filter_tutor",
          "newsroom_factcheck", "prompt_library", "oss_app_user"}
RING_KINDS = {"card_pool", "trial_swarm", "cloud_hopper", "resi_proxy", "cot_siphon", "hydra_reseller", "oss_mimic",
              "compromised_smb", "paraphrase_spread", "fingerprint_header", "median_mimic", "ipv6_hopper"}
QUILL_OLD = "Quillmate/1.14.2 (Electron 37.2.0; Windows 10.0.26100)"
FP_UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.183 "
         "Safari/537.36 OPR/112.0.0.0 (Edition Yx 05)")

# a benchmark generator, not graphhunt: its whole contract test runs with the slow tests
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (DATA / "prompts" / "awesome-chatgpt-prompts.csv").exists(),
                                 reason="shared reference data not available (set GRAPHHUNT_SHARED_DATA)")]

TINY_N = 600
TINY = ["--n-accounts", str(TINY_N), "--seed", "5", "--world", "small", "--ring-share", "0.05", "--days", "5"]
N = 2000
SLOW_RUNS = {
    "mixed": ["--n-accounts", str(N), "--seed", "8", "--world", "mixed", "--ring-share", "0.2", "--days", "7"],
    "hydra": ["--n-accounts", str(N), "--seed", "9", "--world", "hydra", "--days", "7", "--minimal"],
}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return run_cli_worlds(GEN, DATA, {"tiny": TINY, "tiny_again": TINY, "tiny_min": TINY + ["--minimal"],
                                      "tiny_jsonl": TINY + ["--format", "jsonl"],
                                      "tiny_gz": TINY + ["--format", "jsonl.gz"]},
                          tmp_path_factory.mktemp("world33_tiny"))


@pytest.fixture(scope="module")
def worlds(tmp_path_factory):
    return run_cli_worlds(GEN, DATA, SLOW_RUNS, tmp_path_factory.mktemp("world33"))


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
    assert meta["counts"]["requests_drawn"] == meta["counts"]["events"] + meta["counts"]["refused_requests_not_logged"]
    pay = check_paid_tokens(ev, acc, tier, "free")
    assert pay[pay != ""].str.match(r"^(pm_[0-9a-f]{14}|ba_[0-9a-f]{10}|(pp|ad|gp)_[0-9a-f]{12})$").all()
    assert ev["prompt"].notna().all() and (ev["prompt"].str.len() > 0).all()
    assert not ev["prompt"].str.contains(r"\{\{|\}\}|\{%|%\}").any()
    assert ev["ip"].isna().any() and ev["ip"].notna().mean() > .9
    assert meta["counts"]["missing_ip_events"] == ev["ip"].isna().sum()
    assert_public_addresses(ev)
    # retries: the same account sends the same prompt again a few seconds later
    assert_retries(ev, meta)
    if not minimal:
        assert_full_columns(ev, acc, tier, meta, MODELS, "osp-3.5")
        countries = {c for r in meta["platform"]["regions"].values() for c in r["countries"]}
        assert set(acc["country"]) <= countries
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


def test_tiny_jsonl(tiny):
    d = tiny["tiny_jsonl"]
    assert not (d / "events.parquet").exists() and (d / "events.jsonl").exists()
    meta, ev, truth = _check(d, TINY_N)
    raw = pd.read_json(d / "events.jsonl", lines=True, dtype=False)["timestamp"]
    offs = local_offsets(raw, 3)
    assert {"+05:30", "-07:00", "+11:00"} <= offs
    assert_same_events_as(tiny["tiny"], d, ev)


def test_tiny_jsonl_gz_is_the_jsonl_file(tiny):
    import gzip

    g = tiny["tiny_gz"] / "events.jsonl.gz"
    raw = g.read_bytes()
    assert raw[:2] == b"\x1f\x8b" and raw[4:8] == b"\0\0\0\0"                  # gzip, no timestamp in the header
    assert gzip.decompress(raw) == (tiny["tiny_jsonl"] / "events.jsonl").read_bytes()
    assert sha256_of(tiny["tiny_gz"] / "truth.csv") == sha256_of(tiny["tiny"] / "truth.csv")


def test_tiny_same_seed_same_files(tiny):
    assert_same_files(tiny["tiny"], tiny["tiny_again"], FILES)    # generated under PYTHONHASHSEED 0 and 7


def test_summer_time_ends_mid_window(tmp_path):
    """Events after 25 October (EU summer time ends) are written +01:00 by the EU edge, before it +02:00."""
    d = run_cli_worlds(GEN, DATA, {"dst": ["--n-accounts", "400", "--seed", "3", "--world", "small", "--days", "24",
                                           "--ring-share", "0.05", "--format", "jsonl"]}, tmp_path)["dst"]
    ev = pd.read_json(d / "events.jsonl", lines=True, dtype=False)
    t = read_any_events(d)["timestamp"]
    eu = ev["timestamp"].str.endswith(("+02:00", "+01:00"))
    truth = pd.read_csv(d / "truth.csv", keep_default_na=False).set_index("account_id")
    eu &= ev["account_id"].map(truth["region"]).eq("eu_central")
    before = t < pd.Timestamp("2026-10-25T01:00:00Z")
    assert ev.loc[eu & before, "timestamp"].str.endswith("+02:00").all()
    assert ev.loc[eu & ~before, "timestamp"].str.endswith("+01:00").all()
    assert (eu & before).sum() > 0 and (eu & ~before).sum() > 0


# ---------------------------------------------------------------- 2,000 accounts

@pytest.mark.parametrize("name", ["mixed", "hydra"])
def test_slow_contract(worlds, name):
    _check(worlds[name], N, minimal=name == "hydra")


def test_ring_size_bands(worlds):
    assert_draw_sizes(worlds, N, 300, 0.075)


def _mixed(worlds):
    return read_world_frames(worlds["mixed"])


def test_cohorts_present(worlds):
    meta, t, ev, acc = _mixed(worlds)
    assert_cohorts_present(meta, t, BENIGN, RING_KINDS, 6, marks=("*new*",))
    assert meta["counts"]["benign_group_accounts"] > meta["counts"]["ring_accounts"]


def test_benign_lookalikes_share_legitimately(worlds):
    meta, t, ev, acc = _mixed(worlds)
    a = acc.set_index("account_id")
    # CGNAT and campus NAT addresses are shared by unrelated accounts
    for c in ("carrier_mobile", "campus"):
        assert ev[ev["cohort"] == c].groupby("ip")["account_id"].nunique().max() >= 3, c
    # households share a card and a home connection
    hh = acc.merge(t, on="account_id")
    hh = hh[hh["cohort"] == "household"]
    assert (hh.groupby("group_id")["payment_method"].nunique() == 1).all()
    # support-bot vendors: hundreds of small businesses (own cards, own organisations) behind the vendor's egress,
    # all inside the vendor's one wrapper prompt
    sb = ev[ev["cohort"] == "support_bot_vendor"]
    assert sb["prompt"].str.contains(r"\[[a-z0-9]+:wrap v7\]").all()
    g = sb.groupby("group_id")
    assert g["account_id"].nunique().max() >= 30 and (g["user_agent"].nunique() <= 2).all()
    ids = sb["account_id"].unique()
    assert a.loc[ids, "payment_method"].is_unique and a.loc[ids, "org_id"].is_unique
    assert sb.groupby("ip")["account_id"].nunique().max() >= 10
    # a course: the same assignment text from many students, sharply before the deadline
    cd = ev[ev["cohort"] == "course_deadline"]
    probs = cd["prompt"].str.extract(r"^(.* - Problem Set \d+, Question \d+:)")[0].dropna()
    assert cd.assign(p=probs).dropna(subset=["p"]).groupby("p")["account_id"].nunique().max() >= 10
    # red-team contractors: many client organisations' accounts, the contractor's few addresses and one harness
    rt = ev[ev["cohort"] == "redteam_contractor"]
    for _, x in rt.groupby("group_id"):
        assert x["ip"].dropna().nunique() <= 5 and a.loc[x["account_id"].unique(), "org_id"].nunique() >= 2
    assert rt["prompt"].str.match(r"^\[RT-[A-Z0-9]+-\d+\] Probe: ").all()
    # school districts: all schools' tutor requests through the district's content filter, school hours
    sc = ev[ev["cohort"] == "school_filter_tutor"]
    assert (sc.groupby("group_id")["ip"].nunique() <= 3).all()
    assert sc.groupby("ip")["account_id"].nunique().min() >= 5
    # a newsroom desk: one claim-check template with step-by-step reasoning, one invoice
    nw = ev[ev["cohort"] == "newsroom_factcheck"]
    assert nw["prompt"].str.startswith("FACT-CHECK DESK. Claim:").all()
    assert (nw.groupby("group_id")["payment_method"].nunique() == 1).all()
    # the prompt library: unrelated users paste the same popular prompts
    pl = ev[ev["cohort"] == "prompt_library"]
    assert pl.groupby("prompt")["account_id"].nunique().max() >= 10
    assert a.loc[pl["account_id"].unique(), "payment_method"].replace("", np.nan).dropna().is_unique
    # the open-source desktop app: one system prompt and user agent family across many users, an update mid-window
    oss = ev[ev["cohort"] == "oss_app_user"]
    assert oss["prompt"].str.startswith("You are Quillmate, a helpful desktop assistant.").all()
    assert oss["user_agent"].dropna().str.startswith("Quillmate/1.1").all()
    assert {"Quillmate/1.14.2", "Quillmate/1.15.0"} <= set(oss["user_agent"].dropna().str[:16])


def test_new_ring_evasions(worlds):
    meta, t, ev, acc = _mixed(worlds)
    a = acc.set_index("account_id")
    created = pd.to_datetime(a["created_at"], utc=True)
    # open-source app mimicry: the app's exact system prompt and (old) user agent, as thousands of real users send
    om = ev[ev["cohort"] == "oss_mimic"]
    users = ev[ev["cohort"] == "oss_app_user"]
    assert om["prompt"].str.startswith("You are Quillmate, a helpful desktop assistant.").all()
    assert set(om["user_agent"].dropna()) == {QUILL_OLD} and (users["user_agent"] == QUILL_OLD).sum() > 0
    # compromised small businesses: old accounts with their owners' daytime traffic and a second key for harvest
    cs = ev[ev["cohort"] == "compromised_smb"]
    assert (created[cs["account_id"].unique()] < pd.Timestamp("2026-05-01", tz="UTC")).all()
    keys = cs.groupby("account_id")["api_key_id"].nunique()
    assert (keys >= 2).mean() > .7
    assert cs["prompt"].str.contains(r"support macros\] ").any()
    # paraphrase spread: the same ring's accounts share no instruction wording (no two accounts the same prompt)
    ps = ev[ev["cohort"] == "paraphrase_spread"]
    assert ps.groupby("prompt")["account_id"].nunique().max() == 1
    lead = ps.groupby("account_id")["prompt"].agg(lambda s: s.str[:12].mode().iloc[0])
    assert lead.nunique() >= 3
    # one fingerprint-like header, but countries and payment processors spread out
    fp = ev[ev["cohort"] == "fingerprint_header"]
    assert set(fp["user_agent"].dropna()) == {FP_UA}
    assert (ev.loc[ev["cohort"] != "fingerprint_header", "user_agent"] != FP_UA).all()
    for rid, x in fp.groupby("ring_id"):
        ids = x["account_id"].unique()
        if len(ids) >= 8:
            assert a.loc[ids, "country"].nunique() >= 5 and a.loc[ids, "payment_method"].str[:3].nunique() >= 3, rid
    # median throttling: per active day about what the median benign hobbyist sends
    def per_day(c):
        x = ev[ev["cohort"] == c]
        return x.groupby(["account_id", x["timestamp"].dt.floor("D")]).size().median()
    assert per_day("median_mimic") <= 2 * per_day("hobbyist") + 2
    # hourly IPv6 /64 hopping: a new /64 nearly every active hour, all inside one /40 per ring
    v6 = ev[(ev["cohort"] == "ipv6_hopper") & ev["ip"].notna()]
    exploded = v6["ip"].map(lambda s: ipaddress.ip_address(s).exploded)
    p64 = exploded.str[:19]
    hours = v6.groupby("account_id")["timestamp"].agg(lambda s: s.dt.floor("h").nunique())
    assert (v6.assign(p=p64).groupby("account_id")["p"].nunique() >= .9 * hours).all()
    assert (v6.assign(p=exploded.str[:12]).groupby("ring_id")["p"].nunique() == 1).all()    # the /40
