"""The thirty-second independent world generator (benchmarks/world32.py, docs/WORLD32.md): its output contract.

Tiny part (a 600-account, 5-day world generated twice under different PYTHONHASHSEED, its --minimal twin and its
--format csv and --format jsonl twins): columns and types, the truth covers every account, exactly
round(share * N) ring accounts, per-plan minute and day limits never exceeded, nothing before sign-up or outside the
window, time order, public parseable IPv4/IPv6 addresses (or missing), keys never shared across accounts, logging
noise (missing fields, retries, accounts that never call, batch requests without a client address), local offsets in
the text formats naming the same instants, byte-identical files for the same seed.
Slow part (2,000-account mixed and hydra worlds, 7 days): ring size bands, every cohort and ring kind present, the
benign look-alikes' legitimate sharing (CGNAT, campus NAT, households, the annotation vendors' invoice and rubric,
the leaderboard's runners and items, the IDE plugin, translation agencies, game studios' batch jobs, HPC egress, the
agent platform) and the new ring evasions' shapes (batch API, slow drip, agent-platform laundering, user-agent
rotation, staggered go-live, HPC stowaways). Skipped without the shared reference data the generator reads.
graphhunt is never run or imported."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests._worlds import (
    assert_cohorts_present, assert_draw_sizes, assert_full_columns, assert_minimal_twin, assert_public_addresses,
    assert_retries, assert_same_events_as, assert_same_files, check_cli_events, check_cli_truth, check_paid_tokens,
    check_tiny_files, local_offsets, read_any_events, read_world_frames, run_cli_worlds,
)

ROOT = Path(__file__).resolve().parents[1]
GEN = ROOT / "benchmarks" / "world32.py"
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
DAILY = {"trial": 40, "starter": 800, "team": 5000, "growth": 25000, "enterprise": 120000}
MINUTE = {"trial": 4, "starter": 30, "team": 100, "growth": 300, "enterprise": 1200}
MODELS = {"tn-4", "tn-4-mini", "tn-4-reason", "tn-4-coder", "tn-4.1"}
START = pd.Timestamp("2026-05-04T00:00:00Z")
BENIGN = {"hobbyist", "indie_dev", "household", "office_nat", "carrier_mobile", "campus", "vpn_privacy", "heavy_app",
          "saas_byok", "classroom", "eval_lab", "annotation_vendor", "leaderboard_submitter", "ide_plugin",
          "translation_agency", "npc_studio", "hpc_researcher", "agent_platform_tenant"}
RING_KINDS = {"card_pool", "trial_swarm", "cloud_hopper", "resi_proxy", "cot_siphon", "hydra_reseller",
              "batch_harvester", "slow_drip", "agent_launderer", "ua_rotator", "staggered_sleeper", "hpc_stowaway"}
BATCH_UA = "tern-batch-executor/2026.05"
RELAY_UA = "Relaywork-Agents/2.4.1 (+https://relaywork.example/bot)"
BENCH_UA = "openrung-runner/1.6 (lm-eval-harness 0.4.8; +https://openrung.example)"

# a benchmark generator, not graphhunt: its whole contract test runs with the slow tests (keeps the default run short)
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
                                      "tiny_csv": TINY + ["--format", "csv"], "tiny_jsonl": TINY + ["--format", "jsonl"]},
                          tmp_path_factory.mktemp("world32_tiny"))


@pytest.fixture(scope="module")
def worlds(tmp_path_factory):
    return run_cli_worlds(GEN, DATA, SLOW_RUNS, tmp_path_factory.mktemp("world32"))


def _check(d: Path, n: int, minimal: bool = False):
    meta, truth, acc, ring = check_cli_truth(d, n, minimal, TRUTH_COLS, ACCOUNT_COLS, MINIMAL_ACCOUNT_COLS,
                                             RING_KINDS, BENIGN, set(DAILY))
    ev = read_any_events(d)
    assert list(ev.columns) == (MINIMAL_COLS if minimal else EVENT_COLS)
    tier = check_cli_events(ev, truth, meta, n, START, DAILY, MINUTE)
    # truth's per-account event count is the log's
    per = ev.groupby("account_id").size()
    assert (truth.set_index("account_id")["events"].astype(int) == per.reindex(truth["account_id"]).fillna(0)
            .astype(int).to_numpy()).all()
    assert meta["counts"]["accounts_without_events"] == n - ev["account_id"].nunique() > 0
    nc = truth["role"] == "never_calls"
    assert nc.sum() > 0 and not ev["account_id"].isin(truth.loc[nc, "account_id"]).any()
    assert meta["counts"]["requests_drawn"] == meta["counts"]["events"] + meta["counts"]["refused_requests_not_logged"]
    # payment: trial accounts none; paid accounts their account's one token on every event
    pay = check_paid_tokens(ev, acc, tier, "trial")
    assert pay[pay != ""].str.match(r"^(pm_[0-9a-f]{14}|ba_[0-9a-f]{10})$").all()
    # prompts and addresses (some missing: batch requests, a load-balancer outage, dropped fields)
    assert ev["prompt"].notna().all() and (ev["prompt"].str.len() > 0).all()
    assert not ev["prompt"].str.contains(r"\{\{|\}\}|\{%|%\}|⟦").any()
    assert ev["ip"].isna().any() and ev["ip"].notna().mean() > .7
    assert meta["counts"]["batch_events"] > 0 and meta["counts"]["missing_ip_events"] == ev["ip"].isna().sum()
    assert_public_addresses(ev)
    # duplicated retries: the same account sends the same prompt again a few seconds later
    assert_retries(ev, meta)
    if not minimal:
        assert_full_columns(ev, acc, tier, meta, MODELS, "tn-4.1")
        assert ev.groupby("account_id")["api_key_id"].nunique().max() >= 2
        assert set(acc["country"]) <= {r["country"] for r in meta["platform"]["regions"].values()}
        # batch requests: the platform's executor, never a client address
        b = ev["user_agent"] == BATCH_UA
        assert b.any() and ev.loc[b, "ip"].isna().all()
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
    assert "+05:30" in offs and "-07:00" in offs                                  # India, US Pacific (summer)
    assert_same_events_as(tiny["tiny"], d, ev)


def test_tiny_same_seed_same_files(tiny):
    assert_same_files(tiny["tiny"], tiny["tiny_again"], FILES)    # generated under PYTHONHASHSEED 0 and 7


# ---------------------------------------------------------------- 2,000 accounts

@pytest.mark.parametrize("name", ["mixed", "hydra"])
def test_slow_contract(worlds, name):
    _check(worlds[name], N, minimal=name == "hydra")


def test_ring_size_bands(worlds):
    assert_draw_sizes(worlds, N, 300, 0.06)


def _mixed(worlds):
    return read_world_frames(worlds["mixed"])


def test_cohorts_present(worlds):
    meta, t, ev, acc = _mixed(worlds)
    assert_cohorts_present(meta, t, BENIGN, RING_KINDS, 6)
    assert meta["counts"]["benign_group_accounts"] > meta["counts"]["ring_accounts"]


def test_benign_lookalikes_share_legitimately(worlds):
    meta, t, ev, acc = _mixed(worlds)
    a = acc.set_index("account_id")
    # CGNAT and campus NAT addresses are shared by unrelated accounts
    for c in ("carrier_mobile", "campus"):
        assert ev[ev["cohort"] == c].groupby("ip")["account_id"].nunique().max() >= 3, c
    # households share a card
    hh = acc.merge(t, on="account_id")
    hh = hh[(hh["cohort"] == "household") & (hh["payment_method"] != "")]
    assert (hh.groupby("group_id")["payment_method"].nunique() == 1).all()
    # annotation vendors: one invoice and one rubric wrapper per vendor, many seats behind its office addresses
    av = ev[ev["cohort"] == "annotation_vendor"]
    g = av.groupby("group_id")
    assert (g["payment_method"].nunique() == 1).all() and g["account_id"].nunique().max() >= 10
    assert av["prompt"].str.match(r"^\[LBL-[0-9A-F]{4}\] Rubric v3\.\d").all()
    assert (av.assign(code=av["prompt"].str[:9]).groupby("group_id")["code"].nunique() == 1).all()
    assert av.groupby("ip")["account_id"].nunique().max() >= 5
    # the leaderboard: unrelated submitters' keys, the same benchmark items, a handful of runner addresses
    lb = ev[(ev["cohort"] == "leaderboard_submitter") & (ev["user_agent"] == BENCH_UA)]
    assert lb["account_id"].nunique() >= 10
    assert lb["ip"].value_counts().iloc[:6].sum() > .95 * lb["ip"].notna().sum()   # (but for the CDN incident)
    assert lb.groupby("prompt")["account_id"].nunique().min() >= 5
    assert a.loc[lb["account_id"].unique(), "payment_method"].is_unique
    # the IDE plugin: one user agent family and system prompt across many organisations
    ide = ev[ev["cohort"] == "ide_plugin"]
    assert ide["user_agent"].dropna().str.startswith("CodeWeft/3.").all()
    assert ide["prompt"].str.startswith("You are CodeWeft, a coding assistant").all()
    assert a.loc[ide["account_id"].unique(), "org_id"].replace("", np.nan).dropna().nunique() >= 10
    assert {"CodeWeft/3.8", "CodeWeft/3.9"} <= set(ide["user_agent"].dropna().str[:12])     # the plugin's update
    # translation agencies: one glossary per agency, in-house translators on the agency invoice
    tr = ev[ev["cohort"] == "translation_agency"]
    assert (tr.assign(gl=tr["prompt"].str.extract(r"(GL-[0-9A-F]{4})")[0]).groupby("group_id")["gl"].nunique() == 1).all()
    assert (tr.groupby("group_id")["payment_method"].agg(lambda s: s.str.startswith("ba_").sum()) > 0).any()
    # game studios: nightly batch jobs from the platform's executor, no client address, one persona template
    npc = ev[(ev["cohort"] == "npc_studio") & (ev["user_agent"] == BATCH_UA)]
    assert len(npc) > 1000 and npc["ip"].isna().all()
    assert npc["prompt"].str.contains("Stay in character").all()
    # HPC researchers: unrelated labs behind one cluster's egress, templated bulk prompts
    hpc = ev[(ev["cohort"] == "hpc_researcher") & ev["ip"].notna()]
    assert hpc.groupby("ip")["group_id"].nunique().max() >= 2
    # the agent platform: many tenants (own cards) from its few egress addresses with its user agent
    ag = ev[(ev["cohort"] == "agent_platform_tenant") & (ev["user_agent"] == RELAY_UA)]
    top = ag["ip"].value_counts().iloc[:8]
    assert top.sum() > .95 * ag["ip"].notna().sum()                                 # (but for the CDN incident)
    assert ag[ag["ip"].isin(top.index)].groupby("ip")["account_id"].nunique().min() >= 10
    assert a.loc[ag["account_id"].unique(), "payment_method"].is_unique


def test_new_ring_evasions(worlds):
    meta, t, ev, acc = _mixed(worlds)
    a = acc.set_index("account_id")
    created = pd.to_datetime(a["created_at"], utc=True)
    # batch API: nearly every request through the batch executor, no client address; own card per account
    bh = ev[ev["cohort"] == "batch_harvester"]
    assert (bh["user_agent"] == BATCH_UA).mean() > .8 and bh.loc[bh["user_agent"] == BATCH_UA, "ip"].isna().all()
    assert a.loc[bh["account_id"].unique(), "payment_method"].is_unique
    # slow drip: a few requests a day per account, one (or two) addresses per account, aged accounts
    sd = ev[ev["cohort"] == "slow_drip"]
    per_day = sd.groupby(["account_id", sd["timestamp"].dt.floor("D")]).size()
    assert per_day.median() <= 8
    top = sd.groupby("account_id")["ip"].agg(lambda s: s.value_counts().iloc[0] / len(s) if s.notna().any() else 1)
    assert top.median() > .9
    assert (created[sd["account_id"].unique()] < START - pd.Timedelta(days=80)).all()
    # agent-platform launderers: the platform's egress addresses and user agent, inside its wrapper
    al = ev[ev["cohort"] == "agent_launderer"]
    tenants = ev[(ev["cohort"] == "agent_platform_tenant") & (ev["user_agent"] == RELAY_UA)]
    assert set(al["ip"].dropna()) <= set(tenants["ip"]) and (al["user_agent"].dropna() == RELAY_UA).all()
    assert al["prompt"].str.startswith("[Relaywork agent run]").all()
    # user-agent rotation: most requests carry a user agent the account has not used before
    ur = ev[ev["cohort"] == "ua_rotator"]
    assert (ur.groupby("account_id")["user_agent"].nunique() / ur.groupby("account_id").size()).median() > .3
    # staggered go-live: sign-ups in at most two bursts, first requests spread over the window, short lives
    for rid, g in ev[ev["cohort"] == "staggered_sleeper"].groupby("ring_id"):
        ids = g["account_id"].unique()
        assert created[ids].dt.floor("D").nunique() <= 2
        if len(ids) >= 5:
            assert g.groupby("account_id")["timestamp"].min().dt.floor("D").nunique() >= 3, rid
        assert (g.groupby("account_id")["timestamp"].agg(lambda s: s.dt.floor("D").nunique()) <= 6).all()
    # HPC stowaways: the cluster's egress addresses shared with real research labs, the university's mail domain
    hs = ev[ev["cohort"] == "hpc_stowaway"]
    labs = set(ev.loc[ev["cohort"] == "hpc_researcher", "ip"].dropna())
    assert hs["ip"].dropna().isin(labs).mean() > .7
    assert set(a.loc[hs["account_id"].unique(), "email_domain"]) <= {"wisc.edu", "lrz.de", "ucsd.edu"}
