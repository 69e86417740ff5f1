"""The thirty-ninth independent world generator (benchmarks/world39.py, docs/WORLD39.md): its output contract.

Tiny part (a 600-account, 5-day small-ring world generated twice under different PYTHONHASHSEED, its --minimal twin,
its --format csv and --format jsonl.gz twins): columns and types, the truth covers every account, exactly
round(share * N) ring accounts, per-plan minute and day limits never exceeded, nothing before sign-up or outside the
window, time order, public parseable IPv4/IPv6 addresses (or missing), keys never shared across accounts, logging
noise (missing fields, retries, accounts that never call), byte-identical files for the same seed.
Slow part (2,000-account mixed and hydra worlds): ring size bands, every cohort and ring kind present, ring volumes,
the new benign look-alikes' legitimate sharing (storm rebooking, museum QR codes, a daily reading plan, eSIM roamers,
DHCP lease churn, family cards abroad) and the new ring evasions' shapes (tool results, gift-card batches, roaming
SIMs, family-card mimicry, midnight straddling, storm-surge cover, the hydra). Skipped without the shared reference
data. graphhunt is never run or imported."""
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
    assert_cohorts_present, assert_minimal_twin, assert_public_addresses, assert_retries,
    assert_same_events_as, assert_same_files, assert_size_bands, check_cli_events, check_cli_truth, check_paid_tokens,
    check_tiny_files, read_any_events, read_world_frames, ring_kinds, ring_sizes, run_cli_worlds,
)

ROOT = Path(__file__).resolve().parents[1]
GEN = ROOT / "benchmarks" / "world39.py"
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
DAILY = {"free": 120, "starter": 1500, "team": 6000, "scale": 30000, "enterprise": 250000}
MINUTE = {"free": 5, "starter": 30, "team": 90, "scale": 300, "enterprise": 1500}
MODELS = {"hx-2", "hx-2-mini", "hx-2-reason"}
START = pd.Timestamp("2026-11-02T00:00:00Z")
BENIGN = {"hobbyist", "household", "office_nat", "campus", "carrier_mobile", "vpn_user", "indie_dev", "heavy_app",
          "storm_rebooking", "museum_qr", "reading_plan", "esim_roamer", "dhcp_churn", "family_card_abroad"}
RING_KINDS = {"card_pool", "cot_harvest", "hydra_reseller", "tool_result", "gift_card_batch", "roaming_sim",
              "family_cards", "midnight_straddle", "surge_cover"}

