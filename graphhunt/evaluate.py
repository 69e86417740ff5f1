"""Compare predictions with ground truth: precision, recall, F1, ring recovery, FP per cohort."""
from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError, UsageError

log = logging.getLogger(__name__)

__all__ = ["evaluate", "evaluate_files", "BOOL_SPELLINGS", "UNLABELLED"]


_TRUE = frozenset(["true", "t", "yes", "y", "1"])
_FALSE = frozenset(["false", "f", "no", "n", "0"])
#: cells read as no value (blank is the usual one; a frame written by pandas may hold "nan")
_MISSING = frozenset(["", "nan", "na", "n/a", "null", "none", "<na>"])
#: the spellings of a boolean column, as the errors and the docs give them
BOOL_SPELLINGS = "true/false, t/f, yes/no, y/n or 1/0 (any case; 1.0/0.0 and numeric 0/1 too)"
_MAX_SHOWN = 5


def _bool_value(v: object) -> bool | None | str:
    """True / False, None for no value, or the string ``"bad"``."""
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, float, np.integer, np.floating)):
        if v != v:  # NaN
            return None
        return True if v == 1 else False if v == 0 else "bad"
    t = str(v).strip().lower()
    if t in _TRUE:
        return True
    if t in _FALSE:
        return False
    if t in _MISSING:
        return None
    try:
        f = float(t)  # "1.0", "0.00", "1e0"
    except ValueError:
        return "bad"
    return True if f == 1 else False if f == 0 else "bad"


def _bool(s: pd.Series, *, column: str, file: str | None, what: str, fix: str) -> pd.Series:
    """``s`` read as booleans in any of :data:`BOOL_SPELLINGS`; anything else, and missing values, raise
    :class:`InputError` with a few offending rows (1-based data rows, as in the file; without a file, a
    DataFrame's index labels)."""
    from .io import _rows_at

    labels = None if file else s.index
    if s.dtype == bool:
        return s
    raw = s.astype(object)
    # judged once per distinct value (factorize codes every missing value -1), not once per row
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    judged = [_bool_value(u) for u in uniques]
    is_true = np.array([v is True for v in judged] + [False], dtype=bool)[codes]
    pos_missing = np.flatnonzero(np.array([v is None for v in judged] + [True], dtype=bool)[codes]).tolist()
    pos_bad = np.flatnonzero(np.array([v == "bad" for v in judged] + [False], dtype=bool)[codes]).tolist()
    if pos_bad:
        first: dict[str, int] = {}  # the first row of each distinct value, then the next rows
        for i in pos_bad:
            first.setdefault(str(raw.iloc[i]).strip(), i)
        distinct = list(first)
        shown = list(first.values())[:_MAX_SHOWN]
        taken = set(shown)
        shown = sorted(shown + [i for i in pos_bad[: 2 * _MAX_SHOWN] if i not in taken][: _MAX_SHOWN - len(shown)])
        raise InputError(
            f"{len(pos_bad)} of {len(s)} rows of {what} hold a value that is not a yes/no "
            f"({', '.join(repr(d) for d in distinct[:_MAX_SHOWN])}{', ...' if len(distinct) > _MAX_SHOWN else ''}); "
            f"accepted: {BOOL_SPELLINGS}",
            file=file, column=column, **_rows_at(shown, labels), values=[raw.iloc[i] for i in shown], fix=fix)
    if pos_missing:
        raise InputError(
            f"{len(pos_missing)} of {len(s)} rows of {what} have no value (a blank is not read as false)",
            file=file, column=column, **_rows_at(pos_missing, labels), fix=fix)
    return pd.Series(is_true, index=s.index, name=s.name)


UNLABELLED = ("ignore", "benign")
#: the columns a truth file is read for (found up to case, spaces, ``_`` and ``-``)
TRUTH_COLUMNS = ("account_id", "is_ring", "ring_id", "cohort")


