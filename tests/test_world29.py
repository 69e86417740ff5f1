"""The twenty-ninth independent world generator (benchmarks/world29.py, docs/WORLD29.md): its output contract.

Tiny part (marked slow with the rest: one 600-account, 5-day world generated twice under different PYTHONHASHSEED,
its --minimal twin and its --format csv twin): columns and types, the truth covers every account, exactly
round(share * N) ring accounts, the per-plan daily and per-minute limits are never exceeded, nothing before sign-up or
outside the window, events sorted by time, public parseable IPv4 addresses (or missing), the logging noise the
contract allows (missing optional fields, duplicated retries, accounts that never call), --minimal columns, CSV
timestamps with local offsets that name the same instants, byte-identical files for the same seed.
Slow part (2,000-account mixed and hydra worlds): size bands, cohorts and ring kinds present, the ban-wave ring's two
generations. Skipped without the shared reference data the generator reads."""
from __future__ import annotations

import ipaddress
import json
import os
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from tests._worlds import (
    assert_minimal_twin, assert_same_events_as, assert_same_files, assert_size_bands, awesome_prompts, check_cli_events,
    check_cli_truth, check_paid_tokens, check_tiny_files, local_offsets, read_cli_events, read_text_csv, ring_kinds,
    ring_sizes, run_cli_worlds,
)

ROOT = Path(__file__).resolve().parents[1]
GEN = ROOT / "benchmarks" / "world29.py"
_BESIDE = ROOT.parent / "shared" / "data"
DATA = Path(os.environ.get("GRAPHHUNT_SHARED_DATA", _BESIDE if _BESIDE.exists() else "/work/shared/data"))
FILES = ("events.parquet", "accounts.csv", "truth.csv", "world.json")
EVENT_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt", "user_agent", "output_tokens", "model",
              "api_key_id"]
MINIMAL_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt"]
ACCOUNT_COLS = ["account_id", "created_at", "payment_method", "email_domain", "country", "org_id", "plan"]
MINIMAL_ACCOUNT_COLS = ["account_id", "payment_method"]
TRUTH_COLS = ["account_id", "is_ring", "ring_id", "cohort", "group_id", "tier", "sophistication", "role", "phase"]
DAILY = {"trial": 25, "starter": 600, "pro": 3000, "scale": 15000, "enterprise": 80000}
MINUTE = {"trial": 3, "starter": 20, "pro": 60, "scale": 200, "enterprise": 800}
START = pd.Timestamp("2026-11-09T00:00:00Z")
BENIGN = {"casual_trial", "solo_builder", "household_card", "office_nat", "enterprise_seats", "carrier_cgnat",
          "campus_dorm", "vpn_privacy", "whale_app", "saas_tenants", "classroom_paste", "eval_runner",
          "synthdata_team", "tutoring_app", "translation_bureau", "ci_smoke", "agent_framework"}
ORG_COHORTS = {"enterprise_seats", "office_nat", "campus_dorm", "saas_tenants", "household_card", "tutoring_app",
               "translation_bureau", "synthdata_team", "eval_runner", "classroom_paste"}
RING_KINDS = {"card_farm", "trial_burst", "dc_rotator", "cot_harvester", "front_company", "phoenix",
              "reseller_hydra", "resi_paraphrase", "aged_resale", "capability_split", "sun_relay", "ci_camouflage",
              "trickle"}

# a benchmark generator, not graphhunt: its whole contract test runs with the slow tests (keeps the default run short)
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (DATA / "prompts" / "awesome-chatgpt-prompts.csv").exists(),
                                 reason="shared reference data not available (set GRAPHHUNT_SHARED_DATA)")]

TINY_N = 600
TINY = ["--accounts", str(TINY_N), "--seed", "5", "--ring-share", "0.05", "--ring-sizes", "small", "--days", "5"]
N = 2000
SLOW_RUNS = {
    "mixed": ["--accounts", str(N), "--seed", "8", "--ring-share", "0.2", "--ring-sizes", "mixed", "--days", "8"],
    "hydra": ["--accounts", str(N), "--seed", "9", "--ring-share", "0.25", "--ring-sizes", "hydra", "--days", "8",
              "--minimal"],
}


