"""Write a result to a directory, atomically, and read it back.

Files (see README "Outputs"): ``accounts.csv``, ``rings.csv``, ``edges.parquet``,
``shared.csv`` (what each ring's members share), ``templates.csv`` (template
ids, counts, redacted exemplars), ``hubs.csv`` (attributes graphhunt did not link: ``status`` "hub", too many
holders, or "crowd", an address of a busy network),
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

import errno
import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

import pandas as pd

__all__ = ["atomic_write", "write_result", "write_edges", "read_result", "OUTPUT_FILES", "FILE_MODE"]


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


#: edges.parquet row groups (the file repeats the account-id dictionary once per row group and column)
EDGE_ROW_GROUP = 1 << 22


def _edge_codes(result):
    """``(src_codes, dst_codes, account_ids)`` when ``result.edges`` is exactly the link graph's edges
    with codes mapped to ids (as :func:`graphhunt.detector._run` builds it), else None."""
    import numpy as np

    from ..detector import LazyEdges

    lazy = getattr(result, "__dict__", {}).get("_edges")
    if isinstance(lazy, LazyEdges):  # nobody read result.edges: the codes are it
        src, dst = lazy.coded["src"].to_numpy(), lazy.coded["dst"].to_numpy()
        return (src, dst, lazy.account_ids) if len(src) else None
    lg = getattr(result, "graph_source", None)
    le = getattr(lg, "edges", None)
    ids = getattr(lg, "account_ids", None)
    e = result.edges
    if le is None or ids is None or len(le) != len(e) or list(le.columns) != list(e.columns) or len(e) == 0:
        return None
    if not all(c == "src" or c == "dst" or np.array_equal(le[c].to_numpy(), e[c].to_numpy()) for c in e.columns):
        return None
    src, dst = le["src"].to_numpy(), le["dst"].to_numpy()
    if not (np.issubdtype(src.dtype, np.integer) and np.issubdtype(dst.dtype, np.integer)):
        return None
    # spot check that the id columns are those codes mapped to ids (nobody renamed or reordered them)
    probe = np.unique(np.linspace(0, len(e) - 1, num=min(len(e), 256)).astype(np.int64))
    ids_arr = np.asarray(ids, dtype=object)
    if not (np.array_equal(ids_arr[src[probe]].astype(str), e["src"].iloc[probe].to_numpy().astype(str))
            and np.array_equal(ids_arr[dst[probe]].astype(str), e["dst"].iloc[probe].to_numpy().astype(str))):
        return None
    return src, dst, ids


def not_linked(attributes: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``hubs.csv``: attributes ignored as hubs, then those ignored as crowd addresses.

    Each part is sorted by holders, most first. Before session 18 the file held hubs only.
    """
    a = attributes[attributes["status"].isin(["hub", "crowd"])].drop(columns=["attr"], errors="ignore")
    return a.assign(_crowd=a["status"].eq("crowd")).sort_values(
        ["_crowd", "n_accounts", "link_type", "attribute"], ascending=[True, False, True, True],
        kind="stable").drop(columns="_crowd")