def evaluate(truth: pd.DataFrame, pred: pd.DataFrame, _files: tuple[str, str] | None = None, *,
             unlabelled: str = "ignore") -> dict:
    """Account-level metrics of ``pred`` (accounts.csv, or a :class:`~graphhunt.DetectionResult`) against
    ``truth`` (truth.csv).

    ``truth`` needs ``account_id, is_ring`` and optionally ``ring_id, cohort``;
    ``pred`` needs ``account_id, flagged`` and optionally ``ring_id``. ``is_ring`` and ``flagged``
    are read as booleans in any of :data:`BOOL_SPELLINGS`; another value, or a blank, raises
    :class:`InputError`. Accounts missing from ``pred`` count as not flagged. Predicted accounts
    missing from ``truth`` are left out (``unlabelled="ignore"``, a warning says how many were
    flagged) or count as benign (``unlabelled="benign"``: for a truth file that lists only the
    rings; its flagged accounts become false positives). No account in both raises
    :class:`InputError` (ids written differently in the two files).

    Returns a dict with ``precision, recall, f1, tp, fp, fn``, ``rings`` (per
    truth ring: size, recall, best predicted ring and its purity; ``truth_has_ring_id`` says
    whether there could be any), ``cohorts`` (per cohort: accounts, flagged, rate) and
    ``unlabelled_flagged`` (flagged accounts not in ``truth``).
    """
    if unlabelled not in UNLABELLED:
        raise UsageError(f"unknown unlabelled={unlabelled!r}", fix="use 'ignore' or 'benign'")
    # a notebook passes a detection result, or paths (an analyst, session 76: an AttributeError traceback)
    if hasattr(pred, "accounts") and isinstance(getattr(pred, "accounts"), pd.DataFrame):
        pred = pred.accounts
    for name, df in (("truth", truth), ("pred", pred)):
        if isinstance(df, (str, Path)):
            raise UsageError(f"evaluate() takes DataFrames; {name} is a path ({str(df)!r})",
                             fix="pass pd.read_csv(path), or call graphhunt.evaluate.evaluate_files(truth_path, "
                                 "pred_path), which also takes a run directory")
        if not isinstance(df, pd.DataFrame):
            raise UsageError(f"evaluate() takes DataFrames; {name} is a {type(df).__name__}",
                             fix="pass the truth table and a result's accounts table (or the result itself)")
    tfile, pfile = _files if _files else (None, None)
    from .io import _apply_map

    # a labels sheet's headers as people write them (`Account ID`, `Is Ring`, `isRing`), as the loaders read
    # the events' and accounts' columns: up to case, spaces, `_` and `-`
    truth = _apply_map(truth, {}, Path(tfile or "truth"), known=TRUTH_COLUMNS)
    for name, df, cols in (("truth", truth, ["account_id", "is_ring"]), ("pred", pred, ["account_id", "flagged"])):
        miss = [c for c in cols if c not in df.columns]
        if miss:
            what = {"truth": ("the ground truth (--truth)", "a truth.csv with account_id,is_ring (as "
                              "`graphhunt simulate` writes)"),
                    "pred": ("the predictions (--pred)", "a run's accounts.csv (`graphhunt detect ... --out DIR` "
                             "writes DIR/accounts.csv)")}[name]
            found = ", ".join(map(repr, map(str, df.columns[:20]))) + (", ..." if len(df.columns) > 20 else "")
            raise InputError(f"{what[0]} is missing column(s) {', '.join(miss)} (found: {found})", column=miss[0],
                             file=_files[0 if name == "truth" else 1] if _files else None,
                             fix=f"pass {what[1]}")
    for name, df, f in (("the ground truth (--truth)", truth, tfile), ("the predictions (--pred)", pred, pfile)):
        if not len(df):
            raise InputError(f"{name} has no rows", file=f, fix="pass a file with a header row and at least one account")
    t = truth.copy()
    t["account_id"] = _account_ids(t["account_id"], tfile)
    t["is_ring"] = _bool(t["is_ring"], column="is_ring", file=tfile, what="the ground truth",
                         fix="write is_ring as true or false on every row (false for accounts known to be "
                             "benign; e.g. map ring/benign to true/false), or drop the rows without a label")
    p = pred[["account_id", "flagged"] + (["ring_id"] if "ring_id" in pred.columns else [])].copy()
    p["account_id"] = _account_ids(p["account_id"], pfile)
    p["flagged"] = _bool(p["flagged"], column="flagged", file=pfile, what="the predictions",
                         fix="pass a run's accounts.csv as written by `graphhunt detect` (flagged is True/False)")
    t = _one_row_per_account(t, "is_ring", "the ground truth", tfile)
    p = _one_row_per_account(p, "flagged", "the predictions", pfile)
    _check_overlap(t["account_id"], p["account_id"], tfile, pfile)
    extra = ~p["account_id"].isin(set(t["account_id"]))
    extra_flagged = int((p["flagged"] & extra).sum())
    if unlabelled == "ignore" and extra_flagged:
        log.warning("%d flagged accounts are not in the truth file and are not counted; if the truth file "
                    "lists only rings, pass --unlabelled benign", extra_flagged)
    elif unlabelled == "benign" and extra.any():
        log.info("%d predicted accounts are not in the truth file and count as benign (%d of them flagged: "
                    "false positives)", int(extra.sum()), extra_flagged)
    m = t.merge(p, on="account_id", how="left", suffixes=("", "_pred"))
    missing = int(m["flagged"].isna().sum())
    if missing:  # a prediction file of another run, or a sample of it: they count as not flagged
        log.warning(
            "%d of %d truth accounts are not in the predictions; they count as not flagged", missing, len(m))
    if unlabelled == "benign" and extra.any():
        add = p[extra].rename(columns={"ring_id": "ring_id_pred"} if "ring_id" in t.columns else {})
        m = pd.concat([m, add.assign(is_ring=False)], ignore_index=True)
    m["flagged"] = m["flagged"].fillna(False).astype(bool)
    m["is_ring"] = m["is_ring"].astype(bool)
    tp = int((m["is_ring"] & m["flagged"]).sum())
    fp = int((~m["is_ring"] & m["flagged"]).sum())
    fn = int((m["is_ring"] & ~m["flagged"]).sum())
    prec = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    rec = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    out = {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4),
           "tp": tp, "fp": fp, "fn": fn, "accounts": int(len(m)), "ring_accounts": int(m["is_ring"].sum()),
           "unlabelled": unlabelled, "unlabelled_flagged": extra_flagged}
    rings = []
    pred_ring = "ring_id_pred" if "ring_id_pred" in m.columns else None
    if "ring_id" in t.columns:
        for rid, g in m[m["is_ring"]].groupby("ring_id", sort=True):
            row = {"ring_id": rid, "size": int(len(g)), "recall": round(float(g["flagged"].mean()), 4)}
            if "cohort" in g.columns:
                row["cohort"] = str(g["cohort"].iloc[0])
            if pred_ring:
                pr = g[pred_ring].replace("", np.nan).dropna()
                if len(pr):
                    best = pr.value_counts().index[0]
                    row["best_pred_ring"] = best
                    row["coverage"] = round(float((pr == best).sum() / len(g)), 4)
            rings.append(row)
    out["rings"] = rings
    out["truth_has_ring_id"] = "ring_id" in t.columns
    out["rings_found"] = int(sum(r["recall"] >= 0.5 for r in rings))
    out["rings_total"] = len(rings)
    cohorts = []
    if "cohort" in t.columns:
        for c, g in m.groupby("cohort", sort=True):
            cohorts.append({"cohort": c, "is_ring": bool(g["is_ring"].iloc[0]), "accounts": int(len(g)),
                            "flagged": int(g["flagged"].sum()), "rate": round(float(g["flagged"].mean()), 4)})
    out["cohorts"] = cohorts
    benign = [c for c in cohorts if not c["is_ring"]]
    out["max_benign_cohort_fpr"] = max((c["rate"] for c in benign), default=0.0)
    return out


