"""Shared operating schedule: accounts whose traffic keeps to the same few, scattered hours.

An operator that drives its accounts from one job scheduler gives them all the
same hours of the day, even when every account has its own IP addresses, card
and wording. People do not: a person's (or an office's) day is one block of
hours, different for each, and an app running around the clock has no narrow
schedule at all.

Each account with at least ``links.schedule_min_events`` requests can get an
attribute, its schedule: the fewest UTC hours of the day that hold
``links.schedule_coverage`` of its requests, kept only when they are at most
``links.schedule_max_hours`` hours, form at least two separate runs of hours
(one quiet hour does not count as a gap: one run of hours is what a person's
day, an office's with its lunch hour or a nightly job's looks like), and are
not evenly spaced around the clock (every six hours, every eight: a stock cron
line that unrelated jobs share). The attribute reads ``schedule:02-07-15-19``.
The hours are also read on a grid shifted by 20 and by 40 minutes
(``schedule+20m:...``), so that job windows at any minutes past the hour fall
inside one hour on some grid; an account can hold up to three schedule
attributes. It is weighted by rarity like any other attribute: a schedule many
unrelated accounts keep is a weak or hub attribute, one kept by a handful of
accounts is strong. Like infrastructure and payment, it counts towards
``shared_infrastructure``: it is something the operator runs its accounts on,
not what they ask.

One run of hours is no schedule, but one job window is: an account whose day's first and last
request keep to the same minutes on ``links.window_min_days`` days (at least
``links.window_min_day_requests`` requests each; median absolute deviation at most
``links.window_tolerance_minutes``), at most ``links.schedule_max_hours`` apart, holds its window
(``window:00:00-01:40``), read on grids of ``links.window_bucket_minutes`` offset by half a bucket
for each end, and from noon UTC for a window across midnight (:func:`job_windows`). A batch job that
opens at 00:02 and closes at 01:47 every day keeps one; a person's day wanders by hours at both ends.
Measured in docs/QUALITY.md, "Session 49".

The attribute depends on all of an account's events, so first and last seen are
the account's first and last request, and a new event can change or end it
without any attribute being first seen: a refresh counts a holder with new
events as changed and compares the schedules with and without the new events
(``WHOLE_HISTORY``, ``graphhunt.refresh.whole_history_changed``).
"""
from __future__ import annotations

import numpy as np

from .base import Incidence, LinkContext

__all__ = ["build", "schedule_codes", "job_windows", "WHOLE_HISTORY"]

#: link types whose attribute is computed from all of an account's events (a new event can change it)
WHOLE_HISTORY = frozenset({"schedule"})

HOURS = 24


