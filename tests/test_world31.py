"""The thirty-first independent world generator (benchmarks/world31.py, docs/WORLD31.md): its output contract.

Tiny part (a 600-account, 5-day world generated twice under different PYTHONHASHSEED, its --minimal twin and its
--format csv and --format jsonl twins): columns and types, the truth covers every account, exactly
round(share * N) ring accounts, the account-takeover labelling rule, per-plan minute and day limits never exceeded,
nothing before sign-up or outside the window, time order, public parseable IPv4/IPv6 addresses (or missing), keys
never shared across accounts, logging noise (missing fields, retries, accounts that never call), local offsets in
the text formats naming the same instants, byte-identical files for the same seed.
Slow part (2,000-account mixed and hydra worlds): ring size bands, every cohort and ring kind present, the benign
look-alikes' legitimate sharing (CGNAT, SaaS egress, campus NAT, the extensions' wrapper and user agent, the MOOC's
exercises, the eval labs' identical benchmark items, document pipelines, BPO seats, multi-account developers) and
the new ring evasions' shapes (account takeover, shift weaver, dataset streamer, extension parasite, MOOC
stowaway). Skipped without the shared reference data the generator reads. graphhunt is never run or imported."""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from tests._worlds import (
    assert_cohorts_present, assert_draw_sizes, assert_full_columns, assert_minimal_twin, assert_public_addresses,
    assert_retries, assert_same_events_as, assert_same_files, check_cli_events, check_cli_truth, check_paid_tokens,
    check_tiny_files, local_offsets, read_any_events, read_world_frames, run_cli_worlds,
)

ROOT = Path(__file__).resolve().parents[1]
GEN = ROOT / "benchmarks" / "world31.py"
_BESIDE = ROOT.parent / "shared" / "data"
DATA = Path(os.environ.get("GRAPHHUNT_SHARED_DATA", _BESIDE if _BESIDE.exists() else "/work/shared/data"))
FILES = ("events.parquet", "accounts.csv", "truth.csv", "world.json")
EVENT_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt", "user_agent", "output_tokens", "api_key_id",
              "model"]
MINIMAL_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt"]
ACCOUNT_COLS = ["account_id", "created_at", "payment_method", "email_domain", "country", "org_id", "plan"]
MINIMAL_ACCOUNT_COLS = ["account_id", "payment_method"]
TRUTH_COLS = ["account_id", "is_ring", "ring_id", "cohort", "group_id", "tier", "sophistication", "role",
              "ring_request_share"]
DAILY = {"free": 50, "build": 1000, "pro": 6000, "scale": 30000, "enterprise": 150000}
MINUTE = {"free": 5, "build": 40, "pro": 120, "scale": 400, "enterprise": 1500}
MODELS = {"sk-3", "sk-3-mini", "sk-3-think", "sk-3-code", "sk-3.5"}
START = pd.Timestamp("2026-02-02T00:00:00Z")
BENIGN = {"hobbyist", "indie_dev", "household", "office_nat", "carrier_mobile", "campus", "vpn_privacy", "heavy_app",
          "saas_byok", "classroom", "eval_lab", "agent_swarm", "synth_data", "browser_extension", "doc_pipeline",
          "mooc_learner", "bpo_support", "multi_account_dev"}
RING_KINDS = {"card_pool", "trial_swarm", "cloud_hopper", "resi_proxy", "cot_siphon", "aged_bought", "hydra_reseller",
              "ato_borrower", "shift_weaver", "dataset_streamer", "extension_parasite", "mooc_stowaway"}
PAGEPILOT_UA = "PagePilot/5.3.1 (chrome-extension; +https://pagepilot.example)"

# a benchmark generator, not graphhunt: its whole contract test runs with the slow tests (keeps the default run short)
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (DATA / "prompts" / "awesome-chatgpt-prompts.csv").exists(),
                                 reason="shared reference data not available (set GRAPHHUNT_SHARED_DATA)")]

TINY_N = 600
TINY = ["--n-accounts", str(TINY_N), "--seed", "5", "--world", "small", "--ring-share", "0.05", "--days", "5"]
N = 2000
SLOW_RUNS = {
    "mixed": ["--n-accounts", str(N), "--seed", "8", "--world", "mixed", "--ring-share", "0.2", "--days", "10"],
    "hydra": ["--n-accounts", str(N), "--seed", "9", "--world", "hydra", "--days", "10", "--minimal"],
}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return run_cli_worlds(GEN, DATA, {"tiny": TINY, "tiny_again": TINY, "tiny_min": TINY + ["--minimal"],
                                      "tiny_csv": TINY + ["--format", "csv"], "tiny_jsonl": TINY + ["--format", "jsonl"]},
                          tmp_path_factory.mktemp("world31_tiny"))


@pytest.fixture(scope="module")
def worlds(tmp_path_factory):
    return run_cli_worlds(GEN, DATA, SLOW_RUNS, tmp_path_factory.mktemp("world31"))


