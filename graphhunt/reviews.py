"""Analysts' reviews: accounts a person has looked at and judged, carried into every later run.

A fraud team looks at a flagged ring, finds a legitimate customer (a school's accounts on its
campus network, a company's backend) and does not want the nightly job to raise it again. A
reviews file records that judgement per account::

    account_id,verdict,ring_id,reviewer,reviewed_at,note
    acct_00017,benign,ring-0042,ana,2026-12-06T10:12:00Z,district school accounts (ticket 881)
    acct_00018,benign,ring-0042,ana,2026-12-06T10:12:00Z,district school accounts (ticket 881)
    acct_09911,ring,ring-0007,ana,2026-12-06T10:20:00Z,card pool, banned

Only ``account_id`` and ``verdict`` (``benign`` or ``ring``) are required; the file is an
append-only log, so a later row for the same account replaces an earlier one.
``graphhunt review RUN_DIR --ring ID --verdict benign --to FILE`` appends a ring's members.

What a review changes (:func:`apply_reviews`), and what it does not:

* Detection is unchanged: every account keeps its ring, risk score and reasons, so the
  evidence stays readable and a reviewed group that changes is still scored as it is.
* An account reviewed ``benign`` is not flagged (``accounts.csv``'s ``review`` column says
  why). A ring whose flagged members were all reviewed benign is not flagged either
  (``held_back_by = "review"``); a ring that also has flagged members nobody reviewed stays
  flagged, so accounts that join a reviewed group are raised, and only they.
* ``ring`` records a confirmed ring account; it changes no flag (an account whose ring the
  data no longer shows is not flagged again by a review), but counts in ``rings.csv``
  (``reviewed_ring``) and ``run.json`` so an investigator sees what is already known.

Reviews are keyed by account, not by ring id: ``detect`` numbers its rings afresh on every
run, and even ``refresh``'s stable ids follow a group that gains and loses members.
"""
from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import EmptyInputError, InputError

__all__ = ["REVIEW_COLUMNS", "VERDICTS", "load_reviews", "read_reviews", "validate_reviews", "apply_reviews",
           "review_rows", "append_reviews", "reviews_digest"]

log = logging.getLogger(__name__)

#: the columns of a reviews file, in the order ``graphhunt review`` writes them
REVIEW_COLUMNS = ["account_id", "verdict", "ring_id", "reviewer", "reviewed_at", "note"]
#: what a review can say about an account
VERDICTS = ("benign", "ring")


def load_reviews(path: str | Path) -> pd.DataFrame:
    """Read and check a reviews file (CSV, Parquet or JSON Lines), one row per account (the last row of
    an account wins). A file with a header and no rows is no reviews; a missing file is an error."""
    from .io import read_table

    p = Path(path)
    if p.exists() and p.is_file() and p.stat().st_size == 0:
        raise InputError("reviews file is empty", file=str(p),
                         fix="write a header row (account_id,verdict) and a row per reviewed account, "
                             "or drop --reviews")
    try:
        df, _ = read_table(p, kind="reviews")
    except EmptyInputError:
        if p.suffix.lower() not in (".csv", ".tsv"):
            raise
        df = pd.read_csv(p, nrows=0, sep=None if p.suffix.lower() == ".csv" else "\t", engine="python")
    return validate_reviews(df, str(p), from_file=True)


def read_reviews(source: "str | Path | pd.DataFrame") -> pd.DataFrame:
    """A reviews file (:func:`load_reviews`) or a frame in memory (:func:`validate_reviews`), checked."""
    return validate_reviews(source) if isinstance(source, pd.DataFrame) else load_reviews(source)