def schedule_codes(counts: np.ndarray, min_events: int, coverage: float, max_hours: int) -> np.ndarray:
    """Schedule bitmask per account (bit ``h`` = UTC hour ``h``); 0 where the account has none.

    ``counts`` is an ``(accounts, 24)`` array of requests per hour of the day.

    >>> c = np.zeros((3, 24), int)
    >>> c[0, [2, 9, 15]] = 30                        # three separate hours
    >>> c[1, [9, 10, 11]] = 30                       # one block: a working morning
    >>> c[2, :] = 5                                  # around the clock
    >>> schedule_codes(c, 50, 0.9, 6).tolist()
    [33284, 0, 0]
    """
    counts = np.asarray(counts)
    if counts.dtype.kind in "ub":  # hours are ranked by -counts: unsigned counts would wrap around
        counts = counts.astype(np.int64)
    n = counts.shape[0]
    total = counts.sum(axis=1)
    out = np.zeros(n, np.int64)
    # cheap necessary condition first (a partial sort): the top max_hours hours must hold the coverage
    ok = total >= max(min_events, 1)
    rows = np.flatnonzero(ok)
    if len(rows) and max_hours < HOURS:
        top = -np.partition(-counts[rows], max_hours - 1, axis=1)[:, :max_hours]
        rows = rows[top.sum(axis=1) >= coverage * total[rows]]
    if len(rows) == 0:
        return out
    c = counts[rows]
    order = np.argsort(-c, axis=1, kind="stable")  # hours by share, ties by hour
    cum = np.cumsum(np.take_along_axis(c, order, axis=1), axis=1)
    # fewest hours holding the coverage share (cum of the top k >= coverage * total)
    k = (cum < coverage * total[rows, None]).sum(axis=1) + 1
    keep = (k >= 2) & (k <= max_hours)
    rows, order, k = rows[keep], order[keep], k[keep]
    mask = np.zeros((len(rows), HOURS), bool)
    in_top = np.arange(HOURS)[None, :] < k[:, None]
    mask[np.repeat(np.arange(len(rows)), k), order[in_top]] = True
    # separate runs of hours around the clock: an hour on whose previous hour is off starts a run. A
    # single quiet hour inside a day (lunch, a meeting) does not split it: one-hour gaps are closed first
    closed = mask | (np.roll(mask, 1, axis=1) & np.roll(mask, -1, axis=1))
    runs = (closed & ~np.roll(closed, 1, axis=1)).sum(axis=1)
    # every N hours (a set that a rotation maps onto itself: 00-06-12-18, 03-11-19, 08-20) is a stock
    # cron line that unrelated jobs share; it is no evidence of one operator
    periodic = np.zeros(len(rows), bool)
    for d in range(1, HOURS // 2 + 1):
        periodic |= (np.roll(mask, d, axis=1) == mask).all(axis=1)
    good = (runs >= 2) & ~periodic
    bits = (np.int64(1) << np.arange(HOURS, dtype=np.int64))
    out[rows[good]] = (mask[good] * bits).sum(axis=1)
    return out


#: the hour grid is read at these offsets (minutes past the hour): a job window that straddles a
#: full hour on one grid (a 40-minute run from 10:50) sits inside one hour on another, so a schedule
#: of 40-minute windows at any minutes past the hour is seen whole on at least one grid
PHASES_MINUTES = (0, 20, 40)


#: the day is read from midnight UTC and from noon UTC, so a window across midnight is seen whole
WINDOW_DAY_STARTS_HOURS = (0, 12)


def _segment_median(key: np.ndarray, value: np.ndarray, n_keys: int) -> np.ndarray:
    """Lower median of ``value`` per ``key`` (``-1`` where a key has no value)."""
    order = np.lexsort((value, key))
    k, v = key[order], value[order]
    cnt = np.bincount(k, minlength=n_keys)
    start = np.concatenate(([0], np.cumsum(cnt)[:-1]))
    out = np.full(n_keys, -1, np.int64)
    has = cnt > 0
    out[has] = v[start[has] + (cnt[has] - 1) // 2]
    return out


def job_windows(acc: np.ndarray, ts: np.ndarray, n: int, min_days: int, min_day_requests: int,
                tolerance: int, max_hours: int = 6, day_start_hour: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Accounts that keep one job window: ``(accounts, first minute, last minute)`` of the day.

    A day is an account's UTC day read from ``day_start_hour`` with at least ``min_day_requests``
    requests; its window runs from its first to its last request (minute of that day). An account holds
    a window when it has at least ``min_days`` such days and the medians of their first and last minutes
    are each kept within ``tolerance`` minutes (median absolute deviation), with the last at most
    ``max_hours`` after the first: a batch job's window. A person's day wanders by hours at both ends,
    an app running around the clock has no window, and an office's working day is longer (a uniformly
    busy day from 08:00 to 16:00 keeps its ends too, in a synthetic world at least, and colleagues who
    keep it share their office network anyway).
    ``acc`` and ``ts`` (epoch seconds) are per event; events need not be sorted.

    >>> day = 86400
    >>> t = np.array([d * day + 3600 + m * 60 for d in range(6) for m in range(0, 50, 5)])  # 01:00-01:45 daily
    >>> job_windows(np.zeros(len(t), int), t, 1, 5, 10, 10)
    (array([0]), array([60]), array([105]))
    """
    if min_days < 1 or len(ts) == 0:
        e = np.zeros(0, np.int64)
        return e, e, e
    shifted = np.asarray(ts, np.int64) - day_start_hour * 3600
    day = shifted // 86400
    minute = (shifted % 86400) // 60
    acc = np.asarray(acc, np.int64)
    # one key per (account, day); first and last minute and requests per key
    span = int(day.max() - day.min()) + 1
    key_raw = acc * span + (day - day.min())
    if len(key_raw) < 2 or bool((key_raw[1:] >= key_raw[:-1]).all()) and bool(
            ((key_raw[1:] != key_raw[:-1]) | (minute[1:] >= minute[:-1])).all()):
        # events in (account, time) order, as detect's prepare step leaves them: runs, no sort
        starts = np.flatnonzero(np.concatenate(([True], key_raw[1:] != key_raw[:-1])))
        ends = np.concatenate((starts[1:], [len(key_raw)])) - 1
        keys, cnt, first, last = key_raw[starts], ends - starts + 1, minute[starts], minute[ends]
    else:
        keys, inv, cnt = np.unique(key_raw, return_inverse=True, return_counts=True)
        first = np.full(len(keys), 1440, np.int64)
        np.minimum.at(first, inv, minute)
        last = np.full(len(keys), -1, np.int64)
        np.maximum.at(last, inv, minute)
    k_acc = keys // span
    ok = cnt >= min_day_requests
    k_acc, first, last = k_acc[ok], first[ok], last[ok]
    days = np.bincount(k_acc, minlength=n)
    med_first = _segment_median(k_acc, first, n)
    med_last = _segment_median(k_acc, last, n)
    dev_first = _segment_median(k_acc, np.abs(first - med_first[k_acc]), n)
    dev_last = _segment_median(k_acc, np.abs(last - med_last[k_acc]), n)
    keep = ((days >= min_days) & (dev_first >= 0) & (dev_first <= tolerance) & (dev_last <= tolerance)
            & (med_last - med_first <= max_hours * 60))
    held = np.flatnonzero(keep)
    return held, med_first[held], med_last[held]


#: window attribute codes carry this bit (schedule codes use the 24 hour bits and the phase above them)
WINDOW_TAG = np.int64(1) << 48


def _window_attributes(acc: np.ndarray, ts: np.ndarray, n: int, cfg) -> tuple[list, list]:
    """Window attributes: per day start (midnight, then noon UTC for the rest) the accounts keeping a job window, each
    reading its first and last minute on two grids of ``window_bucket_minutes`` offset by half a bucket
    (for each bound on its own), so two windows whose bounds are less than half a bucket apart share at
    least one attribute. Codes: :data:`WINDOW_TAG` | frame, grid, first bucket, last bucket."""
    w = int(cfg.window_bucket_minutes)
    holders, codes = [], []
    seen = np.zeros(n, bool)
    for f, hour in enumerate(WINDOW_DAY_STARTS_HOURS):
        a, lo, hi = job_windows(acc, ts, n, cfg.window_min_days, cfg.window_min_day_requests,
                                cfg.window_tolerance_minutes, cfg.schedule_max_hours, hour)
        new = ~seen[a]  # a window read from midnight is not read again from noon (only those across midnight)
        a, lo, hi = a[new], lo[new], hi[new]
        seen[a] = True
        if len(a) == 0:
            continue
        for grid in range(4):
            b_lo = (lo + (w // 2 if grid & 2 else 0)) // w  # the grid offset by half a bucket reads m + w/2
            b_hi = (hi + (w // 2 if grid & 1 else 0)) // w
            holders.append(a)
            codes.append(WINDOW_TAG | (np.int64(f) << 40) | (np.int64(grid) << 32) | (b_lo << 16) | b_hi)
    return holders, codes


def _window_label(code: int, w: int) -> str:
    """``window:HH:MM-HH:MM``: the first request's bucket start to the last request's bucket end, on
    the clock (UTC); ``@noon`` for a day read from noon, ``/gN`` for the offset grids."""
    f, grid = (code >> 40) & 0xFF, (code >> 32) & 0xFF
    lo = ((code >> 16) & 0xFFFF) * w - (w // 2 if grid & 2 else 0)
    hi = ((code & 0xFFFF) + 1) * w - (w // 2 if grid & 1 else 0)
    base = WINDOW_DAY_STARTS_HOURS[f] * 60
    a, b = (lo + base) % 1440, (hi + base) % 1440
    return (f"window{'@noon' if f else ''}{f'/g{grid}' if grid else ''}:"
            f"{a // 60:02d}:{a % 60:02d}-{b // 60:02d}:{b % 60:02d}")


def _label(code: int, phase: int) -> str:
    hours = "-".join(f"{h:02d}" for h in range(HOURS) if code >> h & 1)
    return f"schedule:{hours}" if phase == 0 else f"schedule+{phase}m:{hours}"


def build(ctx: LinkContext) -> list[Incidence]:
    cfg = ctx.config.links
    ev = ctx.events
    n = ctx.n_accounts
    if len(ev) == 0 or n == 0:
        return []
    acc = ev["acc"].to_numpy()
    ts = ev["ts"].to_numpy()
    # only accounts with enough requests can hold a schedule: count hours for those alone
    total = np.bincount(acc, minlength=n)
    ids = np.flatnonzero(total >= max(cfg.schedule_min_events, 1))
    if len(ids) == 0:
        return []
    local = np.full(n, -1, np.int64)
    local[ids] = np.arange(len(ids))
    la = local[acc]
    sel = la >= 0
    la = la[sel] * HOURS
    minute = ((ts[sel] % 86400) // 60).astype(np.int32)  # UTC minute of the day
    holders, attr_codes, counts_of = [], [], []
    for j, phase in enumerate(PHASES_MINUTES):
        hour = ((minute - phase) % 1440) // 60
        counts = np.bincount(la + hour, minlength=len(ids) * HOURS).reshape(len(ids), HOURS)
        code = schedule_codes(counts, cfg.schedule_min_events, cfg.schedule_coverage, cfg.schedule_max_hours)
        h = np.flatnonzero(code)
        holders.append(ids[h])
        # one code space over the phases: phase index in the bits above the 24 hour bits
        attr_codes.append(code[h] | (np.int64(j) << HOURS))
        counts_of.append(counts[h].sum(axis=1))
    w_holders, w_codes = _window_attributes(acc[sel], ts[sel], n, cfg)
    holders += w_holders
    attr_codes += w_codes
    counts_of += [total[a] for a in w_holders]
    acc_h = np.concatenate(holders)
    if len(acc_h) == 0:
        return []
    uniq, attr = np.unique(np.concatenate(attr_codes), return_inverse=True)
    has = np.zeros(n, bool)
    has[acc_h] = True
    sel = has[acc]  # first and last request of the holders only
    a_sel, t_sel = acc[sel], ts[sel]
    first = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first, a_sel, t_sel)
    last = np.full(n, np.iinfo(np.int64).min)
    np.maximum.at(last, a_sel, t_sel)
    mask = (np.int64(1) << HOURS) - 1
    labels = np.array([_window_label(int(c), int(cfg.window_bucket_minutes)) if c & WINDOW_TAG else
                       _label(int(c & mask), PHASES_MINUTES[int(c >> HOURS)]) for c in uniq], dtype=object)
    order = np.lexsort((attr, acc_h))  # rows by account, then attribute
    return [Incidence(
        link_type="schedule",
        account=acc_h[order].astype(np.int32),
        attr=attr[order].astype(np.int64),
        labels=labels,
        n_events=np.concatenate(counts_of)[order].astype(np.int32),
        first_seen=first[acc_h][order].astype(np.int64),
        last_seen=last[acc_h][order].astype(np.int64),
    )]
