"""The thirty-sixth independent world generator (benchmarks/world36.py, docs/WORLD36.md): its output contract.

Tiny part (a 600-account, 5-day small-ring world generated twice under different PYTHONHASHSEED, its --minimal twin,
its --format csv and --format jsonl.gz twins): columns and types, the truth covers every account, exactly
round(share * N) ring accounts, per-plan minute and day limits never exceeded, nothing before sign-up or outside the
window, time order, public parseable IPv4/IPv6 addresses (or missing), keys never shared across accounts, logging
noise (missing fields, retries, accounts that never call), byte-identical files for the same seed.
Slow part (2,000-account mixed and hydra worlds): ring size bands, every cohort and ring kind present, ring volumes,
the new benign look-alikes' legitimate sharing (clinical scribe, tax season, e-discovery review, shared hosting, org
migration, synthetic monitors, citizen science, price scrapers) and the new ring evasions' shapes (phoenix, skill
split, proxy market, image smuggling, preference judging, logit probing, sample fan-out, hosting stowaways, the
hydra). Skipped without the shared reference data. graphhunt is never run or imported."""
from __future__ import annotations

import gzip
import json
import os
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
GEN = ROOT / "benchmarks" / "world36.py"
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
DAILY = {"free": 100, "starter": 1000, "pro": 5000, "team": 20000, "enterprise": 200000}
MINUTE = {"free": 5, "starter": 20, "pro": 60, "team": 200, "enterprise": 1000}
MODELS = {"md-3", "md-3-mini", "md-3-reason", "md-3-vision"}
START = pd.Timestamp("2026-01-12T00:00:00Z")
BENIGN = {"hobbyist", "household", "office_nat", "campus", "carrier_mobile", "vpn_user", "indie_dev", "heavy_app",
          "clinical_scribe", "tax_season", "ediscovery_review", "shared_hosting", "org_migration", "synthetic_monitor",
          "citizen_science", "price_scraper"}
RING_KINDS = {"card_pool", "cot_harvest", "logit_probe", "hydra_reseller", "phoenix", "skill_split", "proxy_market",
              "image_smuggle", "preference_judge", "sample_fanout", "hosting_stowaway"}
IMG_TEXT = {"Solve the problem in the image. Show your reasoning, then give the final answer.",
            "What is in this picture?", "Answer the question shown in this screenshot."}

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


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return run_cli_worlds(GEN, DATA, {"tiny": TINY, "tiny_again": TINY, "tiny_min": TINY + ["--minimal"],
                                      "tiny_csv": TINY + ["--format", "csv"],
                                      "tiny_gz": TINY + ["--format", "jsonl.gz"]},
                          tmp_path_factory.mktemp("world36_tiny"))


@pytest.fixture(scope="module")
def worlds(tmp_path_factory):
    return run_cli_worlds(GEN, DATA, SLOW_RUNS, tmp_path_factory.mktemp("world36"))


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
    # templates rendered, answers cut (real awesome-chatgpt prompts, pasted whole, may hold braces of their own)
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


def test_volumes(worlds):
    meta, t, ev, acc = _mixed(worlds)
    day = ev["timestamp"].dt.floor("D")
    per = ev.groupby(["account_id", day]).size().rename("n").reset_index().merge(t, on="account_id")
    ring = per[per["is_ring"] == "true"]
    # ring accounts work at a sizeable share of the starter plan's 1,000 a day, some quieter
    assert ring["n"].median() > 250 and (ring["n"] < 250).mean() > .1
    benign = ev[ev["ring_id"] == ""].groupby("account_id").size()
    assert benign.median() < 60 and benign.max() > 2000                     # heavy tail: a few apps send thousands


