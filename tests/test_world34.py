"""The thirty-fourth independent world generator (benchmarks/world34.py, docs/WORLD34.md): its output contract.

Tiny part (a 600-account, 5-day small-ring world generated twice under different PYTHONHASHSEED, its --minimal twin,
its --format csv and --format jsonl.gz twins): columns and types, the truth covers every account, exactly
round(share * N) ring accounts, per-plan minute and day limits never exceeded, nothing before sign-up or outside the
window, time order, public parseable IPv4/IPv6 addresses (or missing; the Singapore edge's ports and the Australian
edge's IPv4-mapped form read as public addresses too), keys never shared across accounts, logging noise (missing
fields, retries, accounts that never call), chat-message-list prompts, byte-identical files for the same seed.
Slow part (2,000-account mixed and hydra worlds, 7 days): ring size bands, every cohort and ring kind present, the
new benign look-alikes' legitimate sharing (hackathon, secure web gateway, licensed synthetic data, licensed
aggregator, CI regression suites, coworking space, tutorial cron) and the new ring evasions' shapes (relay of fresh
accounts, aged market accounts, serverless egress, broad curriculum, synchronized schedule only, translated prompts,
model spreading, chat camouflage, CI stowaways). Skipped without the shared reference data.
graphhunt is never run or imported."""
from __future__ import annotations

import gzip
import ipaddress
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests._worlds import (
    assert_cohorts_present, assert_draw_sizes, assert_minimal_twin, assert_retries, assert_same_events_as,
    assert_same_files, check_cli_events, check_cli_truth, check_paid_tokens, check_tiny_files, read_any_events,
    read_text_csv, read_world_frames, run_cli_worlds,
)

ROOT = Path(__file__).resolve().parents[1]
GEN = ROOT / "benchmarks" / "world34.py"
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
DAILY = {"free": 60, "starter": 1500, "team": 8000, "growth": 40000, "enterprise": 200000}
MINUTE = {"free": 5, "starter": 30, "team": 150, "growth": 500, "enterprise": 2000}
MODELS = {"lk-2", "lk-2-mini", "lk-2-reason", "lk-2-code"}
START = pd.Timestamp("2026-11-02T00:00:00Z")
BENIGN = {"hobbyist", "indie_dev", "vpn_user", "carrier_mobile", "household", "office_nat", "campus", "heavy_app",
          "hackathon", "swg_enterprise", "licensed_synth", "licensed_aggregator", "ci_regression", "coworking",
          "tutorial_cron"}
RING_KINDS = {"card_pool", "resi_proxy", "hydra_reseller", "cot_harvest", "relay_fresh", "aged_market",
              "serverless_egress", "broad_curriculum", "cron_sync", "polyglot", "model_spread", "chat_camouflage",
              "ci_stowaway"}
OFFSETS = {"us_east": -300, "us_west": -480, "uk": 0, "de": 60, "fr": 60, "jp": 540, "in": 330, "br": -180,
           "mx": -360, "au": 660, "ng": 60, "sg": 480}
UA_CI = "larkspur-python/1.9.2 (ci: github-actions; ubuntu-24.04)"

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
                                      "tiny_csv": TINY + ["--format", "csv"],
                                      "tiny_gz": TINY + ["--format", "jsonl.gz"]},
                          tmp_path_factory.mktemp("world34_tiny"))


@pytest.fixture(scope="module")
def worlds(tmp_path_factory):
    return run_cli_worlds(GEN, DATA, SLOW_RUNS, tmp_path_factory.mktemp("world34"))


def client_address(s: str):
    """The address a logged ``ip`` names: a port (``1.2.3.4:443``, ``[2001:db8::1]:443``) dropped, an IPv4-mapped
    IPv6 address read as IPv4 (as the input contract reads them)."""
    if s.startswith("["):
        s = s[1:s.index("]")]
    elif s.count(":") == 1:
        s = s.split(":")[0]
    a = ipaddress.ip_address(s)
    if a.version == 6 and a.ipv4_mapped:
        a = a.ipv4_mapped
    return a


