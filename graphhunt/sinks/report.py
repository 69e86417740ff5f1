"""``report.html``: a self-contained page an analyst can open offline and share.

Built from a run directory alone (so ``graphhunt report DIR`` works on old
runs): a summary, plots, a sortable, filterable, paginated table of every
ring, and for the highest-risk rings a detail section with the member graph
(link types told apart by dash pattern *and* colour), what members share
(strongest first), the activity timeline, the sign-up burst, redacted template
exemplars, and changes since the previous run when ``changes.csv`` exists.

Charts are inline SVG drawn in Python; the only script is a small inline
vanilla-JS block for sorting, filtering and paging (the page reads fine
without it). Nothing is fetched from the network. Prompt text appears only as
short redacted exemplars of templates that ring members share.
"""
from __future__ import annotations

import datetime as _dt
import logging
from html import escape
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._text import counted
from ..activity import ALL_TRAFFIC, choose_bucket
from ..evidence import cut_note, strongest_first
from ..explain import (REASON_TEXT, RunData, as_run, feature_contributions, harvest_note, link_type_of, org_note,
                       members_of_rings, no_requests_note, operator_note, activity_note, plan_limits_text,
                       reason_phrase, redact, share_pct, worth_text)
from ..scoring import unmeasured_level_of
from . import svgplot
from .files import atomic_write

__all__ = ["build_report", "write_report", "write_report_safely", "LINK_STYLES"]

log = logging.getLogger(__name__)

#: link type -> (colour, SVG dash pattern, label); told apart by dash pattern as well as colour
LINK_STYLES = {
    "payment": ("#D55E00", "", "payment method (solid)"),
    "ip": ("#0072B2", "7 3", "IP address (dashed)"),
    "ip_window": ("#56B4E9", "2 3", "same IP, same hour (dotted)"),
    "network": ("#777777", "12 4", "network /24 (long dash)"),
    "template": ("#CC79A7", "9 3 2 3", "prompt template (dash-dot)"),
    "schedule": ("#009E73", "4 2 1 2", "same scattered hours of the day (dash-dot-dot)"),
}
_OTHER_STYLES = [("#E69F00", "1 2", "fine dots"), ("#000000", "6 2 6 6", "double dash"), ("#F0E442", "3 1", "short dash")]


def _link_style(t: str, others: dict[str, tuple[str, str, str]]) -> tuple[str, str, str]:
    if t in LINK_STYLES:
        return LINK_STYLES[t]
    if t not in others:
        c, d, name = _OTHER_STYLES[len(others) % len(_OTHER_STYLES)]
        others[t] = (c, d, f"{t} ({name})")
    return others[t]


def _n(v: Any, digits: int = 2, whole: bool = True) -> str:
    """A number cell: a whole number of 1 or more without decimals (``whole``), else ``digits`` decimals."""
    try:
        f = float(v)
    except (TypeError, ValueError):
        return escape(str(v))
    if not np.isfinite(f):
        return "–"
    if whole and float(f).is_integer() and abs(f) >= 1:
        return f"{int(f):,}"
    return f"{f:.{digits}f}"


def _frac(v: Any) -> str:
    """A score, fit or weight (0..1): always two decimals, so 1.0 reads "1.00" beside 0.99, not "1"."""
    return _n(v, whole=False)


#: attribute prefixes that already name their link type (``pm:...`` is a payment method)
_SELF_NAMED = {"payment": "pm:", "ip": "ip:", "ip_window": "ipw:", "network": "net:", "schedule": "schedule"}


def _evidence_label(link_type: pd.Series, attribute: pd.Series) -> pd.Series:
    """``link type: attribute``, or the attribute alone when its prefix names the type already (``ip:1.2.3.4``,
    ``pm:...``, a generic column's ``device:...``): the ring table read ``ip: ip:71.136.112.196``.

    >>> _evidence_label(pd.Series(["ip", "template", "device", "schedule"]),
    ...                 pd.Series(["ip:1.2.3.4", "tpl-00ab", "device:d1", "window:00:00-03:00"])).tolist()
    ['ip:1.2.3.4', 'template: tpl-00ab', 'device:d1', 'schedule: window:00:00-03:00']
    """
    lt, at = link_type.astype(str), attribute.astype(str)
    prefix = lt.map(lambda t: _SELF_NAMED.get(t, t.split(":")[-1] + ":"))
    named = pd.Series([a.startswith(p) for a, p in zip(at, prefix)], index=at.index, dtype=bool)
    return at.where(named, lt + ": " + at)


def _text_cell(v: Any) -> tuple[str, str]:
    """A text cell as ``(html, sort value)``; a blank CSV cell (read as NaN or None) is empty, not "nan".

    >>> _text_cell(float("nan")), _text_cell("a<b")
    (('', ''), ('a&lt;b', 'a<b'))
    """
    if v is None or v is pd.NA or (isinstance(v, (float, np.floating)) and v != v):
        return "", ""
    return escape(str(v)), str(v)


def _ts(v: Any, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)) or pd.isna(v):
        return "–"
    return pd.Timestamp(v).strftime(fmt)


def _sec(t: pd.Series) -> np.ndarray:
    """UTC timestamps -> unix seconds (float)."""
    return pd.to_datetime(t, utc=True).astype("int64").to_numpy() / _unit_div(t)


def _unit_div(t: pd.Series) -> float:
    dt = pd.to_datetime(t, utc=True).dtype
    unit = getattr(dt, "unit", "ns")
    return {"s": 1.0, "ms": 1e3, "us": 1e6, "ns": 1e9}[unit]


# --------------------------------------------------------------------------- member graph