def _run(runs: dict[str, list[str]], base: Path) -> dict[str, Path]:
    return run_cli_worlds(GEN, DATA, runs, base)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return _run({"tiny": TINY, "tiny_again": TINY, "tiny_min": TINY + ["--minimal"],
                 "tiny_csv": TINY + ["--format", "csv"]}, tmp_path_factory.mktemp("world29_tiny"))


@pytest.fixture(scope="module")
def worlds(tmp_path_factory):
    return _run(SLOW_RUNS, tmp_path_factory.mktemp("world29"))


def _events(d: Path) -> pd.DataFrame:
    return read_cli_events(d, "Int64", ("ip", "payment_method", "user_agent"))


AGENT_PREFIXES = ("You are Wayfarer", "SYSTEM: OpenLoop")


def _check(d: Path, n: int, minimal: bool = False):
    meta, truth, acc, _ = check_cli_truth(d, n, minimal, TRUTH_COLS, ACCOUNT_COLS, MINIMAL_ACCOUNT_COLS,
                                          RING_KINDS, BENIGN, set(DAILY))
    ev = _events(d)
    assert list(ev.columns) == (MINIMAL_COLS if minimal else EVENT_COLS)
    tier = check_cli_events(ev, truth, meta, n, START, DAILY, MINUTE)
    # accounts that signed up and never called
    assert meta["counts"]["accounts_without_events"] == n - ev["account_id"].nunique() > 0
    assert meta["counts"]["requests_drawn"] == meta["counts"]["events"] + meta["counts"]["refused_requests_not_logged"]
    # payment: trial accounts none; paid accounts their account's token on every event
    check_paid_tokens(ev, acc, tier, "trial")
    # prompts and addresses (some missing: a proxy that drops the client address)
    assert ev["prompt"].notna().all() and (ev["prompt"].str.len() > 0).all()
    assert not ev["prompt"].str.contains("\x00|\x01|\x02").any()
    ours = ev.loc[~ev["prompt"].isin(awesome_prompts(DATA)) & ~ev["prompt"].str.startswith(AGENT_PREFIXES), "prompt"]
    assert len(ours) and not ours.str.contains(r"\{\{|\}\}|\{%|%\}").any()     # real prompts may hold braces
    assert ev["ip"].isna().any() and ev["ip"].notna().mean() > .9
    for ip in ev["ip"].dropna().unique():
        a = ipaddress.ip_address(ip)
        assert a.version == 4 and a.is_global and not (a.is_private or a.is_loopback or a.is_link_local
                                                       or a.is_multicast or a.is_reserved or a.is_unspecified), ip
    # duplicated retries: the same account sends the same prompt again a few seconds later
    srt = ev.sort_values(["account_id", "timestamp"], kind="stable")
    gap = srt["timestamp"].diff().dt.total_seconds()
    rep = (srt["account_id"] == srt["account_id"].shift()) & (srt["prompt"] == srt["prompt"].shift()) & gap.between(0, 9)
    assert rep.sum() > 0 and meta["counts"]["retry_duplicates_drawn"] > 0
    if not minimal:
        created = pd.to_datetime(acc.set_index("account_id")["created_at"], utc=True)
        first = ev.groupby("account_id")["timestamp"].min()
        assert (first >= created[first.index]).all()
        tok = ev["output_tokens"].dropna()
        assert ev["output_tokens"].isna().any() and (tok >= 1).all() and (tok <= 16384).all()
        assert ev["user_agent"].isna().any() and ev["user_agent"].notna().mean() > .9
        assert ev["model"].notna().all() and ev["api_key_id"].notna().all()
        assert (acc.set_index("account_id")["plan"].reindex(tier.index) == tier).all()
        keys = ev.groupby("api_key_id")["account_id"].nunique()
        assert (keys == 1).all()                                   # a key is never shared across accounts
        assert meta["counts"]["skewed_clock_accounts"] > 0
    return meta, ev, truth


# ---------------------------------------------------------------- tiny

def test_tiny_contract(tiny):
    d = tiny["tiny"]
    meta, ev, truth = _check(d, TINY_N)
    check_tiny_files(d, ev, meta, GEN)
    assert "phoenix" in {r["kind"] for r in meta["rings"]}


