"""The seventh independent world generator (benchmarks/world7.py) writes graphhunt's input contract (an accounts
export without email domain and organisation), keeps its 250/day limit, logs prompt text for the documented
share of requests only, and is reproducible from its seed (docs/WORLD7.md)."""
from __future__ import annotations

import pandas as pd
from _worlds import (
    EVENT_COLUMNS,
    TRUTH_COLUMNS,
    assert_loadable,
    assert_seeded,
    generator,
    small_world_truth,
    world_fixtures,
)
import pytest

pytestmark = pytest.mark.slow  # generator tooling for the benchmark worlds, not the product: run with the slow tests (.ci/run runs them)

world7 = generator("world7")
PARAMS = {"accounts": 1500, "seed": 5, "ring_share": 0.03, "ring_sizes": "small", "days": 6}
ref, world = world_fixtures(world7, PARAMS)


def test_contract_and_truth(world):

    out, summary, ev, truth, ac = world
    assert list(ev.columns) == EVENT_COLUMNS
    assert list(ac.columns) == ["account_id", "created_at", "payment_method", "country"]  # no email, no org
    assert list(truth.columns) == TRUTH_COLUMNS
    assert len(ac) == PARAMS["accounts"] and ac["account_id"].is_unique and truth["account_id"].is_unique
    assert set(truth["account_id"]) == set(ac["account_id"]) >= set(ev["account_id"])
    assert summary["logging"]["accounts_without_events"] == len(ac) - ev["account_id"].nunique() > 0
    small_world_truth(truth, summary, PARAMS)
    assert {"individual", "mobile", "household", "office", "vpn_user", "hackathon", "course", "saas_tenant",
            "research_group", "heavy_app", "ring"} == set(truth["cohort"])
    assert ev["timestamp"].min() >= world7.START
    assert ev["timestamp"].max() < world7.START + pd.Timedelta(days=PARAMS["days"])
    assert ev["timestamp"].is_monotonic_increasing
    assert ev["output_tokens"].notna().all() and (ev["output_tokens"] > 0).all()
    assert ev["payment_method"].isna().any() and ev["payment_method"].notna().any()
    assert_loadable(out, ev, ac)


def test_daily_limit(world):
    _, summary, ev, truth, _ = world
    per_day = ev.groupby([ev["account_id"], ev["timestamp"].dt.floor("D")]).size()
    assert per_day.max() <= world7.LIMIT == summary["limit_per_day"]
    assert summary["rejected_over_limit"] > 0
    coh = truth.set_index("account_id")["cohort"]
    heavy = per_day[coh.reindex(per_day.index.get_level_values(0)).to_numpy() == "heavy_app"]
    assert heavy.max() == world7.LIMIT  # heavy single-account apps run into the limit


def test_prompt_logging_and_user_agents(world):
    _, summary, ev, truth, _ = world
    zdr = set(truth.loc[truth["variant"].str.split("|").map(lambda v: "zdr" in v), "account_id"])
    assert zdr and summary["logging"]["zdr_accounts"] == len(zdr)
    in_zdr = ev["account_id"].isin(zdr)
    assert ev.loc[in_zdr, "prompt"].isna().all()  # zero data retention: never logged
    share = ev.loc[~in_zdr, "prompt"].notna().mean()
    assert abs(share - world7.LOG_RATE) < 0.01, share  # a per-request sample of the rest
    assert ev["prompt"].dropna().str.len().min() > 0
    i0, i1 = (pd.Timestamp(x) for x in summary["ua_incident"])
    inc = (ev["timestamp"] >= i0) & (ev["timestamp"] < i1)
    assert inc.any() and ev.loc[inc, "user_agent"].isna().all()  # the logging incident
    assert ev.loc[~inc, "user_agent"].isna().any() and ev.loc[~inc, "user_agent"].notna().mean() > 0.8


def test_seeded(tmp_path, world, ref):
    assert_seeded(world7, PARAMS, world[0], tmp_path, ref)
