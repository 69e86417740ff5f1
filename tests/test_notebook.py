"""The exploratory notebook runs end to end (converted from its jupytext script, executed with nbclient).

The default test runs it on a small generated world (fast); the ``slow`` one on
the committed sample data, found on its own from the repository root, as a reader
would. The ``finds_sample`` tests run only its loading cells, as a script and in a
kernel, from the repository root and from ``notebooks/``: it must load
data/sample, not simulate another world.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "explore_rings.py"
SAMPLE = ROOT / "data" / "sample"

jupytext = pytest.importorskip("jupytext", reason="pip install graphhunt[test] (jupytext)")
nbclient = pytest.importorskip("nbclient", reason="pip install graphhunt[test] (nbclient)")
pytest.importorskip("matplotlib", reason="pip install graphhunt[notebooks] (matplotlib)")


def _env(data: Path | None, monkeypatch, tmp: Path) -> None:
    if data is None:
        monkeypatch.delenv("GRAPHHUNT_SAMPLE_DIR", raising=False)  # the notebook must find data/sample itself
    else:
        monkeypatch.setenv("GRAPHHUNT_SAMPLE_DIR", str(data))
    # the notebook writes its run directory under tempfile's directory: the test's own, not /tmp
    monkeypatch.setenv("TMPDIR", str(tmp))
    # the kernel must import this checkout's graphhunt, not an installed copy
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))


def _load_cells(nb):
    """The notebook up to the cell that loads the data (imports, finding the sample, loading)."""
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    load = [i for i in code if "gh.load_events(" in nb.cells[i].source]
    assert load, "no cell loads the events any more: update _load_cells"
    nb.cells = nb.cells[:load[0] + 1]
    return nb


def _execute(data: Path | None, monkeypatch, tmp: Path, cwd: Path = NOTEBOOK.parent,
             load_only: bool = False) -> list[dict]:
    """Run the notebook in a Jupyter kernel started in ``cwd`` (a kernel has no ``__file__``)."""
    nb = jupytext.read(NOTEBOOK)
    if load_only:
        nb = _load_cells(nb)
    _env(data, monkeypatch, tmp)
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(cwd)}})
    client.execute()  # raises CellExecutionError on any failing cell
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def _stream(outputs: list[dict]) -> str:
    return "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")


def _check_sample(text: str, tmp: Path) -> None:
    """The notebook loaded data/sample: its path and its counts, computed here from the files; nothing simulated."""
    import pandas as pd

    ev = pd.read_csv(next(SAMPLE.glob("events.*")), usecols=["account_id"])
    assert f"data: {SAMPLE.resolve()}" in text.splitlines(), text
    assert f"{len(ev):,} events from {ev['account_id'].nunique():,} accounts" in text, text
    assert "SIMULATING" not in text
    assert not list(tmp.glob("graphhunt-sample-*"))


def _check(outputs: list[dict]) -> None:
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = _stream(outputs)
    assert "ring-0001" in text and "Evidence sum" in text  # the ring explanation
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


needs_sample = pytest.mark.skipif(not any(SAMPLE.glob("events.*")), reason="data/sample/ not committed yet")


@needs_sample
@pytest.mark.parametrize("cwd", [ROOT, ROOT / "notebooks"], ids=["repo-root", "notebooks"])
def test_notebook_finds_sample_in_kernel(cwd, tmp_path, monkeypatch):
    """A Jupyter kernel (no __file__) started at the repository root or in notebooks/ loads data/sample."""
    _check_sample(_stream(_execute(None, monkeypatch, tmp_path, cwd=cwd, load_only=True)), tmp_path)


@needs_sample
@pytest.mark.parametrize("cwd", ["repo-root", "notebooks", "elsewhere"])
def test_notebook_finds_sample_as_script(cwd, tmp_path, monkeypatch):
    """``python notebooks/explore_rings.py`` (its loading cells) from the repository root, notebooks/ or
    another directory loads data/sample, found from the script's own ``__file__``."""
    src = "\n\n".join(c.source for c in _load_cells(jupytext.read(NOTEBOOK)).cells if c.cell_type == "code")
    _env(None, monkeypatch, tmp_path)
    work = {"repo-root": ROOT, "notebooks": NOTEBOOK.parent, "elsewhere": tmp_path}[cwd]
    run = ("import sys; f = sys.argv[1]; "
           "exec(compile(sys.stdin.read(), f, 'exec'), {'__name__': '__main__', '__file__': f})")
    script = os.path.relpath(NOTEBOOK, work)  # as typed: python notebooks/explore_rings.py
    p = subprocess.run([sys.executable, "-c", run, script], input=src, cwd=work, capture_output=True, text=True,
                       env={**os.environ, "MPLBACKEND": "Agg"}, timeout=300)
    assert p.returncode == 0, p.stderr
    _check_sample(p.stdout, tmp_path)


def test_notebook_simulates_only_without_sample(tmp_path, monkeypatch):
    """No data/sample above the kernel's directory and no GRAPHHUNT_SAMPLE_DIR: it says it simulates, and the
    simulated world is removed when the kernel exits."""
    work = tmp_path / "elsewhere"
    work.mkdir()
    if any((d / "data" / "sample").is_dir() for d in (work, *work.parents)):
        pytest.skip("the test's temporary directory lies under a data/sample")
    text = _stream(_execute(None, monkeypatch, tmp_path, cwd=work, load_only=True))
    assert "SIMULATING" in text and "3,000 accounts" in text
    assert not list(tmp_path.glob("graphhunt-sample-*"))  # the kernel has exited


def test_notebook_sample_dir_must_hold_events(tmp_path, monkeypatch):
    """GRAPHHUNT_SAMPLE_DIR pointing at a directory without events is an error, not a silent simulation."""
    (tmp_path / "empty").mkdir()
    with pytest.raises(nbclient.exceptions.CellExecutionError, match="GRAPHHUNT_SAMPLE_DIR"):
        _execute(tmp_path / "empty", monkeypatch, tmp_path, load_only=True)


@pytest.mark.slow
@needs_sample
def test_notebook_on_sample_data(tmp_path, monkeypatch):
    """The whole notebook on data/sample, in a kernel started at the repository root, found without
    GRAPHHUNT_SAMPLE_DIR."""
    outputs = _execute(None, monkeypatch, tmp_path, cwd=ROOT)
    _check(outputs)
    _check_sample(_stream(outputs), tmp_path)