def _account_ids(ids: pd.Series, file: str | None) -> pd.Series:
    """Account ids as the loaders read them (graphhunt.io): text, surrounding spaces trimmed, whole-number
    floats without ``.0`` (a Parquet int column with a null). A tester: a truth id ``'  x'`` did not match
    the ``x`` that detect wrote (it trims ids), so the account counted as missed, with only a warning."""
    from .io import _as_text

    return _as_text(ids, "account_id", file).str.strip().fillna("").astype(object)


def _one_row_per_account(df: pd.DataFrame, label: str, what: str, file: str | None) -> pd.DataFrame:
    """Each account counted once. Rows of one account that disagree on ``label`` are refused (which one
    holds?); other repeats keep the first row, with a warning. A QA pass: a truth file stitched from
    several investigations counted an account listed three times three times, as a true and a false
    positive at once when its rows disagreed."""
    from .io import _rows_at

    dup = df["account_id"].duplicated(keep=False).to_numpy()
    if not dup.any():
        return df
    d = df[dup]
    clash = d.groupby("account_id", sort=False)[label].nunique()
    clash = clash[clash > 1]
    if len(clash):
        rows = np.flatnonzero(dup & df["account_id"].isin(set(clash.index)).to_numpy())
        raise InputError(f"{len(clash)} account(s) are listed more than once with different {label} values in "
                         f"{what} (e.g. {clash.index[0]!r})", file=file, column=label,
                         **_rows_at(rows, None if file else df.index),
                         fix=f"give each account one {label} value (one row per account)")
    n_extra = int(df["account_id"].duplicated().sum())
    log.warning("%s: %d repeated row(s) of %d account(s) with the same %s; each account counted once (the first "
                "row's other columns are used)", file or what, n_extra, int(d["account_id"].nunique()), label)
    return df.drop_duplicates("account_id", keep="first")


