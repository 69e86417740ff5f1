"""The twenty-eighth independent world generator (benchmarks/world28.py, docs/WORLD28.md): its output contract.

Tiny part (marked slow with the rest: one 600-account, 5-day world generated twice under different PYTHONHASHSEED,
its --minimal twin and its --format csv twin): columns and types, the truth covers every account, exactly
round(share * N) ring accounts, the per-plan daily and per-minute limits are never exceeded, nothing before sign-up or
outside the window, events sorted by time, public parseable IPv4 addresses inside the reference lists' space,
--minimal columns, CSV timestamps with local offsets that name the same instants, byte-identical files for the same
seed.
Slow part (2,000-account mixed and hydra worlds): size bands, cohorts and ring kinds present.
Skipped without the shared reference data the generator reads."""
from __future__ import annotations

import ipaddress
import json
import os
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from tests._worlds import (
    assert_minimal_twin, assert_same_files, assert_size_bands, awesome_prompts, check_cli_events, check_cli_truth,
    check_tiny_files, local_offsets, read_cli_events, read_text_csv, ring_kinds, ring_sizes, run_cli_worlds, sha256_of,
)

ROOT = Path(__file__).resolve().parents[1]
GEN = ROOT / "benchmarks" / "world28.py"
_BESIDE = ROOT.parent / "shared" / "data"
DATA = Path(os.environ.get("GRAPHHUNT_SHARED_DATA", _BESIDE if _BESIDE.exists() else "/work/shared/data"))
FILES = ("events.parquet", "accounts.csv", "truth.csv", "world.json")
EVENT_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt", "user_agent", "output_tokens", "model",
              "api_key_id"]
MINIMAL_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt"]
ACCOUNT_COLS = ["account_id", "created_at", "payment_method", "email_domain", "country", "org_id", "plan",
                "card_funding", "card_country", "phone_verified", "referral_code"]
MINIMAL_ACCOUNT_COLS = ["account_id", "payment_method"]
TRUTH_COLS = ["account_id", "is_ring", "ring_id", "cohort", "group_id", "tier", "sophistication", "role"]
DAILY = {"free": 40, "dev": 800, "team": 4000, "business": 25000}
MINUTE = {"free": 4, "dev": 30, "team": 90, "business": 300}
START = pd.Timestamp("2026-11-02T00:00:00Z")
BENIGN = {"indie_dev", "casual_free", "proxyware_home", "phone_carrier", "family_card", "corp_egress", "seat_bundle",
          "dorm_network", "lecture_paste", "vpn_privacy", "mega_app", "saas_gateway", "eval_harness",
          "synth_data_team", "tutor_app", "hackathon_weekend", "extension_byok", "paraphrase_study"}
RING_KINDS = {"prepaid_swarm", "tor_scrapers", "cloud_rotator", "cot_miner", "gateway_hydra", "eval_cosplay",
              "quiet_drip", "shell_startup", "skill_splitter", "bought_veterans", "saas_stowaway", "baton_relay",
              "extension_mimic"}

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
                 "tiny_csv": TINY + ["--format", "csv"]}, tmp_path_factory.mktemp("world28_tiny"))


@pytest.fixture(scope="module")
def worlds(tmp_path_factory):
    return _run(SLOW_RUNS, tmp_path_factory.mktemp("world28"))


def _events(d: Path) -> pd.DataFrame:
    return read_cli_events(d, "int64")


