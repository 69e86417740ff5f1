"""The fifth independent world generator (benchmarks/world5.py) writes graphhunt's input contract, keeps its
500/day limit, covers every account in truth.csv and is reproducible from its seed (docs/WORLD5.md)."""
from __future__ import annotations

import pandas as pd
from _worlds import (
    assert_contract,
    assert_loadable,
    assert_seeded,
    generator,
    small_world_truth,
    world_fixtures,
)
import pytest

pytestmark = pytest.mark.slow  # generator tooling for the benchmark worlds, not the product: run with the slow tests (.ci/run runs them)

world5 = generator("world5")
PARAMS = dict(accounts=1200, seed=3, ring_share=0.05, ring_sizes="small", days=4)
ref, world = world_fixtures(world5, PARAMS)


def test_contract_and_truth(world):

    out, summary, ev, truth, ac = world
    assert_contract(ev, truth, ac, PARAMS["accounts"])
    assert set(ev["account_id"]) == set(ac["account_id"])  # every account has events
    small_world_truth(truth, summary, PARAMS)
    assert {"individual", "office", "mobile", "campus", "household", "heavy_app"} <= set(truth["cohort"])
    # window and sign-up order
    assert ev["timestamp"].min() >= world5.START
    assert ev["timestamp"].max() < world5.START + pd.Timedelta(days=PARAMS["days"])
    assert ev["prompt"].str.len().min() > 0 and (ev["output_tokens"] > 0).all()
    assert_loadable(out, ev, ac)


def test_daily_limit(world):
    _, summary, ev, truth, _ = world
    per_day = ev.groupby([ev["account_id"], ev["timestamp"].dt.floor("D")]).size()
    assert per_day.max() <= world5.LIMIT == summary["limit_per_day"]
    coh = truth.set_index("account_id")["cohort"]
    med = per_day.groupby(level=0).median()
    assert med[coh.reindex(med.index) == "heavy_app"].min() >= 0.7 * world5.LIMIT  # near the limit


def test_seeded(tmp_path, world, ref):
    assert_seeded(world5, PARAMS, world[0], tmp_path, ref)
