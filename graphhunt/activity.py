"""Per-ring activity over time and per-member sign-up/activity facts.

These small tables let the HTML report draw a ring's activity timeline and
sign-up burst from a run directory alone (``timeline.parquet`` and
``members.parquet``), without the raw events. Both are computed with
vectorised numpy/pandas operations over the (already sorted) events.
"""
from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from ._arrays import unique_sorted

log = logging.getLogger(__name__)

__all__ = ["ring_activity", "member_facts", "choose_bucket", "requests_per_active_day", "infer_daily_limit",
           "plan_daily_limits", "account_daily_caps", "DEFAULT_DAILY_LIMIT", "ALL_TRAFFIC"]

#: ``ring_id`` of the timeline rows that count every account's traffic
ALL_TRAFFIC = "*"

_BUCKETS = (3600, 6 * 3600, 86400, 7 * 86400, 30 * 86400)


def requests_per_active_day(acc: np.ndarray, ts: np.ndarray, comm: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Each group's requests per UTC day on which any of its members sent one.

    ``comm`` is the group label per account code, ``labels`` the groups wanted. Members active on
    different days are not stacked: a ring whose 14 members each send 983 requests on their own
    one day of a 14-day log sends 983 per active day, not 14 x 983.

    >>> requests_per_active_day(np.array([0, 0, 1, 1, 2]), np.array([0, 90000, 100, 200, 5]),
    ...                         np.array([0, 0, 1]), np.array([0, 1])).tolist()
    [2.0, 1.0]
    """
    labels = np.asarray(labels, np.int64)
    if len(ts) == 0 or len(labels) == 0:
        return np.zeros(len(labels))
    c = np.asarray(comm, np.int64)[acc]
    day = np.asarray(ts, np.int64) // 86400
    day -= day.min()
    nd = int(day.max()) + 1
    k = int(max(c.max(), labels.max())) + 1
    req = np.bincount(c, minlength=k)
    days = np.bincount(unique_sorted(c * nd + day) // nd, minlength=k)
    return req[labels] / np.maximum(days[labels], 1)


#: the per-account daily limit assumed when ``scoring.requests_per_day_limit`` is 0 (infer) and the daily
#: counts show no cap (:func:`infer_daily_limit`)
DEFAULT_DAILY_LIMIT = 1000
#: a cap is read from the daily counts only when at least this many account-days, of at least
#: :data:`CAP_MIN_ACCOUNTS` accounts, sit at exactly the largest count ...
CAP_MIN_ACCOUNT_DAYS = 10
CAP_MIN_ACCOUNTS = 3
#: ... and at least this many times as many as the average count of a value just below it
CAP_MIN_SPIKE = 10.0


def infer_daily_limit(daily: np.ndarray, daily_acc: np.ndarray, min_spike: float = CAP_MIN_SPIKE) -> dict:
    """The platform's per-account daily limit as the account-day counts show it, or none.

    ``daily`` holds one count per account and UTC day with any request, ``daily_acc`` its account. A
    platform refuses (and does not log) requests over its limit, so the accounts that want more than it
    allows stop at exactly the limit: the largest count is shared by many account-days, where a smooth
    tail of demand has one or two at its largest value. The largest count is the limit when at least
    :data:`CAP_MIN_ACCOUNT_DAYS` account-days of at least :data:`CAP_MIN_ACCOUNTS` accounts sit at it and
    they are at least ``min_spike`` (:data:`CAP_MIN_SPIKE`) times the average number per value of the counts just below it
    (the 5 % of values under it, at least 10 values). Only the largest count is read: a pile-up lower down
    is a fixed cadence (a job every 5 minutes sends 288 a day), a lower tier's limit or a ring's pacing,
    not the limit every account runs into. A platform whose limit is not per UTC day (a rolling 24 hours)
    shows no pile-up, and then none is inferred.

    Returns ``{"limit": int | None, "account_days_at_max": int, "accounts_at_max": int, "max_daily": int,
    "spike": float}``.

    >>> d = np.r_[np.full(30, 400), np.arange(300, 400)]
    >>> infer_daily_limit(d, np.r_[np.arange(30) % 6, np.arange(100)])["limit"]
    400
    >>> infer_daily_limit(np.arange(1, 400), np.arange(399))["limit"] is None
    True
    """
    daily = np.asarray(daily, np.int64)
    out = {"limit": None, "account_days_at_max": 0, "accounts_at_max": 0, "max_daily": 0, "spike": 0.0}
    if len(daily) == 0:
        return out
    top = int(daily.max())
    at = daily == top
    width = max(10, int(round(0.05 * top)))
    below = int(((daily < top) & (daily >= top - width)).sum()) / float(min(width, max(top - 1, 1)))
    n_days = int(at.sum())
    n_acc = int(len(np.unique(np.asarray(daily_acc)[at])))
    spike = n_days / max(below, 1.0)
    out.update(account_days_at_max=n_days, accounts_at_max=n_acc, max_daily=top, spike=round(spike, 2))
    if top >= 2 and n_days >= CAP_MIN_ACCOUNT_DAYS and n_acc >= CAP_MIN_ACCOUNTS and spike >= min_spike:
        out["limit"] = top
    return out


#: a plan's cap is read only where the account-days at it hit a wall at midnight: they end at least this
#: long before it (and at least two of the cadence's intervals, 86400 / cap seconds) ...
WALL_MIN_SECONDS = 900
#: ... and the same accounts' next days start sooner after midnight than those days ended before it, on at
#: least this many such next days
WALL_MIN_NEXT_DAYS = 3
#: with that wall as a second sign, a plan's pile-up needs to be only this many times the counts just below
#: it (:data:`CAP_MIN_SPIKE` without it): world28's free plan stops 1,306 account-days at 40, 9.3 times the
#: days at 30-39, where its heavy benign users are
PLAN_CAP_MIN_SPIKE = 3.0
#: a plan column with more values than this (each held by :data:`CAP_MIN_ACCOUNTS` accounts or more) is not
#: read for limits: plans are a handful, a column with a value per team or per account is something else
MAX_PLANS_READ = 1000


def _next_day_index(daily_acc: np.ndarray, daily_day: np.ndarray) -> np.ndarray:
    """For each account-day, the position of the same account's next UTC day, -1 where the log has none.

    >>> _next_day_index(np.array([0, 0, 1, 0]), np.array([5, 6, 6, 8])).tolist()
    [1, -1, -1, -1]
    """
    day = np.asarray(daily_day, np.int64)
    if len(day) == 0:
        return np.zeros(0, np.int64)
    key = np.asarray(daily_acc, np.int64) * (int(day.max() - day.min()) + 2) + (day - day.min())
    order = np.argsort(key, kind="stable")
    skey = key[order]
    pos = np.minimum(np.searchsorted(skey, key + 1), len(skey) - 1)
    return np.where(skey[pos] == key + 1, order[pos], -1)


def plan_daily_limits(daily: np.ndarray, daily_acc: np.ndarray, daily_day: np.ndarray, first_s: np.ndarray,
                      last_s: np.ndarray, plan_of_acc: np.ndarray, plan_names: list,
                      configured: dict | None = None) -> dict:
    """Each plan's per-account daily limit: the configured one, or the one its accounts' days show.

    ``daily`` holds one request count per account and UTC day with any request, ``daily_acc`` its account
    code, ``daily_day`` its day number, ``first_s``/``last_s`` the seconds after midnight of that day's
    first and last request; ``plan_of_acc`` is the plan code of each account code (-1: none) and
    ``plan_names`` the plans' names. ``configured`` maps plan names to limits (``scoring.plan_limits``).

    A plan without a configured limit has one when its accounts' days show it (:func:`infer_daily_limit` on
    that plan's account-days, with a pile-up of :data:`PLAN_CAP_MIN_SPIKE`) *and* the days at that count hit a
    wall at midnight: they end early (the
    median day at the count ends at least :data:`WALL_MIN_SECONDS` and two of the cap's intervals,
    86400 / cap seconds, before midnight) and the same accounts' next days start sooner after midnight than
    those days ended before it (median over at least :data:`WALL_MIN_NEXT_DAYS` next days). That tells a
    refused demand from a cadence that happens to be the plan's largest count: a job every five minutes ends
    at 23:55 (no early end), one that runs in office hours ends at 17:00 but starts again at 09:00 (no
    resume at midnight); an account over its plan's cap is refused until midnight and goes on at once.
    Plans that show none keep the platform's limit.

    Returns ``{plan name: {"limit", "source" ("config" or "inferred"), "accounts", "account_days_at_max",
    "spike", "ends_before_midnight_s", "starts_after_midnight_s"}}`` for the plans with a limit.

    >>> # 5 accounts on "free" refused from 08:00 (40 requests) and back at 00:01; 5 on "pro" without a cap
    >>> acc = np.repeat(np.arange(10), 20); day = np.tile(np.arange(20), 10)
    >>> n = np.where(acc < 5, 40, 50 + (acc * 7 + day * 13) % 300)
    >>> first = np.full(200, 60); last = np.where(acc < 5, 8 * 3600, 23 * 3600)
    >>> lim = plan_daily_limits(n, acc, day, first, last, np.r_[np.zeros(5, int), np.ones(5, int)], ["free", "pro"])
    >>> {k: (v["limit"], v["source"]) for k, v in lim.items()}
    {'free': (40, 'inferred')}
    >>> # the same counts from a job that runs in office hours (09:00-17:00): a cadence, not a cap
    >>> plan_daily_limits(n, acc, day, np.full(200, 9 * 3600), np.where(acc < 5, 17 * 3600, 23 * 3600),
    ...                   np.r_[np.zeros(5, int), np.ones(5, int)], ["free", "pro"])
    {}
    """
    daily = np.asarray(daily, np.int64)
    daily_acc = np.asarray(daily_acc, np.int64)
    plan_of_acc = np.asarray(plan_of_acc, np.int64)
    # (once, not per plan: converted in the loop they cost a pass over every account-day per plan that
    # shows a pile-up, 4.7 s of 5.8 s at 999 plans and 2M account-days)
    first_s = np.asarray(first_s, np.float64)
    last_s = np.asarray(last_s, np.float64)
    configured = dict(configured or {})
    plan_d = plan_of_acc[daily_acc] if len(daily_acc) else np.zeros(0, np.int64)
    out: dict = {}
    n_acc_plan = np.bincount(plan_of_acc[plan_of_acc >= 0], minlength=len(plan_names))
    nxt_all = _next_day_index(daily_acc, daily_day)
    # the account-days of each plan as one slice of an order by plan (a column with a value per account,
    # read as plans, costs one sort, not a pass over every day per value)
    by_plan = np.argsort(plan_d, kind="stable")
    bounds = np.searchsorted(plan_d[by_plan], np.arange(len(plan_names) + 1))
    readable = np.flatnonzero(n_acc_plan >= CAP_MIN_ACCOUNTS)
    if len(readable) > MAX_PLANS_READ:
        log.warning("the accounts' plan column has %d values held by %d or more accounts each: more than the %d plans "
                    "graphhunt reads limits for (is it a plan?); only scoring.plan_limits' are used",
                    len(readable), CAP_MIN_ACCOUNTS, MAX_PLANS_READ)
        readable = readable[:0]
    for p, name in enumerate(plan_names):
        if name in configured:
            out[name] = {"limit": int(configured[name]), "source": "config", "accounts": int(n_acc_plan[p])}
    for p in readable:  # one pass per plan (a handful), not per event or account
        name = plan_names[p]
        if name in configured:
            continue
        sel = by_plan[bounds[p]:bounds[p + 1]]
        if len(sel) == 0:
            continue
        cap = infer_daily_limit(daily[sel], daily_acc[sel], PLAN_CAP_MIN_SPIKE)
        if not cap["limit"]:
            continue
        at = sel[daily[sel] == cap["limit"]]
        ends = 86400.0 - last_s[at]
        nxt = nxt_all[at]
        starts = first_s[nxt[nxt >= 0]]
        end_med = float(np.median(ends))
        start_med = float(np.median(starts)) if len(starts) else np.nan
        wall = (end_med >= max(WALL_MIN_SECONDS, 2 * 86400.0 / cap["limit"]) and len(starts) >= WALL_MIN_NEXT_DAYS
                and start_med < end_med)
        if wall:
            out[name] = {"limit": int(cap["limit"]), "source": "inferred", "accounts": int(n_acc_plan[p]),
                         "account_days_at_max": cap["account_days_at_max"], "spike": cap["spike"],
                         "ends_before_midnight_s": round(end_med), "starts_after_midnight_s": round(start_med)}
        else:
            log.info("plan %r: %d account-days stop at %d requests but hit no wall at midnight (median end %.0f s "
                     "before it, next day's start %s s after it): read as a cadence, not the plan's limit",
                     name, cap["account_days_at_max"], cap["limit"], end_med,
                     "-" if np.isnan(start_med) else f"{start_med:.0f}")
    return out


#: an account's own cap (:func:`account_daily_caps`) is read at a count of at least this many requests (a
#: person whose working day starts at 00:00 UTC, in east Asia, and who sends a handful of requests a morning
#: repeats a largest count of 5 or 6 often enough: 3-6 such accounts in 14 of 39 test draws; the counts of 40-80
#: that stopped accounts there were the free tiers' caps of worlds 21 and 23-28) ...
ACCOUNT_CAP_MIN_COUNT = 10
#: ... on at least this many of its days, and this share of them ...
ACCOUNT_CAP_MIN_DAYS = 3
ACCOUNT_CAP_MIN_SHARE = 0.3
#: ... when at least this many accounts stop at the same count (a platform's cap is shared)
ACCOUNT_CAP_MIN_ACCOUNTS = 3
#: without the second sign (the next day starting right after midnight: ``need_midnight=False``), the count
#: must show the refusal itself: the account ends at exactly its largest count on at least this many days and
#: this share of its active days (world30's trial swarm: 6-17 days, 47-100 %; a hackathon team at a free cap
#: for a weekend, 1-3 days)
ACCOUNT_CAP_NO_WALL_MIN_DAYS = 5
ACCOUNT_CAP_NO_WALL_MIN_SHARE = 0.5


def account_daily_caps(daily: np.ndarray, daily_acc: np.ndarray, daily_day: np.ndarray, first_s: np.ndarray,
                       last_s: np.ndarray, n_accounts: int, need_midnight: bool = True) -> np.ndarray:
    """Each account's daily cap as its own days show it, 0 where they show none.

    For a platform whose accounts file does not say each account's plan: an account refused at its plan's cap
    stops at exactly that count, early in the day, and goes on as soon as the next UTC day starts. Its cap is
    its largest daily count ``M`` when, on the days it reaches it (at least :data:`ACCOUNT_CAP_MIN_DAYS`, and
    :data:`ACCOUNT_CAP_MIN_SHARE` of its active days; ``M`` at least :data:`ACCOUNT_CAP_MIN_COUNT`), the
    median such day ends at least 15 minutes and two of the cap's intervals (86,400 / ``M`` s) before
    midnight, the median next day starts within that much *after* midnight (on at least two next days),
    and at least :data:`ACCOUNT_CAP_MIN_ACCOUNTS` accounts stop at the same ``M`` that way. A person who
    reaches a free plan's cap in the afternoon starts again in the morning, not at 00:00; a job on a
    cadence does not stop early; a ring's own pacing is one ring's count, not a cap unless three of its
    accounts keep it (then it is the cap they work to). Arguments as :func:`plan_daily_limits`.
    ``need_midnight=False`` (``scoring.account_caps_need_midnight``) drops the condition on the next days'
    starts, since a platform may reset its counts on a rolling window or at another hour, or an operator may
    come back at any hour. The days at ``M`` must then be :data:`ACCOUNT_CAP_NO_WALL_MIN_DAYS` and
    :data:`ACCOUNT_CAP_NO_WALL_MIN_SHARE` of the account's active days: an account that stops at exactly one
    count on most of its days is being refused there, whatever hour it comes back.

    >>> acc = np.repeat(np.arange(8), 10); day = np.tile(np.arange(10), 8)
    >>> n = np.where(acc < 4, 40, 20 + acc + day)       # 4 accounts stop at 40 every day, 4 vary
    >>> last = np.where(acc < 4, 7 * 3600, 23 * 3600)  # refused from 07:00 ...
    >>> first = np.where(acc < 4, 120, 8 * 3600)       # ... and back two minutes after midnight
    >>> account_daily_caps(n, acc, day, first, last, 8).tolist()
    [40, 40, 40, 40, 0, 0, 0, 0]
    >>> # the same counts from people who start at 08:00: no cap
    >>> account_daily_caps(n, acc, day, np.full(80, 8 * 3600), last, 8).tolist()
    [0, 0, 0, 0, 0, 0, 0, 0]
    >>> # ... unless only the early stop counts
    >>> account_daily_caps(n, acc, day, np.full(80, 8 * 3600), last, 8, need_midnight=False).tolist()
    [40, 40, 40, 40, 0, 0, 0, 0]
    >>> # a job that sends its 40 until late in the evening is not stopped early either way
    >>> account_daily_caps(n, acc, day, first, np.full(80, 23.9 * 3600), 8, need_midnight=False).tolist()
    [0, 0, 0, 0, 0, 0, 0, 0]
    """
    out = np.zeros(n_accounts, np.int64)
    daily = np.asarray(daily, np.int64)
    if len(daily) == 0:
        return out
    daily_acc = np.asarray(daily_acc, np.int64)
    daily_day = np.asarray(daily_day, np.int64)
    top = np.zeros(n_accounts, np.int64)
    np.maximum.at(top, daily_acc, daily)
    at = daily == top[daily_acc]
    days = np.bincount(daily_acc, minlength=n_accounts)
    k = np.bincount(daily_acc[at], minlength=n_accounts)
    gap = np.maximum(WALL_MIN_SECONDS, 2 * 86400.0 / np.maximum(top, 1))
    cand = (top >= ACCOUNT_CAP_MIN_COUNT) & (k >= ACCOUNT_CAP_MIN_DAYS) & (k >= ACCOUNT_CAP_MIN_SHARE * days)
    sel = np.flatnonzero(at & cand[daily_acc])
    if len(sel) == 0:
        return out
    nxt = _next_day_index(daily_acc, daily_day)[sel]
    frame = pd.DataFrame({"acc": daily_acc[sel], "end": 86400.0 - np.asarray(last_s, np.float64)[sel],
                          "start": np.where(nxt >= 0, np.asarray(first_s, np.float64)[np.maximum(nxt, 0)], np.nan)})
    med = frame.groupby("acc").agg(end=("end", "median"), start=("start", "median"), n_next=("start", "count"))
    a = med.index.to_numpy()
    ok = med["end"].to_numpy() >= gap[a]
    if need_midnight:
        ok &= ((med["n_next"].to_numpy() >= 2) & (med["start"].to_numpy() <= gap[a])
               & (med["start"].to_numpy() < med["end"].to_numpy()))
    else:
        ok &= (k[a] >= ACCOUNT_CAP_NO_WALL_MIN_DAYS) & (k[a] >= ACCOUNT_CAP_NO_WALL_MIN_SHARE * days[a])
    a = a[ok]
    counts = pd.Series(top[a]).value_counts()
    shared = np.isin(top[a], counts.index[counts >= ACCOUNT_CAP_MIN_ACCOUNTS].to_numpy())
    out[a[shared]] = top[a[shared]]
    return out


def choose_bucket(span_seconds: float, max_buckets: int = 400) -> int:
    """The smallest bucket (hour, 6 h, day, week, 30 days) giving at most ``max_buckets`` buckets."""
    for b in _BUCKETS:
        if span_seconds / b <= max_buckets:
            return b
    return _BUCKETS[-1]


def ring_activity(acc: np.ndarray, ts: np.ndarray, ring_of_acc: np.ndarray,
                  max_buckets: int = 400) -> pd.DataFrame:
    """Requests and active accounts per ring and time bucket.

    Parameters
    ----------
    acc : int array
        Account code per event.
    ts : int array
        Unix seconds per event.
    ring_of_acc : str array
        Ring id per account code, ``""`` for accounts in no ring.
    max_buckets : int
        Upper bound on buckets over the log's span (see :func:`choose_bucket`).

    Returns
    -------
    DataFrame
        ``ring_id, bucket`` (UTC start of the bucket), ``bucket_seconds``,
        ``requests``, ``active_accounts``; only non-empty buckets. Rows with
        ``ring_id == "*"`` count all traffic, for context.
    """
    cols = ["ring_id", "bucket", "bucket_seconds", "requests", "active_accounts"]
    if len(ts) == 0:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(
            cols, ["str", "datetime64[s, UTC]", "int64", "int64", "int64"])})
    # a few events far from the rest (a stray 2099 or 2002 date) would set the bucket size for the whole
    # log (30-day buckets: a ring's 170 hourly points became 2, a QA pass): they are left out of the
    # timeline, with a warning, when they lie more than the central range's span (at least a day) outside
    # the central 99.8 % of times
    lo, hi = np.quantile(ts, [0.001, 0.999], method="nearest")
    pad = max(int(hi) - int(lo), 86_400)
    inside = (ts >= lo - pad) & (ts <= hi + pad)
    if not inside.all():
        out = np.flatnonzero(~inside)
        fmt = "%Y-%m-%d %H:%M"
        log.warning("timeline: %d event(s) lie far outside the log's main time range (%s to %s UTC), e.g. at %s; "
                    "they are left out of the activity timeline (placeholder dates or a clock error?)",
                    len(out), pd.Timestamp(int(lo), unit="s").strftime(fmt),
                    pd.Timestamp(int(hi), unit="s").strftime(fmt),
                    pd.Timestamp(int(ts[out[0]]), unit="s").strftime(fmt))
        acc, ts = acc[inside], ts[inside]
    t0 = int(ts.min())
    size = choose_bucket(float(ts.max() - t0), max_buckets)
    t0 -= t0 % size
    b = ((ts - t0) // size).astype(np.int64)
    nb = int(b.max()) + 1
    parts = []
    # all traffic
    req = np.bincount(b, minlength=nb)
    key = unique_sorted(acc.astype(np.int64) * nb + b)
    act = np.bincount(key % nb, minlength=nb)
    nz = np.flatnonzero(req)
    parts.append(pd.DataFrame({"ring_id": ALL_TRAFFIC, "b": nz, "requests": req[nz], "active_accounts": act[nz]}))
    # per ring
    rings, ring_code = np.unique(ring_of_acc.astype(str), return_inverse=True)
    has = rings != ""
    if has.any():
        rc = ring_code[acc]
        sel = has[rc]
        k = rc[sel].astype(np.int64) * nb + b[sel]
        uk, cnt = np.unique(k, return_counts=True)
        # distinct accounts per (ring, bucket): unique (account, bucket) pairs, then count by ring-bucket
        ab = unique_sorted(acc[sel].astype(np.int64) * nb + b[sel])
        ab_ring = ring_code[ab // nb].astype(np.int64) * nb + ab % nb
        ua, acnt = np.unique(ab_ring, return_counts=True)
        parts.append(pd.DataFrame({"ring_id": rings[uk // nb], "b": uk % nb, "requests": cnt,
                                   "active_accounts": acnt[np.searchsorted(ua, uk)]}))
    out = pd.concat(parts, ignore_index=True)
    out["bucket"] = pd.to_datetime(t0 + out["b"].to_numpy() * size, unit="s", utc=True)
    out["bucket_seconds"] = size
    return out[cols].astype({"requests": "int64", "active_accounts": "int64"})


def member_facts(acc: np.ndarray, ts: np.ndarray, ring_of_acc: np.ndarray, account_ids: np.ndarray,
                 created_ts: np.ndarray, fit: np.ndarray, fit_floor: np.ndarray, risk: np.ndarray,
                 n_events: np.ndarray, fit_parts: dict[str, np.ndarray] | None = None,
                 returned_cores: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per ring member: ``account_id, ring_id, created_at, first_seen, last_seen, n_events, fit,
    fit_floor, risk_score`` (``risk_score = ring risk * min(1, fit / fit_floor)``), then the three values
    whose smallest is the fit (``fit_parts``: ``tie_fit``, ``behaviour_fit``, ``infrastructure_fit``), then
    :data:`CORE_COLUMNS`: for an account of a dense core that scored as a ring and went back to its crowd
    (``returned_cores``: ``acc`` and those columns, one row per such account), what that comparison saw;
    missing for every other member."""
    n = len(account_ids)
    first = np.full(n, np.nan)
    last = np.full(n, np.nan)
    if len(ts):
        # events are sorted by account then time: first/last occurrence of each code
        starts = np.r_[True, acc[1:] != acc[:-1]]
        ends = np.r_[acc[1:] != acc[:-1], True]
        first[acc[starts]] = ts[starts]
        last[acc[ends]] = ts[ends]
    m = np.flatnonzero(ring_of_acc.astype(str) != "")

    def _t(x):
        return pd.to_datetime(pd.Series(x[m]), unit="s", utc=True)

    out = pd.DataFrame({
        "account_id": account_ids[m].astype(str),
        "ring_id": ring_of_acc[m].astype(str),
        "created_at": _t(np.asarray(created_ts, dtype=np.float64)),
        "first_seen": _t(first),
        "last_seen": _t(last),
        "n_events": np.asarray(n_events)[m].astype(np.int64),
        "fit": np.asarray(fit, dtype=np.float64)[m].round(4),
        "fit_floor": np.asarray(fit_floor, dtype=np.float64)[m].round(4),
        "risk_score": np.asarray(risk, dtype=np.float64)[m].round(4),
    })
    for name, values in (fit_parts or {}).items():
        out[name] = np.asarray(values, dtype=np.float64)[m].round(4)
    row = np.full(n, -1, np.int64)  # each account's row of returned_cores
    if returned_cores is not None:
        row[returned_cores["acc"].to_numpy()] = np.arange(len(returned_cores))
    row = row[m]
    for name, dtype in CORE_COLUMNS.items():
        col = np.full(len(m), np.nan)
        col[row >= 0] = returned_cores[name].to_numpy(np.float64)[row[row >= 0]] if (row >= 0).any() else []
        out[name] = pd.Series(col).astype(dtype) if dtype == "Int64" else pd.Series(col).round(4)
    return out


#: members.parquet's columns for an account whose dense core went back to its crowd
#: (``communities.core_harvest_gap``): the core's size, its ring risk before it went back, its and the
#: crowd's ``harvest_evidence``, and the share of the crowd's template-measured requests in the core's
#: template families (missing without prompts)
CORE_COLUMNS = {"core_size": "Int64", "core_risk": "float64", "core_harvest": "float64",
                "crowd_harvest": "float64", "core_template_share": "float64"}
