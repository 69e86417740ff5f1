"""Any configured column as a link attribute (device id, API key, email domain ...)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ConfigError
from .base import Incidence, LinkContext, first_request_ts, incidence_from_codes

__all__ = ["build"]


def _clean_codes(values: pd.Series, column: str, source: str) -> tuple[np.ndarray, np.ndarray]:
    """Codes (-1 = missing) into the column's distinct values, stripped, with blanks and placeholders
    ("", "unknown", "N/A", ...) missing: in JSON Lines and Parquet an empty string is a value, and one
    held by a few unrelated accounts linked them (a QA pass; CSV already read it as missing)."""
    from ..io import _text_codes  # the loaders' own cleaning: one pass over the distinct values

    codes, text = _text_codes(values, column, source)
    t_codes, uniques = pd.factorize(text.replace("", pd.NA), sort=True, use_na_sentinel=True)
    t_codes = np.asarray(t_codes)
    codes = np.where(codes >= 0, t_codes[np.maximum(codes, 0)] if len(t_codes) else -1, -1)
    return codes, np.asarray(uniques.astype(str), dtype=object)


def build(ctx: LinkContext) -> list[Incidence]:
    """One incidence per configured column, from the events and the accounts file, whichever hold it.

    A column in both files is read from both, as ``payment_method`` is: an account's value in the accounts
    file links it even when its events carry another value or none (the events' values alone were used,
    and a device declared per account was silently dropped: a correctness review, session 57). Values
    from the accounts file are dated at the account's first request, as its cards are."""
    out = []
    ev, acc = ctx.events, ctx.accounts
    for col in ctx.config.links.generic_columns:
        parts = []  # (account codes, value codes, values, times)
        if col in ev.columns:
            codes, values = _clean_codes(ev[col], col, ctx.sources["events"])
            parts.append((ev["acc"].to_numpy(), codes, values, ev["ts"].to_numpy()))
        if acc is not None and col in acc.columns:
            m = acc["acc"].to_numpy() >= 0
            a = acc["acc"].to_numpy()[m]
            codes, values = _clean_codes(acc[col][m], col, ctx.sources["accounts"])
            parts.append((a, codes, values, first_request_ts(ev, a) if parts else None))
        if not parts:
            from ..io import _norm_name  # the loaders' own comparison of column names

            have = [str(c) for f in (ev, acc) if f is not None for c in f.columns if c not in ("acc", "ts")]
            near = sorted({c for c in have if _norm_name(c) == _norm_name(col)})
            if col in ctx.read_as:  # read under a canonical name (an alias, another case, the column map)
                canonical = ctx.read_as[col]
                own = {"ip": "IP and network links", "payment_method": "payment links"}.get(canonical)
                hint = (f"; the input's {col!r} is read as {canonical!r} (a common name for it, or the column map): "
                        + (f"its {own} cover it already, so leave it out of links.generic_columns" if own
                           else f"list {canonical!r} in links.generic_columns"))
            elif near:
                hint = (f"; the input has {', '.join(map(repr, near))} (names are matched exactly): list "
                        f"{near[0]!r} in links.generic_columns")
            else:
                hint = ""
            raise ConfigError(f"links.generic_columns: column '{col}' is in neither the events nor the accounts "
                              f"file{hint}")
        if len(parts) == 1:
            a, codes, values, ts = parts[0]
        else:
            # one code space over both files' distinct values (sorted, as each file's own are)
            values, inv = np.unique(np.concatenate([p[2] for p in parts]).astype(str), return_inverse=True)
            values = values.astype(object)
            shift = np.cumsum([0] + [len(p[2]) for p in parts[:-1]])
            codes = np.concatenate([np.where(p[1] >= 0, inv[np.maximum(p[1], 0) + s] if len(p[2]) else -1, -1)
                                    for p, s in zip(parts, shift)])
            a = np.concatenate([p[0] for p in parts])
            ts = np.concatenate([p[3] for p in parts])
        out.append(incidence_from_codes(f"generic:{col}", a, codes, values, ts, prefix=f"{col}:"))
    return out
