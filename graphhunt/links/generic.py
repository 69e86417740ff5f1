"""Any configured column as a link attribute (device id, API key, email domain ...)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ConfigError
from .base import Incidence, LinkContext, incidence_from_codes

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
    out = []
    ev, acc = ctx.events, ctx.accounts
    for col in ctx.config.links.generic_columns:
        if col in ev.columns:
            codes, values = _clean_codes(ev[col], col, ctx.sources["events"])
            out.append(incidence_from_codes(f"generic:{col}", ev["acc"].to_numpy(), codes, values,
                                            ev["ts"].to_numpy(), prefix=f"{col}:"))
        elif acc is not None and col in acc.columns:
            m = acc["acc"].to_numpy() >= 0
            codes, values = _clean_codes(acc[col][m], col, ctx.sources["accounts"])
            out.append(incidence_from_codes(f"generic:{col}", acc["acc"].to_numpy()[m], codes, values,
                                            prefix=f"{col}:"))
        else:
            raise ConfigError(f"links.generic_columns: column '{col}' is in neither the events nor the accounts file")
    return out
