"""The exploratory notebook runs end to end (converted from its jupytext script, executed with nbclient).

The default test runs it on a small generated world (fast); the ``slow`` one on
the committed sample data, as a reader would.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "explore_rings.py"
SAMPLE = ROOT / "data" / "sample"

jupytext = pytest.importorskip("jupytext", reason="pip install graphhunt[test] (jupytext)")
nbclient = pytest.importorskip("nbclient", reason="pip install graphhunt[test] (nbclient)")
pytest.importorskip("matplotlib", reason="pip install graphhunt[notebooks] (matplotlib)")


def _execute(data: Path, monkeypatch, tmp: Path) -> list[dict]:
    nb = jupytext.read(NOTEBOOK)
    monkeypatch.setenv("GRAPHHUNT_SAMPLE_DIR", str(data))
    # the notebook writes its run directory under tempfile's directory: the test's own, not /tmp
    monkeypatch.setenv("TMPDIR", str(tmp))
    # the kernel must import this checkout's graphhunt, not an installed copy
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError on any failing cell
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def _check(outputs: list[dict]) -> None:
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert "ring-0001" in text and "evidence sum" in text  # the ring explanation
    assert "is a member of" in text  # the account-level explanation
    assert len([o for o in outputs if "image/png" in o.get("data", {})]) >= 3  # ring graph, sweep, overview
    sweep = [o["data"]["text/plain"] for o in outputs
             if "resolution" in o.get("data", {}).get("text/plain", "") and "flagged rings" in o["data"]["text/plain"]]
    assert sweep and len(sweep[0].strip().splitlines()) == 2 + 4  # header, index name, one row per resolution


def test_notebook_executes(tmp_path, monkeypatch):
    from _report_world import make_world

    make_world(tmp_path / "sample", n_benign=80, ring_sizes=(10, 8), n_office=10)
    _check(_execute(tmp_path / "sample", monkeypatch, tmp_path))
    assert len(list(tmp_path.glob("graphhunt-run-*/run.json"))) == 1


@pytest.mark.slow
@pytest.mark.skipif(not any(SAMPLE.glob("events.*")), reason="data/sample/ not committed yet")
def test_notebook_on_sample_data(tmp_path, monkeypatch):
    _check(_execute(SAMPLE, monkeypatch, tmp_path))
