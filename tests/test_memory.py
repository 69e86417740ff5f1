"""Allocator settings of a command-line run (graphhunt._memory): applied by the console script, recorded
in run.json, switched off by GRAPHHUNT_MEMORY_TUNING=0. Checked in subprocesses: they change the process."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import json, pyarrow as pa
from numpy._core import multiarray as ma
from graphhunt._memory import tune_memory, applied
before = {"hp": ma._get_madvise_hugepage(), "pool": pa.default_memory_pool().backend_name}
done = tune_memory()
print(json.dumps({"before": before, "done": done, "applied": applied(),
                  "hp": ma._get_madvise_hugepage(), "pool": pa.default_memory_pool().backend_name}))
"""


def _probe(env_extra: dict) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **env_extra}
    p = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, check=True)
    return json.loads(p.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc and THP settings are Linux ones")
def test_tune_memory_sets_the_allocators_and_can_be_switched_off():
    r = _probe({"GRAPHHUNT_MEMORY_TUNING": "1"})
    assert r["hp"] is False and r["done"]["numpy_hugepages"] is False
    assert r["pool"] in ("jemalloc", "system") and r["done"]["arrow_pool"] == r["pool"]
    assert r["done"].get("glibc_mmap_threshold") == 1 << 30 and r["applied"] == r["done"]
    off = _probe({"GRAPHHUNT_MEMORY_TUNING": "0"})
    assert off["done"] == {} and off["applied"] == {}
    assert off["hp"] == off["before"]["hp"] and off["pool"] == off["before"]["pool"]


@pytest.mark.slow  # subprocesses / several full pushes: ~10-17 s (the default suite's budget)
def test_the_console_script_applies_them_and_run_json_records_them(tmp_path):
    """... and they change the speed, never the result: the same files with and without them."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("GRAPHHUNT_MEMORY_TUNING", None)
    for name, extra in (("o", {}), ("off", {"GRAPHHUNT_MEMORY_TUNING": "0"})):
        subprocess.run([sys.executable, "-m", "graphhunt", "detect", str(ROOT / "data/sample/events.csv.gz"),
                        "--accounts", str(ROOT / "data/sample/accounts.csv"), "--out", str(tmp_path / name),
                        "--no-report", "-q"], check=True, env={**env, **extra}, cwd=tmp_path)
    out = tmp_path / "o"
    mt = json.loads((out / "run.json").read_text())["memory_tuning"]
    assert mt.get("numpy_hugepages") is False and mt.get("arrow_pool") in ("jemalloc", "system")
    assert json.loads((tmp_path / "off" / "run.json").read_text())["memory_tuning"] == {}
    for f in ("accounts.csv", "rings.csv", "shared.csv", "templates.csv", "hubs.csv"):
        assert (out / f).read_bytes() == (tmp_path / "off" / f).read_bytes(), f
    # the library itself leaves a process's allocators alone: a run in this (pytest) process records none
    import graphhunt as gh
    from graphhunt._memory import applied

    if not applied():
        ev = gh.load_events(ROOT / "data/sample/events.csv.gz")
        assert gh.detect(ev.head(200)).run_info["memory_tuning"] == {}