def evaluate_files(truth_path: str | Path, pred_path: str | Path, *, unlabelled: str = "ignore") -> dict:
    """:func:`evaluate` on ``truth.csv`` and a run's ``accounts.csv`` (or the run's directory, as ``report``,
    ``explain`` and ``export`` take it)."""
    from .io import read_table

    if Path(pred_path).is_dir():
        from .sinks.files import _repair_before_reading

        _repair_before_reading(Path(pred_path))  # a run killed while moving its files in: its result, whole
        if not (Path(pred_path) / "run.json").is_file() or not (Path(pred_path) / "accounts.csv").is_file():
            raise InputError("no complete graphhunt result here (run.json or accounts.csv missing)",
                             file=str(pred_path), fix="pass a run's accounts.csv, or the --out directory of "
                                                       "`graphhunt detect` (a refresh state's output/)")
        pred_path = Path(pred_path) / "accounts.csv"
    truth, _ = read_table(truth_path, kind="accounts")  # (one row per account, as an accounts file)
    pred, _ = read_table(pred_path, kind="accounts")
    return evaluate(truth, pred, _files=(str(truth_path), str(pred_path)), unlabelled=unlabelled)


def _check_overlap(tid: pd.Series, pid: pd.Series, tfile: str | None, pfile: str | None) -> None:
    """No truth account among the predictions: the ids are written differently (scores would be 0)."""
    if tid.isin(set(pid)).any():
        return

    def norm(x: pd.Series) -> pd.Series:
        x = x.str.strip().str.lower().str.replace(r"\.0+$", "", regex=True).str.lstrip("0")
        return x.where(x != "", "0")

    hint = ""
    near = int(norm(tid).isin(set(norm(pid))).sum())
    if near:
        hint = (f" ({near} truth ids match once case, surrounding spaces, a trailing '.0' and leading zeros "
                "are ignored)")
    tname, pname = tfile or "the ground truth", pfile or "the predictions"
    raise InputError(
        f"no account of the ground truth is in the predictions: e.g. {tid.iloc[0]!r} in {tname}, "
        f"{pid.iloc[0]!r} in {pname}{hint}; scores would all be 0",
        file=tfile, column="account_id",
        fix="write account_id the same way in both files; the usual cause is ids formatted differently "
            "(numbers read as floats, '119982.0' vs '119982'; upper vs lower case; leading zeros; "
            "surrounding spaces), or a truth file of another world")