def validate_reviews(df: pd.DataFrame, source: str = "reviews DataFrame", from_file: bool = False) -> pd.DataFrame:
    """The checks of :func:`load_reviews` on a frame in memory. Rows are named 1-based (the header not
    counted), as in the input checks of events and accounts files."""
    from .io import _refuse_repeated_columns

    if not isinstance(df, pd.DataFrame):
        raise InputError(f"reviews must be a file or a DataFrame, not {type(df).__name__}", file=source,
                         fix="pass a reviews file's path or a DataFrame with account_id and verdict columns")
    _refuse_repeated_columns(df, source)
    cols = {str(c).strip().lower(): c for c in df.columns}
    if len(cols) < len(df.columns):
        raise InputError("two columns have the same name (case and spaces aside)", file=source,
                         fix="keep one account_id and one verdict column")
    missing = [c for c in ("account_id", "verdict") if c not in cols]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)} (found: {', '.join(map(str, df.columns)) or 'none'})",
                         file=source, column=missing[0],
                         fix="a reviews file needs account_id and verdict (benign or ring) columns; "
                             "`graphhunt review` writes one")
    out = pd.DataFrame({c: df[cols[c]] for c in REVIEW_COLUMNS if c in cols})
    for c in REVIEW_COLUMNS:
        if c not in out:
            out[c] = ""
    out = out[REVIEW_COLUMNS].astype("string").fillna("")
    for c in REVIEW_COLUMNS:
        out[c] = out[c].str.strip()
    out["verdict"] = out["verdict"].str.lower()
    from .io import _rows_at

    # a frame's rows are named by their index labels (df.loc finds them), a file's by their 1-based data row, as
    # the events' and accounts' checks do (an analyst, session 76: label 92 was named "row 4")
    labels = None if from_file else df.index
    empty = (out["account_id"] == "").to_numpy()
    if empty.any():
        raise InputError(f"{int(empty.sum())} row(s) without an account_id", file=source, column="account_id",
                         **_rows_at(np.flatnonzero(empty), labels), fix="give every review row the account it is about")
    bad = ~out["verdict"].isin(VERDICTS).to_numpy()
    if bad.any():
        raise InputError(f"verdict must be one of {', '.join(VERDICTS)}", file=source, column="verdict",
                         **_rows_at(np.flatnonzero(bad), labels), values=out["verdict"][bad][:5].tolist(),
                         fix="write benign (a legitimate account: not flagged again) or ring (a confirmed ring "
                             "account)")
    n = len(out)
    out = out.drop_duplicates("account_id", keep="last").reset_index(drop=True)
    out.attrs["rows_read"] = n
    out.attrs["source"] = source
    return out


def reviews_digest(reviews: pd.DataFrame | None) -> str:
    """A digest of what the reviews say (account and verdict; notes and reviewers do not change a result)."""
    if reviews is None or not len(reviews):
        return ""
    key = reviews.sort_values("account_id")[["account_id", "verdict"]].astype(str)
    # (JSON: an id holding a tab or a newline cannot make two different sets of reviews read alike)
    return hashlib.sha256(json.dumps(list(zip(key["account_id"], key["verdict"]))).encode("utf-8")).hexdigest()


def apply_reviews(result: Any, reviews: pd.DataFrame | None) -> Any:
    """``result`` (a :class:`~graphhunt.DetectionResult`) with ``reviews`` applied, as a new result: the
    ``review`` column in ``accounts`` (and ``members``), flags of accounts reviewed benign cleared, rings
    left without a flagged member by that unflagged, ``reviewed_benign`` / ``reviewed_ring`` per ring and
    a ``reviews`` summary in ``run_info``. ``result`` itself is not changed."""
    import copy

    if reviews is None:
        return result
    if "review" in result.accounts.columns:
        raise InputError("this result already has reviews applied (its accounts have a review column)",
                         fix="apply the reviews to the result as detection wrote it (one reviews file holds them "
                             "all: a later row for an account replaces an earlier one)")
    verdict = pd.Series(reviews["verdict"].to_numpy(), index=reviews["account_id"].astype(str).to_numpy())
    acc = result.accounts.copy()
    ids = acc["account_id"].astype(str).str.strip()
    review = ids.map(verdict).fillna("").astype(str).to_numpy()
    benign = review == "benign"
    was = acc["flagged"].astype(bool).to_numpy()
    acc["review"] = review
    acc["flagged"] = was & ~benign
    ring_of = acc["ring_id"].fillna("").astype(str).to_numpy()

    rings = result.rings.copy()
    rid = rings["ring_id"].astype(str).to_numpy()
    in_ring = ring_of != ""
    by = pd.DataFrame({"ring_id": ring_of[in_ring], "benign": benign[in_ring],
                       "ring": review[in_ring] == "ring", "flagged": acc["flagged"].to_numpy()[in_ring]})
    g = by.groupby("ring_id").agg(benign=("benign", "sum"), ring=("ring", "sum"), flagged=("flagged", "sum"))
    g = g.reindex(rid).fillna(0)
    rings["reviewed_benign"] = g["benign"].to_numpy(np.int64)
    rings["reviewed_ring"] = g["ring"].to_numpy(np.int64)
    fl = rings["flagged"].astype(bool).to_numpy()
    # a flagged ring with no flagged member left, because members were reviewed benign
    suppressed = fl & (g["flagged"].to_numpy() == 0) & (g["benign"].to_numpy() > 0)
    rings["flagged"] = fl & ~suppressed
    if "held_back_by" in rings:
        rings["held_back_by"] = np.where(suppressed, "review", rings["held_back_by"].fillna("").astype(str))

    templates = _hide_exemplars_of_cleared_rings(result, rings, ids.to_numpy(), ring_of) if suppressed.any() \
        else result.templates
    members = result.members
    if members is not None and len(members) and "account_id" in members:
        members = members.copy()
        mrev = members["account_id"].astype(str).str.strip().map(verdict).fillna("").astype(str).to_numpy()
        if "flagged" in members:
            members["flagged"] = members["flagged"].astype(bool).to_numpy() & (mrev != "benign")
        members["review"] = mrev

    known = set(ids)
    unknown = [a for a in verdict.index if a not in known]
    if unknown:
        log.warning("%d reviewed account(s) are not in this run's accounts (e.g. %s): their reviews apply when "
                    "they appear", len(unknown), ", ".join(unknown[:3]))
    info = copy.deepcopy(result.run_info) if isinstance(result.run_info, dict) else {}
    counts = info.setdefault("counts", {})
    counts["flagged_rings"] = int(rings["flagged"].astype(bool).sum()) if len(rings) else 0
    counts["flagged_accounts"] = int(acc["flagged"].sum())
    info["reviews"] = {
        "source": reviews.attrs.get("source", "reviews DataFrame"),
        "digest": reviews_digest(reviews),
        "rows_read": int(reviews.attrs.get("rows_read", len(reviews))),
        "accounts_reviewed": int(len(verdict)),
        "benign": int((verdict == "benign").sum()),
        "ring": int((verdict == "ring").sum()),
        "not_in_run": len(unknown),
        # flags the reviews cleared: what a nightly job no longer raises
        "accounts_unflagged": int((was & benign).sum()),
        "rings_unflagged": int(suppressed.sum()),
        # flagged accounts in rings some of whose members were reviewed benign: a reviewed group that grew
        "flagged_beside_benign_reviews": int(acc["flagged"].to_numpy()[np.isin(ring_of, ring_of[benign])
                                                                      & (ring_of != "")].sum()),
    }
    if benign.any() or (review == "ring").any():
        log.info("reviews: %d account(s) reviewed benign no longer flagged, %d ring(s) unflagged",
                 info["reviews"]["accounts_unflagged"], info["reviews"]["rings_unflagged"])
    out = copy.copy(result)
    out.__dict__.update(accounts=acc, rings=rings, members=members, run_info=info, templates=templates)
    from .detector import SharedGraph

    if not isinstance(result.graph_source, SharedGraph):
        # the graph's vertices carry flags: this result gets its own copy when it is first read (an analyst
        # found the reviewed result's flags shown on the original's graph, or the original's on its own)
        out.graph_source = SharedGraph(result.graph_source)
    return out


