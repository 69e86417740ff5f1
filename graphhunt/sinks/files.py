"""Write a result to a directory, atomically, and read it back.

Files (see README "Outputs"): ``accounts.csv``, ``rings.csv``, ``edges.parquet``,
``shared.csv`` (what each ring's members share), ``templates.csv`` (template
ids, counts, redacted exemplars), ``hubs.csv`` (attributes dropped as hubs),
``incidence.parquet`` (which account used which attribute: counts, first/last seen),
``run.json`` (config, versions, input fingerprints, counts, timings); and, for
the report, ``timeline.parquet`` (requests and active accounts per ring and
time bucket; ``ring_id "*"`` = all traffic) and ``members.parquet`` (per ring
member: sign-up time, first/last seen, events, fit, risk).

Every file is written to a temporary name in the same directory and moved
into place with :func:`os.replace`; ``run.json`` goes last, so a directory whose
``run.json`` is present holds a complete result, and a failed run leaves the
previous result untouched.
"""
from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

import pandas as pd

__all__ = ["atomic_write", "write_result", "read_result", "OUTPUT_FILES", "FILE_MODE"]


def _umask() -> int:
    m = os.umask(0)
    os.umask(m)
    return m


#: mode of files we create (mkstemp would leave 0600): what open() would give
FILE_MODE = 0o666 & ~_umask()

OUTPUT_FILES = ["accounts.csv", "rings.csv", "edges.parquet", "shared.csv", "templates.csv", "hubs.csv",
                "incidence.parquet", "timeline.parquet", "members.parquet", "run.json"]


@contextmanager
def atomic_write(path: str | Path, mode: str = "w") -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success it replaces ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.fchmod(fd, FILE_MODE)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, path)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def _write(path: Path, writer: Callable[[Path], Any]) -> None:
    with atomic_write(path) as tmp:
        writer(tmp)


def write_result(result, out_dir: str | Path, extra_run_info: dict | None = None) -> Path:
    """Write a :class:`~graphhunt.DetectionResult` into ``out_dir`` (created if needed)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    acc = result.accounts[["account_id", "ring_id", "risk_score", "flagged", "reasons"]]
    staged: list[tuple[Path, Callable[[Path], Any]]] = [
        (out / "accounts.csv", lambda p: acc.to_csv(p, index=False)),
        (out / "rings.csv", lambda p: result.rings.drop(columns=["community"], errors="ignore").to_csv(
            p, index=False, float_format="%.4f")),
        (out / "edges.parquet", lambda p: result.edges.to_parquet(p, index=False)),
        (out / "shared.csv", lambda p: result.shared.drop(columns=["community"], errors="ignore").to_csv(
            p, index=False, float_format="%.4f")),
        (out / "templates.csv", lambda p: result.templates.drop(columns=["family"], errors="ignore").to_csv(
            p, index=False)),
        (out / "hubs.csv", lambda p: result.attributes[result.attributes["status"] == "hub"].drop(
            columns=["attr"], errors="ignore").sort_values("n_accounts", ascending=False).to_csv(p, index=False)),
    ]
    for name in ("incidence", "timeline", "members"):  # optional: results built by older code may lack them
        df = getattr(result, name, None)
        if df is not None:
            staged.append((out / f"{name}.parquet", lambda p, df=df: df.to_parquet(p, index=False)))
    # write every file under a temporary name first; move them in only when all succeeded
    temps = []
    try:
        for final, writer in staged:
            fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=out)
            os.fchmod(fd, FILE_MODE)
            os.close(fd)
            temps.append((Path(tmp), final))
            writer(Path(tmp))
        info = dict(result.run_info)
        if extra_run_info:
            info.update(extra_run_info)
        fd, tmp = tempfile.mkstemp(prefix=".run.json.", suffix=".tmp", dir=out)
        os.fchmod(fd, FILE_MODE)
        os.close(fd)
        temps.append((Path(tmp), out / "run.json"))
        Path(tmp).write_text(json.dumps(info, indent=2, default=str), encoding="utf-8")
    except BaseException:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, final in temps:  # run.json last
        os.replace(tmp, final)
    return out


def read_result(out_dir: str | Path, edges: bool = True) -> dict[str, Any]:
    """Read a written result back: DataFrames keyed by file stem, plus ``run`` (run.json).

    ``edges=False`` skips ``edges.parquet`` (the largest file) for callers that read it filtered.
    """
    out = Path(out_dir)
    if not (out / "run.json").exists():
        from ..errors import InputError

        raise InputError("no complete graphhunt result here (run.json missing)", file=str(out),
                         fix="run `graphhunt detect EVENTS --out DIR` first")
    res: dict[str, Any] = {"run": json.loads((out / "run.json").read_text(encoding="utf-8"))}
    for name in ("accounts", "rings", "shared", "templates", "hubs"):
        p = out / f"{name}.csv"
        if p.exists():
            res[name] = pd.read_csv(p, keep_default_na=False, na_values=[""],
                                    dtype={"ring_id": str, "account_id": str, "reasons": str})
    for name in (("edges",) if edges else ()) + ("incidence", "timeline", "members"):
        if (out / f"{name}.parquet").exists():
            res[name] = pd.read_parquet(out / f"{name}.parquet")
    return res