def _member_graph_svg(rid: str, members: pd.DataFrame, edges: pd.DataFrame, cols: list[str],
                      max_members: int, max_edges: int, seed: int, others: dict) -> tuple[str, str, set[str]]:
    """SVG of one ring's member graph; returns (svg, caption note, link types drawn)."""
    import igraph as ig

    ids = members["account_id"].astype(str).to_numpy()
    n_all = len(ids)
    idx = pd.Index(ids)
    s = idx.get_indexer(edges["src"].astype(str))
    d = idx.get_indexer(edges["dst"].astype(str))
    w = edges["weight"].to_numpy(np.float64)
    strength = np.bincount(s, weights=w, minlength=n_all) + np.bincount(d, weights=w, minlength=n_all)
    notes = []
    keep = np.arange(n_all)
    if n_all > max_members:
        keep = np.lexsort((ids, -strength))[:max_members]
        notes.append(f"showing the {max_members} most strongly linked of {n_all} members")
    pos_of = np.full(n_all, -1)
    pos_of[keep] = np.arange(len(keep))
    ok = (pos_of[s] >= 0) & (pos_of[d] >= 0)
    es, ed, ew = pos_of[s[ok]], pos_of[d[ok]], w[ok]
    etype = link_type_of(edges[ok]) if ok.any() else np.array([], dtype=object)
    ecols = edges.loc[ok, cols].to_numpy(np.float64) if cols else np.zeros((int(ok.sum()), 0))
    if len(es) > max_edges:
        top = np.argsort(-ew, kind="stable")[:max_edges]
        among = " among them" if n_all > max_members else ""
        notes.append(f"drawing the {max_edges:,} strongest of {len(es):,} links{among}")
        es, ed, ew, etype, ecols = es[top], ed[top], ew[top], etype[top], ecols[top]
    # the legend describes the drawing: counts over the links drawn (after both caps), not over every
    # member pair (it counted all of a capped ring's links, more than the caption said were drawn)
    stats = {}
    if len(es) and cols:
        present = (ecols > 0).sum(axis=0)
        dom = pd.Series(etype.astype(str)).value_counts()
        stats = {c[2:]: (int(dom.get(c[2:], 0)), int(p), len(es)) for c, p in zip(cols, present) if p > 0}
    k = len(keep)
    g = ig.Graph(n=k, edges=list(zip(es.tolist(), ed.tolist())))
    rng = np.random.default_rng(seed)
    if k > 1:
        # igraph's layouts draw from Python's global `random` unless told otherwise: a seeded generator
        # for this call (and the global one back after it) keeps the page reproducible
        import random

        ig.set_random_number_generator(random.Random(seed))
        try:
            layout = g.layout_fruchterman_reingold(weights=(ew.tolist() if len(ew) else None), niter=400,
                                                   seed=rng.uniform(-1, 1, (k, 2)).tolist())
        finally:
            ig.set_random_number_generator(random)
        xy = np.asarray(layout.coords, dtype=float)
    else:
        xy = np.zeros((k, 2))
    W, H, pad = 460, 380, 18
    labels = k <= 25
    span = np.ptp(xy, axis=0) if k else np.ones(2)
    span[span == 0] = 1.0
    xy = (xy - xy.min(axis=0)) / span if k else xy
    right = 100 if labels else pad  # room for the labels written right of the nodes
    px = pad + xy[:, 0] * (W - pad - right)
    py = pad + xy[:, 1] * (H - 2 * pad)
    sub = members.iloc[keep]
    flagged = sub["flagged"].astype(bool).to_numpy() if "flagged" in sub else np.zeros(k, bool)
    nev = sub["n_events"].to_numpy(np.float64) if "n_events" in sub else np.ones(k)
    rad = 3 + 5 * np.sqrt(nev / max(nev.max(), 1.0)) if k else nev
    wmax = max(float(ew.max()), 1e-9) if len(ew) else 1.0
    out = [f'<svg class="graph" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" '
           f'aria-label="Member graph of {escape(rid)}: {k} accounts, {len(es)} links" '
           f'xmlns="http://www.w3.org/2000/svg"><title>Member graph of {escape(rid)}</title>',
           f'<rect x="0.5" y="0.5" width="{W - 1}" height="{H - 1}" fill="#fff" stroke="#ddd"/>']
    order = np.argsort(ew, kind="stable")  # strongest last, on top
    for i in order:
        t = str(etype[i])
        col, dash, _ = _link_style(t, others)
        tip = ", ".join(f"{c[2:]} {v:.2f}" for c, v in zip(cols, ecols[i]) if v > 0)
        out.append(f'<line x1="{px[es[i]]:.1f}" y1="{py[es[i]]:.1f}" x2="{px[ed[i]]:.1f}" y2="{py[ed[i]]:.1f}" '
                   f'stroke="{col}" stroke-width="{0.6 + 2.4 * ew[i] / wmax:.2f}" stroke-opacity="0.7"'
                   + (f' stroke-dasharray="{dash}"' if dash else "")
                   + f'><title>{escape(ids[keep[es[i]]])} - {escape(ids[keep[ed[i]]])}: evidence {ew[i]:.2f} '
                   f'({escape(tip)})</title></line>')
    for j in range(k):
        aid = escape(str(sub["account_id"].iloc[j]))
        risk = float(sub["risk_score"].iloc[j]) if "risk_score" in sub else float("nan")
        fitv = sub["fit"].iloc[j] if "fit" in sub else None
        tip = f"{aid}: risk {risk:.2f}" + (f", fit {float(fitv):.2f}" if fitv is not None and pd.notna(fitv) else "") \
            + f", {int(nev[j])} requests" + (" (flagged)" if flagged[j] else " (not flagged)")
        if flagged[j]:
            out.append(f'<circle cx="{px[j]:.1f}" cy="{py[j]:.1f}" r="{rad[j]:.1f}" fill="#D55E00" stroke="#222" '
                       f'stroke-width="1"><title>{tip}</title></circle>')
        else:
            out.append(f'<circle cx="{px[j]:.1f}" cy="{py[j]:.1f}" r="{rad[j]:.1f}" fill="#fff" stroke="#222" '
                       f'stroke-width="1.4" stroke-dasharray="2 1.5"><title>{tip}</title></circle>')
        if labels:
            out.append(f'<text x="{px[j] + rad[j] + 2:.1f}" y="{py[j] + 3:.1f}" font-size="9" fill="#333">'
                       f'{escape(str(sub["account_id"].iloc[j])[:18])}</text>')
    out.append("</svg>")
    return "".join(out), "; ".join(notes), stats


def _graph_legend(stats: dict[str, tuple[int, int, int]], others: dict) -> str:
    """Legend: every link type among the drawn links, with how many of them it is strongest on (so drawn in
    its style) and present on; the counts add up to the links drawn, as the caption states them."""
    items = []
    for t, (dom, present, total) in sorted(stats.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0])):
        col, dash, label = _link_style(t, others)
        items.append(f'<li><svg width="36" height="10" aria-hidden="true"><line x1="0" y1="5" x2="36" y2="5" '
                     f'stroke="{col}" stroke-width="2.5"' + (f' stroke-dasharray="{dash}"' if dash else "")
                     + f'/></svg> {escape(label)}: drawn on {dom:,}, present on {present:,} of the {total:,} drawn '
                     f'link{"s" if total != 1 else ""}</li>')
    items.append('<li><svg width="14" height="14" aria-hidden="true"><circle cx="7" cy="7" r="5" fill="#D55E00" '
                 'stroke="#222"/></svg> flagged account (filled)</li>')
    items.append('<li><svg width="14" height="14" aria-hidden="true"><circle cx="7" cy="7" r="5" fill="#fff" '
                 'stroke="#222" stroke-dasharray="2 1.5"/></svg> member, not flagged (hollow)</li>')
    return '<ul class="legend">' + "".join(items) + "</ul>"


# --------------------------------------------------------------------------- pieces

def _table(headers: list[tuple[str, str]], rows: list[list[tuple[str, Any]]], cls: str = "sortable",
           attrs: str = "", caption: str = "") -> str:
    """headers: (label, type 'num'|'str'); rows: cells as (html, sort value or None)."""
    th = "".join(f'<th scope="col" data-type="{t}"><button type="button">{escape(h)}</button></th>' for h, t in headers)
    def sv(v: Any) -> str:  # sort key: compact numbers, escaped text
        if isinstance(v, (float, np.floating)):
            return f"{float(v):.6g}"
        return escape(str(v))

    body = []
    for r in rows:
        tds = "".join(f'<td data-v="{sv(v)}">{h}</td>' if v is not None else f"<td>{h}</td>" for h, v in r)
        body.append(f"<tr>{tds}</tr>")
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return f'<table class="{cls}" {attrs}>{cap}<thead><tr>{th}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _badge(flagged: bool) -> str:
    return ('<span class="badge flag">&#9873; FLAGGED</span>' if flagged
            else '<span class="badge ok">not flagged</span>')