def test_benign_lookalikes_share_legitimately(worlds):
    meta, t, ev, acc = _mixed(worlds)
    at = acc.merge(t, on="account_id")
    created = pd.to_datetime(acc.set_index("account_id")["created_at"], utc=True)
    # clinical scribe: hospitals (own org, own invoice) of one health network share its egress and plugin build
    cs = ev[ev["cohort"] == "clinical_scribe"]
    net = cs["group_id"].str.split("_").str[1]
    assert (cs.dropna(subset=["ip"]).groupby(net)["ip"].nunique() <= 4).all()            # the network's egress
    hosp = cs.groupby(net)["group_id"].nunique()
    assert hosp.max() >= 2
    for h in hosp[hosp >= 2].index:                                   # its hospitals share the egress addresses
        x = cs[(net == h) & cs["ip"].notna()]
        assert x.groupby("ip")["group_id"].nunique().max() >= 2
    assert cs["prompt"].str.startswith("You are a clinical documentation assistant.").mean() > .8
    assert cs["user_agent"].dropna().str.startswith("ChartQuill/").all()
    ca = at[at["cohort"] == "clinical_scribe"]
    assert (ca.groupby("group_id")["payment_method"].nunique() == 1).all()
    assert ca.groupby("payment_method")["group_id"].nunique().max() == 1 and (ca["org_id"] == ca["group_id"]).all()
    # tax season: fresh accounts of the franchise's offices opened in the first days, one storefront line and card
    # each, the desk software's prompt, a surge when e-filing opens on 26 January
    tx = ev[ev["cohort"] == "tax_season"]
    ta = at[at["cohort"] == "tax_season"]
    c = created[ta["account_id"]]
    assert ((c >= START) & (c < START + pd.Timedelta(days=5))).all()
    assert (ta.groupby("group_id")["payment_method"].nunique() == 1).all()
    assert (tx.dropna(subset=["ip"]).groupby("group_id")["ip"].nunique() == 1).all()
    assert tx["prompt"].str.startswith("LedgerLane Desk | ").all()
    open_ = pd.Timestamp("2026-01-26T00:00:00Z")
    before = (tx["timestamp"] < open_).sum() / 14
    after = (tx["timestamp"] >= open_).sum() / 1
    assert after > 2.5 * before
    # e-discovery: every document reviewed once, reviewers of several matters behind a vendor's two VDI addresses
    ed = ev[ev["cohort"] == "ediscovery_review"]
    docs = ed["prompt"].str.extract(r"DOC-(\d{8}):")[0]
    assert docs.notna().all()
    assert (ed.drop_duplicates(["account_id", "prompt"])["prompt"].is_unique)            # retries left out
    vendor = ed["group_id"].str.split("_").str[1]
    assert (ed.dropna(subset=["ip"]).groupby(vendor)["ip"].nunique() <= 2).all()          # the vendor's VDI egress
    many = ed.groupby(vendor)["group_id"].nunique()
    for v in many[many >= 2].index:                                   # matters of one vendor share its addresses
        x = ed[(vendor == v) & ed["ip"].notna()]
        assert x.groupby("ip")["group_id"].nunique().max() >= 2
    # shared hosting: unrelated small businesses (own domains and cards) leave from the same server address
    sh = ev[ev["cohort"] == "shared_hosting"].dropna(subset=["ip"])
    assert sh.groupby("ip")["account_id"].nunique().max() >= 3
    sa = at[at["cohort"] == "shared_hosting"]
    assert sa["email_domain"].is_unique
    assert sh["user_agent"].dropna().str.startswith("GuzzleHttp/7.8.1").all()
    # org migration: the legacy accounts stop before the new SSO accounts start, same office addresses
    om = ev[ev["cohort"] == "org_migration"]
    moved = 0
    for g, x in om.groupby("group_id"):
        leg = x[x["role"] == "legacy_account"]
        new = at[(at["group_id"] == g) & (at["role"] == "sso_account")]
        assert len(new) == at[(at["group_id"] == g) & (at["role"] == "legacy_account")].shape[0]
        cnew = created[new["account_id"]]
        assert cnew.max() - cnew.min() < pd.Timedelta(hours=2)                 # the provisioning burst
        if len(leg):
            assert leg["timestamp"].max() < cnew.max()
            nx = x[x["role"] == "sso_account"]
            if len(nx):
                moved += 1
                assert set(nx["ip"].dropna()) & set(leg["ip"].dropna())
    assert moved > 0
    # synthetic monitors: unrelated companies' checks from the vendor's eight shared probes, at a fixed period
    sm = ev[ev["cohort"] == "synthetic_monitor"]
    assert sm["ip"].nunique() <= 8 and sm.dropna(subset=["ip"]).groupby("ip")["account_id"].nunique().min() >= 2
    gaps = sm.sort_values(["account_id", "timestamp"]).groupby("account_id")["timestamp"].diff().dt.total_seconds()
    med = gaps.groupby(sm.sort_values(["account_id", "timestamp"])["account_id"]).median()
    assert (med.round(-1).isin([600, 900, 1200, 1800])).all()
    assert (sm["output_tokens"].dropna() <= 2).all()
    # citizen science: hundreds of volunteers of one project, the project's prompt, no page twice
    ci = ev[ev["cohort"] == "citizen_science"]
    assert ci.groupby("group_id")["account_id"].nunique().min() >= 20
    assert ci.drop_duplicates(["account_id", "prompt"])["prompt"].is_unique
    # price scrapers: a residential exit per session (many ISPs' home addresses), around the clock
    ps = ev[ev["cohort"] == "price_scraper"].dropna(subset=["ip"])
    assert ps.groupby("account_id")["ip"].nunique().min() >= 10
    assert ps["timestamp"].dt.hour.nunique() == 24


