"""The eighth independent world generator (benchmarks/world8.py) writes graphhunt's input contract, keeps
its daily limits, plants rings of the requested sizes among the documented cohorts, and is reproducible
from its seed (docs/WORLD8.md). Skipped without ../shared/data (the generator reads it)."""
from __future__ import annotations

from _worlds import (ACCOUNT_COLUMNS, EVENT_COLUMNS, TRUTH_COLUMNS, assert_loadable, assert_same_world_again,
                     cli_world_fixture, generator)
import pytest

pytestmark = pytest.mark.slow  # generator tooling for the benchmark worlds, not the product: run with the slow tests (.ci/run runs them)

w8 = generator("world8")
ARGS = ["--accounts", "1500", "--seed", "5", "--ring-share", "0.03", "--ring-sizes", "small"]
world = cli_world_fixture(w8, ARGS)


def test_contract_cohorts_and_rings(world):
    out, info, ev, truth, ac = world
    assert sorted(ev.columns) == sorted(EVENT_COLUMNS)  # (model before api_key_id here)
    assert list(ac.columns) == ACCOUNT_COLUMNS and list(truth.columns) == TRUTH_COLUMNS
    assert len(ac) == 1500 and ac["account_id"].is_unique and truth["account_id"].is_unique
    assert set(truth["account_id"]) == set(ac["account_id"]) >= set(ev["account_id"])
    ring = truth["is_ring"].astype(str).str.lower() == "true"
    assert ring.sum() == round(0.03 * 1500) == info["counts"]["ring_accounts"]
    assert truth.loc[ring].groupby("ring_id").size().between(3, 15).all()  # "small"
    assert (truth.loc[~ring, "ring_id"] == "").all() and (truth.loc[ring, "variant"] != "").all()
    # the look-alikes the issue names are there
    assert {"office", "mobile_cgnat", "campus", "household", "vpn_user", "heavy_app", "individual"} <= set(truth["cohort"])
    assert_loadable(out, ev, ac)


def test_daily_limit(world):
    _, info, ev, _, _ = world
    per_day = ev.groupby([ev["account_id"], ev["timestamp"].dt.floor("D")]).size()
    assert per_day.max() <= info["limits"]["daily_requests_per_account"]


def test_same_seed_same_world(world, tmp_path):
    assert_same_world_again(w8, ARGS, world[0], tmp_path)