def _signup_svg(rid: str, created: pd.Series, window_h: float) -> tuple[str, str]:
    c = pd.to_datetime(created, utc=True).dropna()
    if c.empty:
        return "", "No sign-up dates in this run (give `--accounts` with a created_at column)."
    t = np.sort(_sec(c))
    win = window_h * 3600
    j = np.searchsorted(t, t + win, side="right")
    cnt = j - np.arange(len(t))
    b = int(np.argmax(cnt))
    if cnt[b] < 2:
        text = (f"No two of the {len(t)} members signed up within {window_h:g} h of each other "
                f"(first {_ts(pd.Timestamp(t[0], unit='s', tz='UTC'))}, last {_ts(pd.Timestamp(t[-1], unit='s', tz='UTC'))} UTC).")
    else:
        text = (f"{int(cnt[b])} of {len(t)} members signed up within {window_h:g} h of each other "
                f"({_ts(pd.Timestamp(t[b], unit='s', tz='UTC'))} to "
                f"{_ts(pd.Timestamp(t[j[b] - 1], unit='s', tz='UTC'))} UTC).")
    span = max(t[-1] - t[0], 3600.0)
    size = choose_bucket(span, 60)
    t0 = t[0] - t[0] % size
    bins = ((t - t0) // size).astype(int)
    counts = np.bincount(bins)
    nz = np.flatnonzero(counts)
    svg = svgplot.time_lines([("sign-ups", t0 + nz * size, counts[nz])], f"Sign-ups of {rid}",
                             "accounts created", t_range=(t0, t0 + (bins.max() + 1) * size), bar_seconds=size,
                             width=460, height=180, xlabel=f"sign-up time (UTC), bars of {_dur(size)}")
    return svg, text


_worth = worth_text  # limit-worth with sensible precision (0.04, 0.8, 12.3, 1,204): explain prints the same


def _dur(sec: float) -> str:
    for s, name in ((30 * 86400, "30 days"), (7 * 86400, "1 week"), (86400, "1 day"), (6 * 3600, "6 hours"), (3600, "1 hour")):
        if sec >= s:
            return name if sec == s else f"{sec / 3600:g} hours"
    return f"{sec:g} s"


# --------------------------------------------------------------------------- the page


def _input_names(v: Any) -> str:
    """An input of run.json as the report names it: the file's name; for several files (detect over
    a directory) the first and last name and the count."""
    def name(x: Any) -> str:
        return Path(str(x.get("path", x) if isinstance(x, dict) else x)).name

    if isinstance(v, list):
        return name(v[0]) if len(v) == 1 else f"{len(v)} files ({name(v[0])} … {name(v[-1])})" if v else "–"
    return name(v)

def _detail_rings(rings: pd.DataFrame, max_ring_details: int, unflagged_details: int) -> list[str]:
    """The rings that get a detail section: flagged ones, then the highest-risk unflagged, in rank order."""
    if not len(rings):
        return []
    fl_mask = rings["flagged"].astype(bool).to_numpy()
    unf_rank = np.cumsum(~fl_mask)
    want = fl_mask | (unf_rank <= unflagged_details)
    return rings["ring_id"][want].head(max_ring_details).astype(str).tolist()


def build_report(run: RunData | str | Path, max_ring_details: int = 100, unflagged_details: int = 10,
                 max_members: int = 150, max_edges: int = 1200, page_size: int = 25, seed: int = 42,
                 title: str | None = None) -> str:
    """Render the HTML report of a run directory.

    Parameters
    ----------
    run : RunData, DetectionResult or path
        The run directory, its loaded tables, or a result in memory.
    max_ring_details : int
        Detail sections for at most this many rings, highest risk first (the
        table lists every ring).
    unflagged_details : int
        Of which at most this many unflagged rings (the near misses); every
        flagged ring gets a section while ``max_ring_details`` allows.
    max_members, max_edges : int
        Caps on the drawn member graph per ring (most strongly linked members,
        strongest links); the page says when a cap applies.
    page_size : int
        Rows per page of the ring table.
    seed : int
        Seed of the graph layouts (the page is reproducible).
    """
    svgplot.reset_ids()
    # the links the page draws are those inside the rings it details: only the links touching their members
    # are read (at 100k accounts 6.2M links -> about 0.1M; "rings" read 5.8M)
    def detailed(acc: pd.DataFrame, rings: pd.DataFrame) -> set[str]:
        return members_of_rings(acc, _detail_rings(rings, max_ring_details, unflagged_details))

    run = as_run(run, edges=detailed)
    rings = run.rings.copy()
    acc = run.accounts
    info = run.run
    sc = run.scoring
    counts = info.get("counts", {})
    limit = sc.get("requests_per_day_limit", 1000)
    # the limit the limit-worth figures divide by: with plans of their own, each account's plan's (a ring's
    # members' mean), not the platform's one (the text said "12 accounts' worth of the per-account limit
    # (1,000 requests/day)" of a ring of 12 at a free plan's 40: 480 requests a day, not 12,000). Plain text.
    plans = sc.get("plan_daily_limits") or {}
    limit_text = (f"{limit:,} requests/day" if not plans else
                  f"an account's plan's where the plan has its own: {plan_limits_text(plans)}; others {limit:,} requests/day")
    worth_limit = f"{limit_text}; the members' mean" if plans else f"{limit:,}/day"
    thr = float(sc.get("threshold", 0.5))
    n_rings = len(rings)
    flagged_r = rings[rings["flagged"].astype(bool)] if n_rings else rings
    n_flag_acc = int(acc["flagged"].astype(bool).sum())
    total_events = int(counts.get("events", 0))
    tl = run.timeline
    others: dict = {}

    # -------------------------------------------------- summary
    # The summary is about the accounts the tool flags. A flagged ring can hold members it does not flag
    # (weakly tied accounts the per-member fit clears), so ring totals are not the flagged accounts' totals:
    # requests, share and limit-worth are summed over flagged accounts, and the members left out are named.
    fl_acc = acc["flagged"].astype(bool).to_numpy()
    in_fr = acc["ring_id"].isin(flagged_r["ring_id"]).to_numpy() if len(flagged_r) else np.zeros(len(acc), bool)
    n_left_out = int((in_fr & ~fl_acc).sum())  # members of flagged rings that are not flagged themselves
    mem_ev = None
    if run.members is not None and len(run.members) and "n_events" in run.members:
        mem_ev = run.members.drop_duplicates("account_id").set_index("account_id")["n_events"]
    share = lambda k: f" ({100 * k / total_events:.1f}% of all {total_events:,})" if total_events else ""  # noqa: E731
    if mem_ev is not None:
        fa = acc.loc[fl_acc, ["account_id", "ring_id"]]
        fa_ev = mem_ev.reindex(fa["account_id"]).fillna(0).to_numpy(np.float64)
        flag_events = int(fa_ev.sum())
        left_ev = int(mem_ev.reindex(acc.loc[in_fr & ~fl_acc, "account_id"]).fillna(0).sum())
        # a ring's limit-worth is its requests per UTC day on which it is active / the limit; the flagged
        # members' part of it is their requests over the same days (ring days = ring requests / worth / limit)
        by_ring = pd.Series(fa_ev).groupby(fa["ring_id"].to_numpy()).sum()
        if "volume_accounts_worth" in rings and "n_events" in rings and n_rings:
            rw = rings.set_index("ring_id")
            ring_ev = rw["n_events"].reindex(by_ring.index).to_numpy(np.float64)
            ring_w = rw["volume_accounts_worth"].reindex(by_ring.index).to_numpy(np.float64)
            part = np.where(ring_ev > 0, ring_w * by_ring.to_numpy() / np.where(ring_ev > 0, ring_ev, 1.0), 0.0)
            worth = float(np.nansum(part))
        else:
            worth = float("nan")
        per_acc = worth / n_flag_acc if n_flag_acc else float("nan")
        left = (f" Left out of these figures: the {n_left_out:,} member{'s' if n_left_out != 1 else ''} of flagged "
                f"rings that {'are' if n_left_out != 1 else 'is'} not flagged {'themselves' if n_left_out != 1 else 'itself'} "
                f"({left_ev:,} requests); the ring table and the ring sections count every member."
                if n_left_out else "")
        volume_text = (f"Flagged accounts sent <strong>{flag_events:,}</strong> requests{share(flag_events)}. Counted "
                       f"per UTC day on which their ring is active and summed over the flagged rings, that is "
                       f"<strong>{_worth(worth)} accounts' worth</strong> of the per-account limit ({escape(limit_text)}"
                       f"), spread over {n_flag_acc:,} flagged accounts: {share_pct(per_acc)} of the "
                       f"limit per flagged account on average.{left}")
        worth_card = "limit-worth of flagged accounts"
    else:
        # a run directory without members.parquet: per-account requests are unknown, so the figures stay
        # per ring, and say that they include members the tool did not flag
        flag_events = int(flagged_r["n_events"].sum()) if "n_events" in flagged_r and len(flagged_r) else 0
        worth = float(flagged_r["volume_accounts_worth"].sum()) if "volume_accounts_worth" in flagged_r else float("nan")
        flag_members = int(flagged_r["size"].sum()) if len(flagged_r) else 0
        med_util = float(flagged_r["median_utilization"].median()) \
            if len(flagged_r) and "median_utilization" in flagged_r else float("nan")
        incl = (f" These ring figures include the {n_left_out:,} member{'s' if n_left_out != 1 else ''} of flagged "
                f"rings that {'are' if n_left_out != 1 else 'is'} not flagged (members.parquet, which has the "
                f"per-account requests, is missing: re-run detect)." if n_left_out else "")
        volume_text = (f"Flagged rings (all {flag_members:,} members) sent <strong>{flag_events:,}</strong> requests"
                       f"{share(flag_events)}. On the days it is active, a flagged ring sends its requests-per-day; "
                       f"summed over the flagged rings that is <strong>{_worth(worth)} accounts' worth</strong> of the "
                       f"per-account limit ({escape(limit_text)}), spread over {flag_members:,} accounts: in the "
                       f"median flagged ring, the median member uses only {share_pct(med_util)} of its own limit.{incl}")
        worth_card = "limit-worth of flagged rings"
    if not len(flagged_r) or not n_flag_acc:
        volume_text = f"No ring reached the flag threshold ({thr}); nothing to act on in this run."
    held_note = ""
    if "held_back_by" in rings.columns and n_rings:
        # unflagged rings whose only shortfall is their harvesting: coordinated like rings (evidence over the
        # midpoint's threshold, operator behaviour and activity at their floors) without a distiller's requests
        # (read back from a rings.csv in which every ring is flagged, the empty column is float NaN)
        only_h = rings["held_back_by"].astype("string").eq("harvest").fillna(False).to_numpy(bool)
        if only_h.any():
            k = int(only_h.sum())
            held_note = (f'<p class="held">{k:,} unflagged ring{"s" if k != 1 else ""} '
                         f'({int(rings.loc[only_h, "size"].sum()):,} accounts) '
                         f'{"are" if k != 1 else "is"} held back by {"their" if k != 1 else "its"} harvesting '
                         "alone: tied and coordinated like a ring, but asking for no reasoning or long answers and "
                         "using a small share of the daily limit (a card pool that sends a few requests a day, a "
                         "company's backend). Filter the ring table on <em>harvest</em> to review them.</p>")
    rv = info.get("reviews") if isinstance(info, dict) else None
    if rv:  # the run was given analysts' reviews (graphhunt.reviews)
        held_note += (f'<p class="held">Analysts\' reviews ({rv.get("accounts_reviewed", 0):,} accounts: '
                      f'{rv.get("benign", 0):,} benign, {rv.get("ring", 0):,} confirmed ring accounts) cleared the '
                      f'flags of {rv.get("accounts_unflagged", 0):,} accounts reviewed benign and of '
                      f'{rv.get("rings_unflagged", 0):,} ring{"s" if rv.get("rings_unflagged", 0) != 1 else ""} left '
                      f'with no other flagged member (<em>review</em> in the ring table); '
                      f'{rv.get("flagged_beside_benign_reviews", 0):,} flagged accounts share a ring with accounts '
                      "reviewed benign and were not reviewed themselves.</p>")
    cards = [
        ("rings found", f"{n_rings:,}"),
        ("rings flagged", f"{len(flagged_r):,}"),
        ("accounts flagged", f"{n_flag_acc:,}"),
        ("accounts in run", f"{int(counts.get('accounts', len(acc))):,}"),
        (worth_card, _worth(worth) if len(flagged_r) and n_flag_acc else "0"),
    ]
    cards_html = "".join(f'<div class="card"><div class="big">{v}</div><div>{escape(k)}</div></div>' for k, v in cards)

    detail_order = _detail_rings(rings, max_ring_details, unflagged_details)
    det_ids = set(detail_order)

    # -------------------------------------------------- overview plots
    if n_rings:
        p_hist = svgplot.histogram(rings["risk_score"], 20, 0.0, 1.0, "Distribution of ring risk scores",
                                   "ring risk score", "rings", vline=thr, vlabel=f"threshold {thr}")
        p_scatter = svgplot.scatter(rings["size"], rings["risk_score"], rings["flagged"].astype(bool).to_numpy(),
                                    [f"{r} ({s} accounts, risk {v:.2f})" for r, s, v in
                                     zip(rings["ring_id"], rings["size"], rings["risk_score"])],
                                    "Ring size against risk score", "ring size (accounts, log scale)", "risk score",
                                    logx=True, hline=thr, ylim=(0.0, 1.0),
                                    hrefs=[f"#{r}" if r in det_ids else None for r in rings["ring_id"]])
    else:
        p_hist = svgplot.empty_chart("Distribution of ring risk scores", "no rings in this run")
        p_scatter = svgplot.empty_chart("Ring size against risk score", "no rings in this run")
    t_range = None
    bucket = None
    vol_note = ""
    if tl is not None and len(tl):
        bucket = int(tl["bucket_seconds"].iloc[0])
        allt = tl[tl["ring_id"] == ALL_TRAFFIC]
        ts_all = _sec(allt["bucket"])
        t_range = (float(ts_all.min()), float(ts_all.max()) + bucket) if len(ts_all) else None
        series = [("all traffic", ts_all, allt["requests"].to_numpy())]
        fl = tl[tl["ring_id"].isin(flagged_r["ring_id"])]
        if len(fl):
            fsum = fl.groupby("bucket")["requests"].sum()
            series.append(("flagged rings, all members" if n_left_out else "flagged rings",
                           _sec(pd.Series(fsum.index)), fsum.to_numpy()))
            if n_left_out:  # the timeline is kept per ring: say that this line is not the flagged accounts'
                vol_note = (f" (every member of them, including the {n_left_out:,} not flagged themselves: the "
                            f"timeline is kept per ring)")
        p_vol = svgplot.time_lines(series, "Requests over time", f"requests per {_dur(bucket)}", t_range=t_range)
    else:
        p_vol = svgplot.empty_chart("Requests over time", "no timeline.parquet in this run (re-run detect)", width=640)

    # -------------------------------------------------- ring table
    ch_by_ring: dict[str, pd.DataFrame] = {}
    if run.changes is not None and "ring_id" in run.changes:
        ch_by_ring = {k: g for k, g in run.changes.groupby("ring_id")}
    shared = run.shared
    rare: dict[str, str] = {}
    if len(shared) and "ring_id" in shared:
        sh = shared[~shared.get("status", pd.Series("linked", index=shared.index)).isin(["hub", "crowd"])]
        sh = strongest_first(sh).groupby("ring_id", sort=False).head(1)  # as the ring's detail table
        txt = (_evidence_label(sh["link_type"], sh["attribute"]) + " ("
               + sh["members"].astype(int).astype(str) + "/" + sh["n_accounts"].astype(int).astype(str) + ")")
        rare = dict(zip(sh["ring_id"].astype(str), txt))
    headers = [("#", "num"), ("ring", "str"), ("status", "str"), ("risk", "num"), ("size", "num"),
               ("requests", "num"), ("limit-worth", "num"), ("reasons", "str"), ("strongest shared evidence", "str")]
    # what keeps an unflagged ring under the threshold (scoring.held_back_by; runs before session 66 have no column)
    held = "held_back_by" in rings.columns
    if held:
        headers.append(("held back by", "str"))
    if ch_by_ring:
        headers.append(("change", "str"))
    rows = []
    for i, r in enumerate(rings.itertuples(index=False)):
        rd = r._asdict()
        rid = rd["ring_id"]
        link = f'<a href="#{escape(rid)}">{escape(rid)}</a>' if rid in det_ids else escape(rid)
        fl = bool(rd["flagged"])
        rr = escape(rare.get(rid, ""))
        reasons = str(rd.get("reasons") or "")
        row = [(str(i + 1), i + 1), (link, rid), (_badge(fl), "1" if fl else "0"),
               (_frac(rd["risk_score"]), rd["risk_score"]), (_n(rd["size"]), rd["size"]),
               (_n(rd.get("n_events", "")), rd.get("n_events", "")),
               (_n(rd.get("volume_accounts_worth", float("nan"))), rd.get("volume_accounts_worth", "")),
               ('<span class="codes">' + escape(reasons.replace(";", ", ")) + "</span>", reasons), (rr, None)]
        if held:
            hb = rd.get("held_back_by")
            hb = "" if hb is None or hb != hb else str(hb)
            row.append((escape(hb.replace(";", ", ")), hb))
        if ch_by_ring:
            c = ch_by_ring.get(rid)
            ctext = ", ".join(c["change"].astype(str).unique()) if c is not None and "change" in c else ""
            row.append((escape(ctext), ctext))
        rows.append(row)
    if rows:
        table = _table(headers, rows, attrs=f'id="rings-table" data-page-size="{page_size}" data-pager="rings-pager"',
                       caption=f"All {n_rings:,} rings, ranked by risk. Click a column heading to sort. "
                       f"limit-worth = the ring's requests per day on which it is active, divided by the per-account "
                       f"limit ({worth_limit}): how many accounts at full limit the ring's volume amounts to."
                       + (" held back by = what keeps an unflagged ring under the threshold: its evidence, or its "
                          "harvesting, operator behaviour or activity under their floors (largest cut first); filter "
                          "on it (e.g. 'harvest') to find groups tied like rings that ask for nothing a distiller "
                          "keeps." if held else ""))
        controls = ('<div class="controls"><label>Filter <input type="search" id="rings-filter" '
                    'placeholder="ring id, reason, evidence"></label> <label><input type="checkbox" '
                    'id="rings-flagged-only"> flagged only</label> <label>Rows per page <select id="rings-size">'
                    + "".join(f'<option value="{v}"{" selected" if v == page_size else ""}>{v}</option>'
                              for v in sorted({10, 25, 50, 100, 500, page_size})) + "</select></label></div>")
        pager = ('<nav class="pager" id="rings-pager" aria-label="ring table pages"><button type="button" '
                 'data-act="prev">&larr; previous</button> <span class="status" aria-live="polite"></span> '
                 '<button type="button" data-act="next">next &rarr;</button></nav>')
        table_html = controls + table + pager
    else:
        table_html = ('<table id="rings-table"><thead><tr>' + "".join(f'<th scope="col">{escape(h)}</th>' for h, _ in headers)
                      + f'</tr></thead><tbody><tr><td colspan="{len(headers)}" class="none">No rings found in this run.'
                      '</td></tr></tbody></table>')

    # -------------------------------------------------- ring details
    er = run.edges_with_rings() if len(run.edges) else None
    internal_groups: dict[str, np.ndarray] = {}
    if er is not None:
        rs, rd = er["ring_src"], er["ring_dst"]
        if isinstance(rs.dtype, pd.CategoricalDtype):  # shared categories: compare integer codes
            no_ring = rs.cat.categories.get_loc("") if "" in rs.cat.categories else -1
            internal = (rs.cat.codes.to_numpy() == rd.cat.codes.to_numpy()) & (rs.cat.codes.to_numpy() != no_ring)
        else:
            internal = (rs.to_numpy() == rd.to_numpy()) & (rs.to_numpy() != "")
        ie = er[internal]
        internal_groups = ie.groupby("ring_src", observed=True).indices
    else:
        ie = None
    cols = run.link_columns
    macc = acc[acc["ring_id"] != ""]
    if run.members is not None and len(run.members):
        mm = run.members.drop(columns=["risk_score"], errors="ignore").merge(
            macc[["account_id", "risk_score", "flagged"]], on="account_id", how="right")
    else:
        mm = macc[["account_id", "ring_id", "risk_score", "flagged"]].copy()
    def _by_ring(df: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
        if df is None or not len(df) or "ring_id" not in df:
            return {}
        return {k: g for k, g in df[df["ring_id"].isin(det_ids)].groupby("ring_id")}

    mem_by_ring, tl_by_ring, sh_by_ring = _by_ring(mm), _by_ring(tl), _by_ring(shared)
    tpl_ex = {}
    if len(run.templates) and "exemplar" in run.templates:
        tpl_ex = dict(zip(run.templates["template_id"].astype(str), run.templates["exemplar"].astype("string").fillna("").astype(str)))
    window_h = float(sc.get("burst_window_hours", 72))
    details = []
    for r in rings[rings["ring_id"].isin(det_ids)].itertuples(index=False):
        rd = r._asdict()
        rid = rd["ring_id"]
        rs = pd.Series(rd)
        mem = mem_by_ring.get(rid, mm.iloc[0:0]).sort_values("account_id")
        if ie is not None and rid in internal_groups:
            redges = ie.iloc[internal_groups[rid]]
        else:
            redges = pd.DataFrame(columns=["src", "dst", "weight"] + cols)
        gsvg, gnote, gtypes = _member_graph_svg(rid, mem, redges, cols, max_members, max_edges, seed, others)
        # reasons and contributions
        contrib = feature_contributions(rs, sc.get("weights", {}))
        bars = svgplot.hbars([c[1] for c in contrib], [c[4] for c in contrib],
                             [f"{c[2]:.2f} x {c[3]:.2f} = {c[4]:.2f}" for c in contrib],
                             f"Feature contributions of {rid} (feature x weight)", vmax=max(c[3] for c in contrib) or 1.0)
        reasons = [c for c in str(rd.get("reasons") or "").split(";") if c]
        rlist = "".join(f"<li><strong>{escape(c)}</strong>: {escape(reason_phrase(c, rs, sc, info.get('population')))}</li>" for c in reasons) \
            or "<li>No feature reached 0.50: no reason codes.</li>"
        note = org_note(rs)
        if note:
            rlist += f"<li>{escape(note)}</li>"
        # shared evidence
        sh = sh_by_ring.get(rid)
        if sh is not None and len(sh):
            cut = cut_note(sh)
            sh = strongest_first(sh)
            sh_rows = [[(escape(str(s["link_type"])), str(s["link_type"])), (escape(str(s["attribute"])), str(s["attribute"])),
                        (f"{int(s['members'])} of {int(rd['size'])}", int(s["members"])),
                        (_n(s["n_accounts"]), int(s["n_accounts"])), (_frac(s["weight"]), float(s["weight"])),
                        ({"hub": "hub (too common to link)", "crowd": "crowd (its network is too busy to link)"}
                         .get(s.get("status"), "linked"), str(s.get("status", "")))]
                       for _, s in sh.iterrows()]
            sh_html = _table([("link type", "str"), ("attribute", "str"), ("members holding it", "num"),
                              ("accounts holding it overall", "num"), ("weight", "num"), ("status", "str")], sh_rows,
                             caption="What members share, strongest first: held by most members and fewest "
                                     f"accounts overall{escape(cut)}")
        else:
            sh_html = "<p>No attribute is shared by two or more members.</p>"
        # timeline
        tg = tl_by_ring.get(rid)
        if tg is not None and len(tg):
            # dense over the run's buckets, so quiet hours read as zero instead of being interpolated across
            tsec = _sec(tg["bucket"])
            grid = np.arange(t_range[0], t_range[1], bucket)
            pos = np.clip(((tsec - t_range[0]) // bucket).astype(int), 0, len(grid) - 1)
            req = np.zeros(len(grid))
            act = np.zeros(len(grid))
            req[pos] = tg["requests"].to_numpy()
            act[pos] = tg["active_accounts"].to_numpy()
            tsvg = svgplot.time_lines([("requests", grid, req), ("active members", grid, act)],
                                      f"Activity of {rid}", f"per {_dur(bucket)}", t_range=t_range, width=560, height=200)
            peak = tg.loc[tg["requests"].idxmax()]
            ttext = (f"{int(tg['requests'].sum()):,} requests in {len(tg)} active {_dur(bucket)} buckets; peak "
                     f"{int(peak['requests']):,} requests from {int(peak['active_accounts'])} "
                     f"member{'s' if int(peak['active_accounts']) != 1 else ''} at "
                     f"{_ts(peak['bucket'])} UTC.")
        else:
            tsvg, ttext = "", "No activity recorded for this ring in timeline.parquet."
        # sign-up
        if "created_at" in mem:
            ssvg, stext = _signup_svg(rid, mem["created_at"], window_h)
        else:
            ssvg, stext = "", "No sign-up dates in this run (members.parquet missing; re-run detect)."
        # template exemplars (redacted)
        ex = []
        if sh is not None and len(sh):
            for _, s in sh[sh["link_type"] == "template"].head(3).iterrows():
                tid = str(s["attribute"])
                ex.append((tid, redact(tpl_ex.get(tid, "")), int(s["members"])))
        if not ex and isinstance(rd.get("template_exemplars"), str) and rd["template_exemplars"]:
            for part in rd["template_exemplars"].split(" | ")[:3]:
                tid, _, txt = part.partition(": ")
                ex.append((tid, redact(txt), None))
        ex_html = ("<ul class='exemplars'>" + "".join(
            f"<li><code>{escape(t)}</code>{' (used by ' + counted(m, 'member') + ')' if m else ''}: <q>{escape(x) or '(no exemplar)'}</q></li>"
            for t, x, m in ex) + "</ul><p class='note'>Exemplars are masked (numbers, emails, URLs, keys) and cut to "
            "100 characters; raw prompts are never shown.</p>") if ex else "<p>No shared prompt template.</p>"
        # changes
        ch = ch_by_ring.get(rid)
        ch_html = ""
        if ch is not None and len(ch):
            ch_html = "<h4>Since the previous run</h4>" + _table(
                [(c, "str") for c in ch.columns], [[_text_cell(v) for v in row] for row in ch.itertuples(index=False)],
                cls="plain")
        elif run.changes is not None:
            ch_html = "<h4>Since the previous run</h4><p>No recorded change for this ring.</p>"
        # members
        mcols = [c for c in ("account_id", "risk_score", "flagged", "fit", "fit_floor", "n_events", "created_at", "first_seen",
                             "last_seen")
                 if c in mem]
        mrows = []
        for _, m in mem.sort_values("risk_score", ascending=False).head(300).iterrows():
            row = []
            for c in mcols:
                v = m[c]
                if c in ("created_at", "first_seen", "last_seen"):
                    row.append((_ts(v), str(v)))
                elif c == "flagged":
                    row.append(("yes" if bool(v) else "no", "1" if bool(v) else "0"))
                elif c == "account_id":
                    row.append((escape(str(v)), str(v)))
                elif c in ("risk_score", "fit", "fit_floor"):
                    row.append((_frac(v), v))
                else:
                    row.append((_n(v), v))
            mrows.append(row)
        more = f" (first 300 of {len(mem)})" if len(mem) > 300 else ""
        mem_html = (f"<details><summary>Members ({len(mem)}){more}</summary>"
                    + _table([(c.replace("_", " "), "str" if c in ("account_id", "created_at", "first_seen", "last_seen")
                               else "num") for c in mcols], mrows) + "</details>")
        volume = ""
        if pd.notna(rd.get("volume_accounts_worth", np.nan)) and not no_requests_note(rd):
            volume = (f" On a day it is active the ring sends <strong>{_worth(float(rd['volume_accounts_worth']))}"
                      f"</strong> accounts' worth of the per-account limit; the median member runs at "
                      f"{share_pct(float(rd.get('median_utilization', 0)))} of it.")
        u = float(rd.get("evidence_unmeasured", 0.0) or 0.0)
        unmeasured = (f" + {u:.4g} for metadata the input does not have, each feature at {unmeasured_level_of(sc):.3g} "
                      "of its weight") if u > 0 else ""
        harvest = harvest_note(rd, sc, info.get("harvest_unmeasured", info.get("unmeasured_features", [])))
        harvest = (no_requests_note(rd)
                   or " ".join(x for x in (harvest, operator_note(rd, sc), activity_note(rd, sc)) if x))
        harvest = f" {escape(harvest)}" if harvest else ""
        details.append(f"""
<section class="ring" id="{escape(rid)}" aria-labelledby="h-{escape(rid)}">
<h3 id="h-{escape(rid)}">{escape(rid)} {_badge(bool(rd['flagged']))}</h3>
<p><strong>{int(rd['size'])}</strong> accounts, risk <strong>{float(rd['risk_score']):.2f}</strong>
(evidence sum {float(rd['evidence_sum']):.2f}{unmeasured}, midpoint {sc.get('midpoint', '?')}, threshold {thr}).{harvest}{volume}
<a href="#rings">back to the table</a></p>
<div class="cols">
<figure>{gsvg}<figcaption>Members and the evidence linking them{': ' + escape(gnote) if gnote else ''}.
Each link is drawn in the style of its strongest evidence type; thickness = total evidence;
hover for details.{_graph_legend(gtypes, others)}</figcaption></figure>
<div><h4>Why</h4><ul class="reasons">{rlist}</ul>{bars}</div>
</div>
<h4>What members share</h4>{sh_html}
<div class="cols">
<figure>{tsvg}<figcaption>{escape(ttext)}</figcaption></figure>
<figure>{ssvg}<figcaption>Sign-up burst: {escape(stext)}</figcaption></figure>
</div>
<h4>Template exemplars (redacted)</h4>{ex_html}
{ch_html}
{mem_html}
</section>""")
    n_fl = len(flagged_r)
    if len(det_ids) < n_rings:
        det_note = (f"<p class='note'>Detail sections for {len(det_ids):,} of {n_rings:,} rings: "
                    + (f"every flagged ring and the {len(det_ids) - n_fl} highest-risk unflagged ones"
                       if len(det_ids) >= n_fl else f"the {len(det_ids)} highest-risk of {n_fl:,} flagged rings")
                    + " (<code>--max-rings</code>, <code>--unflagged</code>). For any other ring or account: "
                    "<code>graphhunt explain ID --run DIR</code>.</p>")
    elif n_rings:
        det_note = ""
    else:
        det_note = "<p>No rings, so no ring details.</p>"

    # -------------------------------------------------- changes overall, run info
    changes_html = ""
    if run.changes is not None:
        chg = run.changes
        if len(chg):
            vc = chg["change"].value_counts() if "change" in chg else pd.Series({"changes": len(chg)})
            changes_html = ("<section id='changes'><h2>Changes since the previous run</h2><p>"
                            + ", ".join(f"{escape(str(k))}: <strong>{int(v)}</strong>" for k, v in vc.items()) + "</p>"
                            + _table([(c, "str") for c in chg.columns],
                                     [[_text_cell(v) for v in row] for row in chg.head(500).itertuples(index=False)],
                                     cls="sortable") + ("<p class='note'>First 500 changes shown.</p>" if len(chg) > 500 else "")
                            + "</section>")
        else:
            changes_html = "<section id='changes'><h2>Changes since the previous run</h2><p>No changes.</p></section>"
    cfg = info.get("config", {})
    cm = cfg.get("communities", {})
    hubs = run.hubs
    hub_html = ""
    if len(hubs):
        hub_html = ("<details><summary>Attributes too common to be evidence (hubs, top 20 of "
                    f"{len(hubs):,})</summary>" + _table(
                        [("link type", "str"), ("attribute", "str"), ("accounts", "num")],
                        [[(escape(str(h["link_type"])), str(h["link_type"])), (escape(str(h["attribute"])), None),
                          (_n(h["n_accounts"]), int(h["n_accounts"]))] for _, h in hubs.head(20).iterrows()]) + "</details>")
    timings = info.get("timings_s", {})
    inputs = info.get("inputs", {})
    meta_rows = [
        ("graphhunt version", info.get("graphhunt_version", "?")),
        ("report generated", _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
        ("run directory", run.path.name),
        ("inputs", ", ".join(f"{k}: {_input_names(v)}" for k, v in inputs.items()) or "–"),
        ("events / accounts / links", f"{total_events:,} / {int(counts.get('accounts', 0)):,} / {int(counts.get('edges', 0)):,}"),
        ("communities", f"{cm.get('objective', '?')} via {cm.get('backend', '?')}, resolution {cm.get('resolution', '?')}, "
                        f"seed {cm.get('seed', '?')}, minimum ring size {cm.get('min_ring_size', '?')}"),
        ("scoring", f"threshold {thr}, per-account limit {limit:,}/day"
                    + {"inferred": " (read from the data)", "default": " (the default: the data showed none)"}.get(
                        sc.get("daily_limit_source"), "")
                    + "".join(f"; plan {k}: {v:,}/day" for k, v in sorted((sc.get("plan_daily_limits") or {}).items(),
                                                                           key=lambda kv: kv[1]))
                    + f", sign-up window {window_h:g} h"),
        ("run time", f"{timings.get('total', '?')} s"),
    ]
    meta = "<dl class='meta'>" + "".join(f"<dt>{escape(k)}</dt><dd>{escape(str(v))}</dd>" for k, v in meta_rows) + "</dl>"
    ttl = title or f"graphhunt report: {run.path.name}"
    reason_help = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in REASON_TEXT.items())
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>{escape(ttl)}</title>
<style>{_CSS}</style></head>
<body>
<a class="skip" href="#rings">Skip to the ring table</a>
<header><h1>{escape(ttl)}</h1>{meta}</header>
<main>
<section id="summary" aria-labelledby="h-summary"><h2 id="h-summary">Summary</h2>
<div class="cards">{cards_html}</div>
<p class="volume">{volume_text}</p>
{held_note}
<div class="plots">
<figure>{p_hist}<figcaption>Ring risk scores; the dashed line is the flag threshold.</figcaption></figure>
<figure>{p_scatter}<figcaption>Each ring by size and risk: triangles are flagged, circles are not. Click a point to jump to its ring.</figcaption></figure>
<figure class="wide">{p_vol}<figcaption>Requests over time, all accounts against the flagged rings{vol_note}.</figcaption></figure>
</div></section>
{changes_html}
<section id="rings" aria-labelledby="h-rings"><h2 id="h-rings">Rings</h2>
{table_html}
</section>
<section id="details" aria-labelledby="h-details"><h2 id="h-details">Ring details</h2>
{det_note}
{''.join(details)}
</section>
<section id="help"><h2>Reason codes</h2><dl class="meta">{reason_help}</dl>{hub_html}</section>
</main>
<footer><p>Generated by graphhunt {escape(str(info.get('graphhunt_version', '')))}. Self-contained: no network access needed.</p></footer>
<script>{_JS}</script>
</body></html>
"""


def write_report(run_dir: str | Path, out: str | Path | None = None, **kwargs: Any) -> Path:
    """Write ``report.html`` (default: inside ``run_dir``) atomically; returns its path.

    Keyword arguments go to :func:`build_report`.
    """
    import os

    from .files import publish_lock, refuse_directory, refuse_result_file, run_digest, temp_beside

    run_dir = Path(run_dir)
    path = Path(out) if out is not None else run_dir / "report.html"
    if out is not None:
        refuse_directory(path, "report", "report.html")
        refuse_result_file(path, "report", allow=("report.html",))
    inside = out is None or path.resolve().parent == run_dir.resolve()
    for _ in range(3):
        before = run_digest(run_dir)
        html = build_report(run_dir, **kwargs)
        if not inside:
            with atomic_write(path) as tmp:
                tmp.write_text(html, encoding="utf-8")
            break
        # the report goes in beside the result it describes, under the directory's publish lock: when
        # another run published its result while this report was built, it is built again (a report
        # built before a publish and moved in after it described files that were gone)
        tmp = temp_beside(path, run_dir)
        try:
            tmp.write_text(html, encoding="utf-8")
            with publish_lock(run_dir):
                if run_digest(run_dir) == before:
                    os.replace(tmp, path)
                    break
        finally:
            tmp.unlink(missing_ok=True)
    else:
        from ..errors import InputError

        raise InputError("the result in this directory kept changing while its report was built (runs "
                         "publishing into it)", file=str(run_dir), fix="run `graphhunt report` when they have finished")
    log.info("wrote %s (%.1f kB)", path, len(html) / 1024)
    return path


def write_report_safely(run_dir: str | Path, retry_dir: str | Path | None = None, **kwargs: Any) -> Path | None:
    """:func:`write_report` for the end of a detect/refresh run: the results are already written, so a
    report failure is logged as an error (with the command to retry) instead of failing the run.
    ``retry_dir``: where the result will be once the run has finished, when ``run_dir`` is a temporary
    directory (refresh's new generation): the retry names it, and the run may still fail after this (an
    operator, session 76: a full disk was told "results are complete", and to report on a directory that the
    failed run then deleted)."""
    try:
        return write_report(run_dir, **kwargs)
    except Exception as e:  # noqa: BLE001 - the run's results are complete; say so and carry on
        if retry_dir is None:
            log.error("report.html not written (%s: %s); results are complete - retry with `graphhunt report %s`",
                      type(e).__name__, e, run_dir)
        else:
            log.error("report.html not written (%s: %s); the run goes on without it - once it has finished, "
                      "retry with `graphhunt report %s`", type(e).__name__, e, retry_dir)
        return None


_CSS = """
:root{--fg:#1b1b1b;--muted:#555;--line:#d0d0d0;--flag:#b3261e;--bg:#fff}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1200px;padding:0 18px 40px}
h1{font-size:22px;margin:18px 0 6px}h2{font-size:19px;border-bottom:2px solid #222;padding-bottom:3px;margin-top:32px}
h3{font-size:17px;margin:0 0 6px}h4{font-size:14px;margin:14px 0 6px}
a{color:#0b57a4}a:focus,button:focus,input:focus,select:focus{outline:3px solid #f0a000;outline-offset:1px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:6px 0;font-size:13px}
dl.meta dt{font-weight:600}dl.meta dd{margin:0}
.cards{display:flex;flex-wrap:wrap;gap:10px}.card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:150px}
.card .big{font-size:24px;font-weight:700}
.plots{display:flex;flex-wrap:wrap;gap:14px}figure{margin:6px 0}figcaption{font-size:12px;color:var(--muted);max-width:640px}
svg{max-width:100%;height:auto}
table{border-collapse:collapse;width:100%;margin:6px 0 10px;font-size:13px}caption{text-align:left;color:var(--muted);padding:2px 0}
th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3}th button{all:unset;cursor:pointer;font-weight:700}th button::after{content:" \\2195";color:#888}
th[aria-sort=ascending] button::after{content:" \\25B2";color:#000}th[aria-sort=descending] button::after{content:" \\25BC";color:#000}
td.none{text-align:center;padding:14px;color:var(--muted)}#rings-table td:nth-child(2){white-space:nowrap}
.badge{display:inline-block;border-radius:4px;padding:0 6px;font-size:12px;font-weight:700;white-space:nowrap}
.badge.flag{background:var(--flag);color:#fff}.badge.ok{border:1px solid #888;color:#333}
.codes{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:11px}
.controls{display:flex;gap:16px;flex-wrap:wrap;align-items:center;margin:8px 0}
.pager{display:flex;gap:10px;align-items:center}.pager button{padding:3px 10px}
section.ring{border:1px solid var(--line);border-radius:8px;padding:12px 14px;margin:18px 0}
.cols{display:flex;flex-wrap:wrap;gap:18px}.cols>*{flex:1 1 420px;min-width:0}
ul.legend{list-style:none;padding:0;margin:4px 0;display:flex;flex-wrap:wrap;gap:4px 14px;color:#222}
ul.reasons{padding-left:18px}.note{color:var(--muted);font-size:12px}
q{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
@media print{.controls,.pager,.skip{display:none}section.ring{break-inside:avoid}}
"""

_JS = r"""
(function () {
  "use strict";
  function val(td, type) {
    var v = td.getAttribute("data-v");
    if (v === null) { v = td.textContent; }
    if (type === "num") { var f = parseFloat(v); return isNaN(f) ? -Infinity : f; }
    return v.toLowerCase();
  }
  function Pager(table) {
    var self = this;
    this.table = table;
    this.size = parseInt(table.getAttribute("data-page-size"), 10) || 25;
    this.page = 0;
    this.nav = document.getElementById(table.getAttribute("data-pager"));
    this.filter = document.getElementById("rings-filter");
    this.flagged = document.getElementById("rings-flagged-only");
    this.select = document.getElementById("rings-size");
    this.status = this.nav ? this.nav.querySelector(".status") : null;
    if (this.nav) {
      this.nav.querySelector('[data-act="prev"]').addEventListener("click", function () { self.go(self.page - 1); });
      this.nav.querySelector('[data-act="next"]').addEventListener("click", function () { self.go(self.page + 1); });
    }
    if (this.filter) { this.filter.addEventListener("input", function () { self.go(0); }); }
    if (this.flagged) { this.flagged.addEventListener("change", function () { self.go(0); }); }
    if (this.select) { this.select.addEventListener("change", function () { self.size = parseInt(self.select.value, 10); self.go(0); }); }
  }
  Pager.prototype.go = function (p) {
    var rows = Array.prototype.slice.call(this.table.tBodies[0].rows);
    var q = this.filter ? this.filter.value.trim().toLowerCase() : "";
    var only = this.flagged ? this.flagged.checked : false;
    var match = rows.filter(function (r) {
      if (only && r.cells[2].getAttribute("data-v") !== "1") { return false; }
      return !q || r.textContent.toLowerCase().indexOf(q) >= 0;
    });
    var pages = Math.max(1, Math.ceil(match.length / this.size));
    this.page = Math.min(Math.max(p, 0), pages - 1);
    var lo = this.page * this.size, hi = lo + this.size;
    rows.forEach(function (r) { r.hidden = true; });
    match.slice(lo, hi).forEach(function (r) { r.hidden = false; });
    if (this.status) {
      this.status.textContent = match.length ? ("rows " + (lo + 1) + "\u2013" + Math.min(hi, match.length) + " of " +
        match.length + (match.length < rows.length ? " (filtered from " + rows.length + ")" : "") +
        ", page " + (this.page + 1) + " of " + pages) : "no matching rings";
      this.nav.querySelector('[data-act="prev"]').disabled = this.page === 0;
      this.nav.querySelector('[data-act="next"]').disabled = this.page >= pages - 1;
    }
  };
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    if (!table.tHead || !table.tBodies.length) { return; }
    var pager = table.hasAttribute("data-page-size") ? new Pager(table) : null;
    var ths = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(ths, function (th, i) {
      var b = th.querySelector("button");
      if (!b) { return; }
      b.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(ths, function (o) { o.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var type = th.getAttribute("data-type") || "str";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, c) {
          var x = val(a.cells[i], type), y = val(c.cells[i], type);
          return x < y ? (asc ? -1 : 1) : (x > y ? (asc ? 1 : -1) : 0);
        });
        rows.forEach(function (r) { body.appendChild(r); });
        if (pager) { pager.go(0); }
      });
    });
    if (pager) { pager.go(0); }
  });
  document.documentElement.setAttribute("data-report-ready", "1");
})();
"""