def assert_public(ev: pd.DataFrame) -> None:
    v6 = ports = mapped = 0
    for ip in ev["ip"].dropna().unique():
        a = client_address(ip)
        v6 += a.version == 6
        ports += ip.startswith("[") or ip.count(":") == 1
        mapped += ip.startswith("::ffff:")
        assert a.is_global and not (a.is_private or a.is_loopback or a.is_link_local or a.is_multicast
                                    or a.is_reserved or a.is_unspecified), ip
    assert v6 > 0 and ports > 0 and mapped > 0


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
    assert pay[pay != ""].str.match(r"^(card|wlt|inv|vcc|upi|pix)_[0-9a-f]{14}$").all()
    assert ev["prompt"].notna().all() and (ev["prompt"].str.len() > 0).all()
    assert not ev["prompt"].str.contains(r"\{\{|\}\}|\{%|%\}").any()
    # some prompts are chat-message lists (JSON text), as chat-API logs store them
    ml = ev["prompt"].str.startswith('[{"role": ')
    assert ml.any() and meta["counts"]["chat_message_list_prompts"] == ml.sum()
    for p in ev.loc[ml, "prompt"].head(200):
        msgs = json.loads(p)
        assert msgs and all(set(m) == {"role", "content"} for m in msgs) and msgs[-1]["role"] == "user"
    assert ev["ip"].isna().any() and ev["ip"].notna().mean() > .95
    assert meta["counts"]["missing_ip_events"] == ev["ip"].isna().sum()
    assert_public(ev)
    assert_retries(ev, meta)
    if not minimal:
        created = pd.to_datetime(acc.set_index("account_id")["created_at"], utc=True)
        first = ev.groupby("account_id")["timestamp"].min()
        assert (first >= created[first.index]).all()
        tok = ev["output_tokens"].dropna()
        assert ev["output_tokens"].isna().any() and (tok >= 1).all() and (tok <= 16384).all()
        assert ev["user_agent"].isna().any() and ev["user_agent"].notna().mean() > .95
        assert ev["model"].notna().all() and ev["api_key_id"].notna().all() and set(ev["model"]) <= MODELS
        assert (acc.set_index("account_id")["plan"].reindex(tier.index) == tier).all()
        assert (ev.groupby("api_key_id")["account_id"].nunique() == 1).all()
        assert set(acc["country"]) <= {"US", "GB", "DE", "FR", "JP", "IN", "BR", "MX", "AU", "NG", "SG"}
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
    meta, ev, truth = _check(d, TINY_N)
    raw = pd.read_csv(d / "events.csv", dtype=str, keep_default_na=False)["timestamp"]
    assert raw.str.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$").all()
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


def _mixed(worlds):
    return read_world_frames(worlds["mixed"])


def test_cohorts_present(worlds):
    meta, t, ev, acc = _mixed(worlds)
    assert_cohorts_present(meta, t, BENIGN, RING_KINDS, 6)
    assert meta["counts"]["benign_group_accounts"] > meta["counts"]["ring_accounts"]


def _local_hour(x: pd.DataFrame, t: pd.DataFrame) -> pd.Series:
    reg = x["account_id"].map(t.set_index("account_id")["region"])
    return (x["timestamp"] + pd.to_timedelta(reg.map(OFFSETS), unit="min")).dt.hour


def test_benign_lookalikes_share_legitimately(worlds):
    meta, t, ev, acc = _mixed(worlds)
    a = acc.set_index("account_id")
    ev = ev.assign(addr=ev["ip"].dropna().map(lambda s: str(client_address(s))))
    for c in ("carrier_mobile", "campus"):
        assert ev[ev["cohort"] == c].groupby("addr")["account_id"].nunique().max() >= 3, c
    hh = acc.merge(t, on="account_id")
    hh = hh[(hh["cohort"] == "household") & (hh["payment_method"] != "")]
    assert (hh.groupby("group_id")["payment_method"].nunique() == 1).all()
    # hackathon: fresh free accounts, signed up within hours on a Saturday, on the venue's addresses, starter kit
    hk = ev[ev["cohort"] == "hackathon"]
    ids = hk["account_id"].unique()
    cr = pd.to_datetime(a.loc[ids, "created_at"], utc=True)
    assert (t.set_index("account_id").loc[ids, "tier"] == "free").all() and (cr.dt.day_of_week == 5).mean() > .8
    assert cr.max() - cr.min() < pd.Timedelta(hours=30) or t.loc[t["cohort"] == "hackathon", "group_id"].nunique() > 1
    assert hk.groupby("addr")["account_id"].nunique().max() >= 20
    assert hk["prompt"].str.contains(r"starter kit\] You are the backend of a hackathon demo app").mean() > .4
    # secure web gateway: one gateway node carries several unrelated companies, each on its own invoice
    sw = ev[ev["cohort"] == "swg_enterprise"]
    assert sw.groupby("addr")["group_id"].nunique().max() >= 2
    inv = acc.merge(t, on="account_id").query("cohort == 'swg_enterprise'")
    assert (inv.groupby("group_id")["payment_method"].nunique() == 1).all()
    assert inv.groupby("payment_method")["group_id"].nunique().max() == 1
    # licensed synthetic data: one invoice and org per vendor, enterprise plan, chain-of-thought requests
    sy = ev[ev["cohort"] == "licensed_synth"]
    assert (t[t["cohort"] == "licensed_synth"]["tier"] == "enterprise").all()
    assert (sy.groupby("group_id")["payment_method"].nunique() == 1).all()
    assert sy["prompt"].str.contains("step by step|chain of thought|one step at a time").mean() > .4
    # licensed aggregator: one master invoice across its many sub-accounts, its gateway user agent
    ag = ev[ev["cohort"] == "licensed_aggregator"]
    assert ag.groupby("payment_method")["account_id"].nunique().max() >= 50
    assert ag["user_agent"].dropna().str.startswith("Switchyard-Gateway/").all()
    # CI regression suites: the same golden prompts again and again; runner addresses shared across companies
    ci = ev[ev["cohort"] == "ci_regression"]
    assert ci.groupby(["account_id", "prompt"]).size().max() >= 3
    assert ci.groupby("addr")["group_id"].nunique().max() >= 2 and set(ci["user_agent"].dropna()) == {UA_CI}
    # coworking: one NAT address carries several unrelated startups, each with its own card
    cw = ev[ev["cohort"] == "coworking"]
    assert cw.groupby("addr")["group_id"].nunique().max() >= 2
    # tutorial cron: one template, unrelated users, 07:00 local time
    tc = ev[ev["cohort"] == "tutorial_cron"]
    assert tc["prompt"].str.startswith("You are my morning news assistant.").all() and tc["account_id"].nunique() >= 50
    assert (_local_hour(tc, t) == 7).all()