AWESOME = ({p[:3000] for p in pd.read_csv(DATA / "prompts" / "awesome-chatgpt-prompts.csv", dtype=str,
                                          keep_default_na=False)["prompt"]}
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
    import world39
    return world39


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return run_cli_worlds(GEN, DATA, {"tiny": TINY, "tiny_again": TINY, "tiny_min": TINY + ["--minimal"],
                                      "tiny_csv": TINY + ["--format", "csv"],
                                      "tiny_gz": TINY + ["--format", "jsonl.gz"]},
                          tmp_path_factory.mktemp("world39_tiny"))


@pytest.fixture(scope="module")
def worlds(tmp_path_factory):
    return run_cli_worlds(GEN, DATA, SLOW_RUNS, tmp_path_factory.mktemp("world39"))


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
    assert pay[pay != ""].str.match(r"^(card|wal|inv|gift)_[0-9a-f]{14}$").all()
    assert ev["prompt"].notna().all() and (ev["prompt"].str.len() > 0).all()
    # templates rendered, answers cut
    assert not ev.loc[~ev["prompt"].isin(AWESOME), "prompt"].str.contains(r"\{\{|\{%|%\}|\|\|\|").any()
    assert ev["ip"].isna().any() and ev["ip"].notna().mean() > .98
    assert meta["counts"]["missing_ip_events"] == ev["ip"].isna().sum()
    assert_public_addresses(ev)
    assert_retries(ev, meta)
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
    mixed = ring_sizes(worlds["mixed"])
    assert mixed.sum() == 400
    assert_size_bands(mixed, 300, .05)
    # hydra: 7.5 % of the accounts in rings, one hydra of 5.5-6.5 % of them, the rest in rings of 3-60
    hydra, kinds = ring_sizes(worlds["hydra"]), ring_kinds(worlds["hydra"])
    assert hydra.sum() == 150
    hy = hydra[kinds == "hydra_reseller"]
    assert len(hy) == 1 and round(.055 * N) <= hy.iloc[0] <= round(.065 * N)
    assert hydra[kinds != "hydra_reseller"].between(3, 60).all()


_CACHE: dict = {}


def _mixed(worlds):
    if "mixed" not in _CACHE:
        _CACHE["mixed"] = read_world_frames(worlds["mixed"])
    return _CACHE["mixed"]


def _local(ts: pd.Series, minutes: int) -> pd.Series:
    return (ts + pd.Timedelta(minutes=minutes)).dt.tz_convert(None)


def test_cohorts_present(worlds):
    meta, t, ev, acc = _mixed(worlds)
    assert_cohorts_present(meta, t, BENIGN, RING_KINDS, 6)
    assert meta["counts"]["benign_group_accounts"] > meta["counts"]["ring_accounts"]
    assert sum(c["new"] for c in meta["cohorts"].values() if not c["ring"]) >= 6
    assert sum(c["new"] for c in meta["cohorts"].values() if c["ring"]) >= 6


def test_volumes(worlds):
    meta, t, ev, acc = _mixed(worlds)
    day = ev["timestamp"].dt.floor("D")
    per = ev.groupby(["account_id", day]).size().rename("n").reset_index().merge(t, on="account_id")
    ring = per[(per["is_ring"] == "true") & (per["cohort"] != "midnight_straddle")]
    # ring accounts work at a sizeable share of the starter plan's 1,500 a day, some quieter
    assert ring["n"].median() > 500 and (ring["n"] < 450).mean() > .1
    benign = ev[ev["ring_id"] == ""].groupby("account_id").size()
    assert benign.median() < 60 and benign.max() > 2000                     # heavy tail: a few apps send thousands


def test_benign_lookalikes_share_legitimately(worlds):
    w39 = _gen()
    meta, t, ev, acc = _mixed(worlds)
    at = acc.merge(t, on="account_id")
    plat = meta["platform"]
    # storm rebooking: one airline's hub accounts on one invoice and org, a surge of distinct bookings in the storm
    st = ev[ev["cohort"] == "storm_rebooking"]
    sa = at[at["cohort"] == "storm_rebooking"]
    assert 4 <= len(sa) <= 8 and sa["org_id"].nunique() == 1 and sa["payment_method"].nunique() == 1
    assert st["prompt"].str.startswith("You are the rebooking assistant of Aurora Airways.").all()
    s0 = pd.Timestamp(plat["storm"]["utc_start"])
    inside = st["timestamp"].between(s0, s0 + pd.Timedelta(hours=36))
    assert inside.mean() > .3 and st.drop_duplicates(["account_id", "prompt"])["prompt"].is_unique
    hourly = st.groupby(st["timestamp"].dt.floor("h")).size()
    assert hourly[hourly.index >= s0].max() > 5 * hourly[hourly.index < s0].median()
    # museum QR codes: the same exhibit prompts from many unrelated visitors, on the museum's Wi-Fi, opening hours
    mq = ev[(ev["cohort"] == "museum_qr") & ev["prompt"].str.startswith("[QR ")]
    for k, m in plat["museums"].items():
        x = mq[mq["prompt"].str.startswith(f"[QR {k.upper()}-")]
        assert x["account_id"].nunique() >= 20
        assert set(x["ip"].dropna()) <= set(m["wifi_nat"])
        off = meta["platform"]["regions"][m["region"]]["utc_offset_minutes"]
        loc = _local(x["timestamp"], off)
        assert loc.dt.hour.between(10, 19).all()
        if m["closed_weekday"] is not None:
            assert not (loc.dt.day_of_week == m["closed_weekday"]).any()
        assert x.groupby("prompt")["account_id"].nunique().max() >= 5
    va = at[at["cohort"] == "museum_qr"]
    assert va["payment_method"].replace("", None).dropna().is_unique and (va["org_id"] == "").all()
    # reading plan: the day's reading from hundreds of unrelated readers, mornings, the app's user agent
    rp = ev[(ev["cohort"] == "reading_plan") & ev["prompt"].str.startswith("Daybreak daily reading:")]
    g = rp.groupby("prompt")["account_id"].nunique()
    assert g.max() >= 50 and len(g) >= 10
    assert rp["user_agent"].dropna().isin(w39.DAYBREAK_UAS).all()
    top = rp.groupby([rp["timestamp"].dt.floor("D"), "prompt"]).size().groupby(level=0).max()
    assert (top / rp.groupby(rp["timestamp"].dt.floor("D")).size()).median() > .4
    # eSIM roamers: the hub's breakout addresses shared by travellers of many countries, for the days of a trip
    es = ev[ev["cohort"] == "esim_roamer"].dropna(subset=["ip"])
    hub = {ip for v in plat["esim_hubs"].values() for ip in v}
    on = es[es["ip"].isin(hub)]
    assert on.groupby("ip")["account_id"].nunique().min() >= 5
    assert at[at["account_id"].isin(on["account_id"])]["country"].nunique() >= 5
    span = on.groupby("account_id")["timestamp"].agg(lambda s: s.max() - s.min())
    assert (span <= pd.Timedelta(days=11)).all() and (~es["ip"].isin(hub)).mean() > .2
    # DHCP churn: an address serves several households over the window, never two on the same local day
    dc = ev[ev["cohort"] == "dhcp_churn"].dropna(subset=["ip"])
    for gid, x in dc.groupby("group_id"):
        off = -480 if "us_west" in gid else -180
        x = x.assign(day=_local(x["timestamp"], off).dt.floor("D"))
        assert x.groupby("ip")["account_id"].nunique().max() >= 3
        assert x.groupby(["ip", "day"])["account_id"].nunique().max() == 1
        assert x.groupby("account_id")["ip"].nunique().max() >= 3
    # family cards abroad: one card for relatives in different countries, each from their own home
    fa = at[at["cohort"] == "family_card_abroad"]
    fg = fa.groupby("group_id").agg(cards=("payment_method", "nunique"), c=("country", "nunique"), n=("account_id", "size"))
    assert (fg["cards"] == 1).all() and (fg["c"] >= 2).all() and fg["n"].between(2, 4).all()
    assert fa.groupby("payment_method")["group_id"].nunique().max() == 1
    fe = ev[ev["cohort"] == "family_card_abroad"].dropna(subset=["ip"])
    assert (fe.groupby("ip")["account_id"].nunique() == 1).all()


def test_new_ring_evasions(worlds):
    w39 = _gen()
    meta, t, ev, acc = _mixed(worlds)
    at = acc.merge(t, on="account_id")
    plat = meta["platform"]
    # tool results: every item a tool message behind a generic agent scaffold
    tr = ev[ev["cohort"] == "tool_result"]
    msgs = tr["prompt"].map(json.loads)
    assert msgs.map(lambda m: [x["role"] for x in m] == ["system", "user", "assistant", "tool", "user"]).all()
    assert msgs.map(lambda m: m[0]["content"] == w39.TOOL_SYSTEM and m[4]["content"] == w39.TOOL_AFTER).all()
    tools = msgs.map(lambda m: m[3]["content"])
    assert tools[~tr.duplicated(["account_id", "prompt"])].is_unique
    assert (tr.dropna(subset=["ip"]).groupby("ip")["account_id"].nunique() == 1).all()
    # gift-card batches: a prepaid card per account, consecutive serials of a few batches, throwaway domains
    ga = at[at["cohort"] == "gift_card_batch"]
    assert ga["payment_method"].str.startswith("gift_").all() and ga["payment_method"].is_unique
    assert ga["email_domain"].is_unique and ga["email_domain"].str.match(r"^[a-z]+\d{4}\.(xyz|online|site)$").all()
    for rid, x in ga.groupby("ring_id"):
        b = x["payment_method"].str[5:13]
        ser = x["payment_method"].str[13:].map(lambda s: int(s, 16))
        assert b.nunique() <= -(-len(x) // 5)
        for _, s in ser.groupby(b):
            s = np.sort(s.to_numpy())
            assert (np.diff(s) == 1).all()
    # roaming SIMs: the eSIM hubs' breakout addresses, shared with real roamers, accounts of many countries
    rs = ev[ev["cohort"] == "roaming_sim"].dropna(subset=["ip"])
    hub = {ip for v in plat["esim_hubs"].values() for ip in v}
    assert rs["ip"].isin(hub).all()
    assert rs["ip"].isin(set(ev.loc[ev["cohort"] == "esim_roamer", "ip"])).mean() > .9
    assert at[at["cohort"] == "roaming_sim"].groupby("ring_id")["country"].nunique().max() >= 3
    # family cards: each card on 2-4 accounts of different countries
    fc = at[at["cohort"] == "family_cards"]
    g = fc.groupby("payment_method").agg(n=("account_id", "size"), c=("country", "nunique"))
    assert g["n"].between(2, 4).all() and (g["c"] == g["n"]).all()
    # midnight straddle: every request within 90 minutes of... the 21:30-02:30 UTC band, sessions crossing 00:00
    ms = ev[ev["cohort"] == "midnight_straddle"]
    h = ms["timestamp"].dt.hour + ms["timestamp"].dt.minute / 60
    assert ((h >= 21.5) | (h < 2.5)).all() and (h >= 21.5).mean() > .3 and (h < 2.5).mean() > .3
    per_day = ms.groupby(["account_id", ms["timestamp"].dt.floor("D")]).size()
    assert per_day.max() <= DAILY["starter"]
    both = ms.assign(night=(ms["timestamp"] + pd.Timedelta(hours=3)).dt.floor("D")).groupby(
        ["account_id", "night"])["timestamp"].agg(lambda s: s.dt.floor("D").nunique())
    assert (both == 2).mean() > .8
    # surge cover: only in the storm's hours, AWS addresses, one per account
    sc = ev[ev["cohort"] == "surge_cover"]
    s0 = pd.Timestamp(plat["storm"]["utc_start"])
    assert (sc["timestamp"] >= s0).all() and (sc["timestamp"] < s0 + pd.Timedelta(hours=36)).all()
    assert (sc.dropna(subset=["ip"]).groupby("ip")["account_id"].nunique() == 1).all()
    # every ring records a new evasion
    kinds_new = {r["kind"] for r in meta["rings"] if any("*new*" in e or "*invented*" in e for e in r["evasions"])}
    assert kinds_new == RING_KINDS - {"card_pool", "cot_harvest", "hydra_reseller"}


def test_hydra_draw(worlds):
    meta, t, ev, acc = read_world_frames(worlds["hydra"])
    hy = ev[ev["cohort"] == "hydra_reseller"]
    assert hy["account_id"].nunique() >= .055 * N * .9
    ips = hy.dropna(subset=["ip"])
    assert ips.groupby("account_id")["ip"].nunique().max() <= 6
    assert ips["ip"].nunique() <= 150
    # resold ordinary chat mixed with the harvest: real awesome-chatgpt prompts among its requests
    assert .15 < hy["prompt"].isin(AWESOME).mean() < .5
    assert acc.merge(t, on="account_id").query("cohort == 'hydra_reseller'")["payment_method"].nunique() > 100
