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

__all__ = ["Incidence", "LinkContext", "factorize_values", "first_request_ts", "group_incidence",
           "incidence_from_codes", "incidence_from_columns"]


def _take_strings(values: np.ndarray, idx: np.ndarray) -> np.ndarray | pd.api.extensions.ExtensionArray:
    """``values[idx]`` for a column of a frame: for str values under a pandas that stores them in Arrow, an
    Arrow take into the dtype pandas would infer (it converts an object array string by string: 0.77 against
    0.39 s for 2M labels); otherwise the object array itself. Same values and dtype either way."""
    dtype = pd.Series(values[:1]).dtype
    if not isinstance(dtype, pd.StringDtype) or dtype.storage != "pyarrow":
        return values[idx]
    import pyarrow as pa

    try:
        arr = pa.array(values, pa.large_string()).take(pa.array(np.asarray(idx, np.int64)))
    except (pa.ArrowException, TypeError):  # not all str: pandas infers the dtype from every value
        return values[idx]
    return pd.array(arr, dtype=dtype)


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
    #: optional ``release(columns)``: called with event columns no later builder reads (the
    #: detector drops them from the events to free memory when asked to, see ``Detector.fit``)
    release: Any = None
    #: what a warning calls each input: its file (the load report's) when it was read from one
    sources: dict[str, str] = field(default_factory=lambda: {"events": "events", "accounts": "accounts"})
    #: the input's column names read under a canonical name (``{theirs: canonical}``: a map, another case, an
    #: alias; the load reports' ``columns_read_as``), for messages that name a column as the user wrote it
    read_as: dict[str, str] = field(default_factory=dict)

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
    #: optional, per attribute code: holders of the crowd the attribute is drawn from (an address's
    #: network); the graph stage fades the attribute's weight by it as it fades hubs
    crowd: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.account)

    def to_frame(self, account_ids: np.ndarray | None = None) -> pd.DataFrame:
        df = pd.DataFrame({
            "link_type": self.link_type,
            "account": self.account,
            "attribute": _take_strings(self.labels, self.attr),
            "n_events": self.n_events,
        })
        if account_ids is not None:
            df["account_id"] = _take_strings(account_ids, self.account)
        if self.first_seen is not None:
            # 0: an attribute with no time (from the accounts file, for an account without events) -> missing,
            # not 1970-01-01 (the loaders refuse real times before 2001)
            df["first_seen"] = pd.to_datetime(self.first_seen, unit="s", utc=True).where(np.asarray(self.first_seen) > 0)
            df["last_seen"] = pd.to_datetime(self.last_seen, unit="s", utc=True).where(np.asarray(self.last_seen) > 0)
        return df


def group_incidence(
    link_type: str,
    acc: np.ndarray,
    codes: np.ndarray,
    labels: np.ndarray,
    ts: np.ndarray | None = None,
    min_events: int = 1,
) -> Incidence:
    """Group (account, attribute code) occurrences into an :class:`Incidence`.

    ``codes`` are attribute codes ``0..len(labels)-1`` (no missing values). One
    sort of an int64 (account, attribute) key and ``reduceat`` for counts and
    first/last seen; rows come out ordered by account, then attribute (as a
    sorted ``groupby`` would give them).
    """
    acc = np.asarray(acc)
    codes = np.asarray(codes, dtype=np.int64)
    n_attr = max(len(labels), 1)
    key = acc.astype(np.int64) * n_attr + codes
    # a stable sort (timsort): events come ordered by account (detector._prepare), so the key is runs of
    # one account's attributes, which timsort merges 5x faster than a quicksort sorts them; the groups and
    # their counts, first and last seen do not depend on the order within a group
    if ts is not None:
        order = np.argsort(key, kind="stable")
        key = key[order]
        ts = np.asarray(ts)[order]
    else:
        key = np.sort(key, kind="stable")
    if len(key):
        starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    else:
        starts = np.zeros(0, np.int64)
    n = np.diff(np.r_[starts, len(key)])
    gk = key[starts]
    first = last = None
    if ts is not None:
        first = np.minimum.reduceat(ts, starts) if len(starts) else np.zeros(0, np.int64)
        last = np.maximum.reduceat(ts, starts) if len(starts) else np.zeros(0, np.int64)
    if min_events > 1:
        m = n >= min_events
        gk, n = gk[m], n[m]
        if ts is not None:
            first, last = first[m], last[m]
    return Incidence(
        link_type=link_type,
        account=(gk // n_attr).astype(np.int32),
        attr=(gk % n_attr).astype(np.int64),
        labels=labels,
        n_events=n.astype(np.int32),
        first_seen=first.astype(np.int64) if ts is not None else None,
        last_seen=last.astype(np.int64) if ts is not None else None,
    )


def factorize_values(values: pd.Series | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes of ``values`` into their sorted distinct values (-1 where missing), and those values as str."""
    codes, uniques = pd.factorize(pd.Series(values), use_na_sentinel=True, sort=True)
    return codes, np.asarray(uniques.astype(str), dtype=object)


def first_request_ts(events: pd.DataFrame, acc: np.ndarray) -> np.ndarray:
    """Each account's first request time (``ts``) in ``events``, 0 for an account without one: the time an
    attribute read from the accounts file (a card, a device) is first seen."""
    return events.groupby("acc")["ts"].min().reindex(acc).fillna(0).to_numpy(np.int64)


def incidence_from_codes(
    link_type: str,
    acc: np.ndarray,
    codes: np.ndarray,
    values: np.ndarray,
    ts: np.ndarray | None = None,
    min_events: int = 1,
    prefix: str = "",
) -> Incidence:
    """:func:`group_incidence` of codes from :func:`factorize_values` (rows with code -1 are ignored);
    the labels are ``prefix + value``."""
    ok = codes >= 0
    labels = (prefix + pd.Series(values, dtype=object)).to_numpy(dtype=object) if prefix else values
    return group_incidence(link_type, np.asarray(acc)[ok], codes[ok], labels,
                           None if ts is None else np.asarray(ts)[ok], min_events)


def incidence_from_columns(
    link_type: str,
    acc: np.ndarray,
    values: pd.Series | np.ndarray,
    ts: np.ndarray | None = None,
    min_events: int = 1,
    prefix: str = "",
) -> Incidence:
    """Group (account, value) occurrences into an :class:`Incidence`.

    Missing values are ignored. Vectorised: one factorize and one sort
    (:func:`group_incidence`).
    """
    codes, uniques = factorize_values(values)
    return incidence_from_codes(link_type, acc, codes, uniques, ts, min_events, prefix)
