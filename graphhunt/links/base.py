"""Shared types for link builders.

A link builder turns events (and accounts) into an :class:`Incidence`: which
account holds which attribute of one link type (a payment method, an IP, a
template family ...), with event counts and first/last seen. The graph stage
projects incidences onto account pairs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from ..config import Config

__all__ = ["Incidence", "LinkContext", "incidence_from_columns"]


@dataclass
class LinkContext:
    """What a link builder may read.

    ``events`` has an int32 ``acc`` column (account code) and int64 ``ts``
    (epoch seconds) besides the canonical columns; ``accounts`` (may be None)
    has ``acc`` too. ``artifacts`` is where a builder leaves by-products for
    later stages (e.g. the template family of every event).
    """

    events: pd.DataFrame
    accounts: pd.DataFrame | None
    account_ids: np.ndarray
    config: "Config"
    artifacts: dict[str, Any] = field(default_factory=dict)

    @property
    def n_accounts(self) -> int:
        return len(self.account_ids)


@dataclass
class Incidence:
    """Account-attribute incidence of one link type (one row per account and attribute)."""

    link_type: str
    account: np.ndarray  # int32 account codes
    attr: np.ndarray  # int64 attribute codes, 0..len(labels)-1
    labels: np.ndarray  # object array: attribute label per code
    n_events: np.ndarray  # int32: events of this account with this attribute
    first_seen: np.ndarray | None = None  # int64 epoch seconds
    last_seen: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.account)

    def to_frame(self, account_ids: np.ndarray | None = None) -> pd.DataFrame:
        df = pd.DataFrame({
            "link_type": self.link_type,
            "account": self.account,
            "attribute": self.labels[self.attr],
            "n_events": self.n_events,
        })
        if account_ids is not None:
            df["account_id"] = account_ids[self.account]
        if self.first_seen is not None:
            df["first_seen"] = pd.to_datetime(self.first_seen, unit="s", utc=True)
            df["last_seen"] = pd.to_datetime(self.last_seen, unit="s", utc=True)
        return df


def incidence_from_columns(
    link_type: str,
    acc: np.ndarray,
    values: pd.Series | np.ndarray,
    ts: np.ndarray | None = None,
    min_events: int = 1,
    prefix: str = "",
) -> Incidence:
    """Group (account, value) occurrences into an :class:`Incidence`.

    Missing values are ignored. Vectorised: one factorize and one groupby.
    """
    codes, uniques = pd.factorize(pd.Series(values), use_na_sentinel=True, sort=True)
    ok = codes >= 0
    acc = np.asarray(acc)[ok]
    codes = codes[ok].astype(np.int64)
    frame = {"acc": acc, "attr": codes}
    if ts is not None:
        frame["ts"] = np.asarray(ts)[ok]
    df = pd.DataFrame(frame)
    agg: dict[str, Any] = {"n": ("attr", "size")}
    if ts is not None:
        agg["first"] = ("ts", "min")
        agg["last"] = ("ts", "max")
    g = df.groupby(["acc", "attr"], sort=True).agg(**agg).reset_index()
    if min_events > 1:
        g = g[g["n"] >= min_events]
    labels = np.asarray(uniques.astype(str), dtype=object)
    if prefix:
        labels = np.array([prefix + x for x in labels], dtype=object)
    return Incidence(
        link_type=link_type,
        account=g["acc"].to_numpy(np.int32),
        attr=g["attr"].to_numpy(np.int64),
        labels=labels,
        n_events=g["n"].to_numpy(np.int32),
        first_seen=g["first"].to_numpy(np.int64) if ts is not None else None,
        last_seen=g["last"].to_numpy(np.int64) if ts is not None else None,
    )