def test_new_ring_evasions(worlds):
    meta, t, ev, acc = _mixed(worlds)
    a = acc.set_index("account_id")
    created = pd.to_datetime(a["created_at"], utc=True)
    # relay of fresh accounts: each account used at most three days, signed up minutes before its first request
    rf = ev[ev["cohort"] == "relay_fresh"]
    g = rf.groupby("account_id")["timestamp"]
    assert ((g.max() - g.min()) <= pd.Timedelta(days=3)).all()
    assert ((g.min() - created[g.min().index]) <= pd.Timedelta(minutes=25)).all()
    assert (t[t["cohort"] == "relay_fresh"]["tier"] == "free").all()
    # aged market accounts: months old, different previous owners' countries, chat before the handover
    am = ev[ev["cohort"] == "aged_market"]
    ids = am["account_id"].unique()
    assert (created[ids] < START - pd.Timedelta(days=200)).all()
    for rid, x in am.groupby("ring_id"):
        if x["account_id"].nunique() >= 6:
            assert a.loc[x["account_id"].unique(), "country"].nunique() >= 2, rid
    # serverless egress: nearly every request from a new address
    se = ev[ev["cohort"] == "serverless_egress"].dropna(subset=["ip"])
    se = se.assign(addr=se["ip"].map(lambda s: str(client_address(s))))
    s = se.groupby("account_id")["addr"].agg(["nunique", "size"])
    assert (s["nunique"] >= .9 * s["size"]).all()
    # broad curriculum: an item is never asked twice (but for retries)
    bc = ev[ev["cohort"] == "broad_curriculum"]
    assert bc["prompt"].nunique() >= .95 * len(bc)
    # synchronized schedule only: every request within two minutes after the ring's slots, own cards and homes
    cs = ev[ev["cohort"] == "cron_sync"]
    for rid, x in cs.groupby("ring_id"):
        mins = x["timestamp"].dt.minute
        top = mins.value_counts()
        assert top.iloc[:4].sum() >= .97 * len(x), rid
        assert x["timestamp"].dt.hour.nunique() <= 4
        ids = x["account_id"].unique()
        assert a.loc[ids, "payment_method"].is_unique
    # translated prompts: several languages, each account in one or two
    pg = ev[ev["cohort"] == "polyglot"]
    markers = {"es": "Resume|Clasifica|Responde|Reescribe", "de": "Fasse|Klassifiziere|Beantworte|Formuliere",
               "fr": "Résume|Classe|Réponds|Réécris", "pt": "Resuma|Classifique|Responda|Reescreva",
               "ja": "次の|段階的", "hi": "निम्नलिखित|चरण"}
    langs = {k for k, m in markers.items() if pg["prompt"].str.contains(m).any()}
    assert len(langs) >= min(4, pg["account_id"].nunique())
    # model spreading: accounts use three or more models
    ms = ev[ev["cohort"] == "model_spread"]
    mm = ms.groupby("account_id")["model"].nunique()
    assert (mm[ms.groupby("account_id").size() >= 30] >= 3).all()
    # chat camouflage: every prompt a chat-message list, the harvest the last of 3-5 messages
    cc = ev[ev["cohort"] == "chat_camouflage"]
    lens = cc["prompt"].map(lambda p: len(json.loads(p)))
    assert lens.between(3, 5).all()
    # CI stowaways: the CI user agent and runner addresses real companies' suites use
    st = ev[ev["cohort"] == "ci_stowaway"]
    assert set(st["user_agent"].dropna()) == {UA_CI}
    real = set(ev.loc[ev["cohort"] == "ci_regression", "ip"].dropna())
    assert len(set(st["ip"].dropna()) & real) > 0
    # the hydra (its small rings in the mixed world): mostly its relay's user agent, resold chat mixed in
    hy = ev[ev["cohort"] == "hydra_reseller"]
    assert (hy["user_agent"] == "litellm/1.52.6").mean() > .5
    addr = hy["ip"].dropna().map(lambda s: str(client_address(s)))     # ports and ::ffff: dropped
    assert hy.loc[addr.index].assign(addr=addr).groupby("account_id")["addr"].nunique().max() <= 8
