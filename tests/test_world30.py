"""The thirtieth independent world generator (benchmarks/world30.py, docs/WORLD30.md): its output contract.

Tiny part (marked slow with the rest: one 600-account, 5-day world generated twice under different PYTHONHASHSEED,
its --minimal twin and its --format csv twin): columns and types, the truth covers every account, exactly
round(share * N) ring accounts, the leaked-key labelling rule, the per-plan daily and per-minute limits are never
exceeded, nothing before sign-up or outside the window, events sorted by time, public parseable IPv4 addresses (or
missing), keys never shared across accounts, logging noise (missing optional fields, duplicated retries, accounts that
never call), --minimal columns, CSV timestamps with local offsets that name the same instants, byte-identical files for
the same seed.
Slow part (2,000-account mixed and hydra worlds): size bands, cohorts and ring kinds present, the look-alikes' legitimate
sharing (CGNAT, SaaS egress, worksheet, open benchmark, viral prompt), the wide-and-thin ring's volume.
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
    assert_minimal_twin, assert_same_events_as, assert_same_files, assert_size_bands, awesome_prompts, check_cli_events,
    check_cli_truth, check_paid_tokens, check_tiny_files, local_offsets, read_cli_events, read_text_csv, ring_kinds,
    ring_sizes, run_cli_worlds,
)

ROOT = Path(__file__).resolve().parents[1]
GEN = ROOT / "benchmarks" / "world30.py"
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
DAILY = {"free": 40, "dev": 900, "team": 5000, "growth": 24000, "dedicated": 120000}
MINUTE = {"free": 4, "dev": 30, "team": 90, "growth": 300, "dedicated": 1200}
MODELS = {"hx-4", "hx-4-mini", "hx-4-deep", "hx-4-coder", "hx-4.1"}
START = pd.Timestamp("2026-01-12T00:00:00Z")
BENIGN = {"hobbyist", "indie_dev", "family_card", "office_nat", "seat_invoice", "carrier_mobile", "campus",
          "vpn_privacy", "heavy_app", "saas_byok", "classroom", "eval_lab", "public_eval", "synth_data", "tutoring_app",
          "agent_swarm", "grant_sponsored", "router_gateway", "seat_migration"}
ORG_COHORTS = {"family_card", "office_nat", "seat_invoice", "eval_lab", "synth_data", "tutoring_app", "router_gateway",
               "seat_migration", "grant_sponsored"}
RING_KINDS = {"card_pool_farm", "trial_swarm", "cloud_hopper", "reasoning_siphon", "shell_company", "leaked_key",
              "resi_rewriter", "aged_bought", "skill_splitter", "hydra_reseller", "wide_thin", "benchmark_cloak",
              "viral_rider"}
VIRAL = "Turn me into a 1990s collectible trading card."

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
    return run_cli_worlds(GEN, DATA, runs, base, quiet=False)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return _run({"tiny": TINY, "tiny_again": TINY, "tiny_min": TINY + ["--minimal"],
                 "tiny_csv": TINY + ["--format", "csv"]}, tmp_path_factory.mktemp("world30_tiny"))


@pytest.fixture(scope="module")
def worlds(tmp_path_factory):
    return _run(SLOW_RUNS, tmp_path_factory.mktemp("world30"))


def _events(d: Path) -> pd.DataFrame:
    """The Parquet file as stored or the CSV (an empty address, card, user agent or token count missing), with
    ``output_tokens`` as Int64 and timestamps in ms."""
    ev = read_cli_events(d, tokens="Int64", missing=("ip", "payment_method", "user_agent", "output_tokens"))
    ev["timestamp"] = ev["timestamp"].dt.as_unit("ms")
    if "output_tokens" in ev:
        ev["output_tokens"] = ev["output_tokens"].astype("Int64")
    return ev


def _check(d: Path, n: int, minimal: bool = False):
    meta, truth, acc, ring = check_cli_truth(d, n, minimal, TRUTH_COLS, ACCOUNT_COLS, MINIMAL_ACCOUNT_COLS,
                                             RING_KINDS, BENIGN, set(DAILY))
    # the leaked-key rule: a victim is a ring account iff more than half of its logged requests are the ring's
    vic = truth[truth["role"].str.startswith("key_victim")]
    for _, v in vic.iterrows():
        assert (v["is_ring"] == "true") == (float(v["ring_request_share"]) > .5), v.to_dict()
    benign_share = pd.to_numeric(truth.loc[(truth["is_ring"] == "false") & (truth["role"] == ""), "ring_request_share"],
                                 errors="coerce").dropna()
    assert (benign_share == 0).all()
    ev = _events(d)
    assert list(ev.columns) == (MINIMAL_COLS if minimal else EVENT_COLS)
    tier = check_cli_events(ev, truth, meta, n, START, DAILY, MINUTE)
    assert meta["counts"]["accounts_without_events"] == n - ev["account_id"].nunique() > 0
    assert meta["counts"]["requests_drawn"] == meta["counts"]["events"] + meta["counts"]["refused_requests_not_logged"]
    # payment: free accounts none; paid accounts their account's token on every event
    check_paid_tokens(ev, acc, tier, "free")
    # prompts and addresses (some missing: a proxy that drops the client address)
    assert ev["prompt"].notna().all() and (ev["prompt"].str.len() > 0).all()
    assert not ev["prompt"].str.contains("\x00|\x01|\x02").any()
    ours = ev.loc[~ev["prompt"].isin(awesome_prompts(DATA)), "prompt"]
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
        assert ev["model"].notna().all() and ev["api_key_id"].notna().all() and set(ev["model"]) <= MODELS
        assert (acc.set_index("account_id")["plan"].reindex(tier.index) == tier).all()
        keys = ev.groupby("api_key_id")["account_id"].nunique()
        assert (keys == 1).all()                                   # a key is never shared across accounts
        assert ev.groupby("account_id")["api_key_id"].nunique().max() >= 2    # accounts rotate keys
        rel = pd.Timestamp(meta["platform"]["model_release"]["hx-4.1"])
        assert (ev.loc[ev["model"] == "hx-4.1", "timestamp"] >= rel).all()
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
    assert mixed.sum() == 400
    assert_size_bands(mixed, 400, .05)
    hydra = ring_sizes(worlds["hydra"])
    kinds = ring_kinds(worlds["hydra"])
    R = hydra.sum()
    assert kinds[hydra.idxmax()] == "hydra_reseller" and (kinds == "hydra_reseller").sum() == 1
    assert hydra.max() == round(.6 * R) and hydra.max() >= 300
    assert (kinds == "wide_thin").sum() == 1 and hydra[kinds[kinds == "wide_thin"].index[0]] == round(.15 * R)
    rest = hydra[~kinds.isin(["hydra_reseller", "wide_thin"])]
    assert rest.between(3, 15).all()


def test_cohorts_present(worlds):
    t = read_text_csv(worlds["mixed"] / "truth.csv")
    assert set(t.loc[t["is_ring"] == "false", "cohort"]) == BENIGN
    assert set(t.loc[t["is_ring"] == "true", "cohort"]) == RING_KINDS
    meta = json.loads((worlds["mixed"] / "world.json").read_text())
    assert all(c["events"] > 0 for c in meta["cohorts"].values())
    assert {"crude", "mid", "careful"} == {r["sophistication"] for r in meta["rings"]}
    ev = pq.read_table(worlds["mixed"] / "events.parquet",
                       columns=["account_id", "timestamp", "ip", "prompt", "model", "api_key_id"]).to_pandas()
    coh = t.set_index("account_id")["cohort"]
    ev["cohort"] = coh[ev["account_id"]].to_numpy()
    # look-alikes share legitimately: CGNAT and SaaS egress addresses, the worksheet, the open benchmark's items
    for c in ("carrier_mobile", "saas_byok", "campus"):
        per_ip = ev[ev["cohort"] == c].groupby("ip")["account_id"].nunique()
        assert per_ip.max() >= 3, c
    for c in ("classroom", "public_eval"):
        per_prompt = ev[ev["cohort"] == c].groupby("prompt")["account_id"].nunique()
        assert per_prompt.max() >= 3, c
    # the viral prompt: many unrelated benign accounts paste it, most of them within two days
    vir = ev[ev["prompt"].str.contains(VIRAL, regex=False) & (ev["cohort"].isin(BENIGN))]
    assert vir["account_id"].nunique() >= 100 and vir["cohort"].nunique() >= 5
    vday = meta["calendar"]["viral_prompt_day"]
    inwave = vir["timestamp"].between(START + pd.Timedelta(days=vday), START + pd.Timedelta(days=vday + 2))
    assert inwave.mean() > .7
    # benign users mix models; accounts hold several keys
    assert ev[ev["cohort"] == "hobbyist"]["model"].nunique() >= 3
    # heavy tail: the largest benign organisation is many times the median one
    orgs = t[t["cohort"].isin(ORG_COHORTS)].groupby("group_id").size()
    assert orgs.max() >= 5 * orgs.median() and (orgs <= 5).sum() > len(orgs) / 3
    # the wide-and-thin ring: a handful of requests per account per active day
    wt = ev[ev["cohort"] == "wide_thin"]
    per_day = wt.groupby([wt["account_id"], wt["timestamp"].dt.floor("D")]).size()
    assert per_day.median() <= 8 and wt["account_id"].nunique() >= 61
    # the leaked-key ring: its traffic comes on one key per victim, from other addresses than the owner's
    lk = t[t["cohort"] == "leaked_key"]
    assert len(lk) and (pd.to_numeric(lk["ring_request_share"]) > .5).all()
