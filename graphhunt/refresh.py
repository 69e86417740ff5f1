"""Scheduled incremental runs: a state directory, stable ring ids, crash safety.

``refresh(state_dir, new_events)`` is what a cron/Airflow job calls every hour or
day. It keeps what earlier runs learned in a state directory, adds the new
events, recomputes the graph and its communities (Leiden seeded with the
previous membership), gives every ring a **stable id** across runs and writes
the same outputs as ``detect`` plus ``changes.csv`` (new / grew / shrank /
merged / split / dissolved rings with their lineage).

What the state holds (no raw prompt text anywhere)
--------------------------------------------------
``segments/events-NNNNNN.parquet``
    The evidence: one compact row per event (account, time, IP, network,
    payment, user agent, output tokens, ...) with the prompt replaced by its
    **template id** (assigned once, at ingestion), a reasoning flag and a hash of the
    prompt text (``prompt_hash``: exact repeats, ``scoring.max_repeats_per_prompt``; since session 68),
    plus a 64-bit event key used to drop events already seen. One immutable segment
    per refresh.
``gen-NNNNNN/``
    One immutable generation per successful refresh: the outputs
    (``accounts.csv, rings.csv, ..., changes.csv, run.json``) and the learned
    state (``membership.parquet``: every account's community and stable ring
    id; ``accounts.parquet``: the merged accounts file;
    ``registry.parquet`` / ``registry_shingles.parquet``: template families,
    each with the MinHash signature and shingle hashes of its representative
    skeleton and the hashes and signatures of up to ``TEMPLATE_VARIANTS_MAX``
    other skeletons that joined it, so new prompts join existing families).
``manifest.json``
    The commit point: lists the current generation and the segments with
    sizes and SHA-256 digests. It is written last (temp file, fsync,
    ``os.replace``), so a run killed at any point leaves the previous state
    readable; files not listed in the manifest are garbage from a dead run and
    are removed by the next one.
``.lock``
    ``fcntl.flock`` lock held for the whole refresh; holds the holder's pid.

Why it is cheaper than a full ``detect``: prompts are masked, shingled and
grouped only for *new* events (template extraction is a large part of a full
run's cost); the communities are updated only around the accounts whose links
changed (:func:`region_communities`: Leiden on a reduced graph, everything
else keeps its community); links, projection and scoring are recomputed on the
compact evidence.

Retention: evidence older than ``retention_days`` before the **newest event
seen** (not the wall clock, so replaying the same inputs gives the same
state) is dropped; segments entirely older than that are deleted.
"""
from __future__ import annotations

import copy
import dataclasses
import errno
import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import signal
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from . import __version__
from ._arrays import in_sorted as _in_sorted
from ._arrays import stable_argsort
from .config import Config, given_settings, load_config
from .errors import (ConfigError, EmptyInputError, GraphhuntError, InputError, SinkError, StateCorruptError,
                     StateLockedError, StateWriteError)
from .links.schedule import WHOLE_HISTORY
from .reviews import apply_reviews, read_reviews, reviews_digest

__all__ = [
    "refresh",
    "RefreshResult",
    "match_rings",
    "read_state",
    "StateLock",
    "DEFAULT_RETENTION_DAYS",
    "STATE_VERSION",
    "CHANGE_COLUMNS",
]

log = logging.getLogger(__name__)

STATE_FORMAT = "graphhunt-refresh-state"
#: 2: template ids assigned with detect's skeleton rules (min_words, repeat_fraction, support_ratio)
#: 3: ... and detect's shingles (no stopword-only shingles; prompts.head_tokens/tail_tokens window)
STATE_VERSION = 3
DEFAULT_RETENTION_DAYS = 30
MANIFEST = "manifest.json"
#: a copy of the manifest in the generation it committed (written after the commit): tells a state that
#: lost its manifest.json from the leftovers of a first run that died before committing
COMMITTED = "committed.json"
LOCK = ".lock"
#: files of a generation directory that hold learned state (the rest are outputs)
STATE_FILES = ("membership.parquet", "accounts.parquet", "registry.parquet", "registry_shingles.parquet")
OUTPUT_FILES = ("accounts.csv", "rings.csv", "edges.parquet", "shared.csv", "templates.csv", "hubs.csv",
                "incidence.parquet", "timeline.parquet", "members.parquet", "changes.csv", "report.html", "run.json")
CHANGE_COLUMNS = ["ring_id", "change", "from_ids", "to_ids", "members_before", "members_after",
                  "members_added", "members_removed", "size", "risk_score", "flagged", "reasons",
                  "added_accounts", "removed_accounts"]
#: columns kept from loaded events (besides generic link columns); "prompt" is never stored
#: dtypes of ``RefreshResult.changes`` (a run that applied nothing has the same empty columns as one that did)
_CHANGE_DTYPES = {"run_id": str, "ring_id": str, "change": str, "from_ids": str, "to_ids": str,
                  "members_before": "int64", "members_after": "int64", "members_added": "int64",
                  "members_removed": "int64", "size": "Int64", "risk_score": "float64", "flagged": "bool",
                  "reasons": str, "added_accounts": str, "removed_accounts": str}


def _empty_changes() -> pd.DataFrame:
    """``RefreshResult.changes`` of a run that applied nothing: the columns of ``changes.csv`` (``run_id``
    and :data:`CHANGE_COLUMNS`), no rows (it had no ``run_id`` column, so code reading both kinds broke)."""
    return pd.DataFrame({c: pd.Series([], dtype=_CHANGE_DTYPES[c]) for c in ["run_id", *CHANGE_COLUMNS]})


_EVENT_COLS = ("account_id", "timestamp", "ip", "network", "payment_method", "user_agent", "output_tokens",
               "api_key_id", "model")
_KEY_COLS = ("account_id", "timestamp", "ip", "payment_method", "prompt", "user_agent", "output_tokens",
             "api_key_id", "model")
_GEN_RE = re.compile(r"^gen-(\d{6})$")
_SEG_RE = re.compile(r"^events-(\d{6})\.parquet$")
_FAULT_ENV = "GRAPHHUNT_REFRESH_FAULT"
#: how many applied inputs the manifest remembers (``inputs_applied``; a run's own inputs are always kept)
INPUTS_APPLIED_MAX = 1000


# --------------------------------------------------------------------------- results


@dataclass
class RefreshResult:
    """What one refresh did.

    Attributes
    ----------
    applied : bool
        False when there was nothing new (inputs already applied): state and
        outputs were left as they were.
    result : DetectionResult or None
        The full detection result (stable ring ids), None when nothing was applied.
    changes : DataFrame
        ``changes.csv`` of this run: ``run_id`` and the columns :data:`CHANGE_COLUMNS`, the same
        columns (no rows) when nothing was applied.
    generation : int
        The state generation now current.
    run_id : str
        Deterministic id of the run that produced the current generation.
    new_events : int
        Events added to the state (after dropping ones already in it and ones older than the window).
    outside_window : int
        New events older than the retention window: read, not stored (warned about).
    dropped_by_retention : int
        Stored events dropped because they fell out of the retention window.
    inputs_generation : int or None
        When nothing was applied: the generation that applied these inputs (it can be older than
        ``generation``: a backfill or a re-run of an earlier day's refresh). None when applied.
    outputs_generation : int or None
        The generation whose result ``out_dir`` holds after this run: ``generation`` (the latest),
        or, for inputs applied by an older generation, that generation's (left as it was, or written
        from the state while it still keeps it); None when ``out_dir`` was left without a result of
        either (the older generation is no longer kept; a warning says so).
    """

    state_dir: Path
    out_dir: Path
    applied: bool
    generation: int
    run_id: str
    new_events: int = 0
    duplicate_events: int = 0
    dropped_by_retention: int = 0
    outside_window: int = 0
    result: Any = None
    changes: pd.DataFrame = field(default_factory=_empty_changes)
    timings: dict = field(default_factory=dict)
    inputs_generation: int | None = None
    outputs_generation: int | None = None

    def __repr__(self) -> str:
        """A one-line summary (what Jupyter shows for ``rr``), not the changes table and result in full."""
        if not self.applied:
            return (f"<RefreshResult: nothing new, generation {self.generation} (run {self.run_id}); "
                    f"outputs from generation {self.outputs_generation}>")
        kinds = self.changes["change"].value_counts().to_dict() if "change" in self.changes else {}
        return (f"<RefreshResult: generation {self.generation} (run {self.run_id}), +{self.new_events:,} events, "
                f"{len(self.changes):,} ring changes" + (f" ({', '.join(f'{v:,} {k}' for k, v in kinds.items())})"
                                                        if kinds else "")
                + f"; {self.result!r}>")


# --------------------------------------------------------------------------- lock


class StateLock:
    """Exclusive ``fcntl.flock`` on ``STATE/.lock``; the file holds the holder's pid.

    The kernel releases the lock when the holder dies (even by ``kill -9``), so
    a stale lock file never blocks the next run.
    """

    def __init__(self, state_dir: Path) -> None:
        self.path = Path(state_dir) / LOCK
        self._fd: int | None = None

    def __enter__(self) -> "StateLock":
        # never through a link: the lock is truncated and given the pid, so a symbolic link planted as
        # STATE/.lock (or a hard link to another file) emptied a file outside the state (tester 59)
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        except OSError as e:
            if e.errno == errno.ELOOP:
                raise StateCorruptError(
                    f"{self.path} is a symbolic link; a refresh writes its pid into its lock file and would "
                    "overwrite the file it points to. Remove it (the lock file is made again)") from None
            raise
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_nlink > 1:
            os.close(fd)
            what = "a hard link to another file" if stat.S_ISREG(st.st_mode) else "not a regular file"
            raise StateCorruptError(
                f"{self.path} is {what}; a refresh writes its pid into its lock file and would overwrite it. "
                "Remove it (the lock file is made again)")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            holder = ""
            try:
                holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
            except OSError:
                pass
            os.close(fd)
            if e.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise StateLockedError(
                    f"state directory {self.path.parent} is locked by another refresh"
                    f"{f' (pid {holder})' if holder else ''}; wait for it to finish or retry later") from None
            raise
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._fd is not None:
            try:
                os.ftruncate(self._fd, 0)
            finally:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
                os.close(self._fd)
                self._fd = None


# --------------------------------------------------------------------------- small helpers


def _fault(point: str) -> None:
    """Test hook: ``GRAPHHUNT_REFRESH_FAULT=<point>`` kills this process with SIGKILL at ``point``."""
    if os.environ.get(_FAULT_ENV) == point:
        log.warning("fault injection: SIGKILL at %s", point)
        os.kill(os.getpid(), signal.SIGKILL)


def _sha256(path: Path) -> str:
    from .io import file_fingerprint  # (the project's one chunked file hash)

    return file_fingerprint(path)["sha256"]


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_parquet(df: pd.DataFrame, path: Path) -> None:
    df.to_parquet(path, index=False)
    _fsync_path(path)


