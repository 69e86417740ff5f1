"""The ninth independent world generator (benchmarks/world9.py) writes graphhunt's input contract, keeps
its daily limit, plants rings of the requested sizes among the documented cohorts, and is reproducible
from its seed (docs/WORLD9.md). Skipped without ../shared/data (the generator reads it)."""
from __future__ import annotations

import pytest
from _worlds import (ACCOUNT_COLUMNS, EVENT_COLUMNS, TRUTH_COLUMNS, assert_loadable, assert_same_world_again,
                     cli_world_fixture, generator)

pytestmark = pytest.mark.slow  # generator tooling for the benchmark worlds, not the product: run with the slow tests (.ci/run runs them)

w9 = generator("world9")
ARGS = ["--accounts", "1500", "--seed", "5", "--ring-share", "0.03", "--ring-sizes", "small"]
world = cli_world_fixture(w9, ARGS)


def test_contract_cohorts_and_rings(world):
    out, info, ev, truth, ac = world
    assert list(ev.columns) == EVENT_COLUMNS
    assert list(ac.columns) == ACCOUNT_COLUMNS and list(truth.columns) == TRUTH_COLUMNS
    assert len(ac) == 1500 and ac["account_id"].is_unique and truth["account_id"].is_unique
    assert set(truth["account_id"]) == set(ac["account_id"]) >= set(ev["account_id"])
    ring = truth["is_ring"].astype(str).str.lower() == "true"
    assert ring.sum() == round(0.03 * 1500) == info["ring_accounts"]
    assert truth.loc[ring].groupby("ring_id").size().between(3, 15).all()  # "small"
    assert (truth.loc[~ring, "ring_id"] == "").all() and (truth.loc[ring, "variant"] != "").all()
    # the look-alikes the issue names are there, and the generator's own
    assert {"office", "mobile_cgnat", "campus", "household", "vpn_user", "individual",
            "byok_relay", "content_agency", "bench_runner"} <= set(truth["cohort"])
    assert ev["timestamp"].is_monotonic_increasing
    assert_loadable(out, ev, ac)


def test_daily_limit(world):
    _, info, ev, _, _ = world
    per_day = ev.groupby([ev["account_id"], ev["timestamp"].dt.floor("D")]).size()
    assert per_day.max() <= info["platform"]["daily_request_limit_per_account"]


@pytest.mark.slow  # generates the world again (9 s); the default run is near its 10-minute budget
def test_same_seed_same_world(world, tmp_path):
    assert_same_world_again(w9, ARGS, world[0], tmp_path)
