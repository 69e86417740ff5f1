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

Moving the files in is not one atomic step, so it is journalled: before the first
move, the previous result's files are hard-linked into ``.graphhunt-previous/``,
a journal (``.graphhunt-publish.json``, fsync'd) lists what is replaced and the new
``run.json``'s SHA-256, and the previous ``run.json`` is removed. A process killed
during the moves (``kill -9``, the OOM killer) leaves the journal; the next
:func:`write_result` or :func:`read_result` on the directory puts the previous
result back (or, if the new ``run.json`` is in place, completes the new one), so a
directory never mixes two runs' files. Writers hold a lock on the directory (``flock``
on the directory itself) from their first step to their last, so two runs into one
directory take turns and a reader never repairs a publish that is still running.
The result files themselves are not fsync'd: after a power cut the file system may
hold an incomplete last result (refresh's state directory is fsync'd, each generation's outputs included).
"""
from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

import pandas as pd

__all__ = ["atomic_write", "write_result", "write_edges", "read_result", "recover_publish", "publish_lock", "run_digest",
           "OUTPUT_FILES", "FILE_MODE"]


def _umask() -> int:
    m = os.umask(0)
    os.umask(m)
    return m


#: mode of files we create (mkstemp would leave 0600): what open() would give
FILE_MODE = 0o666 & ~_umask()

OUTPUT_FILES = ["accounts.csv", "rings.csv", "edges.parquet", "shared.csv", "templates.csv", "hubs.csv",
                "incidence.parquet", "timeline.parquet", "members.parquet", "run.json"]


def refuse_result_file(path: str | Path, what: str, allow: tuple[str, ...] = ()) -> None:
    """Refuse an output of another command (``report -o``, ``export -o``, ``evaluate --json``) that would
    replace a file of a graphhunt result or refresh state directory (``rings.csv``, ``run.json``, ...;
    ``allow``: names that command writes there itself, as ``report.html``). A QA pass: ``report -o
    run/rings.csv`` replaced the ring table with HTML, exit 0, and every later reader failed."""
    from ..io import _graphhunt_dir

    path = Path(path)
    d = path.parent
    if not _graphhunt_dir(d):
        return
    state = (d / "manifest.json").is_file()
    ours = (set(OUTPUT_FILES) | {"report.html", "changes.csv"}) - set(allow)
    if path.name in ours or (state and path.exists() and path.name not in allow):
        from ..errors import InputError

        kind = "refresh state" if state else "result"
        raise InputError(f"would replace {path.name} of the graphhunt {kind} in {d}", file=str(path),
                         fix=f"write the {what} to another file or directory")


def refuse_directory(path: Path, what: str, example: str) -> None:
    """An output that is one file, given a directory: bad input naming it (the atomic write's error
    named a temporary file beside it, with exit 6). ``example``: a file name to suggest inside it."""
    if path.is_dir():
        from ..errors import InputError

        raise InputError(f"is a directory; the {what} is one file", file=str(path),
                         fix=f"give a file name, e.g. --out {path / example}")


def probe_writable(out: str | Path) -> Path | None:
    """Check, before any work, that the directory ``out`` can be written: a file (or, when ``out`` does not
    exist yet, a directory) is created and removed where it would go. Returns the directory probed (``out``
    or its nearest existing parent; None when none exists); raises the ``OSError`` (read-only disk, no
    permission). ``detect --out`` and ``refresh --out`` call it before their runs."""
    out = Path(out)
    probe = out if out.is_dir() else next((p for p in out.absolute().parents if p.exists()), None)
    if probe is not None and probe.is_dir():
        if out.is_dir():
            with tempfile.TemporaryFile(dir=probe):
                pass
        else:
            tempfile.TemporaryDirectory(dir=probe).cleanup()
    return probe


def temp_beside(final: Path, directory: str | Path | None = None) -> Path:
    """A new empty temporary file for ``final`` (``.NAME.<writer token>.<random>.tmp``, mode :data:`FILE_MODE`)
    in ``directory`` (default: ``final``'s). When it cannot be created (a read-only or missing directory) the
    error names ``final``, the file the user asked for, not a temporary name they never gave."""
    final = Path(final)
    where = Path(directory) if directory is not None else final.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.{writer_token()}.", suffix=".tmp", dir=where)
    except OSError as e:
        raise OSError(e.errno, e.strerror or str(e), str(final)) from None
    try:
        os.fchmod(fd, FILE_MODE)
    except BaseException:
        os.close(fd)
        Path(tmp).unlink(missing_ok=True)
        raise
    os.close(fd)
    return Path(tmp)


@contextmanager
def atomic_write(path: str | Path, mode: str = "w") -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success it replaces ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp_path = temp_beside(path)
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


#: the journal of a publish in progress, and the previous result's files while it runs
JOURNAL = ".graphhunt-publish.json"
PREVIOUS = ".graphhunt-previous"
#: temporary files of a writer are named ``.NAME.gh<pid>x<process start>.<random>.tmp``: a later run
#: removes those of writers that are no longer running (the start time tells a reused pid apart)
TEMP_TAG = "gh"
#: how long a reader that finds a publish in progress waits for it before giving up
READ_WAIT_S = 60.0


def _fsync_dir(d: Path) -> None:
    try:
        fd = os.open(d, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _start_time(pid: int) -> str:
    """A process's start time (clock ticks since boot, Linux /proc), "0" where unknown."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[19].decode()
    except (OSError, IndexError):
        return "0"


def writer_token() -> str:
    """This process's tag for its temporary files' names (see :data:`TEMP_TAG`)."""
    return f"{TEMP_TAG}{os.getpid()}x{_start_time(os.getpid())}"


def _token_alive(token: str) -> bool:
    try:
        pid_s, start = token[len(TEMP_TAG):].split("x", 1)
        pid = int(pid_s)
    except ValueError:
        return True  # not ours: leave it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        pass  # exists, someone else's
    return start == "0" or _start_time(pid) in ("0", start)


def _remove_dead_temps(out: Path) -> None:
    """Temporary files of result writers that are no longer running (killed before their journal
    existed). Only names with the writer tag are touched."""
    for p in out.glob(f".*.{TEMP_TAG}*.tmp"):
        parts = p.name.split(".")
        token = next((x for x in parts if x.startswith(TEMP_TAG) and "x" in x), None)
        if token is not None and not _token_alive(token):
            p.unlink(missing_ok=True)


@contextmanager
def publish_lock(out_dir: str | Path, wait_s: float | None = None) -> Iterator[bool]:
    """Hold the directory's publish lock (``fcntl.flock`` on the directory itself: no lock file is left
    in it); yields True when held.

    ``wait_s`` None waits as long as it takes (writers: a second run into the same directory waits
    for the first); a number gives up after that many seconds and yields False (readers).
    """
    import fcntl
    import time

    out = Path(out_dir)
    fd = os.open(out, os.O_RDONLY)
    try:
        deadline = None if wait_s is None else time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (fcntl.LOCK_NB if deadline is not None else 0))
                held = True
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    held = False
                    break
                time.sleep(0.2)
        try:
            yield held
        finally:
            if held:
                fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _sha256(path: Path) -> str:
    from ..io import file_fingerprint  # (the project's one chunked file hash)

    return file_fingerprint(path)["sha256"]


def _plain_name(name: Any) -> bool:
    """A file name with no directory part (what :func:`_publish` writes into a journal).

    >>> [_plain_name(n) for n in ["rings.csv", ".rings.csv.gh1x2.abc.tmp", "../x", "a/b", "..", "", None]]
    [True, True, False, False, False, False, False]
    """
    return (isinstance(name, str) and name not in ("", ".", "..") and "/" not in name and "\0" not in name
            and (os.sep == "/" or os.sep not in name))


def _recover(out: Path) -> str | None:
    """:func:`recover_publish` for a caller that holds the publish lock."""
    journal, prev = out / JOURNAL, out / PREVIOUS
    if not journal.exists():
        if prev.exists():  # killed before its journal was written: nothing had been replaced
            shutil.rmtree(prev)
        if out.is_dir():
            _remove_dead_temps(out)
        return None
    try:
        j = json.loads(journal.read_text(encoding="utf-8"))
        replaced, added, temps, run_sha = j["replaced"], j["added"], j["temps"], j["run_json_sha256"]
        # names of files in this directory only: a journal naming "../x" made every reader (explain, report)
        # delete or move files outside it (a run directory received from someone else; tester 59)
        if not all(isinstance(x, list) for x in (replaced, added, temps)):
            raise ValueError("its file lists are not lists")
        odd = [n for n in [*replaced, *added, *temps] if not _plain_name(n)]
        if odd:
            raise ValueError(f"it names {odd[0]!r}, which is not a file of this directory")
    except (ValueError, KeyError, TypeError) as e:
        from ..errors import InputError

        raise InputError(f"unreadable publish journal ({e}); the previous result's files are in {PREVIOUS}/",
                         file=str(journal), fix="move the files you want to keep into place, delete the journal and "
                                                "run again") from None
    # the new run.json in place (by its content: a restore that was itself interrupted has put the
    # previous one back) means every other file of the new result was moved in before it
    run = out / "run.json"
    done = run.exists() and _sha256(run) == run_sha
    if done:
        if "report.html" not in added + replaced:  # the previous run's report described the previous result
            (out / "report.html").unlink(missing_ok=True)
        state = "completed"
    else:
        for name in replaced:
            if (prev / name).exists():
                os.replace(prev / name, out / name)
        for name in added:
            (out / name).unlink(missing_ok=True)
        state = "restored"
    _fsync_dir(out)
    shutil.rmtree(prev, ignore_errors=True)  # (a restore has moved back what it needed from here)
    journal.unlink()  # the decision is made and carried out: from here the temporaries are only litter
    for t in temps:
        (out / t).unlink(missing_ok=True)
    _remove_dead_temps(out)
    _fsync_dir(out)
    return state


def recover_publish(out_dir: str | Path, wait_s: float | None = None) -> str | None:
    """Finish or undo a publish of :func:`write_result` that was interrupted in ``out_dir``.

    Returns ``"restored"`` (the previous result is back), ``"completed"`` (the new ``run.json`` was
    already in place: the new result stands) or ``None`` (nothing was interrupted). Takes the publish
    lock, so a publish that is still running is never touched (``wait_s``: give up after that long and
    raise :class:`BlockingIOError`). Raises :class:`OSError` when the directory cannot be repaired
    (e.g. read-only).
    """
    out = Path(out_dir)
    with publish_lock(out, wait_s) as held:
        if not held:
            raise BlockingIOError(errno.EWOULDBLOCK, "another process is writing a result into this directory",
                                  str(out))
        return _recover(out)


def _publish(out: Path, temps: list[tuple[Path, Path]]) -> None:
    """Move the written temporary files into place (``run.json`` last), journalled (module docstring).
    The caller holds the publish lock. A ``report.html`` already in ``out`` is removed unless ``temps``
    bring a new one. An interrupt once the new ``run.json`` is in place says that the new result is
    complete (``graphhunt_message``)."""
    prev = out / PREVIOUS
    if prev.exists():
        shutil.rmtree(prev)
    try:
        prev.mkdir()
        replaced, added = [], []
        for _, final in temps:
            if final.exists():
                try:
                    os.link(final, prev / final.name)
                except OSError:  # a file system without hard links
                    shutil.copy2(final, prev / final.name)
                replaced.append(final.name)
            else:
                added.append(final.name)
        _fsync_dir(prev)
        run_tmp = next(t for t, f in temps if f.name == "run.json")
        jtmp = out / f"{JOURNAL}.{writer_token()}.tmp"
        with open(jtmp, "w", encoding="utf-8") as f:
            json.dump({"pid": os.getpid(), "replaced": replaced, "added": added,
                       "temps": [t.name for t, _ in temps], "run_json_sha256": _sha256(run_tmp)}, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(jtmp, out / JOURNAL)
    except BaseException:  # nothing replaced yet
        shutil.rmtree(prev, ignore_errors=True)
        (out / f"{JOURNAL}.{writer_token()}.tmp").unlink(missing_ok=True)
        raise
    _fsync_dir(out)
    moving = None
    try:
        # from here until the new run.json is in place the directory holds no run.json: not a complete result
        (out / "run.json").unlink(missing_ok=True)
        for tmp, final in temps:  # run.json last
            moving = final
            os.replace(tmp, final)
    except BaseException as e:  # a failed move, Ctrl-C: the previous result goes back
        try:
            state = _recover(out)
            kept = ("the previous result is back in place" if state == "restored" else
                    f"the new result in {out} is complete")
        except OSError as e2:
            state, kept = None, f"the previous result could not be put back ({e2.strerror or e2}); its files are in {prev}"
        if not isinstance(e, OSError):
            if state == "completed":
                e.graphhunt_message = kept
            raise
        from ..errors import SinkError

        raise SinkError(f"cannot move {moving.name if moving else 'run.json'} into {out}: {e.strerror or e}; "
                        f"{kept}; fix the problem and run again") from None
    try:
        _fsync_dir(out)
        # a report.html left by an earlier run into this directory describes results that are gone now
        # (a `--no-report` run, or a report that failed, would leave it beside the new files)
        if not any(final.name == "report.html" for _, final in temps):
            (out / "report.html").unlink(missing_ok=True)
        # the previous files before the journal: a kill between the two leaves a journal (completed by the
        # next reader), not an orphaned copy of the previous result
        shutil.rmtree(prev, ignore_errors=True)
        (out / JOURNAL).unlink()
    except KeyboardInterrupt as e:  # (the next writer or reader completes the journal)
        e.graphhunt_message = f"the new result in {out} is complete"
        raise


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
    # the publish lock is held from here to the end: a second run into this directory waits, and a reader
    # never repairs a publish that is still running
    with publish_lock(out):
        _recover(out)  # an earlier run killed while moving its files in: its predecessor comes back first
        return _write_result(result, out, extra_run_info)


def _write_result(result, out: Path, extra_run_info: dict | None) -> Path:
    # (+ review: an analyst's verdict, when the run was given reviews: graphhunt.reviews)
    acc = result.accounts[["account_id", "ring_id", "risk_score", "flagged", "reasons"]
                          + (["review"] if "review" in result.accounts else [])]
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
            # (the pid in the name: a later run removes the temporary files of a writer that was killed)
            tmp = temp_beside(final, out)
            temps.append((tmp, final))
            if final.name == "edges.parquet":
                pending.append(pool.submit(writer, tmp))
            else:
                writer(tmp)
        for fut in pending:
            fut.result()
        info = dict(result.run_info)
        if extra_run_info:
            info.update(extra_run_info)
        tmp = temp_beside(out / "run.json", out)
        temps.append((tmp, out / "run.json"))
        tmp.write_text(json.dumps(info, indent=2, default=str), encoding="utf-8")
    except BaseException as e:
        pool.shutdown(wait=True, cancel_futures=True)  # the edges writer must not write after the cleanup
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        if isinstance(e, OSError) and not e.filename and e.errno:
            # a failed write (disk full) names no file: the message says where the result was going
            raise OSError(e.errno, f"{e.strerror or e} (writing the result into {out}; nothing of it was "
                                   "moved in)", str(out)) from e
        raise
    pool.shutdown(wait=True)
    try:
        _publish(out, temps)
    finally:
        for tmp, _ in temps:  # (none left after a successful publish)
            tmp.unlink(missing_ok=True)
    return out


def run_digest(out_dir: str | Path) -> str | None:
    """SHA-256 of a result directory's ``run.json`` (None without one): which result the directory holds
    (every run.json differs, by its ``created_at``). Readers compare it before and after reading, so a
    result published while they read is noticed."""
    try:
        return _sha256(Path(out_dir) / "run.json")
    except OSError:
        return None


def _repair_before_reading(out: Path) -> None:
    from ..errors import InputError

    if (out / JOURNAL).exists():  # a run was killed while moving its files in (or is moving them now)
        try:
            state = recover_publish(out, wait_s=READ_WAIT_S)  # a live writer finishes soon; a dead one is repaired
        except BlockingIOError:
            raise InputError("another process is writing a result into this directory", file=str(out),
                             fix="read it when that run has finished") from None
        except OSError as e:
            raise InputError(f"a run was interrupted while writing this directory and it cannot be repaired "
                             f"here ({e.strerror or e})", file=str(out),
                             fix="run `graphhunt report` (or any reader) once with write access, or run detect "
                                 "again") from None
        import logging

        logging.getLogger(__name__).warning("%s: a run was interrupted while moving its files in; %s", out,
                                            "the previous result was put back" if state == "restored"
                                            else "its new result was completed")
    elif (out / PREVIOUS).exists() or any(out.glob(f".*.{TEMP_TAG}*.tmp")):
        # litter of a writer killed before its journal existed or right after removing it: removed when
        # no writer holds the directory (best effort: a reader may have no write access)
        try:
            recover_publish(out, wait_s=0)
        except OSError:
            pass


def read_result(out_dir: str | Path, edges: bool = True) -> dict[str, Any]:
    """Read a written result back: DataFrames keyed by file stem, plus ``run`` (run.json).

    ``edges=False`` skips ``edges.parquet`` (the largest file) for callers that read it filtered.
    The files are one result's: when another run publishes while they are read (``run.json``'s
    digest changed), they are read again. ``res["run_digest"]`` is that digest.
    """
    from ..errors import InputError

    out = Path(out_dir)
    for _ in range(5):
        _repair_before_reading(out)
        before = run_digest(out)
        if before is None:
            if (out / JOURNAL).exists():
                continue  # a publish started in between: it holds no run.json until it is done
            if (out / "manifest.json").is_file() and (out / "output").is_dir():
                raise InputError("this is a refresh state directory, not a result", file=str(out),
                                 fix=f"pass its outputs, {out / 'output'} (or the directory the refresh wrote "
                                     "with --out)")
            if (out / "manifest.json").is_file() and any(out.glob("gen-[0-9]*")):
                # a state whose every refresh was given --out has no output/ (a tester was told to run detect)
                raise InputError("this is a refresh state directory, not a result", file=str(out),
                                 fix="pass the directory its refreshes wrote their outputs to (--out); they wrote "
                                     f"none to {out / 'output'}")
            raise InputError("no complete graphhunt result here (run.json missing)", file=str(out),
                             fix="run `graphhunt detect EVENTS --out DIR` first")
        try:
            res = _read_files(out, edges)
        except (OSError, ValueError):  # a file replaced or removed under the reader by a publish
            if run_digest(out) == before:
                raise
            continue
        if run_digest(out) == before:
            res["run_digest"] = before
            return res
    raise InputError("the result in this directory kept changing while it was read (runs publishing into it)",
                     file=str(out), fix="read it when those runs have finished")


def _read_files(out: Path, edges: bool) -> dict[str, Any]:
    res: dict[str, Any] = {"run": json.loads((out / "run.json").read_text(encoding="utf-8"))}
    for name in ("accounts", "rings", "shared", "templates", "hubs", "changes"):  # changes: refresh outputs
        p = out / f"{name}.csv"
        if p.exists():
            # low_memory=False: one type per column from the whole file. Read in chunks, a column empty in
            # the first 300k rows (shared_schedule of a 1M run's rings.csv) warned "mixed types" (session 58)
            res[name] = pd.read_csv(p, keep_default_na=False, na_values=[""], low_memory=False,
                                    dtype={"ring_id": str, "account_id": str, "reasons": str, "from_ids": str,
                                           "to_ids": str, "run_id": str, "added_accounts": str,
                                           "removed_accounts": str})
    for name in (("edges",) if edges else ()) + ("incidence", "timeline", "members"):
        if (out / f"{name}.parquet").exists():
            res[name] = pd.read_parquet(out / f"{name}.parquet")
    return res