def _utc_seconds_text(col: pd.Series) -> pd.Series | None:
    """``col.astype("string")`` for a UTC datetime column of whole seconds, formatted by Arrow
    (pandas formats datetimes one by one in Python: 1.3 s per 100k accounts); None when the column
    is anything else or a sample formats differently from pandas (the caller then uses pandas)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not isinstance(col.dtype, pd.DatetimeTZDtype) or str(col.dt.tz) != "UTC" or len(col) == 0:
        return None
    ns = col.dt.tz_localize(None).to_numpy("datetime64[ns]").view("int64")
    nat = col.isna().to_numpy()
    if (ns[~nat] % 10**9).any():  # sub-second parts: pandas prints fractions for every value
        return None
    sec = pa.array(np.where(nat, 0, ns // 10**9), pa.int64()).cast(pa.timestamp("s", tz="UTC"))
    txt = pc.strftime(sec, format="%Y-%m-%d %H:%M:%S+00:00").to_numpy(zero_copy_only=False).astype(object)
    out = pd.Series(txt, index=col.index, dtype="string")
    out[nat] = pd.NA
    probe = np.unique(np.r_[np.linspace(0, len(col) - 1, num=min(len(col), 32)).astype(np.int64),
                            np.flatnonzero(nat)[:1], np.argmin(np.where(nat, np.iinfo(np.int64).max, ns)),
                            np.argmax(np.where(nat, np.iinfo(np.int64).min, ns))])
    if not col.iloc[probe].astype("string").equals(out.iloc[probe]):
        return None
    return out


def _frame_digest(df: pd.DataFrame | None) -> str:
    if df is None or len(df) == 0:
        return ""
    text = {c: _utc_seconds_text(df[c]) for c in df.columns}
    as_text = pd.DataFrame({c: df[c].astype("string") if t is None else t for c, t in text.items()},
                           index=df.index, columns=df.columns)
    h = pd.util.hash_pandas_object(as_text, index=False).to_numpy()
    return hashlib.sha256(np.sort(h).tobytes() + ",".join(map(str, df.columns)).encode()).hexdigest()


#: settings baked into stored evidence that older states do not record, with the behaviour they had then
_STATE_CONFIG_BEFORE = {"strip_reasoning": False, "repeat_cap": 0, "popular_ratio": 0.0, "boilerplate_share": 0.0,
                        "boilerplate_min_accounts": 500, "boilerplate_line_share": 0.0}


def _state_config(cfg: Config) -> dict:
    """The settings baked into stored evidence; changing them needs a new state directory."""
    p = cfg.prompts
    return {"shingle_size": p.shingle_size, "num_perm": p.num_perm, "bands": p.bands,
            "similarity_threshold": p.similarity_threshold, "min_words": p.min_words, "seed": p.seed,
            "prompts_enabled": p.enabled, "repeat_fraction": p.repeat_fraction, "repeat_cap": p.repeat_cap,
            "support_ratio": p.support_ratio, "popular_ratio": p.popular_ratio,
            "boilerplate_share": p.boilerplate_share, "boilerplate_min_accounts": p.boilerplate_min_accounts,
            "boilerplate_line_share": p.boilerplate_line_share,
            "head_tokens": p.head_tokens, "tail_tokens": p.tail_tokens, "strip_reasoning": p.strip_reasoning,
            "generic_columns": sorted(cfg.links.generic_columns)}


#: where a :func:`_state_config` key lives in :class:`Config` (the others are ``prompts`` settings of the same name)
_STATE_KEY_SETTING = {"prompts_enabled": ("prompts", "enabled"), "generic_columns": ("links", "generic_columns")}


def _state_settings_kept(cfg: Config, written: dict) -> tuple[Config, dict]:
    """``cfg`` with the settings the state was written with (``written``: its :func:`_state_config`, settings it
    predates at the value they had before them) where ``cfg`` leaves them at today's default, and those settings.

    They are baked into the stored evidence (template ids, link columns), so a state can only go on with them. A
    run that sets a value (a config file, ``--set``: :func:`graphhunt.config.given_settings`; for a Config built in
    Python, a value other than the default) other than the state's is refused (exit 5); one that gives none keeps the
    state's: a scheduled refresh whose state was written before a default changed (session 74's
    ``prompts.repeat_cap``) went on failing with exit 5 after an upgrade until its command gained ``--set`` flags
    (session 78). ``cfg`` itself is not changed."""
    default, now = _state_config(Config()), _state_config(cfg)
    given = given_settings(cfg) or frozenset()
    kept = {k: v for k, v in written.items() if k in now and now[k] != v and now[k] == default.get(k)
            and ".".join(_STATE_KEY_SETTING.get(k, ("prompts", k))) not in given}
    if not kept:
        return cfg, {}
    cfg = copy.deepcopy(cfg)
    for k, v in kept.items():
        section, name = _STATE_KEY_SETTING.get(k, ("prompts", k))
        setattr(getattr(cfg, section), name, list(v) if isinstance(v, (list, tuple)) else v)
    return cfg.checked("the state's settings"), kept


def event_keys(events: pd.DataFrame) -> np.ndarray:
    """64-bit content key per event over the canonical columns (missing columns count as empty)."""
    cols = {}
    for c in _KEY_COLS:
        if c == "timestamp":
            ns = events[c].dt.tz_convert("UTC").astype("datetime64[ns, UTC]").astype("int64").to_numpy()
            cols[c] = pd.Series(ns, dtype="int64").astype("string")
        elif c in events.columns:
            s = events[c]
            cols[c] = s.astype("string").reset_index(drop=True)
        else:
            cols[c] = pd.Series(pd.NA, index=range(len(events)), dtype="string")
    return pd.util.hash_pandas_object(pd.DataFrame(cols), index=False).to_numpy(np.uint64)


# --------------------------------------------------------------------------- state reading


@dataclass
class _State:
    manifest: dict
    gen_dir: Path
    membership: pd.DataFrame
    accounts: pd.DataFrame | None
    registry: pd.DataFrame
    reg_shingles: pd.DataFrame


#: how many skeletons a registry family keeps besides its representative (``variant_sigs``): the per-account
#: rewordings of one template that joined it, so a later slice's rewording is matched against all of them
TEMPLATE_VARIANTS_MAX = 8


class _NotesSaidBefore(logging.Filter):
    """The detector's warnings about the input's shape (a link column it lacks or has empty, no accounts table, no
    organisation columns, features no account can be measured on: records with an ``input_note`` key) are a warning
    the first time a state sees them and an INFO note on later runs: a scheduled refresh repeated them every hour
    (left from session 76's review). ``said``: the keys the state recorded; ``seen``: this run's keys."""

    def __init__(self, said) -> None:
        super().__init__()
        self.said, self.seen = set(said), set()

    def filter(self, record: logging.LogRecord) -> bool:
        key = getattr(record, "input_note", None)
        if key is not None:
            self.seen.add(key)
            if key in self.said and record.levelno == logging.WARNING:
                record.levelno, record.levelname = logging.INFO, "INFO"
        return True


def _empty_registry() -> tuple[pd.DataFrame, pd.DataFrame]:
    reg = pd.DataFrame({"template_id": pd.Series([], dtype=object), "skel_hash": pd.Series([], dtype=np.uint64),
                        "n_shingles": pd.Series([], dtype=np.int64), "sig": pd.Series([], dtype=object),
                        "exemplar": pd.Series([], dtype=object), "n_skeletons": pd.Series([], dtype=np.int64),
                        "first_seen": pd.Series([], dtype=np.int64), "last_seen": pd.Series([], dtype=np.int64),
                        "variant_hashes": pd.Series([], dtype=object), "variant_sigs": pd.Series([], dtype=object)})
    sh = pd.DataFrame({"template_id": pd.Series([], dtype=object), "shingle": pd.Series([], dtype=np.uint64)})
    return reg, sh


def _read_manifest(state_dir: Path) -> dict | None:
    p = state_dir / MANIFEST
    if not p.exists():
        return None
    try:
        m = json.loads(p.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError, OSError) as e:
        raise StateCorruptError(
            f"{p}: manifest is unreadable ({e}); the state cannot be trusted. Restore the directory from a "
            "backup, or start a new state directory (the next refresh then rebuilds from the events you give it)"
        ) from None
    need = ("format", "format_version", "generation", "generation_dir", "segments", "files", "run_id",
            "next_ring_number", "state_config")
    if not isinstance(m, dict) or m.get("format") != STATE_FORMAT:
        raise StateCorruptError(f"{p}: not a graphhunt refresh manifest (format {m.get('format') if isinstance(m, dict) else None!r})."
                                f"{_RESTORE}")
    missing = [k for k in need if k not in m]
    if missing:
        raise StateCorruptError(f"{p}: manifest lacks {', '.join(missing)}; the state is corrupt or from another tool")
    if m["format_version"] != STATE_VERSION:
        raise StateCorruptError(
            f"{p}: state format version {m['format_version']} is not supported by graphhunt {__version__} "
            f"(supports {STATE_VERSION}); use the graphhunt version that wrote it, or start a new state directory")
    # well-formed JSON with ill-typed fields was a traceback (exit 1), and a file dropped from "files"
    # went unchecked: every field is checked before anything reads it
    def bad(what: str) -> StateCorruptError:
        return StateCorruptError(f"{p}: manifest field {what}; the state is corrupt. Restore it from a backup "
                                 "(each generation holds a committed.json copy) or start a new state directory")

    whole = lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0  # noqa: E731
    if not whole(m["generation"]) or not whole(m["next_ring_number"]):
        raise bad("generation / next_ring_number is not a whole number")
    if not isinstance(m["generation_dir"], str) or not _GEN_RE.match(m["generation_dir"]):
        raise bad(f"generation_dir {m['generation_dir']!r} is not a generation directory name")
    if not isinstance(m["run_id"], str) or not isinstance(m["state_config"], dict):
        raise bad("run_id / state_config has the wrong type")
    files = m["files"]
    if not isinstance(files, dict) or set(STATE_FILES) - set(files) or not all(
            isinstance(v, dict) and whole(v.get("bytes")) and isinstance(v.get("sha256"), str) for v in files.values()):
        raise bad(f"files does not list {', '.join(STATE_FILES)} with bytes and sha256")
    segs = m["segments"]
    if not isinstance(segs, list) or not all(
            isinstance(g, dict) and isinstance(g.get("file"), str) and whole(g.get("bytes"))
            and isinstance(g.get("sha256"), str) and whole(g.get("rows")) and isinstance(g.get("max_ts"), (int, float))
            for g in segs):
        raise bad("segments is not a list of {file, bytes, sha256, rows, max_ts}")
    return m


#: what to do about a corrupt state, said by every exit-5 message
_RESTORE = (" Restore the directory from a backup (each generation holds a committed.json copy of its manifest) "
            "or start a new state directory")


def _check_file(path: Path, meta: dict, deep: bool) -> None:
    if not path.exists():
        raise StateCorruptError(f"{path}: listed in the manifest but missing; the state directory was modified "
                                "outside graphhunt. Restore it from a backup or start a new state directory")
    if path.stat().st_size != meta["bytes"]:
        raise StateCorruptError(f"{path}: size {path.stat().st_size} differs from the manifest's {meta['bytes']}; "
                                f"the file was modified or truncated.{_RESTORE}")
    if deep and _sha256(path) != meta["sha256"]:
        raise StateCorruptError(f"{path}: SHA-256 differs from the manifest's; the file is corrupt.{_RESTORE}")


def _read_parquet(path: Path, columns: list[str] | None = None) -> pd.DataFrame:
    try:
        return pd.read_parquet(path, columns=columns)
    except Exception as e:  # pyarrow raises several types for damaged files
        raise StateCorruptError(f"{path}: cannot read state file ({type(e).__name__}: {str(e)[:200]})") from None


def read_state(state_dir: str | Path, verify: bool = True) -> _State | None:
    """Read and check a state directory (None when it holds no state yet).

    Raises :class:`StateCorruptError` when the manifest or a file it lists is
    unreadable, missing, truncated or (with ``verify``) fails its SHA-256.
    """
    sd = Path(state_dir)
    m = _read_manifest(sd)
    if m is None:
        return None
    gen_dir = sd / m["generation_dir"]
    for name, meta in m["files"].items():
        _check_file(gen_dir / name, meta, verify)
    for seg in m["segments"]:
        _check_file(sd / seg["file"], seg, verify)
    membership = _read_parquet(gen_dir / "membership.parquet")
    accounts = _read_parquet(gen_dir / "accounts.parquet") if m["files"].get("accounts.parquet") else None
    if accounts is not None and len(accounts.columns) == 1 and len(accounts) == 0:
        accounts = None
    reg = _read_parquet(gen_dir / "registry.parquet")
    for col in ("variant_hashes", "variant_sigs"):  # states written before session 36 keep one skeleton per family
        if col not in reg.columns:
            reg[col] = pd.Series([b""] * len(reg), index=reg.index, dtype=object)
    sh = _read_parquet(gen_dir / "registry_shingles.parquet")
    return _State(m, gen_dir, membership, accounts, reg, sh)


# --------------------------------------------------------------------------- template families for new prompts


def _band_keys(sig: np.ndarray, bands: int) -> np.ndarray:
    from .links.prompts import _mix64

    rows = sig.shape[1] // bands
    out = np.empty((sig.shape[0], bands), np.uint64)
    with np.errstate(over="ignore"):
        for b in range(bands):
            block = sig[:, b * rows:(b + 1) * rows].astype(np.uint64)
            key = block[:, 0].copy()
            for r in range(1, rows):
                key = _mix64(key * np.uint64(31) + block[:, r])
            out[:, b] = key
    return out


def _isin_str(values: pd.Series, among: pd.Series) -> np.ndarray:
    """``values.isin(among)`` for string columns through Arrow (pandas' Arrow-string ``isin``
    converts element by element: 2 s of a 25 s refresh at 10k accounts)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    v = pa.array(pd.Series(values).astype("string"), pa.large_string())
    a = pa.array(pd.Series(among).astype("string").dropna(), pa.large_string()).unique()
    return pc.fill_null(pc.is_in(v, value_set=a), False).to_numpy(zero_copy_only=False).astype(bool)


def _in_stored(keys: np.ndarray, stored: list[np.ndarray]) -> np.ndarray:
    """``np.isin(keys, concatenation of stored)`` for the event keys of a slice against the state's segments,
    by hash tables: of the slice's keys, probed with every stored key, then of the few stored keys found.
    (A sort of the ~2M stored keys was 0.17-0.30 s of a 100k refresh's dedupe; this is ~0.1 s.)"""
    found = [s[pd.Series(s, copy=False).isin(keys).to_numpy(bool)] for s in stored]
    if not found:
        return np.zeros(len(keys), bool)
    return pd.Series(keys, copy=False).isin(np.concatenate(found)).to_numpy(bool)


def _variants(reg: pd.DataFrame, num_perm: int, dtype) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The registry's variant skeletons: (registry row, skeleton hash, MinHash signature) of each."""
    empty = (np.zeros(0, np.int64), np.zeros(0, np.uint64), np.zeros((0, num_perm), dtype))
    if not len(reg) or "variant_hashes" not in reg.columns:
        return empty
    import pyarrow as pa
    import pyarrow.compute as pac

    vh = pa.array(reg["variant_hashes"].tolist(), pa.binary())  # None (a row without variants) is null
    n = pac.fill_null(pac.binary_length(vh), 0).to_numpy(zero_copy_only=False).astype(np.int64) // 8
    if not n.any():
        return empty
    hashes = np.frombuffer(pac.binary_join(pa.array([vh.fill_null(b"")], pa.list_(pa.binary())), b"")[0].as_py(),
                           np.uint64)
    vs = pa.array(reg["variant_sigs"].tolist(), pa.binary()).fill_null(b"")
    sigs = np.frombuffer(pac.binary_join(pa.array([vs], pa.list_(pa.binary())), b"")[0].as_py(), np.uint8)
    width = num_perm * np.dtype(dtype).itemsize
    if len(sigs) != width * len(hashes):  # written with another prompts.num_perm: match on representatives only
        return empty
    return np.repeat(np.arange(len(reg)), n), hashes, sigs.view(dtype).reshape(len(hashes), num_perm)


def _add_variants(reg: pd.DataFrame, sk_tid: np.ndarray, sk_hash: np.ndarray, sig: np.ndarray, weight: np.ndarray,
                  eligible: np.ndarray, num_perm: int) -> pd.DataFrame:
    """Keep the slice's skeletons that joined a family (other than its representative) as its variants.

    A ring that rewords a template per account makes one skeleton per wording; the registry kept only
    the family's first representative, so a later slice's wording that did not match it founded a new
    family, and a month of daily slices split one template into hundreds of ids, none of them used often
    enough to be held (docs/REFRESH.md, Limitations). The most used skeletons are kept first, at most
    ``TEMPLATE_VARIANTS_MAX`` per family. (Adding their shingles to the known template text as well
    was tried and changed nothing on world12's daily refreshes.)
    """
    s = np.flatnonzero(eligible & pd.notna(sk_tid))
    if not len(s) or not len(reg):
        return reg
    row = pd.Series(np.arange(len(reg)), index=reg["template_id"].to_numpy(dtype=object))
    row = row[~row.index.duplicated()]
    r = row.reindex(sk_tid[s]).to_numpy()
    ok = ~np.isnan(r)
    s, r = s[ok], r[ok].astype(np.int64)
    ok = sk_hash[s] != reg["skel_hash"].to_numpy(np.uint64)[r]
    s, r = s[ok], r[ok]
    if "variant_hashes" not in reg.columns:
        reg = reg.assign(variant_hashes=[b""] * len(reg), variant_sigs=[b""] * len(reg))
    v_owner, v_hash, _ = _variants(reg, num_perm, sig.dtype)
    have = np.bincount(v_owner, minlength=len(reg))
    new = pd.DataFrame({"r": r, "s": s, "h": sk_hash[s], "w": weight[s]})
    if len(v_owner):
        old = pd.DataFrame({"r": v_owner, "h": v_hash, "old": True})
        new = new.merge(old, on=["r", "h"], how="left")
        new = new[new["old"].isna()].drop(columns="old")
    new = new.sort_values(["r", "w", "h"], ascending=[True, False, True])
    new = new[new.groupby("r").cumcount().to_numpy() < TEMPLATE_VARIANTS_MAX - have[new["r"].to_numpy()]]
    if new.empty:
        return reg
    rows = new["r"].to_numpy()
    hb = new["h"].to_numpy(np.uint64)
    sb = np.ascontiguousarray(sig[new["s"].to_numpy()])
    # one bytes value per touched family: its old variants followed by the new ones (a loop over the
    # touched families, at most TEMPLATE_VARIANTS_MAX skeletons each over the state's life)
    cut = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    ends = np.r_[cut[1:], len(rows)]
    vh = reg["variant_hashes"].to_numpy(dtype=object).copy()
    vs = reg["variant_sigs"].to_numpy(dtype=object).copy()
    for a, b in zip(cut.tolist(), ends.tolist()):
        k = int(rows[a])
        vh[k] = (vh[k] or b"") + hb[a:b].tobytes()
        vs[k] = (vs[k] or b"") + sb[a:b].tobytes()
    return reg.assign(variant_hashes=vh, variant_sigs=vs)


def _sig_matrix(col: pd.Series, num_perm: int) -> np.ndarray:
    """Stored signatures (bytes per family) as one ``(n, num_perm)`` matrix."""
    if len(col) == 0:
        return np.zeros((0, num_perm), np.uint32)
    raw = b"".join(col.tolist())
    # signatures are uint32 (graphhunt.links.prompts.minhash); states written before that hold uint64
    dt = np.uint32 if len(raw) == 4 * len(col) * num_perm else np.uint64
    return np.frombuffer(raw, dtype=dt).reshape(len(col), num_perm)


def _mix_band(keys: np.ndarray) -> np.ndarray:
    """Fold the band number into each band key so all bands share one lookup array."""
    from .links.prompts import _mix64

    with np.errstate(over="ignore"):
        return _mix64(keys ^ (np.arange(keys.shape[1], dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)))


def _assign_templates(prompts: pd.Series, acc: np.ndarray, ts: np.ndarray, reg: pd.DataFrame,
                      reg_sh: pd.DataFrame, cfg: Config, known_lines: np.ndarray | None = None,
                      lines_out: list | None = None,
                      account_hash: np.ndarray | None = None) -> tuple[np.ndarray, pd.DataFrame, pd.DataFrame]:
    """Template id per new prompt: join an existing family or found a new one.

    A new prompt's skeleton is its set of shingles that are either shared by at
    least two accounts in this batch or part of a known family's skeleton and
    held by the prompt's own account in this batch (``prompts.repeat_fraction``);
    so a single new account using a known template still gets its family, and one
    prompt quoting a known template among other text does not. Skeletons
    match a family when their MinHash-estimated Jaccard with the family's
    representative skeleton, or with one of the skeletons that joined it before
    (its variants, kept up to ``TEMPLATE_VARIANTS_MAX``), reaches
    ``prompts.similarity_threshold`` (LSH banding finds candidates); the rest are grouped among themselves exactly as
    :func:`graphhunt.links.prompts.template_families` does, and each new family
    gets the id ``tpl-<hash of its smallest skeleton>``.

    Lines of the slice's prompts that ``prompts.boilerplate_line_share`` finds (a default system message) and
    ``known_lines`` (sorted hashes an earlier slice found: the state keeps them, so a slice too small to find
    them itself leaves them out too) are left out before tokenising; ``lines_out``, a list, receives both,
    sorted. ``account_hash``: a hash of each account code's id (which accounts that pass samples).

    Returns the template id per prompt (None where it shares no text with
    another account), and the updated registry tables.
    """
    from .links.prompts import (_family_roots, _lsh_candidates, _mix64, _redact, _shingles, _tokenise, _verify,
                                minhash)

    pc = cfg.prompts
    n = len(prompts)
    out = np.full(n, None, dtype=object)
    if n == 0:
        return out, reg, reg_sh
    # tokens and shingles exactly as detect makes them (links.prompts.template_families): the
    # prompts.head_tokens/tail_tokens window, and no shingle made only of stopwords and placeholders
    # ("how do i", "tell me about" would otherwise make a template of any shared opening words)
    acc = np.asarray(acc, np.int64)
    # lines more than prompts.boilerplate_line_share of the slice's accounts send (a default system message) are
    # left out, as detect leaves them out (decided per slice, as shared text is)
    from .links.prompts import boilerplate_lines, boilerplate_lines_message

    prompts = prompts.reset_index(drop=True)
    lines = boilerplate_lines(prompts, acc, pc.boilerplate_line_share, pc.boilerplate_min_accounts, pc.chunk_size,
                              account_hash=account_hash)
    known = np.asarray(known_lines if known_lines is not None else [], np.uint64)
    new = np.setdiff1d(lines, known)
    if len(new):  # (a warning when a slice finds a line the state did not know; lines known before: INFO)
        log.warning(boilerplate_lines_message(len(new), pc.boilerplate_line_share, pc.boilerplate_min_accounts))
    elif len(lines):
        log.info(boilerplate_lines_message(len(lines), pc.boilerplate_line_share, pc.boilerplate_min_accounts))
    if len(known) and pc.boilerplate_line_share > 0:
        lines = np.union1d(lines, known)
    if lines_out is not None:
        lines_out.append(lines)
    tk = _tokenise(prompts, pc.head_tokens, pc.tail_tokens, strip_reasoning=pc.strip_reasoning, strip_lines=lines)
    doc, pos, h = _shingles(tk, pc.shingle_size, content_only=True)
    # shared template text exactly as detect decides it within this slice (held by >= 2 accounts, an
    # account holds a shingle only if it is in >= prompts.repeat_fraction of its prompts here,
    # prompts.support_ratio), plus the shingles of known families' skeletons that the prompt's account holds
    from .links.prompts import _template_shingles, _threads, boilerplate_holders, hold_threshold, repeated_texts

    thr, hold = None, {}
    if pc.repeat_fraction > 0 and len(acc):
        thr = hold_threshold(np.bincount(acc, minlength=int(acc.max()) + 1), pc.repeat_fraction)
        if pc.repeat_cap > 0:  # ... or use in prompts.repeat_cap different texts of the slice
            hold = dict(cap=pc.repeat_cap, dup=repeated_texts(prompts, acc))
    acc32 = acc.astype(np.int32)
    # min_words - shingle_size + 1 shared shingles is no template
    min_sh = max(1, pc.min_words - pc.shingle_size + 1)
    strong: list = []  # with the cap: texts whose account holds text of them through the share
    common: list = []  # boilerplate: text more than prompts.boilerplate_share of the slice's accounts hold
    shared_occ = _template_shingles(h, doc, acc32, n, thr, pc.support_ratio, _threads(pc.threads),
                                    popular_ratio=pc.popular_ratio, min_strong=min_sh, strong_out=strong,
                                    boilerplate=boilerplate_holders(acc, pc.boilerplate_share, pc.boilerplate_min_accounts),
                                    boilerplate_out=common, **hold)
    known = np.sort(reg_sh["shingle"].to_numpy(np.uint64)) if len(reg_sh) else np.zeros(0, np.uint64)
    keep = shared_occ.copy()
    is_known = _in_sorted(h, known)
    if common and len(common[0]):
        # a family registered from a slice where the rule did not apply (fewer accounts) may hold boilerplate text;
        # it is no template text here either (a review, session 78: it merged this slice's templates again)
        is_known &= ~_in_sorted(h, common[0])
    if (is_known & ~keep).any():
        # a known family's shingle is template text where the prompt's own account holds it in this slice
        # (uses it in >= prompts.repeat_fraction of its prompts here), as detect decides shared text: one
        # prompt that quotes a popular template's phrase among other text is no use of the template. Whether
        # an account holds a hash depends on that hash's occurrences only, so only those are counted
        from .links.prompts import _quoted_items, _shared_shingles

        kn = np.flatnonzero(is_known)
        weak = np.zeros(len(kn), bool) if strong else None
        n_held = _shared_shingles(h[kn], acc32, 1, thr, doc=doc[kn], weak=weak, **hold)
        held = n_held >= 1
        if strong:  # held through the cap only and no rarer than the text held through the share: items
            held &= ~_quoted_items(weak, n_held, doc[kn], strong[0])
        keep[kn] |= held
    dd = pd.DataFrame({"d": doc[keep], "h": h[keep]}).drop_duplicates()
    if dd.empty:
        return out, reg, reg_sh
    with np.errstate(over="ignore"):
        skel_hash = pd.Series(_mix64(dd["h"].to_numpy(np.uint64))).groupby(dd["d"].to_numpy()).sum()
    skel_size = dd.groupby("d").size().reindex(skel_hash.index).to_numpy()
    sk_codes, sk_uniques = pd.factorize(skel_hash.to_numpy(np.uint64), sort=True)
    sk_uniques = np.asarray(sk_uniques, np.uint64)
    doc_skel = np.full(n, -1, np.int64)
    doc_skel[skel_hash.index.to_numpy()] = sk_codes
    n_sk = len(sk_uniques)
    sk_size = np.zeros(n_sk, np.int64)
    sk_size[sk_codes] = skel_size
    # representative doc per skeleton (its exemplar's): the first by account, time and, for prompts of one
    # account in the same second, a hash of the text (as in detect: not by row, which would make the
    # exemplar depend on the input's order)
    from .links.prompts import _same_second_hashes

    tie = _same_second_hashes(prompts, np.arange(n), acc, np.asarray(ts, np.int64))
    if tie is None:
        order = np.argsort(doc_skel, kind="stable")
    else:
        rank = np.empty(n, np.int64)
        rank[np.lexsort((tie, np.asarray(ts, np.int64), acc))] = np.arange(n)
        order = np.lexsort((rank, doc_skel))
    ds = doc_skel[order]
    firsts = np.r_[True, ds[1:] != ds[:-1]] & (ds >= 0)
    rep_doc = np.full(n_sk, -1, np.int64)
    rep_doc[ds[firsts]] = order[firsts]
    is_rep = np.zeros(n, bool)
    is_rep[rep_doc] = True
    sel = is_rep[dd["d"].to_numpy()]
    g = doc_skel[dd["d"].to_numpy()[sel]]
    v = dd["h"].to_numpy(np.uint64)[sel]
    o = np.argsort(g, kind="stable")
    g, v = g[o], v[o]
    sig = minhash(g, v, n_sk, pc.num_perm, pc.seed)
    eligible = sk_size >= min_sh

    # 1) match to known families: exact skeleton hash, then LSH candidates verified by estimated Jaccard
    match = np.full(n_sk, -1, np.int64)  # registry row
    var_owner, var_hash, var_sig = _variants(reg, pc.num_perm, sig.dtype)
    if len(reg):
        # a family's skeletons: its representative and the variants that joined it (TEMPLATE_VARIANTS_MAX)
        exact = pd.Series(np.r_[np.arange(len(reg)), var_owner],
                          index=np.r_[reg["skel_hash"].to_numpy(np.uint64), var_hash])
        exact = exact[~exact.index.duplicated()]
        hit = exact.reindex(sk_uniques).to_numpy()
        ok = ~np.isnan(hit)
        match[ok] = hit[ok].astype(np.int64)
        reg_sig = _sig_matrix(reg["sig"], pc.num_perm)
        reg_ok = reg["n_shingles"].to_numpy() >= min_sh
        cand = np.flatnonzero(eligible & (match < 0))
        if len(cand) and (reg_ok.any() or len(var_owner)):
            # one sorted array of (band, key) over the registry's skeletons (row r of reg_sig is family
            # owner[r]); new skeletons are looked up by binary search
            rid0 = np.flatnonzero(reg_ok)
            if len(var_owner) and var_sig.dtype == reg_sig.dtype:
                reg_sig = np.vstack([reg_sig[rid0], var_sig])
                owner = np.r_[rid0, var_owner]
            else:
                reg_sig, owner = reg_sig[rid0], rid0
            rid = np.arange(len(owner))
            kr = _band_keys(reg_sig[rid], pc.bands)
            kr = _mix_band(kr)
            flat = kr.ravel()
            o = np.argsort(flat, kind="stable")
            flat_sorted, fam_sorted = flat[o], np.repeat(rid, pc.bands)[o]
            kn = _mix_band(_band_keys(sig[cand], pc.bands)).ravel()
            lo = np.searchsorted(flat_sorted, kn, side="left")
            hi = np.minimum(np.searchsorted(flat_sorted, kn, side="right"), lo + 50)  # bound a degenerate bucket
            cnt = hi - lo
            i = np.repeat(np.repeat(cand, pc.bands), cnt)
            starts = np.repeat(lo, cnt)
            offs = np.arange(cnt.sum()) - np.repeat(np.cumsum(cnt) - cnt, cnt)
            j = fam_sorted[starts + offs]
            if len(i):
                pairs = pd.DataFrame({"i": i, "j": j}).drop_duplicates()
                i, j = pairs["i"].to_numpy(), pairs["j"].to_numpy()
                est = (sig[i] == reg_sig[j]).mean(axis=1)
                okp = est >= pc.similarity_threshold
                best = (pd.DataFrame({"i": i[okp], "j": owner[j[okp]], "e": est[okp]})
                        .sort_values(["i", "e", "j"], ascending=[True, False, True]).drop_duplicates("i"))
                match[best["i"].to_numpy()] = best["j"].to_numpy()

    # 2) group all new skeletons among themselves as detect does (links.prompts.template_families): in
    # density order (most-used skeleton first, ties by hash), candidates from LSH buckets (member, densest
    # member), verified by estimated Jaccard (and prompts.containment), families by prompts.clustering. Until
    # session 64 this step joined every verified pair into connected components whatever prompts.clustering
    # said: a rare skeleton like two popular templates welded them, and a ring's templates could chain into one
    # family so common it was a hub and linked nobody (world32's hydra: 11 families of 400-650 accounts in
    # detect, one of 1,505 in a refresh of the same events; docs/REFRESH.md)
    sk_docs = np.bincount(doc_skel[doc_skel >= 0], minlength=n_sk)
    comp = np.arange(n_sk, dtype=np.int64)
    ids = np.flatnonzero(eligible)
    if len(ids) >= 2:
        ids = ids[np.lexsort((sk_uniques[ids], -sk_docs[ids]))]
        sub = sig[ids]
        src, dst = _lsh_candidates(sub, pc.bands, np.ones(len(ids), bool))
        if len(src):
            ok = _verify(sub, src, dst, pc.similarity_threshold, sk_size[ids].astype(np.float64), pc.containment)
            src, dst = src[ok], dst[ok]
        comp[ids] = ids[_family_roots(len(ids), src, dst, pc.clustering)]
    # a component containing matched skeletons lends the most used matched family to its unmatched ones
    cm = pd.DataFrame({"c": comp, "m": match, "w": sk_docs})
    lend = (cm[cm["m"] >= 0].groupby(["c", "m"])["w"].sum().reset_index()
            .sort_values(["c", "w", "m"], ascending=[True, False, True]).drop_duplicates("c").set_index("c")["m"])
    lent = lend.reindex(comp).to_numpy()
    fill = (match < 0) & ~np.isnan(lent)
    match[fill] = lent[fill].astype(np.int64)

    reg_ids = reg["template_id"].to_numpy(dtype=object)
    sk_tid = np.full(n_sk, None, dtype=object)
    sk_tid[match >= 0] = reg_ids[match[match >= 0]]
    # as in detect (links.prompts.template_families): a skeleton with fewer than
    # min_words - shingle_size + 1 shared shingles is no template
    sk_tid[~eligible] = None
    new_sk = np.flatnonzero((match < 0) & eligible)
    new_rows, new_sh = [], []
    if len(new_sk):
        c = comp[new_sk]
        grp = pd.DataFrame({"c": c, "s": new_sk, "h": sk_uniques[new_sk], "w": sk_docs[new_sk]})
        fam_min = grp.groupby("c")["h"].min()
        fam_tid = pd.Series([f"tpl-{int(x):016x}" for x in fam_min.to_numpy()], index=fam_min.index)
        sk_tid[new_sk] = fam_tid.reindex(c).to_numpy()
        rep = grp.sort_values(["c", "w", "h"], ascending=[True, False, True]).drop_duplicates("c")
        n_skel = grp.groupby("c").size()
        ex_docs = rep_doc[rep["s"].to_numpy()]
        exemplars = _redact(tk, doc, pos, keep, ex_docs, pc.shingle_size)  # doc/pos index tk's tokens
        rep_s = rep["s"].to_numpy()
        rep_tid = fam_tid.reindex(rep["c"].to_numpy()).to_numpy(dtype=object)
        nr = pd.DataFrame({"template_id": rep_tid, "skel_hash": sk_uniques[rep_s], "n_shingles": sk_size[rep_s],
                           "sig": [sig[s].tobytes() for s in rep_s.tolist()],  # one per new family
                           "exemplar": list(exemplars),
                           "n_skeletons": n_skel.reindex(rep["c"].to_numpy()).to_numpy(np.int64),
                           "first_seen": np.zeros(len(rep_s), np.int64), "last_seen": np.zeros(len(rep_s), np.int64),
                           "variant_hashes": [b""] * len(rep_s), "variant_sigs": [b""] * len(rep_s)})
        tid_of_s = pd.Series(rep_tid, index=rep_s)
        in_rep = _in_sorted(g, np.sort(rep_s))
        nsh = pd.DataFrame({"template_id": tid_of_s.reindex(g[in_rep]).to_numpy(dtype=object),
                            "shingle": v[in_rep]})
        new_rows, new_sh = [nr], [nsh]
    has = doc_skel >= 0
    has[has] = eligible[doc_skel[has]]
    out[has] = sk_tid[doc_skel[has]]
    if len(reg) and "exemplar" in reg.columns:
        # a known family whose exemplar the state does not keep (it was not shown when the state was
        # written: prune_exemplars) gets one from this slice's prompts, so that a family a flagged ring
        # takes up later can still be shown
        blank = reg["exemplar"].fillna("").astype(str).to_numpy() == ""
        fill = np.flatnonzero((match >= 0) & eligible)
        fill = fill[blank[match[fill]]]
        if len(fill):
            fr = (pd.DataFrame({"s": fill, "r": match[fill], "w": sk_docs[fill], "h": sk_uniques[fill]})
                  .sort_values(["r", "w", "h"], ascending=[True, False, True]).drop_duplicates("r"))
            ex = _redact(tk, doc, pos, keep, rep_doc[fr["s"].to_numpy()], pc.shingle_size)
            col = reg["exemplar"].astype(object).to_numpy(copy=True)
            col[fr["r"].to_numpy()] = ex
            reg = reg.assign(exemplar=col)
    if new_rows:
        nr = new_rows[0]
        nr = nr[~_isin_str(nr["template_id"], reg["template_id"])]  # an id re-founded after retention
        reg = pd.concat([reg, nr], ignore_index=True) if len(reg) else nr
        nsh = new_sh[0]
        nsh = nsh[_isin_str(nsh["template_id"], nr["template_id"])]
        reg_sh = pd.concat([reg_sh, nsh], ignore_index=True) if len(reg_sh) else nsh
    reg = _add_variants(reg, sk_tid, sk_uniques, sig, sk_docs, eligible, pc.num_perm)
    # first/last use per family
    used = pd.DataFrame({"t": out[has], "ts": np.asarray(ts)[has]}).groupby("t")["ts"].agg(["min", "max"])
    cur = reg.set_index("template_id")
    f0 = used["min"].reindex(cur.index)
    f1 = used["max"].reindex(cur.index)
    fs = cur["first_seen"].to_numpy(np.int64)
    cur["first_seen"] = np.where(f0.notna() & ((fs == 0) | (f0.fillna(0).to_numpy() < fs)),
                                 f0.fillna(0).to_numpy(), fs).astype(np.int64)
    cur["last_seen"] = np.maximum(cur["last_seen"].to_numpy(np.int64), f1.fillna(0).to_numpy()).astype(np.int64)
    reg = cur.reset_index()
    reg["skel_hash"] = reg["skel_hash"].astype(np.uint64)
    return out, reg, reg_sh


def prune_exemplars(reg: pd.DataFrame, templates: pd.DataFrame | None) -> pd.DataFrame:
    """The registry with an exemplar kept only for the families this run shows one for.

    The outputs show a family's redacted exemplar only if it is public text (many accounts use it)
    or a flagged ring shares it (:data:`graphhunt.detector.PUBLIC_TEMPLATE_ACCOUNTS`); a family a few
    benign accounts share is their own wording and keeps its id and counts only. The state keeps no
    more than the outputs show: every other family's exemplar is blanked before the registry is
    written (a later slice that uses the family again fills it, :func:`_assign_templates`).

    >>> reg = pd.DataFrame({"template_id": ["tpl-a", "tpl-b", "tpl-c"], "exemplar": ["solve <num>", "my letter", "x"]})
    >>> shown = pd.DataFrame({"template_id": ["tpl-a", "tpl-b"], "exemplar": ["solve <num>", ""]})
    >>> prune_exemplars(reg, shown)["exemplar"].tolist()
    ['solve <num>', '', '']
    """
    if "exemplar" not in reg.columns or not len(reg):
        return reg
    shown = pd.Index([], dtype=object)
    if templates is not None and len(templates) and "exemplar" in templates.columns:
        t = templates[templates["exemplar"].fillna("").astype(str) != ""]
        shown = pd.Index(t["template_id"].astype(str))
    keep = reg["template_id"].astype(str).isin(shown).to_numpy()
    return reg.assign(exemplar=np.where(keep, reg["exemplar"].astype(object).to_numpy(), ""))


# --------------------------------------------------------------------------- stable ring ids


def _member_sets(lab: pd.Series, sort: bool) -> dict:
    """label -> set of index values, like ``{k: set(g.index) for k, g in lab.groupby(lab, sort=sort)}``
    but with one sort instead of a pandas group object per ring."""
    if len(lab) == 0:
        return {}
    codes, uniq = pd.factorize(lab.to_numpy(object), sort=sort)
    order = np.argsort(codes, kind="stable")
    bounds = np.cumsum(np.bincount(codes, minlength=len(uniq)))[:-1]
    idx = lab.index.to_numpy(object)[order]
    return {u: set(part.tolist()) for u, part in zip(uniq.tolist(), np.split(idx, bounds))}


def match_rings(prev: pd.Series, new: pd.Series, new_order: Sequence[Any], next_number: int,
                min_overlap: float = 0.3, info: pd.DataFrame | None = None,
                prev_flagged: dict | None = None) -> tuple[dict, pd.DataFrame, int]:
    """Give this run's rings stable ids and describe how they relate to the previous run's.

    Parameters
    ----------
    prev : Series
        account_id -> stable ring id of the previous run (ring members only).
    new : Series
        account_id -> this run's (temporary) ring label (ring members only).
    new_order : sequence
        This run's ring labels in output order (new ids are numbered in this order).
    next_number : int
        The next unused ring number; new ids are ``ring-{number:06d}``.
    min_overlap : float
        An old ring P and a new ring R are related when they share at least two
        accounts and at least this fraction of P or of R.
    info : DataFrame, optional
        Indexed by new label, columns ``size, risk_score, flagged`` (and optionally ``reasons``, the
        ring's reason codes now) copied into the changes: an ``unflagged`` row says why the ring no
        longer scores (e.g. ``ONE_EPISODE`` or ``DISCLOSED_ORG`` among its codes, or fewer codes).
    prev_flagged : dict, optional
        Previous stable ring id -> whether it was flagged. With it, a ring flagged now that comes from
        no flagged ring (new, a flagged piece of an unflagged ring, or one that gained its flag) gets
        a ``flagged`` row, and a ring that keeps a flagged id and is not flagged now an ``unflagged``
        row, besides any other row: ``change == "flagged"`` is what needs a look since the last run,
        ``unflagged`` a ring being watched that no longer scores as one (a flagged ring that dissolved
        gets one too, beside its ``dissolved`` row).

    Returns
    -------
    ids : dict
        new label -> stable ring id.
    changes : DataFrame
        Columns :data:`CHANGE_COLUMNS`, one row per event: ``new`` (no related
        old ring), ``grew``/``shrank`` (one-to-one continuation whose members
        changed; ``grew`` when at least as many joined as left), ``merged``
        (a new ring related to two or more old rings: ``from_ids`` lists them,
        the largest overlap keeps its id), ``split`` (an old ring related to two
        or more new rings: ``to_ids`` lists them, the largest keeps the id) and
        ``dissolved`` (an old ring related to no new ring); with ``prev_flagged``, also
        ``flagged``/``unflagged`` (see above).
    next_number : int
        Updated counter.

    Matching is a greedy maximum-overlap one-to-one assignment over related
    pairs (largest overlap first, ties by id), so a ring keeps its id when it is
    essentially the same group.

    Examples
    --------
    >>> prev = pd.Series({"a": "ring-000001", "b": "ring-000001", "c": "ring-000001"})
    >>> new = pd.Series({"a": 0, "b": 0, "c": 0, "d": 0})
    >>> ids, ch, nxt = match_rings(prev, new, [0], 2)
    >>> ids[0], ch["change"].tolist(), int(ch["members_added"].iloc[0])
    ('ring-000001', ['grew'], 1)
    """
    prev = prev.astype(object)
    new = new.astype(object)
    p_members = _member_sets(prev, sort=True)
    r_members = _member_sets(new, sort=False)
    both = pd.DataFrame({"p": prev}).join(pd.DataFrame({"r": new}), how="inner")
    ov = both.groupby(["p", "r"], sort=False).size().reset_index(name="o")
    if len(ov):
        ov["sp"] = ov["p"].map({p: len(s) for p, s in p_members.items()})
        ov["sr"] = ov["r"].map({r: len(s) for r, s in r_members.items()})
        ov = ov[(ov["o"] >= 2) & ((ov["o"] >= min_overlap * ov["sp"]) | (ov["o"] >= min_overlap * ov["sr"]))]
        ov = ov.assign(rk=ov["r"].map({r: i for i, r in enumerate(new_order)}))
        ov = ov.sort_values(["o", "p", "rk"], ascending=[False, True, True])
    assign: dict = {}
    used_p: set = set()
    parents: dict = {}
    children: dict = {}
    for p, r, o in zip(ov["p"].tolist(), ov["r"].tolist(), ov["o"].tolist()):  # one per related ring pair
        parents.setdefault(r, []).append(p)
        children.setdefault(p, []).append(r)
        if p not in used_p and r not in assign:
            assign[r] = p
            used_p.add(p)
    ids = {}
    for r in new_order:
        if r in assign:
            ids[r] = assign[r]
        else:
            ids[r] = f"ring-{next_number:06d}"
            next_number += 1

    # per ring (size, risk_score, flagged, reasons) as numpy scalars, as info.at gives them (info.at per row
    # cost ~0.5 ms: 1.5 s for 3,000 changed rings)
    info_of = {}
    if info is not None:
        reasons = info["reasons"].fillna("").astype(str) if "reasons" in info else pd.Series("", index=info.index)
        info_of = dict(zip(info.index, zip(info["size"].to_numpy(), info["risk_score"].to_numpy(),
                                           info["flagged"].to_numpy(), reasons.to_numpy())))

    def row(rid, change, frm, to, before: set, after: set, lists=True, r=None):
        add, rem = after - before, before - after
        d = {"ring_id": rid, "change": change, "from_ids": ";".join(frm), "to_ids": ";".join(to),
             "members_before": len(before), "members_after": len(after),
             "members_added": len(add), "members_removed": len(rem),
             "size": np.nan, "risk_score": np.nan, "flagged": False, "reasons": "",
             "added_accounts": ";".join(sorted(map(str, add))) if lists else "",
             "removed_accounts": ";".join(sorted(map(str, rem))) if lists else ""}
        if r is not None and r in info_of:
            size, risk, flagged, reasons = info_of[r]
            d.update(size=size, risk_score=risk, flagged=bool(flagged), reasons=reasons)
        return d

    rows = []
    for r in new_order:
        ps = parents.get(r, [])
        after = r_members.get(r, set())
        if not ps:
            rows.append(row(ids[r], "new", [], [ids[r]], set(), after, lists=False, r=r))
        elif len(ps) >= 2:
            before = set().union(*(p_members[p] for p in ps))
            rows.append(row(ids[r], "merged", ps, [ids[r]], before, after, r=r))
        elif assign.get(r) == ps[0] and len(children.get(ps[0], [])) == 1:
            before = p_members[ps[0]]
            if before != after:
                grew = len(after - before) >= len(before - after)
                rows.append(row(ids[r], "grew" if grew else "shrank", ps, [ids[r]], before, after, r=r))

        if prev_flagged is not None and r in info_of:
            now = bool(info_of[r][2])
            if now and not any(bool(prev_flagged.get(p)) for p in ps):
                # flagged now, and none of the rings it comes from was (a new ring, a flagged piece of an
                # unflagged ring, or a continuation that gained its flag)
                before = set().union(*(p_members[p] for p in ps)) if ps else set()
                rows.append(row(ids[r], "flagged", ps, [ids[r]], before, after, lists=False, r=r))
            elif not now and r in assign and bool(prev_flagged.get(assign[r])):
                # the ring that keeps a flagged id (a continuation, or the largest part of a split or merge)
                rows.append(row(ids[r], "unflagged", [assign[r]], [ids[r]], p_members[assign[r]], after,
                                lists=False, r=r))
    by_r = {ids[r]: r for r in new_order}
    for p in sorted(p_members):
        ch = children.get(p, [])
        if len(ch) >= 2:
            after = set().union(*(r_members[r] for r in ch))
            cont = by_r.get(p)
            rows.append(row(p, "split", [p], [ids[r] for r in ch], p_members[p], after, r=cont))
        elif not ch:
            rows.append(row(p, "dissolved", [p], [], p_members[p], set(), lists=False))
            if prev_flagged is not None and bool(prev_flagged.get(p)):
                # a watched ring that is gone is a ring that lost its flag: a job that follows ``unflagged``
                # rows saw nothing of it (a QA pass of session 64: three members of a ring still active)
                rows.append(row(p, "unflagged", [p], [], p_members[p], set(), lists=False))
    changes = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    changes["size"] = changes["size"].astype("Int64")  # a count (empty for a dissolved ring), not 152.0000
    return ids, changes, next_number


# --------------------------------------------------------------------------- the pipeline over stored evidence


#: an account also uses a template family it used on at least this many UTC days of the window
#: (:func:`_held_templates`)
TEMPLATE_HOLD_DAYS = 2


def _held_templates(acc: np.ndarray, codes: np.ndarray, logged: np.ndarray | None,
                    repeat_fraction: float, ts: np.ndarray | None = None,
                    min_days: int = TEMPLATE_HOLD_DAYS, repeat_cap: int = 0,
                    prompt_hash: np.ndarray | None = None) -> np.ndarray:
    """Template code per event, -1 where the event's account does not hold its family over the window.

    ``detect`` counts a shingle as the account's template text only where the account uses it in at least
    ``prompts.repeat_fraction`` of its prompts (:func:`graphhunt.links.prompts._shared_shingles`). A refresh
    decides shared text per slice, where that share is of the slice's prompts: in a daily slice an account
    with one or two prompts holds everything it wrote, so two accounts that share a phrase once make a family
    (the bundled sample refreshed in 14 slices: 8,729 families and 461,660 edges against detect's 2,253 and
    160,342). The same rule is applied here again, to the families over the stored window: an account uses a
    family if at least ``ceil(repeat_fraction x its logged prompts in the window)`` (at least 1) of its events
    carry it. A ring account that sends its template one request a day holds it over the window as it does in
    ``detect``; one request that quoted a popular template among other traffic does not.

    With ``repeat_cap`` = K (``prompts.repeat_cap``) an account also holds a family it used with K or more
    different prompt texts (``prompt_hash`` per event, int64, as the state stores it; events without one count
    as different), as ``detect`` holds shingles (:func:`graphhunt.links.prompts.hold_threshold`). A state
    written before session 68 has no hashes: then every use counts.

    With ``ts`` (seconds), an account also uses a family it used on at least ``min_days`` UTC days of the
    window (:data:`TEMPLATE_HOLD_DAYS`), whatever its share: recurring use is template use. ``detect`` holds
    text at the level of shingles, which related families share (a benchmark's templates, one operator's
    wrappers), so an account that spreads its requests over nine families of one kind at 5 % each holds their
    text there, and each of its prompts keeps its family; the share of each family alone dropped 88 % of such
    an account's families here (world32's hydra: 653 accounts in 11 families of 400-650 holders in
    ``detect``, 131-420 holders of the largest in a refresh of the same events; session 64). A phrase two
    accounts shared once, on one day, stays unlinked.
    """
    ok = codes >= 0
    if repeat_fraction <= 0 or not ok.any():
        return codes
    # an event with a template id had its prompt logged, whatever an older state stored as its reasoning flag
    logged = ok if logged is None else (logged | ok)
    n_acc = int(acc.max()) + 1
    n_prompts = np.bincount(acc[logged], minlength=n_acc)
    from .links.prompts import hold_threshold

    thr = hold_threshold(n_prompts, repeat_fraction)
    key = acc[ok] * np.int64(max(int(codes.max()) + 1, 1)) + codes[ok]
    pair, _ = pd.factorize(key)
    n_use = np.bincount(pair)
    held = n_use[pair] >= thr[acc[ok]]
    if repeat_cap > 0 and not held.all():
        if prompt_hash is None:
            n_diff = n_use
        else:  # each (pair, text) once; an event without a hash is a text of its own
            hc, _ = pd.factorize(pd.Series(prompt_hash[ok]), use_na_sentinel=True)
            hc = hc.astype(np.int64)
            na = hc < 0
            hc[na] = hc.max(initial=-1) + 1 + np.arange(int(na.sum()))
            span = np.int64(len(hc) + 1)
            n_diff = np.bincount(pd.unique(pair.astype(np.int64) * span + hc) // span, minlength=len(n_use))
        held |= n_diff[pair] >= repeat_cap
    if ts is not None and min_days > 0 and not held.all():
        day = np.asarray(ts, np.int64)[ok] // 86_400
        span = np.int64(day.max() - day.min() + 1)
        # each (pair, day) once: a hash table's distinct values, not a sort (only their count per pair is used)
        pair_days = pd.unique(pair.astype(np.int64) * span + (day - day.min()))
        held |= np.bincount(pair_days // span, minlength=int(pair.max()) + 1)[pair] >= min_days
    out = codes.copy()
    out[np.flatnonzero(ok)[~held]] = -1
    return out


def _raw_template_codes(ev: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(code per event into every template id of ``ev``, -1 where it has none; those ids, sorted)."""
    codes, uniq = pd.factorize(ev["template_id"].astype("string"), sort=True, use_na_sentinel=True)
    return codes.astype(np.int64), np.asarray(uniq, dtype=object)


def _hold_inputs(ev: pd.DataFrame) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None, object]:
    """The per-event arrays :func:`_held_templates` reads besides the codes: (account, logged, seconds,
    prompt hash: a nullable Int64 array, or None in a state written before session 68)."""
    logged = ev["reasoning"].notna().to_numpy(bool) if "reasoning" in ev.columns else None
    ts = ev["ts"].to_numpy(np.int64) if "ts" in ev.columns else None
    ph = ev["prompt_hash"].astype("Int64").array if "prompt_hash" in ev.columns else None
    return ev["acc"].to_numpy(np.int64), logged, ts, ph


def _template_codes(ev: pd.DataFrame, repeat_fraction: float,
                    raw: tuple[np.ndarray, np.ndarray] | None = None,
                    repeat_cap: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(code per event into the families some account holds, -1 elsewhere; those families' ids, sorted).
    ``raw``: :func:`_raw_template_codes` of ``ev`` where the caller has them already."""
    codes, uniq = raw if raw is not None else _raw_template_codes(ev)
    acc, logged, ts, ph = _hold_inputs(ev)
    codes = _held_templates(acc, codes, logged, repeat_fraction, ts, repeat_cap=repeat_cap, prompt_hash=ph)
    used = np.flatnonzero(np.bincount(codes[codes >= 0], minlength=len(uniq)) > 0)
    if len(used) < len(uniq):  # families nobody holds are no families of this run (as in detect)
        remap = np.full(len(uniq), -1, np.int64)
        remap[used] = np.arange(len(used))
        codes = np.where(codes >= 0, remap[np.maximum(codes, 0)], -1)
        uniq = uniq[used]
    return codes, np.asarray(uniq, dtype=object)


def _old_rows(ev: pd.DataFrame, new_keys: np.ndarray) -> np.ndarray:
    """Rows of ``ev`` that are not among this run's new events (``event_key`` not in ``new_keys``).

    pandas' hash-table ``isin``: ``np.isin`` sorts the window's every key (0.27 against 0.03 s at 2M events)."""
    return ~pd.Series(ev["event_key"].to_numpy(np.uint64), copy=False).isin(new_keys).to_numpy(bool)


def templates_hold_changed(ev: pd.DataFrame, n: int, new_keys: np.ndarray, repeat_fraction: float,
                           now: tuple[np.ndarray, np.ndarray] | None = None, old: np.ndarray | None = None,
                           raw: tuple[np.ndarray, np.ndarray] | None = None, repeat_cap: int = 0) -> np.ndarray:
    """Accounts whose held template families differ between the evidence without the new events and with
    them (bool array over account codes).

    Whether an account holds a family depends on how many of its prompts carry it *and* how many prompts
    it sent (:func:`_held_templates`), so new events can give or take a family without adding an
    attribute: two old uses and a third new one reach the share, new untemplated requests drop it below.
    :func:`new_linking_accounts` sees neither. Only families two or more accounts hold (before or after)
    count, as only they link; an account whose partner lost the family counts too. ``now``: the
    :func:`_template_codes` of ``ev`` where the link builder has them already; ``old``: :func:`_old_rows`;
    ``raw``: :func:`_raw_template_codes` of ``ev``.

    Both sides are coded into ``ev``'s template ids (the families held without the new events are
    among them), so the (account, family) pairs compare as integers, without a copy of the old events
    or a second factorisation of their ids.
    """
    out = np.zeros(n, bool)
    if "template_id" not in ev.columns or "event_key" not in ev.columns or len(new_keys) == 0 or len(ev) == 0:
        return out
    if old is None:
        old = _old_rows(ev, new_keys)
    codes, uniq = raw if raw is not None else _raw_template_codes(ev)
    acc, logged, ts, ph = _hold_inputs(ev)
    n_fam = np.int64(max(len(uniq), 1))
    # held with the new events: a family's code is its raw code wherever ``now`` holds it
    held_now = (now[0] >= 0 if now is not None
                else _held_templates(acc, codes, logged, repeat_fraction, ts, repeat_cap=repeat_cap,
                                     prompt_hash=ph) >= 0)
    held_old = np.zeros(len(ev), bool)
    held_old[old] = _held_templates(acc[old], codes[old], None if logged is None else logged[old], repeat_fraction,
                                    None if ts is None else ts[old], repeat_cap=repeat_cap,
                                    prompt_hash=None if ph is None else ph[old]) >= 0

    def pairs(held: np.ndarray) -> np.ndarray:
        # the (account, family) pairs, as account x families + family, of families two or more accounts hold
        key = np.unique(acc[held] * n_fam + codes[held])
        fam = key % n_fam
        return key[np.bincount(fam, minlength=int(n_fam))[fam] >= 2]

    out[np.setxor1d(pairs(held_now), pairs(held_old), assume_unique=True) // n_fam] = True
    return out


def _link_builder(cfg: Config):
    """Link builder over stored events: precomputed template ids instead of prompt text."""
    from .links import LinkContext, build_links
    from .links.base import Incidence

    def build(ctx):
        cfg2 = dataclasses.replace(cfg, links=dataclasses.replace(
            cfg.links, types=[t for t in cfg.links.types if t != "template"]),
            prompts=dataclasses.replace(cfg.prompts, enabled=False))
        ctx2 = LinkContext(events=ctx.events, accounts=ctx.accounts, account_ids=ctx.account_ids, config=cfg2,
                           artifacts=ctx.artifacts, sources=ctx.sources)
        out = build_links(ctx2)
        ev = ctx.events
        if "template_id" not in ev.columns or not cfg.prompts.enabled:
            return out
        raw = _raw_template_codes(ev)
        codes, uniq = _template_codes(ev, cfg.prompts.repeat_fraction, raw, repeat_cap=cfg.prompts.repeat_cap)
        ctx.artifacts["_template_raw"] = raw  # (refresh's region update reads it: templates_hold_changed)
        reg = ctx.artifacts.pop("_registry", None)
        fams = pd.DataFrame({"family": np.arange(len(uniq), dtype=np.int64),
                             "template_id": np.asarray(uniq, dtype=object),
                             "n_prompts": np.bincount(codes[codes >= 0], minlength=len(uniq))})
        if reg is not None and len(reg):
            r = reg.set_index("template_id")
            fams["n_skeletons"] = r["n_skeletons"].reindex(fams["template_id"]).fillna(1).astype(np.int64).to_numpy()
            fams["exemplar"] = r["exemplar"].reindex(fams["template_id"]).fillna("").to_numpy()
        else:
            fams["n_skeletons"] = 1
            fams["exemplar"] = ""
        ctx.artifacts["template_family"] = codes
        ctx.artifacts["template_families"] = fams
        if "reasoning" in ev.columns:
            rs = ev["reasoning"].astype("boolean")
            ctx.artifacts["reasoning"] = rs.fillna(False).to_numpy(bool)
            ctx.artifacts["prompt_logged"] = rs.notna().to_numpy(bool)
        k_rep = int(cfg.scoring.max_repeats_per_prompt or 0)
        if k_rep > 0 and "prompt_hash" in ev.columns:
            from .links.prompts import repeats_of_hashes

            ph = ev["prompt_hash"].astype("Int64")
            ok_h = ph.notna().to_numpy()
            ctx.artifacts["prompt_repeats_over"] = repeats_of_hashes(
                ev["acc"].to_numpy()[ok_h], ph[ok_h].to_numpy(np.int64), len(ctx.account_ids), k_rep)
        ok = codes >= 0
        if "template" not in cfg.links.types or not ok.any():
            return out
        df = pd.DataFrame({"acc": ev["acc"].to_numpy()[ok], "f": codes[ok], "ts": ev["ts"].to_numpy()[ok]})
        g = df.groupby(["acc", "f"], sort=True).agg(n=("f", "size"), first=("ts", "min"), last=("ts", "max")).reset_index()
        out.append(Incidence(link_type="template", account=g["acc"].to_numpy(np.int32), attr=g["f"].to_numpy(np.int64),
                             labels=fams["template_id"].to_numpy(dtype=object), n_events=g["n"].to_numpy(np.int32),
                             first_seen=g["first"].to_numpy(np.int64), last_seen=g["last"].to_numpy(np.int64)))
        return out

    return build


#: when more than this share of the accounts is affected, the whole graph is re-clustered
REGION_MAX_SHARE = 0.5
#: edges of at least this fraction of the CPM resolution carry the region one hop further
REGION_EDGE_FRACTION = 1.0


def region_communities(edges: pd.DataFrame, account_ids: np.ndarray, prev: pd.Series, affected: np.ndarray,
                       ccfg, info: dict | None = None) -> np.ndarray | None:
    """Update the previous communities around the accounts whose evidence changed.

    Parameters
    ----------
    edges : DataFrame
        ``src, dst, weight`` over account codes (the projected graph).
    account_ids : array
        Account id per code.
    prev : Series
        account_id -> the previous run's community label.
    affected : bool array over codes
        Accounts whose links changed (new linking attributes, events aged out,
        changed account rows); accounts without a previous label are added.
    ccfg : CommunityConfig

    Method (CPM only; the quality is a sum over communities of internal weight
    minus ``resolution x pairs``):

    * *touched* = the affected accounts and their neighbours through edges of
      weight >= ``resolution`` (a vertex cannot gain by joining a community
      to which all its edges are weaker than the resolution);
    * a reduced graph: every affected account is its own node; the unaffected
      members of each touched community are contracted into one node whose
      size (CPM node weight) is their number, so that group moves as a whole;
      edges are summed per node pair; between two contracted nodes only pairs
      whose summed weight reaches ``resolution x size_a x size_b`` are kept
      (the others cannot make a merge of the two worth it by themselves);
    * Leiden on the reduced graph, seeded with the previous labels;
    * every other account keeps its previous community.

    This is an approximation of re-clustering the whole graph (unaffected
    parts of a community cannot split, weak links are ignored); its agreement
    with a full ``detect`` is measured in ``benchmarks/bench_refresh.py``.
    Returns None (the caller runs Leiden on the whole graph) when the affected
    accounts exceed ``REGION_MAX_SHARE`` of all, or the objective/backend is
    not CPM with igraph.
    """
    import random

    import igraph as ig

    from .communities import _canonical

    n = len(account_ids)
    if n == 0 or ccfg.objective != "CPM" or ccfg.backend != "igraph":
        return None
    lab = prev.reindex(pd.Index(account_ids.astype(str))).to_numpy()
    codes, _ = pd.factorize(lab)
    codes = codes.astype(np.int64)
    fresh = codes < 0
    codes[fresh] = (codes.max() + 1 if (~fresh).any() else 0) + np.arange(int(fresh.sum()))
    affected = np.asarray(affected, bool) | fresh
    # no widened copies of the edge arrays (18M edges at 100k accounts): codes stay int32, weights
    # float32; comparisons against float64 scalars are done in float64 (as on a float64 copy)
    src = edges["src"].to_numpy()
    dst = edges["dst"].to_numpy()
    w = edges["weight"].to_numpy()
    gamma = np.float64(ccfg.resolution)
    aff_s, aff_d = affected[src], affected[dst]
    strong = w >= np.float64(REGION_EDGE_FRACTION) * gamma
    touched = affected.copy()
    touched[src[strong & aff_d]] = True
    touched[dst[strong & aff_s]] = True
    n_comm = int(codes.max()) + 1
    hit = np.zeros(n_comm, bool)
    hit[codes[touched]] = True
    in_region = hit[codes]
    if info is not None:
        info.update(affected_accounts=int(affected.sum()), touched_accounts=int(touched.sum()),
                    region_accounts=int(in_region.sum()), accounts=int(n))
    if affected.sum() > REGION_MAX_SHARE * n:  # the reduced graph would be about as large as the whole one
        return None
    # nodes: affected accounts one by one, then one node per touched community (its unaffected members)
    aff_idx = np.flatnonzero(affected)
    n_aff = len(aff_idx)
    rest = in_region & ~affected
    sup_comm, sup_pos = np.unique(codes[rest], return_inverse=True)
    node = np.full(n, -1, np.int32)
    node[aff_idx] = np.arange(n_aff)
    node[np.flatnonzero(rest)] = n_aff + sup_pos
    n_nodes = n_aff + len(sup_comm)
    size = np.ones(n_nodes, np.float64)
    size[n_aff:] = np.bincount(sup_pos, minlength=len(sup_comm))
    # Edges between two affected accounts all count. A pair with a contracted node (size = its
    # number of accounts, 1 for an affected account) is kept when its summed weight reaches
    # resolution x size_a x size_b: below that the tie cannot make joining the two worth it by
    # itself (most such pairs are an account's weak /24 or NAT ties to a large community). Between
    # two contracted nodes only edges >= resolution are summed: a pair whose edges are all weaker
    # sums to less than resolution x size_a x size_b anyway (most of a large graph's edges are
    # such). Selecting these candidate edges first keeps the lookups and the sort to a few million.
    cand = np.flatnonzero(aff_s | aff_d | (w >= gamma))
    a, b = node[src[cand]], node[dst[cand]]
    ok = (a >= 0) & (b >= 0) & (a != b)
    a, b = a[ok].astype(np.int64), b[ok].astype(np.int64)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    key = lo * n_nodes + hi
    order, key = stable_argsort(key, return_sorted=True)
    ww = w[cand[ok]].astype(np.float64)[order]
    if len(key):
        starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        ukey, uw = key[starts], np.add.reduceat(ww, starts)
    else:
        ukey, uw = key, ww
    ua, ub = ukey // n_nodes, ukey % n_nodes
    keep = ((ua < n_aff) & (ub < n_aff)) | (uw >= gamma * size[ua] * size[ub])
    ua, ub, uw = ua[keep], ub[keep], uw[keep]
    init_lab = np.r_[codes[aff_idx], sup_comm]
    init, _ = pd.factorize(init_lab)
    g = ig.Graph(n=n_nodes, edges=list(zip(ua.tolist(), ub.tolist())), directed=False)
    state = random.getstate()
    ig.set_random_number_generator(random.Random(ccfg.seed))
    try:
        part = g.community_leiden(objective_function="CPM", weights=uw, node_weights=size.tolist(),
                                  resolution=gamma, beta=0.01, n_iterations=ccfg.n_iterations,
                                  initial_membership=init.tolist())
    finally:
        ig.set_random_number_generator(random)
        random.setstate(state)
    memb = np.asarray(part.membership, np.int64)
    out = codes.copy()
    mapped = node >= 0
    out[mapped] = n_comm + memb[node[mapped]]
    if info is not None:
        info.update(reduced_nodes=int(n_nodes), reduced_edges=int(len(uw)), edges=int(len(w)))
    _, out = np.unique(out, return_inverse=True)
    return _canonical(out.astype(np.int64))


def changed_communities(comm: np.ndarray, prev: np.ndarray, affected: np.ndarray) -> np.ndarray:
    """Accounts whose community is not one the previous run already searched for dense cores.

    A community of ``comm`` is unchanged when none of its accounts is ``affected`` and it holds
    exactly the accounts of one previous community (``prev``: previous label per account code,
    NaN for accounts new to the state). The dense-core search (``communities.core_density_steps``)
    already looked inside such a community in an earlier run, on the same links; a refresh searches
    only the others. Returns a bool array over accounts: True where the community changed.

    >>> changed_communities(np.array([0, 0, 1, 1, 2]), np.array([5.0, 5.0, 6.0, 7.0, np.nan]),
    ...                     np.zeros(5, bool)).tolist()
    [False, False, True, True, True]
    """
    n = len(comm)
    if n == 0:
        return np.zeros(0, bool)
    prev = np.asarray(prev, np.float64)
    known = ~np.isnan(prev)
    pcodes = np.full(n, -1, np.int64)
    pcodes[known] = pd.factorize(prev[known])[0]
    comm = np.asarray(comm, np.int64)
    n_comm = int(comm.max()) + 1
    bad = np.zeros(n_comm, bool)
    bad[comm[~known | np.asarray(affected, bool)]] = True
    # one previous label per community, and the same accounts as that previous community
    lo = np.full(n_comm, np.iinfo(np.int64).max)
    hi = np.full(n_comm, -1)
    np.minimum.at(lo, comm, pcodes)
    np.maximum.at(hi, comm, pcodes)
    bad |= lo != hi
    p_size = np.bincount(pcodes[known], minlength=int(pcodes.max()) + 1 if known.any() else 0)
    c_size = np.bincount(comm, minlength=n_comm)
    single = ~bad & (hi >= 0)
    bad[single] = c_size[single] != p_size[hi[single]]
    return bad[comm]


def new_linking_accounts(incidences: list, attributes: pd.DataFrame, n: int, t_new_min: int,
                         has_new: np.ndarray | None = None) -> np.ndarray:
    """Accounts that hold a linking attribute (weight > 0) first seen at or after ``t_new_min``.

    An account whose new events only reuse attributes it already had gains no
    edge: edge weights depend on which accounts hold an attribute (and, for
    templates, on usage shares), not on how often. A pair first seen inside
    the new slice is new; pairs of older events seen late are counted too
    (conservative). ``has_new`` (bool over accounts): only accounts with events in the new
    slice can hold a new pair, so only they count (session 22: one late event, dated early in
    the last day, marked every account whose attribute was first seen since then: 371
    accounts and 13 rows of changes.csv about benign groups in a QA world).
    """
    out = np.zeros(n, bool)
    if attributes is None or len(attributes) == 0:
        return out
    linking = attributes[attributes["weight"].to_numpy() > 0]
    for inc in incidences:
        if inc.first_seen is None or len(inc) == 0:
            continue
        live = linking.loc[linking["link_type"] == inc.link_type, "attr"].to_numpy(np.int64)
        if len(live) == 0:
            continue
        ok = np.zeros(len(inc.labels), bool)
        ok[live] = True
        # an attribute computed from all of an account's events (its schedule) can change with any new
        # event: the holder counts when it has events in the new slice
        seen = inc.last_seen if inc.link_type in WHOLE_HISTORY and inc.last_seen is not None else inc.first_seen
        sel = (seen >= t_new_min) & ok[inc.attr]
        if has_new is not None:
            sel &= has_new[inc.account]
        out[inc.account[sel]] = True
    return out


#: the event columns the ``WHOLE_HISTORY`` link builders read (:func:`whole_history_changed`)
WHOLE_HISTORY_COLUMNS = ("acc", "ts")


def whole_history_changed(ctx, incidences: list, new_keys: np.ndarray, old: np.ndarray | None = None) -> np.ndarray:
    """Accounts whose attributes of a ``WHOLE_HISTORY`` link type (their schedule) differ between the
    evidence without the new events and the evidence with them (bool array over account codes).

    :func:`new_linking_accounts` sees the attributes an account holds now; an account whose new events
    *end* its schedule holds none, yet it lost every link the schedule gave it. This rebuilds those
    link types over the old events (``event_key`` not among ``new_keys``; ``old``: :func:`_old_rows`
    where the caller has it) and compares the (account, attribute) sets.
    """
    from .links import LINK_TYPES
    from .links.base import LinkContext

    n = ctx.n_accounts
    out = np.zeros(n, bool)
    types = [t for t in ctx.config.links.types if t in WHOLE_HISTORY]
    ev = ctx.events
    if not types or "event_key" not in ev.columns or len(new_keys) == 0:
        return out
    # the schedule builders read an account's request times only: the old events' (acc, ts), not a copy of
    # every column of the window
    old_ev = ev.loc[_old_rows(ev, new_keys) if old is None else old, list(WHOLE_HISTORY_COLUMNS)]
    old_ctx = LinkContext(events=old_ev, accounts=ctx.accounts, account_ids=ctx.account_ids, config=ctx.config,
                          sources=ctx.sources)

    def pairs(incs: list, t: str) -> pd.DataFrame:
        fr = [pd.DataFrame({"account": i.account.astype(np.int64), "label": i.labels[i.attr]})
              for i in incs if i.link_type == t and len(i)]
        return pd.concat(fr, ignore_index=True) if fr else pd.DataFrame({"account": np.zeros(0, np.int64), "label": np.zeros(0, object)})

    for t in types:
        m = pairs(incidences, t).merge(pairs(LINK_TYPES[t](old_ctx), t), how="outer", indicator=True)
        out[m.loc[m["_merge"] != "both", "account"].to_numpy(np.int64)] = True
    return out


def _pipeline_digest(cfg: Config) -> str:
    """Digest of the settings downstream of the evidence (links, communities, scoring)."""
    d = cfg.to_dict()
    part = {k: d.get(k) for k in ("links", "communities", "scoring")}
    part["communities"] = {k: v for k, v in (part["communities"] or {}).items() if k != "workers"}  # no effect on results
    # the reference tables the scoring reads (scoring.academic_network_org): another input.asn_db / asn_names /
    # hosting_ranges was "nothing new" for a run without new events, and kept the old result. Only values other
    # than "auto" enter the digest, so a state written with the defaults keeps its digest (no full re-cluster)
    tables = {k: v for k, v in (d.get("input") or {}).items() if k in ("asn_db", "asn_names", "hosting_ranges")
              and v != "auto"}
    if tables:
        part["input"] = tables
    return hashlib.sha256(json.dumps(part, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _aged_out_accounts(sd: Path, segments: list[dict], parts: list[pd.DataFrame], kept: list[dict],
                       cutoff_ts: pd.Timestamp) -> set:
    """Accounts that lost events to retention (whole dropped segments and the old rows of kept ones)."""
    out: set = set()
    kept_files = {s["file"] for s in kept}
    for s in segments:
        if s["file"] not in kept_files:
            out |= set(_read_parquet(sd / s["file"], ["account_id"])["account_id"].astype(str).unique())
    for p in parts:
        old = p["timestamp"] < cutoff_ts
        if old.any():
            out |= set(p.loc[old, "account_id"].astype(str).unique())
    return out


def _changed_account_rows(old: pd.DataFrame | None, new: pd.DataFrame | None) -> set:
    """Accounts whose row in the merged accounts table differs from the previous one (or is new)."""
    if new is None or len(new) == 0:
        return set()
    n = new.assign(account_id=new["account_id"].astype(str)).set_index("account_id")
    if old is None or len(old) == 0:
        return set(n.index)
    o = old.assign(account_id=old["account_id"].astype(str)).set_index("account_id")
    cols = sorted(set(n.columns) | set(o.columns))
    o = o.reindex(index=n.index, columns=cols)
    n = n.reindex(columns=cols)
    for df in (o, n):  # datetimes as integers (formatting them as text is slow), the rest as text
        for col in cols:
            if pd.api.types.is_datetime64_any_dtype(df[col]):
                c = df[col].dt.tz_convert("UTC").dt.tz_localize(None) if df[col].dt.tz is not None else df[col]
                df[col] = pd.Series(c.to_numpy("datetime64[ns]").view("int64"), index=df.index).astype("string")
    o, n = o.astype("string"), n.astype("string")
    ho = pd.util.hash_pandas_object(o, index=False).to_numpy()
    hn = pd.util.hash_pandas_object(n, index=False).to_numpy()
    return set(n.index[ho != hn])


def _load_inputs(events, accounts, cfg: Config, column_map, exclude: Sequence[Any] = (),
                 applied: Mapping[str, dict] | None = None) -> tuple[pd.DataFrame, pd.DataFrame | None, list[dict]]:
    """``exclude``: paths a directory of events may hold that are not events (the state, --out, the accounts
    file). ``applied``: SHA-256 -> the manifest's ``inputs_applied`` entry of events files an earlier run
    applied; such a file is not read or checked again (its events are in the state or aged out), and its
    entry stands for it. A job may pass a growing list of slices (a directory of daily exports): one day's
    file applied once with ``--bad-rows drop`` failed every later run without it with exit 2 (a tester)."""
    from .io import (_fmt, check_mapped_columns, event_files, file_fingerprint, is_validated, load_accounts, load_events,
                     validate_accounts, validate_events)

    cmap = dict(cfg.input.column_map)
    cmap.update(column_map or {})
    items = list(events) if isinstance(events, (list, tuple)) else [events]
    # a directory stands for the events files under it (daily exports), each a slice of its own
    items = [f for it in items for f in (event_files(it, exclude=exclude) if isinstance(it, (str, Path)) and Path(it).is_dir()
                                         else [it])]
    if not items:
        raise InputError("no new events given", fix="pass one or more events files")
    frames, fps = [], []
    for it in items:
        if not isinstance(it, pd.DataFrame):
            try:
                fp = file_fingerprint(it)
            except OSError:  # (missing, a directory, unreadable: load_events says which, with the fix)
                fp = None
            if fp is not None and applied and fp["sha256"] in applied:
                fps.append({**{k: v for k, v in applied[fp["sha256"]].items() if k != "generation"},
                            "kind": "events", "path": fp["path"], "sha256": fp["sha256"]})
                continue
            try:
                df = load_events(it, column_map=cmap, bad_rows=cfg.input.bad_rows,
                                 max_prompt_chars=cfg.input.max_prompt_chars, aliases=cfg.input.column_aliases)
            except EmptyInputError as e:
                # a quiet hour: a header and no rows is an empty slice, not bad input (a 0-byte CSV or Parquet
                # file still is: it cannot be told from a failed export; a 0-byte JSON Lines file is empty).
                # So is a file whose every row was dropped under --bad-rows drop, which says so (a tester: it
                # was called "header only", a quiet hour, when a whole day's export had been thrown away)
                log.warning("%s: no events (%s); nothing to add from it", it,
                            "every row was a bad row and was dropped: check the file's format"
                            if "dropping bad rows" in str(e) else
                            "no JSON records" if _fmt(Path(it)) not in ("csv", "tsv", "parquet") else "header only")
                fp = fp or file_fingerprint(it)
                fps.append({"kind": "events", "path": fp["path"], "sha256": fp["sha256"], "rows": 0})
                continue
            fp = fp or file_fingerprint(it)
            fps.append({"kind": "events", "path": fp["path"], "sha256": fp["sha256"], "rows": int(len(df)),
                        "load_report": df.attrs.get("load_report", {}),
                        "columns": sorted(map(str, df.columns))})  # what this input has (the slice-column check)
            frames.append(df)
            continue
        if isinstance(it, pd.DataFrame):
            fps.append({"kind": "events", "path": "<DataFrame>", "sha256": _frame_digest(it), "rows": int(len(it))})
            # a frame that did not come from load_events gets its checks and cleaning, as in detect:
            # the same events must give the same stored rows (and event keys) as their file
            if len(it) == 0:  # an empty slice, as a header-only file is
                log.warning("events DataFrame: no rows; nothing to add from it")
                fps[-1]["rows"] = 0
                continue
            df = it if is_validated(it, "events") else validate_events(
                it, column_map=cmap, bad_rows=cfg.input.bad_rows, max_prompt_chars=cfg.input.max_prompt_chars,
                aliases=cfg.input.column_aliases)
            fps[-1]["load_report"] = df.attrs.get("load_report", {})
        fps[-1]["columns"] = sorted(map(str, df.columns))
        frames.append(df)
    if not frames:
        ev = pd.DataFrame({"account_id": pd.Series([], dtype="string"),
                           "timestamp": pd.Series([], dtype="datetime64[ns, UTC]")})
    else:
        ev = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    if not pd.api.types.is_datetime64_any_dtype(ev["timestamp"]):
        from .io import parse_timestamps

        ev = ev.assign(timestamp=parse_timestamps(ev["timestamp"]))
        if ev["timestamp"].isna().any():
            raise InputError("unparseable timestamps in events", column="timestamp",
                             fix="load with graphhunt.load_events() for row-level messages")
    ev = ev.assign(timestamp=ev["timestamp"].dt.tz_convert("UTC").astype("datetime64[ns, UTC]"),
                   account_id=ev["account_id"].astype("string"))
    ac = None
    if accounts is not None:
        if isinstance(accounts, pd.DataFrame):
            fps.append({"kind": "accounts", "path": "<DataFrame>", "sha256": _frame_digest(accounts),
                        "rows": int(len(accounts))})
            ac = accounts if is_validated(accounts, "accounts") else validate_accounts(
                accounts, column_map=cmap, aliases=cfg.input.column_aliases, bad_rows=cfg.input.bad_rows)
            fps[-1]["load_report"] = ac.attrs.get("load_report", {})
        else:
            try:
                ac = load_accounts(accounts, column_map=cmap, aliases=cfg.input.column_aliases,
                                   bad_rows=cfg.input.bad_rows)
            except EmptyInputError as e:
                # an accounts export of a day without sign-ups or changes: the accounts are merged into the
                # state's, so a header and no rows changes nothing, as a header-only events slice is a quiet
                # hour (it stopped the scheduled run with exit 2). A 0-byte file is still bad input
                log.warning("%s: no accounts (%s); the stored accounts are kept as they are", accounts,
                            "every row was a bad row and was dropped: check the file's format"
                            if "dropping bad rows" in str(e) else
                            "no JSON records" if _fmt(Path(accounts)) not in ("csv", "tsv", "parquet") else "header only")
                fp = file_fingerprint(accounts)
                fps.append({"kind": "accounts", "path": fp["path"], "sha256": fp["sha256"], "rows": 0, "load_report": {}})
                ac = None
            else:
                # (refresh checks the id overlap against the merged accounts: account_overlap there)
                fp = file_fingerprint(accounts)
                fps.append({"kind": "accounts", "path": fp["path"], "sha256": fp["sha256"], "rows": int(len(ac)),
                            "load_report": ac.attrs.get("load_report", {})})  # (its column aliases, as detect's run.json)
    if frames:  # (an empty slice has no columns to check)
        # each loaded frame with its own report (concatenating frames with different reports drops them)
        check_mapped_columns(column_map, [frames, ac])
        check_mapped_columns({k: v for k, v in cfg.input.column_map.items() if k not in (column_map or {})},
                             [frames, ac], source="input.column_map")
    return ev, ac, fps


#: the slice column each stored column comes from (the others: the same name)
_STORED_FROM = {"template_id": "prompt", "network": "ip"}


def _segment_columns(sd: Path, seg: dict) -> set[str]:
    """The event columns that hold a value in a stored segment: its manifest entry (``columns``), or for
    segments written before it, the Parquet statistics (null count < rows)."""
    import pyarrow.parquet as pq

    if "columns" in seg:
        return set(seg["columns"])
    out: set[str] = set()
    try:
        md = pq.ParquetFile(sd / seg["file"]).metadata
    except (OSError, ValueError):
        return out
    for j in range(md.num_columns):
        name = md.schema.column(j).name
        for i in range(md.num_row_groups):
            st = md.row_group(i).column(j).statistics
            if st is None or not st.has_null_count or st.null_count < md.row_group(i).num_rows:
                out.add(name)
                break
    return out


def _stored_columns(sd: Path, segments: list[dict]) -> set[str]:
    """The event columns that hold a value in at least one stored segment (:func:`_segment_columns`)."""
    out: set[str] = set()
    for s in segments:
        out |= _segment_columns(sd, s)
    return out


def _check_slice_columns(sd: Path, segments: list[dict], fps: list[dict], cfg: Config,
                         applied: set | frozenset = frozenset(), allow_missing: bool = False) -> list[str]:
    """Refuse (InputError, exit 2) a slice file that lacks a column every stored slice has: ``ip`` under
    another name with no ``--map`` would store the slice without addresses for good, and the same file
    mapped correctly would then count as already applied (see ``allow_missing_columns``; then the
    columns are returned, to be recorded with the segment as allowed: they stay expected of later slices).

    A column only some stored slices have (one that a recent slice brought: a ``payment_method`` column
    in one day's export) is not required: a later slice without it is stored with that evidence missing
    for its rows, with a warning when the newest stored slice had it (session 50: one such slice made
    every later normal slice fail with exit 2 until it aged out). A slice that brings a column no stored
    slice has is warned about: later slices are not required to have it until every stored slice does.
    """
    skip = {"account_id", "timestamp", "event_key", "reasoning", "prompt_hash"}
    # (reasoning is stored as missing where no prompt was logged since session 25, False before; template_id tells prompts apart)

    def names(cols: set[str]) -> set[str]:
        cols = set(cols) - skip
        if not cfg.prompts.enabled:
            cols.discard("template_id")
        return {_STORED_FROM.get(c, c) for c in cols}

    per = [names(_segment_columns(sd, sg)) | set(sg.get("allowed_missing", [])) for sg in segments]
    need = sorted(set.intersection(*per)) if per else []
    held = set.union(*per) if per else set()
    newest = per[-1] if per else set()
    storable = names(set(_EVENT_COLS) | set(cfg.links.generic_columns) | ({"prompt"} if cfg.prompts.enabled else set()))
    allowed: list[str] = []
    # (an empty slice adds nothing; a file applied before adds nothing either: replayed slices are harmless)
    files = [f for f in fps if f.get("kind") == "events" and f.get("rows") and f.get("sha256") not in applied]
    for f in files:
        have = names(set(f["columns"]))  # (every loaded input records its columns)
        missing = [c for c in need if c not in have]
        if missing and not allow_missing:
            if f.get("path") == "<DataFrame>":  # (a tester: a notebook's gh.refresh was told the command line's flags)
                fix = ("name the column (df.rename(columns={'YOUR_COLUMN': %r}), or column_map={%r: 'YOUR_COLUMN'}), "
                       "or pass allow_missing_columns=True if this source does not record it" % (missing[0], missing[0]))
            else:
                maps = " ".join(f"--map {c}=YOUR_COLUMN" for c in missing)
                fix = f"name the column ({maps}), or pass --allow-missing-columns if this source does not record it"
            raise InputError(
                f"no {', '.join(map(repr, missing))} column, but the events already in the state have "
                f"{'it' if len(missing) == 1 else 'them'}: this slice would be stored without that evidence",
                file=str(f.get("path")), fix=fix)
        allowed += [c for c in missing if c not in allowed]
        gone = sorted((held - set(need)) & (newest - have))
        if gone:
            log.warning("%s: no %s column, which only some of the stored slices have (the latest one among them): "
                        "accepted, and this slice's events are stored without that evidence; if the column is "
                        "there under another name, map it (%s)", f.get("path"), ", ".join(map(repr, gone)),
                        " ".join(f"--map {c}=YOUR_COLUMN" for c in gone))
        brought = sorted((have & storable) - held)
        if brought:
            log.warning("%s: brings a column the events in the state do not have (%s): stored for this slice's "
                        "events; later slices without it are accepted (their events count as missing that "
                        "evidence) until every stored slice has it. If it is an existing column under a new "
                        "name, map it instead (--map CANONICAL=%s)", f.get("path"), ", ".join(map(repr, brought)),
                        brought[0])
    return allowed


def _index_isin(values: pd.Index, among: pd.Index) -> np.ndarray:
    """``values.isin(among)``; for Arrow string indexes one ``pyarrow.compute.is_in`` over the whole value set
    (pandas' Arrow-string ``isin`` makes an Arrow scalar of each value first: 0.56-0.77 s of
    :func:`_merge_accounts` at 100k accounts, against 0.04 s). Same nulls rule as pandas: a missing value
    is in ``among`` when ``among`` has one."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not (isinstance(values.array, pd.arrays.ArrowStringArray) and isinstance(among.array, pd.arrays.ArrowStringArray)):
        return values.isin(among)
    v = pa.array(values.array)
    return np.array(pc.is_in(v, value_set=pa.array(among.array).cast(v.type)), dtype=np.bool_)


def _merge_accounts(old: pd.DataFrame | None, new: pd.DataFrame | None) -> pd.DataFrame | None:
    if new is None:
        return old
    new = new.copy()
    new["account_id"] = new["account_id"].astype("string")
    if old is None or len(old) == 0:
        return new.reset_index(drop=True)
    o = old.set_index("account_id")
    n = new.set_index("account_id")
    merged = n.combine_first(o)  # accounts of either, columns of either
    # an account the new file lists takes the new file's row for every column that file has, blanks
    # included: a value the platform removed (an org_id revoked, a bad export corrected) must leave the
    # state. Columns the file does not have keep what the state holds. (A QA pass: combine_first kept a
    # cover org_id for good once an export had declared it, and the ring stayed unflagged.)
    listed = _index_isin(merged.index, n.index)
    if listed.any():
        at = merged.index[listed]
        for c in n.columns:
            # (the column's own array, not .to_numpy(): that makes a Timestamp object of every created_at)
            merged.loc[listed, c] = n[c].reindex(at).array
    return merged.reset_index()


def _run_id(prev: str, fps: list[dict], settings: str = "") -> str:
    """Previous run id, the inputs' SHA-256s and a digest of the settings that shape the result
    (``settings``): the same inputs with other settings (after a roll-back) are another run."""
    h = hashlib.sha256((prev + "|" + "|".join(sorted(f["sha256"] for f in fps)) + "|" + settings).encode()).hexdigest()
    return h[:16]


def _gc(state_dir: Path, manifest: dict | None) -> None:
    """Remove what no manifest references: temp files, dead generations and segments (our names only)."""
    keep_gen = set()
    keep_seg = set()
    if manifest is not None:
        keep_gen.add(manifest["generation_dir"])
        if manifest.get("previous_generation_dir"):
            keep_gen.add(manifest["previous_generation_dir"])
        keep_seg = {Path(s["file"]).name for s in manifest["segments"]}
        keep_seg |= {Path(s).name for s in manifest.get("previous_segments", [])}
    for p in state_dir.iterdir():
        name = p.name
        if name.startswith(".tmp-"):
            shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
        elif _GEN_RE.match(name) and p.is_dir() and name not in keep_gen:
            shutil.rmtree(p, ignore_errors=True)
    seg_dir = state_dir / "segments"
    if seg_dir.is_dir():
        for p in seg_dir.iterdir():
            if p.name.startswith(".tmp-") or (_SEG_RE.match(p.name) and p.name not in keep_seg):
                p.unlink(missing_ok=True)


def _sync_outputs(gen_dir: Path, out_dir: Path, run_id: str) -> None:
    """Copy a generation's outputs to ``out_dir`` atomically per file, run.json last; no-op when current."""
    out_dir.mkdir(parents=True, exist_ok=True)
    cur = out_dir / "run.json"
    if cur.exists():
        try:
            if json.loads(cur.read_text(encoding="utf-8")).get("refresh", {}).get("run_id") == run_id and all(
                    (out_dir / n).exists() and (out_dir / n).stat().st_size == (gen_dir / n).stat().st_size
                    if (gen_dir / n).exists() else not (out_dir / n).exists() for n in OUTPUT_FILES):
                return  # current, every file there with its size (a deleted or overwritten file is copied again)
        except (json.JSONDecodeError, OSError):
            pass
    for p in out_dir.glob(".tmp-*"):  # a dead or failed copy's leftovers (they kept a full disk full)
        p.unlink(missing_ok=True)
    from .sinks.files import _publish, _recover, publish_lock, writer_token

    # every file is copied under a temporary name, then all are moved in under the journal and the lock of
    # sinks.files (a copy killed half way left one run's files beside another's until the next run)
    with publish_lock(out_dir):
        _recover(out_dir)  # a copy killed while moving its files in: put back or completed first
        temps: list[tuple[Path, Path]] = []
        try:
            for name in OUTPUT_FILES:  # run.json is last in OUTPUT_FILES
                src = gen_dir / name
                if not src.exists():
                    continue
                tmp = out_dir / f".{name}.{writer_token()}.copy.tmp"
                temps.append((tmp, out_dir / name))
                try:
                    shutil.copyfile(src, tmp)
                except OSError as e:
                    raise OSError(e.errno, e.strerror or str(e), str(out_dir / name)) from None
            _publish(out_dir, temps)
        finally:
            for tmp, _ in temps:
                tmp.unlink(missing_ok=True)
        for name in OUTPUT_FILES:  # an earlier run's file this generation does not have
            if not (gen_dir / name).exists():
                (out_dir / name).unlink(missing_ok=True)


def _held_generation(out_dir: Path) -> tuple[int, str] | None:
    """``(generation, run id)`` of the refresh result ``out_dir`` holds (its run.json), or None."""
    try:
        info = json.loads((out_dir / "run.json").read_text(encoding="utf-8")).get("refresh") or {}
        return int(info["generation"]), str(info["run_id"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _outputs_for_applied(sd: Path, gen_dir: Path, out_dir: Path, gen: int, run_id: str,
                         applied_gen: int | None) -> int | None:
    """Bring ``out_dir`` up to date for a run that applied nothing; returns the generation it holds.

    Inputs that the latest generation applied (or unknown), the state's own ``STATE/output``, or an
    ``out_dir`` that holds the latest result: the latest generation's outputs, as before (a no-op when
    current). Inputs an *older* generation applied (re-running an earlier day's refresh, an Airflow
    backfill into ``runs/{{ds}}``): ``out_dir`` is that day's, and the latest result there would be another
    day's under its name (session 50: day 10's archived output was replaced by generation 14's). It is left
    as it is when it holds that generation's result, written from the state when the state still keeps
    that generation (the current and the previous one) and ``out_dir`` holds no result, and otherwise left
    alone with a warning; it never gets another generation's result.
    """
    held = _held_generation(out_dir) if out_dir.exists() else None
    if (applied_gen is None or applied_gen >= gen or out_dir.resolve() == (sd / "output").resolve()
            or held == (gen, run_id)):
        _sync_outputs(gen_dir, out_dir, run_id)
        return gen
    old_dir, old_rid = sd / f"gen-{applied_gen:06d}", None
    if (old_dir / COMMITTED).is_file() and (old_dir / "run.json").is_file():
        old_rid = (_held_generation(old_dir) or (None, None))[1]
    if old_rid is not None and (held is None or held == (applied_gen, old_rid)):
        verb = "holds" if held is not None else "gets"
        _sync_outputs(old_dir, out_dir, old_rid)  # a no-op when it holds it complete; repaired otherwise
        log.info("these inputs were applied in generation %d (the state is at generation %d): %s %s that "
                 "generation's result", applied_gen, gen, out_dir, verb)
        return applied_gen
    if held is not None and held[0] == applied_gen and (old_rid is None or held[1] == old_rid):
        # (with the generation's run id known, another state's generation of that number is not it: an
        # operator's review, session 76, was told a copy of another state's output "holds generation 12's result")
        log.info("these inputs were applied in generation %d (the state is at generation %d): %s holds that "
                 "generation's result; left as it is", applied_gen, gen, out_dir)
        return applied_gen
    log.warning("these inputs were applied in generation %d (the state is at generation %d); %s %s, so it is "
                "left as it is: %s. Nothing was written (a different generation's result under this run's output "
                "directory would be mistaken for it)", applied_gen, gen, out_dir,
                f"holds generation {held[0]}'s result (run {held[1]})" if held is not None else "holds no result",
                f"the state no longer keeps generation {applied_gen}'s outputs (it keeps its current and previous "
                "generations)" if old_rid is None else f"it does not hold this state's generation {applied_gen} "
                f"(run {old_rid})")
    return held[0] if held is not None else None


#: a slice more than this share of whose new events are dated at or before the state's newest event is warned
#: about (:func:`_warn_if_mostly_old`)
OLD_EVENTS_WARN_SHARE = 0.5


def _warn_if_mostly_old(ts_new: np.ndarray, manifest: dict | None) -> None:
    """Warn when most of a slice's new (not duplicate) events (``ts_new``, seconds) are dated at or before the
    newest event the state holds. Late events are normal and are taken in; but a re-export of days already applied whose values are
    written differently (timestamps rounded to the second, another token count) is new events to the
    duplicate check and is counted twice, which a scheduled job cannot see from exit 0 (a QA pass of session
    64: 100,000 re-exported rows with whole-second timestamps were taken in as 99,896 new events)."""
    newest = (manifest or {}).get("newest_ts")
    if newest is None or len(ts_new) == 0:
        return
    old = int((ts_new <= int(newest)).sum())
    if old > OLD_EVENTS_WARN_SHARE * len(ts_new):
        log.warning("%d of this slice's %d new events (%.0f %%) are dated at or before the newest event the state "
                    "holds (%s UTC). Late events are taken in; but if this is a re-export of days already applied, "
                    "with any value written differently (timestamps rounded, another token count), those events "
                    "are counted twice: send only the events the state has not seen", old, len(ts_new),
                    100.0 * old / len(ts_new), pd.Timestamp(int(newest), unit="s").strftime("%Y-%m-%d %H:%M:%S"))


def _check_state_dir(sd: Path) -> None:
    if sd.exists() and not sd.is_dir():
        raise InputError("state path exists and is not a directory", file=str(sd),
                         fix="pass a directory for --state")
    if sd.is_dir() and not (sd / MANIFEST).exists():
        ours = {MANIFEST, LOCK, "segments", "output"}
        foreign = [p.name for p in sd.iterdir()
                   if p.name not in ours and not _GEN_RE.match(p.name) and not p.name.startswith(".tmp-")]
        if foreign:
            # bad input (exit 2), not a corrupt state (5): nothing here was ever a state (a QA pass of session
            # 64 passed a detect result and read "state corrupt")
            detect_result = (sd / "run.json").exists() and (sd / "rings.csv").exists()
            raise InputError(
                f"is not empty and holds no graphhunt state (found {', '.join(sorted(foreign)[:5])})", file=str(sd),
                fix="pass an empty or new directory for --state" + (
                    "; this is a detect result, which cannot start a state: a state starts with its first slice "
                    "of events (graphhunt refresh --state NEW_DIR EVENTS)" if detect_result else ""))
        # Without a manifest, the generations and segments here are either the leftovers of a first run
        # that died before committing (removed, the run starts over) or a committed state whose
        # manifest.json was lost. Only the first case may be cleaned: a state that ever committed has a
        # generation's committed.json copy of its manifest, a generation after the first, or outputs.
        gens = sorted(p.name for p in sd.iterdir() if _GEN_RE.match(p.name) and p.is_dir())
        marks = [g for g in gens if (sd / g / COMMITTED).exists()]
        committed = bool(marks) or any(g != "gen-000001" for g in gens) or (
            bool(gens) and (sd / "output" / "run.json").exists())
        if committed:
            hint = (f"copy {sd / marks[-1] / COMMITTED} back to {sd / MANIFEST} (the manifest of its last "
                    f"commit)" if marks else f"restore {sd / MANIFEST} from a backup")
            raise StateCorruptError(
                f"{sd}: {MANIFEST} is missing but the directory holds a committed state ({', '.join(gens[-3:])}); "
                f"nothing was changed. To recover, {hint}; to start over, delete the directory")


# --------------------------------------------------------------------------- refresh


def refresh(
    state_dir: str | Path,
    events: Any,
    accounts: Any = None,
    config: Config | str | Path | None = None,
    *,
    out: str | Path | None = None,
    retention_days: float | None = None,
    column_map: dict | None = None,
    neo4j: dict | None = None,
    report: bool = True,
    verify: bool = True,
    progress: Any = None,
    allow_jump: bool = False,
    allow_missing_columns: bool = False,
    reviews: Any = None,
) -> RefreshResult:
    """Add new events to a state directory, update rings with stable ids, write outputs.

    Parameters
    ----------
    state_dir : str or Path
        The state directory (created on first use). One refresh at a time: a
        second concurrent call raises :class:`~graphhunt.errors.StateLockedError`.
    events : path, DataFrame or list of them
        The new slice of events (files as for ``graphhunt detect``).
    accounts : path or DataFrame, optional
        Accounts file; merged into the stored accounts (newer values win).
    config : Config or TOML path, optional
        Settings for linking, communities and scoring. Prompt settings and
        ``links.generic_columns`` are baked into the state and must not change.
    out : path, optional
        Where the outputs go (default ``STATE/output``): ``accounts.csv,
        rings.csv, edges.parquet, shared.csv, templates.csv, hubs.csv,
        changes.csv, run.json`` (same as ``detect`` plus ``changes.csv``).
    retention_days : float, optional
        Keep evidence newer than this many days before the newest event seen
        (default: the state's setting, 30 for a new state).
    report : bool
        Also write ``report.html`` (with the changes since the previous run).
    neo4j : dict, optional
        ``{"uri": ..., "user": ..., "password": ...}``: push the result after the
        state is committed (needs the Neo4j sink, ``graphhunt.sinks.neo4j``).
    verify : bool
        Check every state file's SHA-256 against the manifest before use.
    allow_jump : bool
        Retention counts back from the newest event, so new events dated more than half the
        retention window after the state's newest would age out most of the stored evidence at
        once; a refresh refuses them (one event dated 2099 wiped a state) unless this is True
        (a job resumed after a long pause).
    allow_missing_columns : bool
        A slice file without a column that every stored slice has (``ip``, ``prompt``,
        ``user_agent``, ...) is refused: its events would be stored without that evidence for good,
        and the same file with a corrected ``--map`` would count as already applied. True accepts it
        (a source that does not record the column; later slices are still expected to have it). A
        column only some stored slices have (brought by a recent slice) is not required: a slice
        without it is accepted with a warning (see :func:`_check_slice_columns`).
    reviews : path or DataFrame, optional
        Analysts' reviews (:mod:`graphhunt.reviews`): accounts reviewed benign are not flagged, and a ring
        with no other flagged member is neither flagged nor reported as newly flagged in ``changes.csv``.
        Reviews that differ from the last run's make the run score the stored evidence again, as
        changed settings do, even without new events.

    Returns
    -------
    RefreshResult

    Raises
    ------
    InputError
        Bad input files (exit code 2); the state is untouched.
    StateLockedError
        Another refresh holds the lock (exit code 4).
    StateCorruptError
        The state is unreadable or incompatible (exit code 5).
    """
    t_all = time.perf_counter()
    timings: dict[str, float] = {}

    def tick(name: str, t0: float) -> float:
        t = time.perf_counter()
        timings[name] = round(t - t0, 3)
        if progress is not None:
            progress(name)
        return t

    cfg = config.checked() if isinstance(config, Config) else load_config(config)
    sd = Path(state_dir)
    _check_state_dir(sd)
    out_dir = Path(out) if out is not None else sd / "output"
    rs, ro = sd.resolve(), out_dir.resolve()
    if ro != rs / "output" and (ro == rs or rs in ro.parents):
        # the state's files (segments, generations kept for a roll-back) are immutable: outputs written
        # over gen-NNNNNN/ replaced the roll-back point's files without a word (a QA pass)
        raise StateWriteError(f"cannot write the outputs to {out_dir}: it is inside the state directory {sd}, whose "
                              "files are the state's own; the state was not touched; pass a directory outside it, "
                              "or leave --out out (the outputs then go to STATE/output)")
    # before any work (and before the state directory is made): a commit whose outputs can never be
    # written is exit 6 on every retry
    bad_out = next((p for p in (out_dir, *out_dir.parents) if p.exists() and not p.is_dir()), None)
    if bad_out is not None:
        raise StateWriteError(f"cannot write the outputs to {out_dir}: {bad_out} is a file, not a directory; "
                              "the state was not touched; pass a directory for --out (it is created if needed)")
    in_way = [out_dir / n for n in OUTPUT_FILES if (out_dir / n).is_dir()]
    if in_way:
        raise StateWriteError(f"cannot write the outputs to {out_dir}: {in_way[0]} is a directory where an output "
                              "file goes; the state was not touched; move it away and run again")
    if out is not None:
        # an --out that cannot be written (read-only disk, no permission), found as `detect` finds it: a file
        # (or, when --out does not exist yet, a directory) is created and removed where it would go (session
        # 52: the state was committed first and every retry failed the same way with exit 6)
        from .sinks.files import probe_writable

        try:
            probe_writable(out_dir)
        except OSError as e:
            raise StateWriteError(f"cannot write the outputs to {out_dir}: {e.strerror or e}; the state was not "
                                  "touched; fix the permissions or choose another --out") from None
    if neo4j is not None:
        # known before any work: committing first made every retry fail the same way with exit 6
        try:
            from .sinks.neo4j import check_uri
        except ImportError:  # (push_changes says the sink is missing, after the commit, as before)
            check_uri = None
        if check_uri is not None:
            check_uri(neo4j.get("uri"), "the state was not touched", password=neo4j.get("password"))
    try:
        sd.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        # a new state where nothing can be created (read-only disk, no permission): nothing committed, so
        # exit 7 as for any other file error before the commit (session 52: it went out as the generic
        # file error, exit 6, which tells the scheduler the state was committed)
        raise StateWriteError(f"cannot create the state directory {sd}: {e.strerror or e}; nothing was "
                              "written; fix the path or the permissions and run the same command again") from None
    committed: list[int] = []  # the generation, once its manifest is in place
    try:
        with StateLock(sd):
            t = time.perf_counter()
            state = read_state(sd, verify=verify)
            m = state.manifest if state else None
            _gc(sd, m)  # leftovers of a run that died before committing
            # settings added after a state was written take the value the code had before them
            old_cfg = {**_STATE_CONFIG_BEFORE, **m["state_config"]} if m is not None else None
            kept: dict = {}
            if old_cfg is not None:
                cfg, kept = _state_settings_kept(cfg, old_cfg)
                if kept:
                    # a warning the first time (after an upgrade), a note after that (the state records them)
                    said = set(m.get("state_settings_kept") or ())
                    settings = ", ".join(f"{'.'.join(_STATE_KEY_SETTING.get(k, ('prompts', k)))}={v!r}"
                                         for k, v in sorted(kept.items()))
                    if len(kept) == 1:
                        what = f"{settings}, which differs from today's default and is"
                        it, default = "it", "default"
                    else:
                        what = f"{settings}, which differ from today's defaults and are"
                        it, default = "them", "defaults"
                    (log.info if set(kept) <= said else log.warning)(
                        "%s: the state was written with %s baked into its template ids and links; this refresh goes on "
                        "with %s (start a new state directory to use the %s, or set %s to be told when the state "
                        "cannot take %s)", sd, what, it, default, it, it)
            new_cfg = _state_config(cfg)
            if m is not None and old_cfg != new_cfg:
                diff = sorted(k for k in set(old_cfg) | set(new_cfg) if old_cfg.get(k) != new_cfg.get(k))
                raise StateCorruptError(
                    f"{sd}: state is incompatible with this configuration ({', '.join(diff)} changed; they are baked "
                    "into the stored evidence: template ids, link columns). Use the original settings or start a new state directory")
            retention = float(retention_days if retention_days is not None else
                              (m.get("retention_days", DEFAULT_RETENTION_DAYS) if m else DEFAULT_RETENTION_DAYS))
            if not (0 < retention < 100_000):  # also NaN and inf
                raise ConfigError(f"--retention-days must be more than 0 and less than 100,000 days, found "
                                  f"{retention:g}; e.g. --retention-days 30")
            t = tick("read_state", t)

            # fast path: every input file already applied -> nothing to do
            applied = {f["sha256"] for f in (m.get("inputs_applied", []) if m else [])}
            applied_events = {f["sha256"]: f for f in (m.get("inputs_applied", []) if m else [])
                              if f.get("kind") == "events" and f.get("path") != "<DataFrame>"}
            ev_new, ac_new, fps = _load_inputs(events, accounts, cfg, column_map,
                                               exclude=[sd, out_dir] + [x for x in (accounts, reviews)
                                                                        if isinstance(x, (str, Path))],
                                               applied=applied_events)
            rv = None if reviews is None else read_reviews(reviews)
            t = tick("load_inputs", t)
            gen = int(m["generation"]) if m else 0
            # settings downstream of the evidence changed since the last run: recompute even without new events
            # (session 22; before, "nothing new" kept the old result and said nothing)
            pipe_digest = _pipeline_digest(cfg)
            # analysts' reviews change which rings are flagged: other reviews than the last run's are a new run
            # (of accounts the state or this slice knows: a review of an account never seen changes nothing yet)
            if rv is not None and len(rv):
                ids = rv["account_id"].astype(str)
                known = ids.isin(ev_new["account_id"].astype(str))
                if state is not None:
                    known |= ids.isin(state.membership["account_id"].astype(str))
                rv_digest = reviews_digest(rv[known.to_numpy()])
            else:
                rv_digest = ""
            same_settings = m is None or (m.get("pipeline_digest") in (None, pipe_digest)
                                          and m.get("reviews_digest", "") == rv_digest)

            def nothing_new(applied_gen: int | None, **counts) -> RefreshResult:
                """Nothing to apply: the committed generation stays current; bring --out up to date (or, for
                inputs an older generation applied, leave it that generation's: _outputs_for_applied), push
                the current generation."""
                committed.append(gen)
                held = _outputs_for_applied(sd, state.gen_dir, out_dir, gen, m["run_id"], applied_gen)
                return _push(RefreshResult(sd, out_dir, False, gen, m["run_id"], timings=timings,
                                           inputs_generation=applied_gen if applied_gen is not None else gen,
                                           outputs_generation=held, **counts), neo4j, state.gen_dir)
            if m is not None and not same_settings:
                log.warning("the scoring, community or link settings or the reviews differ from generation %d's: "
                            "the stored evidence is scored again with them", gen)
            if m is not None and fps and all(f["sha256"] in applied for f in fps) and retention == m.get("retention_days") \
                    and same_settings:
                log.info("all inputs already applied (generation %d); nothing to do", gen)
                # the generation that applied these events files (the latest that applied each; an accounts
                # file passed on every run was applied by every generation)
                by_sha: dict[str, int] = {}
                for f in m.get("inputs_applied", []):
                    if f.get("generation") is not None:
                        by_sha[f["sha256"]] = max(by_sha.get(f["sha256"], 0), int(f["generation"]))
                ev_gens = [by_sha.get(f["sha256"]) for f in fps if f.get("kind") == "events"]
                return nothing_new(max(ev_gens) if ev_gens and None not in ev_gens else None)

            allowed_missing: list[str] = []
            if m is not None and m["segments"]:
                allowed_missing = _check_slice_columns(sd, m["segments"], fps, cfg, applied, allow_missing_columns)

            # drop events the state already holds
            keys = event_keys(ev_new)
            dup = pd.Series(keys).duplicated().to_numpy().copy()
            seg_keys: list[np.ndarray] = []
            if m is not None and m["segments"]:
                seg_keys = [_read_parquet(sd / s["file"], ["event_key"])["event_key"].to_numpy(np.uint64)
                            for s in m["segments"]]
                dup |= _in_stored(keys, seg_keys)
            # (+ the events of files applied before, which were not read again: their events are duplicates)
            n_dup = int(dup.sum()) + sum(int(f.get("rows") or 0) for f in fps
                                         if f.get("kind") == "events" and f.get("sha256") in applied_events)
            ev_new = ev_new.loc[~dup].reset_index(drop=True)
            slice_keys, keys = keys, keys[~dup]
            accounts_all = _merge_accounts(state.accounts if state else None, ac_new)
            if accounts is not None and not isinstance(accounts, pd.DataFrame) and len(ev_new):
                # against the accounts the state already holds too: a file of the new sign-ups only is fine
                # (it warned "only 0 of the 408 accounts ... ids must match exactly")
                from .io import account_overlap

                account_overlap(ev_new, accounts_all, f"{accounts}" + (
                    " (with the accounts the state holds)" if state is not None else ""))
            acc_digest = _frame_digest(accounts_all)
            stored_acc_digest = acc_digest  # (the table the generation stores: after retention, below)
            # no new evidence for the stored state to take in (retention and settings as they were)
            same_inputs = m is not None and acc_digest == m.get("accounts_digest", "") \
                and retention == m.get("retention_days") and same_settings
            t = tick("dedupe", t)
            if m is None and len(ev_new) == 0:
                raise InputError("the first slice of a new state has no events", fix="start the state with a slice "
                                 "that has events")
            if same_inputs and len(ev_new) == 0:
                log.info("no new events (%d duplicates); nothing to do", n_dup)
                # the generation that stored these events: the newest whose segment (events-<generation>)
                # holds one of them (the same events re-exported under another file name)
                dup_gen = None
                for sm, sk in sorted(zip(m["segments"], seg_keys), key=lambda x: x[0]["file"], reverse=True):
                    g = _SEG_RE.match(Path(sm["file"]).name)
                    if g and len(slice_keys) and _in_sorted(slice_keys, np.sort(sk)).any():
                        dup_gen = int(g.group(1))
                        break
                return nothing_new(dup_gen, duplicate_events=n_dup)

            # template ids for the new prompts (the only prompt work a refresh does)
            reg, reg_sh = (state.registry, state.reg_shingles) if state else _empty_registry()
            # lines found to be boilerplate by an earlier slice (prompts.boilerplate_line_share), as hex hashes
            known_lines = np.array([int(x, 16) for x in (m.get("boilerplate_lines") or [])] if m else [], np.uint64)
            seg = pd.DataFrame({c: ev_new[c] for c in _EVENT_COLS if c in ev_new.columns})
            for c in cfg.links.generic_columns:
                if c in ev_new.columns:
                    seg[c] = ev_new[c].astype("string")
            ts_new = ev_new["timestamp"].astype("int64").to_numpy() // 10**9
            _warn_if_mostly_old(ts_new, m)
            if "prompt" in ev_new.columns and cfg.prompts.enabled:
                from .links.prompts import prompt_hashes, reasoning_flags

                has = ev_new["prompt"].notna().to_numpy()
                idx = np.flatnonzero(has)
                acc_code, acc_uniq = pd.factorize(ev_new["account_id"])
                found: list = []
                tid, reg, reg_sh = _assign_templates(ev_new["prompt"].iloc[idx], acc_code[idx], ts_new[idx],
                                                     reg, reg_sh, cfg, known_lines=known_lines, lines_out=found,
                                                     account_hash=pd.util.hash_array(np.asarray(acc_uniq, object)))
                known_lines = found[0] if found else known_lines  # (a slice without prompts finds none)
                col = np.full(len(ev_new), None, dtype=object)
                col[idx] = tid
                seg["template_id"] = pd.array(col, dtype="string")
                # missing where no prompt is logged: the prompt-derived rates are shares of the logged ones
                # (scoring.account_features; states written before session 25 hold False there)
                flags = reasoning_flags(ev_new["prompt"])
                if len(known_lines):  # as detect reads them: not from boilerplate lines (links.prompts.build)
                    from .links.prompts import _reasoning_without_lines, _Rows

                    flags = _reasoning_without_lines(_Rows(ev_new["prompt"]), flags, known_lines)
                seg["reasoning"] = pd.array(np.where(has, flags, None), dtype="boolean")
                if cfg.scoring.max_repeats_per_prompt > 0:
                    # a hash of each prompt text: exact repeats over the window (scoring.max_repeats_per_prompt,
                    # links.prompts.repeats_over); segments written before session 68 have none (no repeats)
                    hv = np.zeros(len(ev_new), np.int64)
                    hv[idx] = prompt_hashes(ev_new["prompt"].iloc[idx]).view(np.int64)
                    seg["prompt_hash"] = pd.array(np.where(has, hv, None), dtype="Int64")
            seg["event_key"] = keys
            t = tick("templates", t)

            # retention: relative to the newest event seen
            old_newest = int(m.get("newest_ts", 0)) if m else 0
            if len(ts_new) and not allow_jump:
                # Two guards, whatever --retention-days says (a changed retention used to skip the first):
                # against the newest stored event, and against the slice itself. The slice check is for a first
                # run only (a later slice is judged against the stored newest: late data with a few current
                # events is fine)
                window = retention * 86400
                # first slice: its events after the last gap of more than half the window, when they are a
                # minority and would age out some of the rest, are judged as a later slice after the rest would
                # be (session 22; the rule before looked a whole window past the 99th percentile, so 2 %
                # placeholder dates aged out the other 98 %). A long continuous backfill has no such gap
                bulk = 0
                if m is None:
                    srt = np.sort(ts_new)
                    big = np.flatnonzero(np.diff(srt) > window / 2)
                    if len(big) and len(srt) - (big[-1] + 1) < big[-1] + 1 and srt[-1] - window > srt[0]:
                        bulk = int(srt[big[-1]])
                for ref, what in ((old_newest, "the newest stored event"), (bulk, "the rest of this slice, which ends")):
                    ahead = ts_new > ref + window / 2 if ref else np.zeros(0, bool)
                    if ahead.any():
                        last = pd.Timestamp(int(ts_new.max()), unit="s", tz="UTC")
                        raise InputError(
                            f"{int(ahead.sum())} new event(s) are dated more than half the retention window after {what} "
                            f"{pd.Timestamp(ref, unit='s', tz='UTC'):%Y-%m-%d %H:%M} (retention {retention:g} days), up to "
                            f"{last:%Y-%m-%d %H:%M}; retention counts back from the newest event, so they would age out the rest",
                            column="timestamp",
                            file=", ".join(str(f["path"]) for f in fps if f.get("kind") == "events" and f.get("rows"))
                            or None,
                            fix="check those timestamps (a far-future or placeholder date?); if the gap is real "
                                "(a job resumed after a pause), pass --allow-jump")
            newest = int(max(old_newest, int(ts_new.max()) if len(ts_new) else 0))
            cutoff = newest - int(retention * 86400)
            cutoff_ts = pd.Timestamp(cutoff, unit="s", tz="UTC")
            kept_segments = [s for s in (m["segments"] if m else []) if s["max_ts"] >= cutoff]
            parts = [_read_parquet(sd / s["file"]) for s in kept_segments]
            n_old = sum(s["rows"] for s in (m["segments"] if m else []))
            n_old_kept = sum(int((p["timestamp"] >= cutoff_ts).sum()) for p in parts)
            seg_new = seg[seg["timestamp"] >= cutoff_ts].reset_index(drop=True)
            if same_inputs and len(seg_new) == 0 and len(seg):
                # every new event is older than the window: nothing to store, so no new generation (one would
                # evict the roll-back point and call the run's rings active)
                log.warning("all %d new event(s) are older than the retention window (before %s, %g days before the "
                            "newest stored event); nothing stored", len(seg), cutoff_ts.isoformat(), retention)
                return nothing_new(None, duplicate_events=n_dup, outside_window=int(len(seg)))
            ev_all = pd.concat(parts + [seg_new], ignore_index=True) if parts else seg_new
            in_window = (ev_all["timestamp"] >= cutoff_ts).to_numpy()
            if not in_window.all():  # (a boolean selection copies every column even when it keeps all rows)
                ev_all = ev_all[in_window]
            if len(ev_all) == 0:
                raise InputError("no events inside the retention window", fix="check the timestamps or --retention-days")
            dropped = n_old - n_old_kept
            old_retention = float(m.get("retention_days", DEFAULT_RETENTION_DAYS)) if m else retention
            if retention < old_retention and dropped:
                # a shorter window is remembered for every later run and drops evidence now: said even under
                # --quiet (a tester: `--retention-days 3` for 30 in a cron line aged out 33,263 of 39,960 stored
                # events, with exit 0 and nothing on stderr)
                log.warning("the retention window shrinks from %g to %g days (--retention-days; the state keeps it for "
                            "later runs): %d stored event(s) before %s age out now; the previous generation keeps them "
                            "for one more run (restore a backup of the state to undo)", old_retention, retention,
                            dropped, cutoff_ts.isoformat())
            if len(reg):
                live = reg["last_seen"].to_numpy(np.int64) >= cutoff
                reg = reg[live].reset_index(drop=True)
                reg_sh = reg_sh[_isin_str(reg_sh["template_id"], reg["template_id"])].reset_index(drop=True)
            if accounts_all is not None:
                # accounts keep their row while they have evidence in the window or were just given
                active = [ev_all["account_id"]] + ([ac_new["account_id"]] if ac_new is not None else [])
                keep_acc = _isin_str(accounts_all["account_id"], pd.concat(active, ignore_index=True))
                if not keep_acc.all():
                    accounts_all = accounts_all[keep_acc].reset_index(drop=True)
                    # the manifest's digest is the stored table's (the next run compares its merged table, made
                    # from this one, with it): the table before retention made a replayed slice with no new
                    # events a new generation, once after every run whose retention dropped account rows
                    stored_acc_digest = _frame_digest(accounts_all)
            t = tick("retention", t)

            # detect over the evidence in the window, Leiden seeded with the previous membership
            from .detector import _run

            init = None
            if state is not None and len(state.membership):
                mm = state.membership
                init = dict(zip(mm["account_id"].astype(str), mm["community"].astype(np.int64)))
            link_builder = _link_builder(cfg)
            ev_all.attrs = {}

            link_ctx: dict = {}  # the link stage's context, for the region update's whole-history check

            def builder(ctx):
                ctx.artifacts["_registry"] = reg
                link_ctx["ctx"] = ctx
                out = link_builder(ctx)
                # every event's template code, as the link builder factorised them (templates_hold_changed)
                link_ctx["template_raw"] = ctx.artifacts.pop("_template_raw", None)
                return out

            # affected-region update of the communities: only when the previous run used the same pipeline settings
            region_info: dict = {"mode": "full"}
            community_fn = core_scope = None
            region_scope: dict = {}
            if init is not None and m.get("pipeline_digest") == pipe_digest and cfg.communities.objective == "CPM":
                changed_other = _aged_out_accounts(sd, m["segments"], parts, kept_segments, cutoff_ts)
                if acc_digest != m.get("accounts_digest", ""):  # same merged accounts table: no row changed
                    changed_other |= _changed_account_rows(state.accounts, accounts_all)
                prev_comm = pd.Series(state.membership["community"].to_numpy(np.int64),
                                      index=state.membership["account_id"].astype(str).to_numpy())
                # states written before ``ring_flagged`` existed: the dense-core search covers everything
                prev_flagged = (pd.Series(state.membership["ring_flagged"].to_numpy(bool), index=prev_comm.index)
                                if "ring_flagged" in state.membership.columns else None)

                t_new_min = int(seg_new["timestamp"].min().value // 10**9) if len(seg_new) else None

                def community_fn(lg, account_ids, incidences):
                    ids = pd.Series(account_ids.astype(str))
                    aff = (_isin_str(ids, pd.Series(sorted(changed_other), dtype=object))
                           | ~_isin_str(ids, pd.Series(prev_comm.index.to_numpy(object))))
                    if t_new_min is not None:
                        # accounts with new events count only when they gained a *linking* attribute
                        has_new = _isin_str(ids, seg_new["account_id"].astype(str))
                        aff |= new_linking_accounts(incidences, lg.attributes, len(account_ids), t_new_min, has_new)
                    if "ctx" in link_ctx and len(seg_new):  # a schedule gained, changed or lost through new events
                        new_keys = seg_new["event_key"].to_numpy(np.uint64)
                        arts = link_ctx["ctx"].artifacts  # the window's codes, as the link builder made them
                        old_rows = (_old_rows(link_ctx["ctx"].events, new_keys)
                                    if "event_key" in link_ctx["ctx"].events.columns else None)
                        aff |= whole_history_changed(link_ctx["ctx"], incidences, new_keys, old_rows)
                        if cfg.prompts.enabled and "template" in cfg.links.types:  # a family held or no longer
                            now = ((arts["template_family"], arts["template_families"]["template_id"].to_numpy(object))
                                   if "template_family" in arts else None)
                            aff |= templates_hold_changed(link_ctx["ctx"].events, len(account_ids), new_keys,
                                                          cfg.prompts.repeat_fraction, now, old_rows,
                                                          link_ctx.get("template_raw"),
                                                          repeat_cap=cfg.prompts.repeat_cap)
                    out = region_communities(lg.edges, account_ids, prev_comm, aff, cfg.communities, region_info)
                    region_info["mode"] = "region" if out is not None else "full (region too large)"
                    if out is not None and prev_flagged is not None:
                        idx = pd.Index(ids)
                        region_scope["prev"] = prev_comm.reindex(idx).to_numpy()
                        # the previous run's search skipped flagged rings: if one is not flagged now, a full
                        # run would look inside it, so it counts as changed
                        region_scope["affected"] = aff | prev_flagged.reindex(idx).fillna(False).to_numpy(bool)
                    return out

                def core_scope(comm):
                    if "prev" not in region_scope:
                        return None
                    scope = changed_communities(comm, region_scope["prev"], region_scope["affected"])
                    region_info["core_search_accounts"] = int(scope.sum())
                    return scope

            # the input's shape (a column it lacks, no accounts table): a warning the first run, a note after that
            notes = _NotesSaidBefore(m.get("input_notes") or () if m else ())
            det_log = logging.getLogger("graphhunt.detector")
            det_log.addFilter(notes)
            try:
                res = _run(ev_all, accounts_all, cfg, progress, init, builder, community_fn, core_scope=core_scope)
            finally:
                det_log.removeFilter(notes)
            res.run_info["communities_update"] = region_info
            # the detection's own ring flags, per account (the state keeps them: the next run's dense-core search
            # scope reads them); the reviews then clear the flags analysts judged benign
            detected_flag = res.rings.set_index("ring_id")["flagged"].astype(bool).reindex(
                res.accounts["ring_id"]).fillna(False).to_numpy(bool)
            res = apply_reviews(res, rv)
            t = tick("detect", t)

            # stable ring ids and lineage
            in_ring = res.accounts["ring_id"] != ""
            new_lab = pd.Series(res.accounts.loc[in_ring, "ring_id"].to_numpy(),
                                index=res.accounts.loc[in_ring, "account_id"].astype(str).to_numpy())
            if state is not None and len(state.membership):
                pm = state.membership[state.membership["ring_id"].fillna("") != ""]
                prev = pd.Series(pm["ring_id"].to_numpy(), index=pm["account_id"].astype(str).to_numpy())
            else:
                prev = pd.Series([], dtype=object)
            info = res.rings.set_index("ring_id")[["size", "risk_score", "flagged", "reasons"]]
            prev_flag = None
            if state is not None and len(state.membership) and "ring_flagged" in state.membership.columns:
                # (states from before ring_flagged: no flag changes); what the last run reported, after its reviews
                col = "ring_reported" if "ring_reported" in pm.columns else "ring_flagged"
                prev_flag = pm.groupby(pm["ring_id"].astype(str))[col].any().to_dict()
            ids, changes, next_number = match_rings(prev, new_lab, list(res.rings["ring_id"]),
                                                    int(m["next_ring_number"]) if m else 1, info=info,
                                                    prev_flagged=prev_flag)
            _apply_ids(res, ids)
            # activity: new events per ring in this run, last event per ring ("went quiet" shows as 0 / old)
            # (only the events this run stored: those older than the window were dropped)
            new_per_acc = ev_new.loc[(ev_new["timestamp"] >= cutoff_ts).to_numpy(), "account_id"].astype(str).value_counts()
            acc_ring = pd.Series(res.accounts["ring_id"].to_numpy(), index=res.accounts["account_id"].astype(str).to_numpy())
            ring_new = new_per_acc.groupby(acc_ring.reindex(new_per_acc.index).fillna("").to_numpy()).sum()
            res.rings["new_events"] = ring_new.reindex(res.rings["ring_id"]).fillna(0).astype(np.int64).to_numpy()
            ring_last = _ring_last_seen(ev_all["account_id"], ev_all["timestamp"], acc_ring)
            res.rings["last_seen"] = ring_last.reindex(res.rings["ring_id"]).to_numpy()
            run_id = _run_id(m["run_id"] if m else "", fps, f"{pipe_digest}|{retention:g}"
                             + (f"|reviews:{rv_digest}" if rv_digest else ""))
            changes.insert(0, "run_id", run_id)
            t = tick("ring_ids", t)

            # ---- write: segment, generation, then the manifest (the commit point)
            gen += 1
            seg_meta = list(kept_segments)
            prev_segment_files = [s["file"] for s in (m["segments"] if m else [])]
            seg_dir = sd / "segments"
            seg_dir.mkdir(exist_ok=True)
            if len(seg_new):
                name = f"events-{gen:06d}.parquet"
                tmp = seg_dir / f".tmp-{name}"
                _write_parquet(seg_new, tmp)
                os.replace(tmp, seg_dir / name)
                # the new name on disk before the manifest that lists it (only STATE/ was fsync'd: after a power
                # cut the committed manifest could name a segment whose directory entry was lost)
                _fsync_path(seg_dir)
                seg_meta.append({"file": f"segments/{name}", "rows": int(len(seg_new)), "bytes": (seg_dir / name).stat().st_size,
                                 "columns": sorted(str(c) for c in seg_new.columns if seg_new[c].notna().any()),
                                 "sha256": _sha256(seg_dir / name),
                                 "min_ts": int(seg_new["timestamp"].min().value // 10**9),
                                 "max_ts": int(seg_new["timestamp"].max().value // 10**9)})
                if allowed_missing:  # accepted with --allow-missing-columns: still expected of later slices
                    seg_meta[-1]["allowed_missing"] = sorted(allowed_missing)
            _fault("after_segment")
            gen_name = f"gen-{gen:06d}"
            tmp_gen = sd / f".tmp-{gen_name}"
            shutil.rmtree(tmp_gen, ignore_errors=True)
            tmp_gen.mkdir()
            from .sinks.files import atomic_write, write_result

            with open(tmp_gen / "changes.csv", "w", encoding="utf-8") as f:
                changes.to_csv(f, index=False, float_format="%.4f")
            outside = int(len(seg) - len(seg_new))
            if outside:
                log.warning("%d new event(s) are older than the retention window (before %s) and were not stored",
                            outside, cutoff_ts.isoformat())
            reports = [f["load_report"] for f in fps if f.get("load_report") and f["kind"] == "events"]
            res.run_info["input_report"] = reports[0] if len(reports) == 1 else ({"files": reports} if reports else {})
            acc_report = next((f["load_report"] for f in fps if f["kind"] == "accounts"), None)
            if acc_report is not None:  # as detect's run.json has it
                res.run_info["accounts_report"] = acc_report
            refresh_info = {"run_id": run_id, "generation": gen, "previous_run_id": m["run_id"] if m else None,
                            "new_events": int(len(ev_new)) - outside, "duplicate_events": n_dup,
                            "new_events_outside_window": outside,
                            "dropped_by_retention": int(dropped), "retention_days": retention,
                            "newest_event": pd.Timestamp(newest, unit="s", tz="UTC").isoformat(),
                            "window_start": cutoff_ts.isoformat(), "inputs": fps,
                            "changes": {k: int(v) for k, v in changes["change"].value_counts().items()},
                            "communities_update": region_info, "timings_s": timings}
            res.run_info["refresh"] = refresh_info  # also in memory: a push marks the run's ring ids stable
            write_result(res, tmp_gen)
            if report:
                from .sinks.report import write_report_safely

                write_report_safely(tmp_gen, retry_dir=out_dir)  # reads changes.csv: the report shows what changed
            ring_flagged = res.rings.set_index("ring_id")["flagged"].astype(bool)
            membership = pd.DataFrame({"account_id": res.accounts["account_id"].astype(str),
                                       "community": res.accounts["community"].astype(np.int64),
                                       "ring_id": res.accounts["ring_id"].astype(str),
                                       # in a flagged ring: the dense-core search did not look inside it
                                       "ring_flagged": detected_flag,
                                       # ... and flagged in the outputs, after the reviews (changes.csv's
                                       # "flagged" rows compare with it)
                                       "ring_reported": ring_flagged.reindex(res.accounts["ring_id"]).fillna(False)
                                       .to_numpy(bool)})
            _write_parquet(membership, tmp_gen / "membership.parquet")
            acc_out = accounts_all if accounts_all is not None else pd.DataFrame({"account_id": pd.Series([], dtype="string")})
            _write_parquet(acc_out, tmp_gen / "accounts.parquet")
            _write_parquet(prune_exemplars(reg, res.templates), tmp_gen / "registry.parquet")
            _write_parquet(reg_sh, tmp_gen / "registry_shingles.parquet")
            files = {name: {"bytes": (tmp_gen / name).stat().st_size, "sha256": _sha256(tmp_gen / name)}
                     for name in STATE_FILES}
            if accounts_all is None:
                files["accounts.parquet"]["empty"] = True
            # the generation's outputs on disk too (the state files above already are): a "nothing new" run
            # copies them to --out, and after a power cut they could be empty or cut short (a correctness
            # review, session 57; the cost is writing back what the run just wrote)
            for f in sorted(tmp_gen.iterdir()):
                if f.is_file() and f.name not in STATE_FILES:
                    _fsync_path(f)
            _fsync_path(tmp_gen)
            _fault("before_generation_rename")
            if (sd / gen_name).exists():  # a dead run's uncommitted generation of the same number
                shutil.rmtree(sd / gen_name)
            os.replace(tmp_gen, sd / gen_name)
            _fault("after_generation")
            # one entry per input: this run's (every file it was given, applied before or not) after the older
            # ones it was not given, the oldest of those dropped past INPUTS_APPLIED_MAX. An entry per file per
            # run, cut to the last 1,000, lost the oldest files of an export directory of more than that:
            # every later run read them again as new events (out of the window by then)
            mine = [dict(f, generation=gen) for f in fps]
            given = {f["sha256"] for f in mine}
            older = [f for f in (m.get("inputs_applied", []) if m else []) if f.get("sha256") not in given]
            inputs_applied = older[max(0, len(older) - max(0, INPUTS_APPLIED_MAX - len(mine))):] + mine
            manifest = {
                "format": STATE_FORMAT, "format_version": STATE_VERSION, "graphhunt_version": __version__,
                "generation": gen, "generation_dir": gen_name, "run_id": run_id,
                "previous_generation_dir": m["generation_dir"] if m else None,
                "previous_segments": prev_segment_files,
                "written_at": pd.Timestamp.now(tz="UTC").isoformat(),
                "retention_days": retention, "newest_ts": newest, "window_start_ts": cutoff,
                "next_ring_number": next_number, "state_config": _state_config(cfg),
                "state_settings_kept": sorted(kept), "pipeline_digest": pipe_digest,
                # hashes of the lines left out of prompts as boilerplate, by this slice or an earlier one (no text)
                "boilerplate_lines": [f"{int(x):016x}" for x in known_lines],
                # the warnings about the input's shape this state has given (later runs say them at INFO)
                "input_notes": sorted(notes.seen),
                "reviews_digest": rv_digest,
                "accounts_digest": stored_acc_digest, "segments": seg_meta, "files": files,
                "inputs_applied": inputs_applied,
                "counts": {"events": int(len(ev_all)), "accounts": int(len(res.accounts)),
                           "rings": int(len(res.rings)), "templates": int(len(reg))},
            }
            tmp_m = sd / f".tmp-{MANIFEST}"
            with open(tmp_m, "w", encoding="utf-8") as f:
                json.dump(manifest, f, indent=1, default=str)
                f.flush()
                os.fsync(f.fileno())
            _fault("before_manifest")
            os.replace(tmp_m, sd / MANIFEST)
            committed.append(gen)
            _fsync_path(sd)
            _fault("after_manifest")
            with atomic_write(sd / gen_name / COMMITTED) as tmp_c:
                tmp_c.write_text(json.dumps(manifest, indent=1, default=str), encoding="utf-8")
            _gc(sd, manifest)
            t = tick("write_state", t)
            _sync_outputs(sd / gen_name, out_dir, run_id)
            _fault("after_outputs")
            t = tick("write_outputs", t)
    except OSError as e:
        # a file error before the commit leaves the state as it was (exit 7: fix the disk, run again);
        # after it, the state holds the slice and only the outputs are behind (exit 6: running the same
        # command again applies nothing twice and writes them)
        what = f"{e.filename}: " if getattr(e, "filename", None) else ""
        if not committed:
            what = what or f"in the state directory {sd}: "  # (pyarrow's errors name no file)
            try:  # this run's own uncommitted segment and generation: they kept a full disk full
                with StateLock(sd):
                    st = read_state(sd, verify=False)
                    _gc(sd, st.manifest if st else None)
            except (GraphhuntError, OSError):
                pass  # another refresh holds the lock, or the disk refuses even this: the next run cleans up
            raise StateWriteError(f"cannot read or write {what}{e.strerror or e}; the state was not committed "
                                  f"(it is as the previous run left it); free space or fix permissions and "
                                  f"run the same command again") from None
        raise SinkError(f"the state was committed (generation {committed[0]}), but writing its outputs failed: "
                        f"{what}{e.strerror or e}; run the same command again to write them (nothing is "
                        f"applied twice)") from None
    timings["total"] = round(time.perf_counter() - t_all, 3)
    rr = RefreshResult(sd, out_dir, True, gen, run_id, new_events=int(len(ev_new)) - outside, duplicate_events=n_dup,
                       outside_window=outside,
                       dropped_by_retention=int(dropped), result=res, changes=changes, timings=timings,
                       outputs_generation=gen)  # out_dir holds this generation's result (written above)
    return _push(rr, neo4j)


def _push(rr: "RefreshResult", neo4j: dict | None, run_dir: Path | None = None) -> "RefreshResult":
    """Push ``rr`` when ``neo4j`` is given: the in-memory result, or for a run that applied nothing new
    the current generation's files (``run_dir``), so that re-running the same command after a failed
    push pushes it (before, it said "nothing new" and pushed nothing). A failed push says the state is
    committed and how to push again (exit 6)."""
    if not neo4j:
        return rr
    try:
        if run_dir is None:
            push_changes(rr, **neo4j)
        else:
            from .sinks.neo4j import push_result

            push_result(run_dir, run_id=rr.run_id, **neo4j)
    except GraphhuntError as e:
        raise SinkError(f"the state is committed (generation {rr.generation}, run {rr.run_id}), but the Neo4j push "
                        f"failed: {e}; run the same command again to push it (nothing is applied twice)") from None
    return rr


def _ring_last_seen(account_id: pd.Series, timestamp: pd.Series, acc_ring: pd.Series) -> pd.Series:
    """Latest event per ring label (``""`` = no ring): the same Series as grouping the events by
    account, then the accounts by ring, with one factorize and integer maxima instead of string group-bys."""
    codes, uniq = pd.factorize(account_id.astype(str))
    ts = timestamp.astype("int64").to_numpy()
    last = np.full(len(uniq), np.iinfo(np.int64).min, np.int64)
    np.maximum.at(last, codes, ts)
    ring = acc_ring.reindex(pd.Index(np.asarray(uniq, dtype=object))).fillna("").to_numpy()
    rc, ru = pd.factorize(ring, sort=True)
    best = np.full(len(ru), np.iinfo(np.int64).min, np.int64)
    np.maximum.at(best, rc, last)
    return pd.Series(pd.to_datetime(best, unit="ns", utc=True).astype(timestamp.dtype), index=pd.Index(ru))


def _apply_ids(res, ids: dict) -> None:
    """Rename the run's rank-based ring ids to stable ids everywhere in a result."""
    mp = pd.Series(ids, dtype=object)
    for df in (res.rings, res.accounts, res.shared, getattr(res, "members", None), getattr(res, "timeline", None)):
        if df is not None and "ring_id" in df.columns and len(df):
            r = df["ring_id"].astype(object)
            keep = (r == "") | (r == "*")  # no ring / all traffic (timeline)
            df["ring_id"] = np.where(keep, r, mp.reindex(r).fillna("").to_numpy())


def push_changes(rr: RefreshResult, uri: str | None = None, user: str | None = None, password: str | None = None,
                 **kw: Any) -> dict:
    """Push a refresh's result to Neo4j under the refresh's run id.

    Memberships are written with the run id, so Neo4j keeps which run said what;
    ring ids are the stable refresh ids, so a ring that only grew keeps its node; each
    ``changes.csv`` row becomes a ``(:Ring)-[:CHANGED_IN]->(:Run)`` relationship.
    """
    try:
        from .sinks.neo4j import push_result
    except ImportError:
        raise SinkError("Neo4j sink not available in this graphhunt build (graphhunt.sinks.neo4j is missing); "
                        "the refresh itself succeeded and its state is committed") from None
    return push_result(rr.result, uri=uri, user=user, password=password, run_id=rr.run_id, changes=rr.changes, **kw)
