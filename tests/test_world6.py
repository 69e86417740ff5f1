"""The sixth independent world generator (benchmarks/world6.py) writes graphhunt's input contract, keeps its
600/day limit, covers every account in truth.csv and is reproducible from its seed (docs/WORLD6.md)."""
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

world6 = generator("world6")
PARAMS = dict(accounts=1500, seed=5, ring_share=0.03, ring_sizes="small", days=4)
ref, world = world_fixtures(world6, PARAMS)


def test_contract_and_truth(world):

    out, summary, ev, truth, ac = world
    assert_contract(ev, truth, ac, PARAMS["accounts"])
    assert set(ev["account_id"]) == set(ac["account_id"])  # every account has events
    ring = small_world_truth(truth, summary, PARAMS)
    infra = {v.split("|")[0] for v in truth.loc[ring, "variant"]}
    assert infra <= {w[0] for w in world6.INFRA}
    assert {"individual", "office", "mobile", "campus", "household", "heavy_app", "vpn_user"} <= set(truth["cohort"])
    # window and sign-up order
    assert ev["timestamp"].min() >= world6.START
    assert ev["timestamp"].max() < world6.START + pd.Timedelta(days=PARAMS["days"])
    assert ev["timestamp"].is_monotonic_increasing
    assert any(":" in x for x in ev["ip"].drop_duplicates())  # carriers and some homes are dual-stack
    assert ev["prompt"].str.len().min() > 0 and (ev["output_tokens"] > 0).all()
    assert ev["payment_method"].isna().any() and ev["payment_method"].notna().any()
    assert_loadable(out, ev, ac)


def test_daily_limit(world):
    _, summary, ev, truth, _ = world
    per_day = ev.groupby([ev["account_id"], ev["timestamp"].dt.floor("D")]).size()
    assert per_day.max() <= world6.LIMIT == summary["limit_per_day"]
    coh = truth.set_index("account_id")["cohort"]
    med = per_day.groupby(level=0).median()
    assert med[coh.reindex(med.index) == "heavy_app"].min() >= 0.4 * world6.LIMIT  # heavy single-account apps


def test_seeded(tmp_path, world, ref):
    assert_seeded(world6, PARAMS, world[0], tmp_path, ref)