def test_tiny_minimal(tiny):
    d = tiny["tiny_min"]
    _check(d, TINY_N, minimal=True)
    assert_minimal_twin(tiny["tiny"], d, MINIMAL_COLS)


def test_tiny_csv(tiny):
    d = tiny["tiny_csv"]
    assert not (d / "events.parquet").exists()
    meta, ev, truth = _check(d, TINY_N)
    raw = pd.read_csv(d / "events.csv", usecols=["timestamp"], dtype=str)["timestamp"]
    offs = local_offsets(raw, 3)
    assert any(o.endswith(":30") for o in offs)                                      # India's half hour
    assert_same_events_as(tiny["tiny"], d, ev)


def test_tiny_same_seed_same_files(tiny):
    assert_same_files(tiny["tiny"], tiny["tiny_again"], FILES)    # generated under PYTHONHASHSEED 0 and 7


# ---------------------------------------------------------------- 2,000 accounts

@pytest.mark.parametrize("name", ["mixed", "hydra"])
def test_slow_contract(worlds, name):
    _check(worlds[name], N, minimal=name == "hydra")


def test_ring_size_bands(worlds):
    mixed = ring_sizes(worlds["mixed"])
    assert_size_bands(mixed, 150, .08)
    hydra = ring_sizes(worlds["hydra"])
    kinds = ring_kinds(worlds["hydra"])
    R = hydra.sum()
    assert kinds[hydra.idxmax()] == "reseller_hydra" and (kinds == "reseller_hydra").sum() == 1
    assert .70 * R <= hydra.max() <= .80 * R and hydra.max() >= 300
    assert hydra.drop(hydra.idxmax()).between(3, 15).all()


def test_cohorts_present(worlds):
    t = read_text_csv(worlds["mixed"] / "truth.csv")
    assert set(t.loc[t["is_ring"] == "false", "cohort"]) == BENIGN
    assert set(t.loc[t["is_ring"] == "true", "cohort"]) == RING_KINDS
    meta = json.loads((worlds["mixed"] / "world.json").read_text())
    assert all(c["events"] > 0 for c in meta["cohorts"].values())
    assert {"crude", "mid", "careful"} == {r["sophistication"] for r in meta["rings"]}
    # look-alikes share legitimately: CGNAT and SaaS egress addresses, the README's test prompt, the classroom's
    # worksheet, the public benchmark items span many benign accounts
    ev = pq.read_table(worlds["mixed"] / "events.parquet",
                       columns=["account_id", "timestamp", "ip", "user_agent", "prompt"]).to_pandas()
    coh = t.set_index("account_id")["cohort"]
    ev["cohort"] = coh[ev["account_id"]].to_numpy()
    for c in ("carrier_cgnat", "saas_tenants"):
        per_ip = ev[ev["cohort"] == c].groupby("ip")["account_id"].nunique()
        assert per_ip.max() >= 3, c
    for c in ("ci_smoke", "classroom_paste", "eval_runner"):
        per_prompt = ev[ev["cohort"] == c].groupby("prompt")["account_id"].nunique()
        assert per_prompt.max() >= 3, c
    # heavy tail: the largest benign organisation is many times the median one
    orgs = t[t["cohort"].isin(ORG_COHORTS)].groupby("group_id").size()
    assert orgs.max() >= 5 * orgs.median() and (orgs <= 5).sum() > len(orgs) / 3
    # the ban wave: the first generation stops at it, the second signs up after it, on other addresses
    ph = t[t["cohort"] == "phoenix"]
    for rid, g in ph.groupby("ring_id"):
        g1, g2 = set(g.loc[g["role"] == "gen1", "account_id"]), set(g.loc[g["role"] == "gen2", "account_id"])
        assert g1 and g2
        e1, e2 = ev[ev["account_id"].isin(g1)], ev[ev["account_id"].isin(g2)]
        assert len(e1) and len(e2) and e1["timestamp"].max() < e2["timestamp"].min()
        assert not set(e1["ip"].dropna()) & set(e2["ip"].dropna())