def write_edges(result, path: str | Path) -> None:
    """Write ``result.edges`` to ``path`` (Parquet).

    When the edges are the link graph's (the normal case), ``src``/``dst`` are
    written straight from the account codes as dictionary-encoded string columns
    (the ids are not materialised and hashed again per edge): 3x faster on 18M
    edges. The file holds plain string columns either way (no Arrow schema is
    stored, so readers get strings, not categoricals) and the same values.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    codes = _edge_codes(result)
    if codes is None:
        result.edges.to_parquet(path, index=False)
        return
    src, dst, ids = codes
    dictionary = pa.array(np.asarray(ids, dtype=object).astype(str), pa.string())
    cols = {"src": pa.DictionaryArray.from_arrays(pa.array(src.astype(np.int32)), dictionary),
            "dst": pa.DictionaryArray.from_arrays(pa.array(dst.astype(np.int32)), dictionary)}
    from ..detector import LazyEdges

    lazy = getattr(result, "__dict__", {}).get("_edges")
    frame = lazy.coded if isinstance(lazy, LazyEdges) else result.edges
    for c in frame.columns:
        if c not in cols:
            cols[c] = pa.array(frame[c].to_numpy())
    table = pa.table({c: cols[c] for c in frame.columns})
    # no min/max statistics: nothing filters edges.parquet by row-group statistics (explain.py reads it
    # whole and filters in Arrow), and computing them over the id dictionaries took 40 % of the write
    pq.write_table(table, path, store_schema=False, row_group_size=EDGE_ROW_GROUP, write_statistics=False)


def write_result(result, out_dir: str | Path, extra_run_info: dict | None = None) -> Path:
    """Write a :class:`~graphhunt.DetectionResult` into ``out_dir`` (created if needed)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    acc = result.accounts[["account_id", "ring_id", "risk_score", "flagged", "reasons"]]
    staged: list[tuple[Path, Callable[[Path], Any]]] = [
        (out / "accounts.csv", lambda p: acc.to_csv(p, index=False)),
        (out / "rings.csv", lambda p: result.rings.drop(columns=["community"], errors="ignore").to_csv(
            p, index=False, float_format="%.4f")),
        (out / "edges.parquet", lambda p: write_edges(result, p)),
        (out / "shared.csv", lambda p: result.shared.drop(columns=["community"], errors="ignore").to_csv(
            p, index=False, float_format="%.4f")),
        (out / "templates.csv", lambda p: result.templates.drop(columns=["family"], errors="ignore").to_csv(
            p, index=False)),
        (out / "hubs.csv", lambda p: not_linked(result.attributes).to_csv(p, index=False)),
    ]
    for name in ("incidence", "timeline", "members"):  # optional: results built by older code may lack them
        df = getattr(result, name, None)
        if df is not None:
            staged.append((out / f"{name}.parquet", lambda p, df=df: df.to_parquet(p, index=False)))
    # a directory where a result file goes would fail the move below, after other files had moved in:
    # refused before anything is written (the previous result stays whole)
    for final in [f for f, _ in staged] + [out / "run.json", out / "report.html"]:
        if final.is_dir():
            raise IsADirectoryError(errno.EISDIR, "a directory is in the way of a result file (nothing was "
                                    "written; move it away)", str(final))
    # write every file under a temporary name first; move them in only when all succeeded.
    # edges.parquet (the largest file; Arrow writes it without the GIL) is written by a second thread
    # while this one formats the CSVs: 18.5M edges take 1.5-2 s, about as long as all the others
    from concurrent.futures import ThreadPoolExecutor

    temps = []
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="graphhunt-write")
    pending = []
    try:
        for final, writer in sorted(staged, key=lambda fw: fw[0].name != "edges.parquet"):
            fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=out)
            os.fchmod(fd, FILE_MODE)
            os.close(fd)
            temps.append((Path(tmp), final))
            if final.name == "edges.parquet":
                pending.append(pool.submit(writer, Path(tmp)))
            else:
                writer(Path(tmp))
        for fut in pending:
            fut.result()
        info = dict(result.run_info)
        if extra_run_info:
            info.update(extra_run_info)
        fd, tmp = tempfile.mkstemp(prefix=".run.json.", suffix=".tmp", dir=out)
        os.fchmod(fd, FILE_MODE)
        os.close(fd)
        temps.append((Path(tmp), out / "run.json"))
        Path(tmp).write_text(json.dumps(info, indent=2, default=str), encoding="utf-8")
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)  # the edges writer must not write after the cleanup
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise
    pool.shutdown(wait=True)
    for i, (tmp, final) in enumerate(temps):  # run.json last
        try:
            os.replace(tmp, final)
        except OSError as e:
            for t, _ in temps[i:]:
                t.unlink(missing_ok=True)
            from ..errors import SinkError

            done = ", ".join(f.name for _, f in temps[:i]) or "none"
            raise SinkError(f"cannot move {final.name} into {out}: {e.strerror or e}; the files already moved "
                            f"in are this run's ({done}), the others the previous run's, and run.json is the "
                            f"previous run's; fix the problem and run again") from None
    # a report.html left by an earlier run into this directory describes results that are gone now
    # (a `--no-report` run, or a report that failed, would leave it beside the new files)
    (out / "report.html").unlink(missing_ok=True)
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
    for name in ("accounts", "rings", "shared", "templates", "hubs", "changes"):  # changes: refresh outputs
        p = out / f"{name}.csv"
        if p.exists():
            res[name] = pd.read_csv(p, keep_default_na=False, na_values=[""],
                                    dtype={"ring_id": str, "account_id": str, "reasons": str, "from_ids": str,
                                           "to_ids": str, "run_id": str, "added_accounts": str,
                                           "removed_accounts": str})
    for name in (("edges",) if edges else ()) + ("incidence", "timeline", "members"):
        if (out / f"{name}.parquet").exists():
            res[name] = pd.read_parquet(out / f"{name}.parquet")
    return res