def _check(d: Path, n: int, minimal: bool = False):
    meta, truth, acc, _ = check_cli_truth(d, n, minimal, TRUTH_COLS, ACCOUNT_COLS, MINIMAL_ACCOUNT_COLS,
                                          RING_KINDS, BENIGN, set(DAILY))
    ev = _events(d)
    assert list(ev.columns) == (MINIMAL_COLS if minimal else EVENT_COLS)
    tier = check_cli_events(ev, truth, meta, n, START, DAILY, MINUTE)
    # payment: free accounts none; paid accounts their account's token (bought accounts: a second one after takeover)
    pay = acc.set_index("account_id")["payment_method"]
    cohort = truth.set_index("account_id")["cohort"]
    evp = ev.groupby("account_id")["payment_method"].agg(["count", "nunique", "first"])
    free = tier[tier == "free"].index
    assert (pay[free] == "").all() and (evp.loc[evp.index.isin(free), "count"] == 0).all()
    paid = evp[~evp.index.isin(free)]
    bought = cohort[paid.index] == "bought_veterans"
    assert (paid.loc[~bought, "nunique"] == 1).all() and (paid.loc[bought, "nunique"] <= 2).all()
    assert (paid.loc[~bought, "first"] == pay[paid.index[~bought]]).all()
    assert (pay[tier[tier != "free"].index] != "").all()
    # prompts and addresses
    assert ev["prompt"].notna().all() and (ev["prompt"].str.len() > 0).all()
    assert not ev["prompt"].str.contains("\x00").any()
    ours = ev.loc[~ev["prompt"].isin(awesome_prompts(DATA)), "prompt"]       # real prompts may hold braces; rendering may not
    assert len(ours) and not ours.str.contains(r"\{\{|\}\}|\{%|%\}").any()
    assert ev["ip"].notna().all()
    for ip in ev["ip"].unique():
        a = ipaddress.ip_address(ip)
        assert a.version == 4 and a.is_global and not (a.is_private or a.is_loopback or a.is_link_local
                                                       or a.is_multicast or a.is_reserved or a.is_unspecified), ip
    if not minimal:
        created = pd.to_datetime(acc.set_index("account_id")["created_at"], utc=True)
        first = ev.groupby("account_id")["timestamp"].min()
        assert (first >= created[first.index]).all()
        assert (ev["output_tokens"] >= 1).all() and (ev["output_tokens"] <= 16384).all()
        assert ev["user_agent"].notna().all() and ev["model"].notna().all() and ev["api_key_id"].notna().all()
        assert (acc.set_index("account_id")["plan"].reindex(tier.index) == tier).all()
        keys = ev.groupby("api_key_id")["account_id"].nunique()
        assert (keys == 1).all()                                   # a key is never shared across accounts
    return meta, ev, truth


# ---------------------------------------------------------------- tiny

def test_tiny_contract(tiny):
    d = tiny["tiny"]
    meta, ev, truth = _check(d, TINY_N)
    check_tiny_files(d, ev, meta, GEN)
    assert meta["counts"]["refused_requests_not_logged"] >= 0
    assert meta["counts"]["requests_drawn"] == meta["counts"]["events"] + meta["counts"]["refused_requests_not_logged"]


def test_tiny_minimal(tiny):
    d = tiny["tiny_min"]
    _check(d, TINY_N, minimal=True)
    assert_minimal_twin(tiny["tiny"], d, MINIMAL_COLS)


def test_tiny_csv(tiny):
    d = tiny["tiny_csv"]
    assert not (d / "events.parquet").exists()
    meta, ev, truth = _check(d, TINY_N)
    raw = pd.read_csv(d / "events.csv", usecols=["timestamp"], dtype=str)["timestamp"]
    local_offsets(raw, 2)
    full = pq.read_table(tiny["tiny"] / "events.parquet").to_pandas()
    assert (ev["timestamp"].to_numpy() == full["timestamp"].to_numpy()).all()      # the same instants
    for c in ("account_id", "ip", "prompt", "model", "output_tokens", "user_agent", "api_key_id"):
        assert (ev[c].to_numpy() == full[c].to_numpy()).all(), c
    assert sha256_of(d / "truth.csv") == sha256_of(tiny["tiny"] / "truth.csv")
    assert sha256_of(d / "accounts.csv") == sha256_of(tiny["tiny"] / "accounts.csv")


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
    assert kinds[hydra.idxmax()] == "gateway_hydra" and (kinds == "gateway_hydra").sum() == 1
    assert .70 * R <= hydra.max() <= .80 * R and hydra.max() >= 300
    assert hydra.drop(hydra.idxmax()).between(3, 15).all()


def test_cohorts_present(worlds):
    t = read_text_csv(worlds["mixed"] / "truth.csv")
    assert set(t.loc[t["is_ring"] == "false", "cohort"]) == BENIGN
    assert RING_KINDS - {"gateway_hydra"} <= set(t.loc[t["is_ring"] == "true", "cohort"])
    meta = json.loads((worlds["mixed"] / "world.json").read_text())
    assert all(c["events"] > 0 for c in meta["cohorts"].values())
    assert {"crude", "mid", "careful"} == {r["sophistication"] for r in meta["rings"]}
    # look-alikes share legitimately: CGNAT, SaaS egress and an extension's user agent span many benign accounts
    ev = pq.read_table(worlds["mixed"] / "events.parquet", columns=["account_id", "ip", "user_agent"]).to_pandas()
    coh = t.set_index("account_id")["cohort"]
    ev["cohort"] = coh[ev["account_id"]].to_numpy()
    for c in ("phone_carrier", "saas_gateway"):
        per_ip = ev[ev["cohort"] == c].groupby("ip")["account_id"].nunique()
        assert per_ip.max() >= 5, c
    ext = ev[ev["cohort"] == "extension_byok"].groupby("user_agent")["account_id"].nunique()
    assert ext.max() >= 5