def _check(d: Path, n: int, minimal: bool = False):
    meta, truth, acc, ring = check_cli_truth(d, n, minimal, TRUTH_COLS, ACCOUNT_COLS, MINIMAL_ACCOUNT_COLS,
                                             RING_KINDS, BENIGN, set(DAILY))
    share = pd.to_numeric(truth["ring_request_share"], errors="coerce")
    # account takeover: a taken-over account is a ring account iff most of its logged requests are the ring's
    for role, is_ring in (("ato_victim", "true"), ("ato_victim_light", "false")):
        v = truth["role"] == role
        assert (truth.loc[v, "is_ring"] == is_ring).all()
        s = share[v].dropna()
        assert ((s > .5) if is_ring == "true" else ((s > 0) & (s < .5))).all(), role
    own = (truth["is_ring"] == "true") & (truth["role"] != "ato_victim")
    assert (share[own].dropna() == 1).all()                      # ring-owned accounts: every request the ring's
    benign = (truth["is_ring"] == "false") & (truth["role"] != "ato_victim_light")
    assert (share[benign].dropna() == 0).all()
    ev = read_any_events(d)
    assert list(ev.columns) == (MINIMAL_COLS if minimal else EVENT_COLS)
    tier = check_cli_events(ev, truth, meta, n, START, DAILY, MINUTE)
    assert meta["counts"]["accounts_without_events"] == n - ev["account_id"].nunique() > 0
    assert (truth.loc[~truth["account_id"].isin(ev["account_id"]), "ring_request_share"] == "").all()
    assert (truth["role"] == "never_calls").sum() > 0
    assert meta["counts"]["requests_drawn"] == meta["counts"]["events"] + meta["counts"]["refused_requests_not_logged"]
    # payment: free accounts none; paid accounts their account's one token on every event
    pay = check_paid_tokens(ev, acc, tier, "free")
    assert pay[pay != ""].str.match(r"^(pm_[0-9a-f]{14}|ba_[0-9a-f]{10})$").all()
    # prompts and addresses (some missing: a load balancer that dropped the client address)
    assert ev["prompt"].notna().all() and (ev["prompt"].str.len() > 0).all()
    assert not ev["prompt"].str.contains(r"\{\{|\}\}|\{%|%\}").any()
    assert ev["ip"].isna().any() and ev["ip"].notna().mean() > .95
    assert_public_addresses(ev)
    # duplicated retries: the same account sends the same prompt again a few seconds later
    assert_retries(ev, meta)
    if not minimal:
        assert_full_columns(ev, acc, tier, meta, MODELS, "sk-3.5")
        assert ev.groupby("account_id")["api_key_id"].nunique().max() >= 2
        assert set(acc["country"]) <= {r["country"] for r in meta["platform"]["regions"].values()}
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


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_tiny_text_formats(tiny, fmt):
    d = tiny[f"tiny_{fmt}"]
    assert not (d / "events.parquet").exists() and (d / f"events.{fmt}").exists()
    meta, ev, truth = _check(d, TINY_N)
    raw = pd.read_json(d / "events.jsonl", lines=True, dtype=False)["timestamp"] \
        if fmt == "jsonl" else pd.read_csv(d / "events.csv", usecols=["timestamp"], dtype=str)["timestamp"]
    offs = local_offsets(raw, 3)
    assert "+05:30" in offs                                                        # India's half hour
    assert_same_events_as(tiny["tiny"], d, ev)


def test_tiny_same_seed_same_files(tiny):
    assert_same_files(tiny["tiny"], tiny["tiny_again"], FILES)    # generated under PYTHONHASHSEED 0 and 7


# ---------------------------------------------------------------- 2,000 accounts

@pytest.mark.parametrize("name", ["mixed", "hydra"])
def test_slow_contract(worlds, name):
    _check(worlds[name], N, minimal=name == "hydra")


def test_ring_size_bands(worlds):
    assert_draw_sizes(worlds, N, 400, 0.075)


def _mixed(worlds):
    return read_world_frames(worlds["mixed"])


def test_cohorts_present(worlds):
    meta, t, ev, acc = _mixed(worlds)
    assert_cohorts_present(meta, t, BENIGN, RING_KINDS, 1)


