"""Shared payment method: the crude but strong case (card reuse)."""
from __future__ import annotations

import numpy as np

from .base import Incidence, LinkContext, first_request_ts, incidence_from_columns

__all__ = ["build"]


def build(ctx: LinkContext) -> list[Incidence]:
    """Accounts linked by a payment-method token, from events and/or the accounts file."""
    parts_acc, parts_val, parts_ts = [], [], []
    ev = ctx.events
    if "payment_method" in ev.columns:
        parts_acc.append(ev["acc"].to_numpy())
        parts_val.append(ev["payment_method"].astype("string").to_numpy(dtype=object, na_value=None))
        parts_ts.append(ev["ts"].to_numpy())
    acc = ctx.accounts
    if acc is not None and "payment_method" in acc.columns:
        m = acc["acc"].to_numpy() >= 0
        parts_acc.append(acc["acc"].to_numpy()[m])
        parts_val.append(acc["payment_method"].astype("string").to_numpy(dtype=object, na_value=None)[m])
        parts_ts.append(first_request_ts(ev, acc["acc"].to_numpy()[m]))
    if not parts_acc:
        return []
    return [incidence_from_columns(
        "payment", np.concatenate(parts_acc), np.concatenate(parts_val), np.concatenate(parts_ts),
        prefix="pm:")]