def test_new_ring_evasions(worlds):
    meta, t, ev, acc = _mixed(worlds)
    at = acc.merge(t, on="account_id")
    created = pd.to_datetime(acc.set_index("account_id")["created_at"], utc=True)
    rings = {r["ring_id"]: r for r in meta["rings"]}
    # phoenix: the first generation is silent before the second signs up; new addresses, user agent and cards,
    # the same templates
    ph = ev[ev["cohort"] == "phoenix"]
    for rid, x in ph.groupby("ring_id"):
        g2 = x["role"] == "second_generation"
        g2acc = at[(at["ring_id"] == rid) & (at["role"] == "second_generation")]["account_id"]
        assert len(g2acc) and rings[rid]["generation_sizes"][1] == len(g2acc)
        if g2.any() and (~g2).any():
            assert x.loc[~g2, "timestamp"].max() < created[g2acc].min()
            assert not set(x.loc[g2, "ip"].dropna()) & set(x.loc[~g2, "ip"].dropna())
            assert not set(x.loc[g2, "user_agent"].dropna()) & set(x.loc[~g2, "user_agent"].dropna())
            assert not set(at.loc[at["account_id"].isin(x.loc[g2, "account_id"]), "payment_method"]) & \
                set(at.loc[at["account_id"].isin(x.loc[~g2, "account_id"]), "payment_method"])
            assert x.drop_duplicates(["account_id", "prompt"])["prompt"].is_unique     # one item stream
    # skill split: sub-teams with their own user agent and addresses (no address used by two user agents)
    sk = ev[ev["cohort"] == "skill_split"].dropna(subset=["ip", "user_agent"])
    for rid, x in sk.groupby("ring_id"):
        assert rings[rid]["teams"] >= 2 and (x.groupby("ip")["user_agent"].nunique() == 1).all()
        assert x["user_agent"].nunique() >= 2 or rings[rid]["teams"] == 1
    # proxy market: exits shared with the benign price scrapers, a new exit per session
    pm = ev[ev["cohort"] == "proxy_market"].dropna(subset=["ip"])
    scr = set(ev.loc[ev["cohort"] == "price_scraper", "ip"].dropna())
    assert len(set(pm["ip"]) & scr) > 0 and pm.groupby("account_id")["ip"].nunique().median() >= 5
    # image smuggling: every request a content-part list with an image and one of three generic instructions, the
    # same generic question ordinary users send with their photos
    im = ev[ev["cohort"] == "image_smuggle"]
    msgs = im["prompt"].map(json.loads)
    assert msgs.map(lambda m: m[0]["content"][1]["type"] == "image_url").all()
    assert set(msgs.map(lambda m: m[0]["content"][0]["text"])) <= IMG_TEXT
    assert (im["model"] == "md-3-vision").all()
    assert im.drop_duplicates(["account_id", "prompt"])["prompt"].is_unique             # every image its own item
    hb = ev[(ev["cohort"] == "hobbyist") & ev["prompt"].str.startswith('[{"role": "user", "content": [')]
    assert len(hb) > 0
    # preference judging: pairwise comparisons in the judge wrapper
    pj = ev[ev["cohort"] == "preference_judge"]
    assert pj["prompt"].str.startswith("You are an impartial judge.").all()
    assert pj["prompt"].str.contains(r"(?s)\[Response A\].*\[Response B\]", regex=True).all()
    # logit probing: one or two output tokens, a label-only instruction
    lp = ev[ev["cohort"] == "logit_probe"]
    assert (lp["output_tokens"].dropna() <= 2).all()
    assert lp["prompt"].str.endswith("nothing else.").all()
    # sample fan-out: every item sent by several of the ring's accounts within ten minutes, never twice by one
    sf = ev[ev["cohort"] == "sample_fanout"].drop_duplicates(["account_id", "prompt"])
    for rid, x in sf.groupby("ring_id"):
        if x["account_id"].nunique() >= 4:
            k = x.groupby("prompt").agg(n=("account_id", "nunique"),
                                        span=("timestamp", lambda s: (s.max() - s.min()).total_seconds()))
            assert (k["n"] >= 4).mean() > .9 and (k["span"] <= 600).all()
    # hosting stowaways: the shared hosts' server addresses and PHP client build
    hs = ev[ev["cohort"] == "hosting_stowaway"]
    host = set(ev.loc[ev["cohort"] == "shared_hosting", "ip"].dropna())
    assert set(hs["ip"].dropna()) & host
    assert hs["user_agent"].dropna().str.startswith("GuzzleHttp/7.8.1").all()


def test_hydra_draw(worlds):
    meta, t, ev, acc = read_world_frames(worlds["hydra"])
    hy = ev[ev["cohort"] == "hydra_reseller"]
    assert hy["account_id"].nunique() >= .05 * N * .9
    ips = hy.dropna(subset=["ip"])
    assert ips.groupby("account_id")["ip"].nunique().max() <= 10
    assert ips["ip"].nunique() <= 230
    # resold ordinary chat mixed with the harvest: real awesome-chatgpt prompts among its requests
    assert .15 < hy["prompt"].isin(AWESOME).mean() < .6
    assert acc.merge(t, on="account_id").query("cohort == 'hydra_reseller'")["payment_method"].nunique() > 100
