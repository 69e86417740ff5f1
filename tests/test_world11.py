"""The eleventh independent world generator (benchmarks/world11.py, docs/WORLD11.md) writes graphhunt's input
contract, is reproducible from its seed, plants rings of the requested share and sizes among its benign
cohorts, and every ring kind and benign cohort shows up. Skipped without the shared data the generator reads."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
GEN = ROOT / "benchmarks" / "world11.py"
# the shared data beside the repository (as the other worlds look for it), else where this machine keeps it
_BESIDE = ROOT.parent / "shared" / "data"
DATA = Path(os.environ.get("WORLD11_SHARED_DATA", _BESIDE if _BESIDE.exists() else "/work/shared/data"))
N = 1500
SHARE = {"small": 0.04, "mixed": 0.05}  # a large ring (50-300) needs at least 67 ring accounts
SMALL = ["--accounts", str(N), "--seed", "11", "--ring-share", str(SHARE["small"]), "--ring-sizes", "small"]
MIXED = ["--accounts", str(N), "--seed", "12", "--ring-share", str(SHARE["mixed"]), "--ring-sizes", "mixed"]
FILES = ("events.parquet", "accounts.csv", "truth.csv", "world.json")
EVENT_COLUMNS = ["account_id", "timestamp", "ip", "payment_method", "prompt", "user_agent", "output_tokens",
                 "api_key_id", "model"]
ACCOUNT_COLUMNS = ["account_id", "created_at", "payment_method", "email_domain", "country", "org_id", "card_bin"]
TRUTH_COLUMNS = ["account_id", "is_ring", "ring_id", "group_id", "cohort", "variant"]
RING_KINDS = {"resi_rotator", "card_farm", "aged_accounts", "cover_mix", "split_reworded", "carrier_rider",
              "cot_harvest", "slow_drip", "facade_products"}
BENIGN_COHORTS = {"individual", "household", "office", "mobile_cgnat", "campus", "vpn_user", "heavy_app", "ci_fleet",
                  "eval_contractor", "annotation_firm", "course_cohort", "ide_plugin", "coworking", "event_wifi",
                  "reseller"}

pytestmark = [pytest.mark.skipif(not (DATA / "prompts" / "awesome-chatgpt-prompts.csv").exists(),
                                reason="shared reference data not available (set WORLD11_SHARED_DATA)"),
              pytest.mark.slow]  # generator tooling for the benchmark worlds, not the product: run with the slow tests (.ci/run runs them)


def _digest(d: Path) -> dict[str, str]:
    return {f: hashlib.sha256((d / f).read_bytes()).hexdigest() for f in FILES}


def _truth(d: Path) -> pd.DataFrame:
    return pd.read_csv(d / "truth.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def worlds(tmp_path_factory) -> dict[str, Path]:
    """Three worlds written at once (two cores): the small-ring world twice, and a mixed world of another seed."""
    base = tmp_path_factory.mktemp("world11")
    runs = {"small": SMALL, "small_again": SMALL, "mixed": MIXED}
    env = {**os.environ, "WORLD11_SHARED_DATA": str(DATA)}
    procs = {k: subprocess.Popen([sys.executable, str(GEN), *a, "--out", str(base / k)], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE) for k, a in runs.items()}
    for k, p in procs.items():
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, f"world11 {k} failed:\n{err.decode(errors='replace')}"
    return {k: base / k for k in runs}


def test_same_seed_same_bytes_other_seed_differs(worlds):
    small = _digest(worlds["small"])
    assert _digest(worlds["small_again"]) == small
    mixed = _digest(worlds["mixed"])
    assert all(mixed[f] != small[f] for f in FILES)


def test_files_load_with_graphhunt(worlds):
    from graphhunt.io import load_accounts, load_events

    d = worlds["small"]
    raw = pd.read_parquet(d / "events.parquet")
    assert list(raw.columns) == EVENT_COLUMNS
    acc = pd.read_csv(d / "accounts.csv", dtype=str, keep_default_na=False)
    assert list(acc.columns) == ACCOUNT_COLUMNS
    ev = load_events(d / "events.parquet")
    ac = load_accounts(d / "accounts.csv")
    assert len(ev) == len(raw) > 50_000 and len(ac) == N
    assert set(ev["account_id"]) <= set(ac["account_id"])
    info = json.loads((d / "world.json").read_text())
    assert info["totals"]["events"] == len(raw) and info["totals"]["accounts"] == N
    # one month, time-ordered, under the platform's daily limit, some IPv6 and chat-message prompts
    ts = raw["timestamp"]
    assert ts.is_monotonic_increasing
    assert ts.min() >= pd.Timestamp(info["platform"]["window_start"])
    assert (ts.max() - ts.min()) <= pd.Timedelta(days=info["platform"]["days"])
    per_day = raw.groupby([raw["account_id"], ts.dt.floor("D")]).size()
    assert per_day.max() <= info["platform"]["daily_request_limit_per_account"]
    assert raw["ip"].str.contains(":").any() and raw["prompt"].str.startswith('[{"role"').any()
    assert raw["output_tokens"].min() >= 1 and raw["ip"].notna().all()


def test_truth_covers_every_account_once_and_rings_match_arguments(worlds):
    for name, sizes_ok in (("small", lambda s: s.between(3, 15).all()),
                           ("mixed", lambda s: 1 <= (s >= 50).sum() <= 2 and s[s >= 50].le(300).all()
                            and s[s < 50].between(3, 15).all())):
        d = worlds[name]
        truth = _truth(d)
        acc = pd.read_csv(d / "accounts.csv", dtype=str, keep_default_na=False)
        assert list(truth.columns) == TRUTH_COLUMNS
        assert truth["account_id"].is_unique and len(truth) == N
        assert set(truth["account_id"]) == set(acc["account_id"])
        assert set(truth["is_ring"]) == {"0", "1"}
        ring = truth["is_ring"] == "1"
        assert ring.sum() == round(SHARE[name] * N)
        assert (truth.loc[ring, "cohort"] == "ring").all() and (truth.loc[ring, "ring_id"] != "").all()
        assert (truth.loc[~ring, "ring_id"] == "").all() and (truth.loc[~ring, "cohort"] != "ring").all()
        assert (truth.loc[~ring & (truth["cohort"] != "individual"), "group_id"] != "").all()
        sizes = truth[ring].groupby("ring_id").size()
        assert sizes_ok(sizes), (name, sizes.tolist())
        rings = json.loads((d / "world.json").read_text())["rings"]
        assert {r["ring_id"]: r["size"] for r in rings} == sizes.to_dict()


def test_every_ring_kind_and_benign_cohort_appears(worlds):
    small, mixed = _truth(worlds["small"]), _truth(worlds["mixed"])
    kinds = {}
    for t in (small, mixed):
        ring = t[t["is_ring"] == "1"]
        for kind, n in ring.groupby(ring["variant"].str.split("/").str[0]).size().items():
            kinds[kind] = kinds.get(kind, 0) + n
    assert set(kinds) == RING_KINDS and min(kinds.values()) >= 3
    assert small.loc[small["is_ring"] == "1", "variant"].str.split("/").str[0].nunique() >= 7
    cohorts = small.groupby("cohort").size()
    assert set(cohorts.index) == BENIGN_COHORTS | {"ring"}
    for c in BENIGN_COHORTS:
        assert cohorts[c] >= (1 if c == "heavy_app" else 3), (c, cohorts[c])
    # benign look-alike groups (everything but lone individuals) far outnumber the ring accounts
    assert (small["cohort"].isin(BENIGN_COHORTS - {"individual"})).sum() >= 8 * (small["is_ring"] == "1").sum()
    info = json.loads((worlds["small"] / "world.json").read_text())
    assert all(v["events"] > 0 for v in info["cohorts"].values())
    # rings are present in the events, and every benign cohort sends requests
    ev = pd.read_parquet(worlds["small"] / "events.parquet", columns=["account_id"])
    active = set(ev["account_id"])
    assert set(small.loc[small["is_ring"] == "1", "account_id"]) <= active