def _hide_exemplars_of_cleared_rings(result: Any, rings: pd.DataFrame, ids: np.ndarray,
                                     ring_of: np.ndarray) -> pd.DataFrame:
    """Detection shows a small template family's redacted exemplar only because a flagged ring types it
    (graphhunt.detector.PUBLIC_TEMPLATE_ACCOUNTS). A ring the reviews cleared is a benign group: its
    families that no flagged ring uses keep their ids and counts, not their wording (templates and the
    rings' ``template_exemplars``, changed in place in ``rings``); returns the templates table."""
    from .detector import PUBLIC_TEMPLATE_ACCOUNTS

    tpl, inc = result.templates, result.incidence
    if tpl is None or not len(tpl) or "exemplar" not in tpl or inc is None or not len(inc):
        return tpl
    shown = tpl["exemplar"].fillna("").astype(str) != ""
    small = set(tpl.loc[shown & (tpl["n_accounts"] < PUBLIC_TEMPLATE_ACCOUNTS), "template_id"].astype(str))
    ti = inc[(inc["link_type"] == "template") & inc["attribute"].astype(str).isin(small)]
    ring_at = pd.Series(ring_of, index=ids)
    ti_ring = ring_at.reindex(ti["account_id"].astype(str).to_numpy()).fillna("").to_numpy()
    in_fl = np.isin(ti_ring, rings.loc[rings["flagged"].astype(bool), "ring_id"].astype(str).to_numpy())
    per = pd.DataFrame({"r": ti_ring[in_fl], "f": ti["attribute"].astype(str).to_numpy()[in_fl]}).value_counts()
    hide = small - set(per[per >= 2].index.get_level_values("f"))
    if not hide:
        return tpl
    tpl = tpl.copy()
    tpl["exemplar"] = tpl["exemplar"].where(~tpl["template_id"].astype(str).isin(hide), "")
    if "template_exemplars" in rings:
        rings["template_exemplars"] = [
            " | ".join(e for e in str(x).split(" | ") if e and e.split(": ", 1)[0] not in hide) if x else x
            for x in rings["template_exemplars"].fillna("").astype(str)]
    log.info("reviews: %d template famil(ies) used only by rings reviewed benign lost their exemplar", len(hide))
    return tpl