def test_benign_lookalikes_share_legitimately(worlds):
    meta, t, ev, acc = _mixed(worlds)
    # CGNAT, SaaS egress and campus NAT addresses are shared by unrelated accounts
    for c in ("carrier_mobile", "saas_byok", "campus"):
        assert ev[ev["cohort"] == c].groupby("ip")["account_id"].nunique().max() >= 3, c
    # the browser extensions: many unrelated accounts, one user agent and one wrapper prompt
    ext = ev[ev["cohort"] == "browser_extension"]
    pp = ext[ext["user_agent"] == PAGEPILOT_UA]
    assert pp["account_id"].nunique() >= 30
    assert pp["prompt"].str.startswith("You are PagePilot, a browsing assistant.").mean() > .99
    assert ext.groupby("account_id")["payment_method"].first().dropna().is_unique   # each user's own card
    # the MOOC: sign-ups in a burst before the course week, identical exercise prompts across learners
    mooc = t[t["cohort"] == "mooc_learner"]
    cr = pd.to_datetime(acc.set_index("account_id").loc[mooc["account_id"], "created_at"], utc=True)
    for g, ids in mooc.groupby("group_id")["account_id"]:
        c = cr[ids]
        assert (c.quantile(.9) - c.quantile(.1)) < pd.Timedelta(days=8), g
    mo = ev[(ev["cohort"] == "mooc_learner") & ev["prompt"].str.startswith("[Week")]
    assert mo.groupby("prompt")["account_id"].nunique().max() >= 5
    # eval labs in different organisations send the very same benchmark items
    el = ev[ev["cohort"] == "eval_lab"]
    assert (el.groupby("prompt")["group_id"].nunique() >= 2).any()
    # document pipelines and BPO seats: one invoice and shared company addresses per organisation
    for c in ("doc_pipeline", "bpo_support"):
        g = ev[ev["cohort"] == c].groupby("group_id")
        assert (g["payment_method"].nunique() == 1).all(), c
        assert (g["account_id"].nunique() >= 2).all()
        per_ip = ev[ev["cohort"] == c].groupby("ip")["account_id"].nunique()
        assert per_ip.max() >= 2, c
    bpo = ev[ev["cohort"] == "bpo_support"]
    off = bpo["account_id"].map(acc.set_index("account_id")["country"]).map({"PH": 480, "IN": 330})
    loc_h = (bpo["timestamp"] + pd.to_timedelta(off, unit="min")).dt.hour   # Manila / Bengaluru: the US day
    assert ((loc_h >= 19) | (loc_h <= 8)).mean() > .7
    dp = ev[ev["cohort"] == "doc_pipeline"]
    assert dp["prompt"].str.startswith("Extract the following fields").all()
    # a multi-account developer: one home address and one client across the person's accounts
    md = ev[(ev["cohort"] == "multi_account_dev") & (ev["role"] != "ato_victim_light")].groupby("group_id")
    assert (md["user_agent"].agg(lambda s: s.dropna().nunique()) <= 2).all()
    assert (t[t["cohort"] == "multi_account_dev"].groupby("group_id").size() >= 2).all()
    mdv = ev[(ev["cohort"] == "multi_account_dev") & (ev["role"] != "ato_victim_light")]
    act = mdv.groupby("group_id")["account_id"].nunique()
    top = mdv.groupby(["group_id", "ip"])["account_id"].nunique().groupby(level=0).max()
    assert (top[act[act >= 2].index] >= 2).all()                # the home address links the person's accounts
    # households share a card; offices an invoice or company card
    hh = acc.merge(t, on="account_id")
    hh = hh[(hh["cohort"] == "household") & (hh["payment_method"] != "")]
    assert (hh.groupby("group_id")["payment_method"].nunique() == 1).all()


def test_new_ring_evasions(worlds):
    meta, t, ev, acc = _mixed(worlds)
    # account takeover: each victim has its own card and history; the ring uses one new key per victim
    ato = ev[ev["cohort"] == "ato_borrower"]
    cards = acc.set_index("account_id").loc[ato["account_id"].unique(), "payment_method"]
    assert cards.is_unique
    created = pd.to_datetime(acc.set_index("account_id").loc[ato["account_id"].unique(), "created_at"], utc=True)
    assert (created < START).all()
    keys = ato.groupby(["account_id", "api_key_id"]).size().groupby(level=0).size()
    assert (keys >= 2).mean() > .5
    assert (t["role"] == "ato_victim_light").sum() >= 1
    # the shift weaver: distinct cards, office hours in each persona's own zone, all five models
    sw = ev[ev["cohort"] == "shift_weaver"]
    assert acc.set_index("account_id").loc[sw["account_id"].unique(), "payment_method"].is_unique
    assert sw["model"].nunique() >= 4
    # the dataset streamer: no item twice across the ring (but for retries)
    ds = ev[ev["cohort"] == "dataset_streamer"]
    for rid, g in ds.groupby("ring_id"):
        dup = g.groupby("prompt")["account_id"].nunique()
        assert (dup == 1).all(), rid
        assert g["prompt"].duplicated().mean() < .05
    # the extension parasite: the PagePilot wrapper and user agent, at many times a real user's volume
    xp = ev[ev["cohort"] == "extension_parasite"]
    assert (xp["user_agent"].dropna() == PAGEPILOT_UA).all()
    assert xp["prompt"].str.startswith("You are PagePilot").all()
    real = ev[(ev["cohort"] == "browser_extension") & (ev["user_agent"] == PAGEPILOT_UA)]
    assert xp.groupby("account_id").size().median() > 4 * real.groupby("account_id").size().median()
    # the MOOC stowaway: signed up in the learners' burst, first requests the course's own exercises
    st = ev[ev["cohort"] == "mooc_stowaway"]
    firsts = st.sort_values("timestamp").groupby("account_id")["prompt"].first()
    assert firsts.str.startswith("[Week").mean() > .8
    assert set(st.loc[st["prompt"].str.startswith("[Week"), "prompt"]) <= \
        set(ev.loc[ev["cohort"] == "mooc_learner", "prompt"])