def review_rows(run_dir: str | Path, verdict: str, ring_ids: list[str] | None = None,
                account_ids: list[str] | None = None, reviewer: str = "", note: str = "",
                reviewed_at: str | None = None) -> pd.DataFrame:
    """The review rows for ``ring_ids`` (every member the run's ``accounts.csv`` puts in them) and
    ``account_ids``, as :data:`REVIEW_COLUMNS`."""
    run = Path(run_dir)
    if verdict not in VERDICTS:
        raise InputError(f"verdict {verdict!r} is not one of {', '.join(VERDICTS)}", fix="--verdict benign or ring")
    if not ring_ids and not account_ids:
        raise InputError("nothing to review", fix="name a ring (--ring ring-0042) or an account (--account ID)")
    path = run / "accounts.csv"
    if not path.is_file() or not (run / "run.json").is_file():
        raise InputError("not a graphhunt result directory (no accounts.csv and run.json)", file=str(run),
                         fix="pass the --out directory of a detect or refresh run")
    try:
        acc = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (ValueError, OSError) as e:
        raise InputError(f"cannot read the run's accounts.csv: {str(e).strip()[:200]}", file=str(path),
                         fix="pass the --out directory of a complete detect or refresh run") from None
    if not {"account_id", "ring_id"} <= set(acc.columns):
        raise InputError("no account_id and ring_id columns: not a graphhunt accounts.csv", file=str(path),
                         fix="pass the --out directory of a detect or refresh run")
    rows = []
    for rid in ring_ids or []:
        m = acc[acc["ring_id"] == rid]
        if not len(m):
            raise InputError(f"ring {rid!r} is not in this run", file=str(path), column="ring_id",
                             fix="use a ring id from this run's rings.csv (detect numbers rings afresh each run)")
        rows.append(pd.DataFrame({"account_id": m["account_id"].to_numpy(), "ring_id": rid}))
    if account_ids:
        ring_of = acc.set_index("account_id")["ring_id"]
        unknown = [a for a in account_ids if a not in ring_of.index]
        if unknown:
            raise InputError(f"account(s) not in this run: {', '.join(unknown[:5])}", file=str(path),
                             column="account_id", fix="check the id (ids match exactly, case and spaces included)")
        rows.append(pd.DataFrame({"account_id": list(account_ids),
                                  "ring_id": [ring_of.get(a, "") for a in account_ids]}))
    out = pd.concat(rows, ignore_index=True).drop_duplicates("account_id", keep="last")
    out["verdict"] = verdict
    out["reviewer"] = reviewer
    out["reviewed_at"] = reviewed_at or pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%dT%H:%M:%SZ")
    out["note"] = note
    return out[REVIEW_COLUMNS].reset_index(drop=True)


def append_reviews(path: str | Path, rows: pd.DataFrame) -> int:
    """Append ``rows`` to the reviews file at ``path`` (a new ``.csv`` file is created with the header).

    The file is rewritten under a temporary name and moved in, so a reader never sees half a row; a lock
    beside it (``.<name>.lock``) makes concurrent appends wait for each other instead of losing rows. A
    symlink's target is written (a team's shared file stays shared) and the file keeps its permissions
    (it holds reviewers' names and notes). Only a file in the layout this function writes is extended
    (UTF-8, commas, the header :data:`REVIEW_COLUMNS`): rows of another layout would make it unreadable,
    so such a file is refused and left as it was."""
    import fcntl
    import os

    from .sinks.files import atomic_write

    p = Path(path)
    target = p.resolve() if p.is_symlink() else p
    if target.is_dir():
        raise InputError("is a directory, expected a reviews file", file=str(p), fix="give a .csv file's path")
    if target.suffix.lower() != ".csv":
        raise InputError("graphhunt review writes CSV files only", file=str(p),
                         fix="give a path ending in .csv (detect and refresh read the file as --reviews)")
    target.parent.mkdir(parents=True, exist_ok=True)
    header = ",".join(REVIEW_COLUMNS)
    lock_path = target.parent / f".{target.name}.lock"
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        old = target.read_bytes() if target.exists() else b""
        if old:
            try:
                first = old.decode("utf-8").lstrip("\ufeff").splitlines()[0].strip()
            except (UnicodeDecodeError, IndexError):
                first = None
            if first != header:
                raise InputError("not in the layout graphhunt review appends to (UTF-8, comma-separated, header "
                                 f"{header})", file=str(p),
                                 fix="append to a file `graphhunt review` started, or convert this one to that "
                                     "header (it stays readable by --reviews as it is)")
            load_reviews(target)  # refuse to extend a file that does not read as reviews
        body = rows[REVIEW_COLUMNS].to_csv(index=False, header=not old, lineterminator="\n")
        mode = target.stat().st_mode & 0o7777 if target.exists() else None
        with atomic_write(target, "wb") as tmp:
            sep = b"" if not old or old.endswith(b"\n") else b"\n"
            tmp.write_bytes(old + sep + body.encode("utf-8"))
            if mode is not None:
                os.chmod(tmp, mode)
    return len(rows)
