"""Small inline-SVG charts for the HTML report (no JavaScript, no CDN).

Every chart is a self-contained ``<svg role="img">`` with a ``<title>`` and a
``<desc>`` for screen readers, and encodes categories by shape or dash
pattern as well as colour, so it reads in greyscale too.
"""
from __future__ import annotations

import math
from html import escape
from itertools import count
from typing import Sequence

import numpy as np
import pandas as pd

__all__ = ["histogram", "scatter", "time_lines", "hbars", "nice_ticks", "time_ticks", "PALETTE", "empty_chart"]

#: Okabe-Ito colour-blind-safe palette
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
_ids = count(1)


def reset_ids() -> None:
    """Number the charts of the next page from 1 again (ids are unique within one page; without a reset
    a second report built in the same process numbered on, so its bytes differed)."""
    global _ids
    _ids = count(1)


def _fmt(v: float) -> str:
    if v == 0:
        return "0"
    a = abs(v)
    if a >= 1e6:
        return f"{v / 1e6:.3g}M"
    if a >= 1e4:
        return f"{v / 1e3:.3g}k"
    if a >= 100:
        return f"{v:.0f}"
    return f"{v:.3g}"


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """About ``n`` round tick values covering ``[lo, hi]``."""
    if not np.isfinite(lo) or not np.isfinite(hi):
        return [0.0]
    if hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks = []
    v = start
    while v <= hi + step * 1e-9:
        if v >= lo - step * 1e-9:
            ticks.append(round(v, 12))
        v += step
    return ticks


def time_ticks(t0: float, t1: float, n: int = 6) -> list[tuple[float, str]]:
    """Tick positions (unix seconds) and labels for a UTC time axis."""
    span = max(t1 - t0, 1.0)
    fmt = "%m-%d %H:%M" if span <= 3 * 86400 else ("%Y-%m-%d" if span <= 3 * 365 * 86400 else "%Y-%m")
    pos = np.linspace(t0, t1, n)
    return [(float(p), pd.Timestamp(p, unit="s", tz="UTC").strftime(fmt)) for p in pos]


class _Frame:
    """Plot area geometry and the shared axis drawing."""

    def __init__(self, width: int, height: int, left: int = 56, right: int = 16, top: int = 14, bottom: int = 44):
        self.w, self.h = width, height
        self.l, self.r, self.t, self.b = left, right, top, bottom
        self.pw, self.ph = width - left - right, height - top - bottom

    def x(self, v, lo, hi):
        return self.l + (np.asarray(v, dtype=float) - lo) / ((hi - lo) or 1.0) * self.pw

    def y(self, v, lo, hi):
        return self.t + self.ph - (np.asarray(v, dtype=float) - lo) / ((hi - lo) or 1.0) * self.ph

    def open(self, title: str, desc: str) -> list[str]:
        i = next(_ids)
        return [f'<svg class="chart" viewBox="0 0 {self.w} {self.h}" width="{self.w}" height="{self.h}" '
                f'role="img" aria-labelledby="svt{i} svd{i}" xmlns="http://www.w3.org/2000/svg">',
                f'<title id="svt{i}">{escape(title)}</title><desc id="svd{i}">{escape(desc)}</desc>']

    def axes(self, xticks: Sequence[tuple[float, str]], yticks: Sequence[tuple[float, str]],
             xlabel: str, ylabel: str) -> list[str]:
        out = ['<g class="axis" font-size="11" fill="#333">',
               f'<line x1="{self.l}" y1="{self.t + self.ph}" x2="{self.l + self.pw}" y2="{self.t + self.ph}" stroke="#555"/>',
               f'<line x1="{self.l}" y1="{self.t}" x2="{self.l}" y2="{self.t + self.ph}" stroke="#555"/>']
        for px, lab in xticks:
            anchor = "start" if px <= self.l + 1 else ("end" if px >= self.l + self.pw - 1 else "middle")
            out.append(f'<line x1="{px:.1f}" y1="{self.t + self.ph}" x2="{px:.1f}" y2="{self.t + self.ph + 4}" stroke="#555"/>'
                       f'<text x="{px:.1f}" y="{self.t + self.ph + 16}" text-anchor="{anchor}">{escape(lab)}</text>')
        for py, lab in yticks:
            out.append(f'<line x1="{self.l - 4}" y1="{py:.1f}" x2="{self.l + self.pw}" y2="{py:.1f}" stroke="#e3e3e3"/>'
                       f'<text x="{self.l - 6}" y="{py + 4:.1f}" text-anchor="end">{escape(lab)}</text>')
        out.append(f'<text x="{self.l + self.pw / 2:.0f}" y="{self.h - 6}" text-anchor="middle">{escape(xlabel)}</text>')
        out.append(f'<text transform="translate(13 {self.t + self.ph / 2:.0f}) rotate(-90)" text-anchor="middle">'
                   f'{escape(ylabel)}</text></g>')
        return out


def empty_chart(title: str, message: str, width: int = 420, height: int = 120) -> str:
    """A placeholder with a visible message (e.g. zero rings)."""
    f = _Frame(width, height)
    return "".join(f.open(title, message) + [
        f'<rect x="1" y="1" width="{width - 2}" height="{height - 2}" fill="none" stroke="#ccc"/>',
        f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" font-size="13" fill="#555">{escape(message)}</text></svg>'])


def histogram(values: Sequence[float], bins: int, lo: float, hi: float, title: str, xlabel: str,
              ylabel: str = "count", vline: float | None = None, vlabel: str = "",
              width: int = 420, height: int = 240) -> str:
    """A bar histogram of ``values`` over ``[lo, hi]`` with an optional labelled vertical marker."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if len(v) == 0:
        return empty_chart(title, "no data")
    cnt, edges = np.histogram(v, bins=bins, range=(lo, hi))
    f = _Frame(width, height)
    ymax = max(int(cnt.max()), 1)
    yt = [t for t in nice_ticks(0, ymax, 4) if float(t).is_integer()] or [0, ymax]
    desc = f"{len(v)} values; " + ", ".join(f"{_fmt(edges[i])}-{_fmt(edges[i + 1])}: {c}" for i, c in enumerate(cnt) if c)
    out = f.open(title, desc[:600])
    out += f.axes([(float(f.x(t, lo, hi)), _fmt(t)) for t in nice_ticks(lo, hi, 5)],
                  [(float(f.y(t, 0, ymax)), _fmt(t)) for t in yt], xlabel, ylabel)
    for i, c in enumerate(cnt):
        if not c:
            continue
        x0, x1 = f.x(edges[i], lo, hi), f.x(edges[i + 1], lo, hi)
        y0 = f.y(c, 0, ymax)
        out.append(f'<rect x="{x0 + 0.5:.1f}" y="{y0:.1f}" width="{max(x1 - x0 - 1, 0.5):.1f}" '
                   f'height="{f.t + f.ph - y0:.1f}" fill="{PALETTE[0]}"><title>{_fmt(edges[i])} to '
                   f'{_fmt(edges[i + 1])}: {c}</title></rect>')
    if vline is not None and lo <= vline <= hi:
        px = float(f.x(vline, lo, hi))
        out.append(f'<line x1="{px:.1f}" y1="{f.t}" x2="{px:.1f}" y2="{f.t + f.ph}" stroke="{PALETTE[1]}" '
                   f'stroke-width="2" stroke-dasharray="5 3"/><text x="{px + 4:.1f}" y="{f.t + 10}" font-size="11" '
                   f'fill="#222">{escape(vlabel)}</text>')
    out.append("</svg>")
    return "".join(out)


def scatter(x: Sequence[float], y: Sequence[float], flag: Sequence[bool], labels: Sequence[str],
            title: str, xlabel: str, ylabel: str, logx: bool = False, hline: float | None = None,
            hrefs: Sequence[str | None] | None = None, flag_names: tuple[str, str] = ("flagged", "not flagged"),
            ylim: tuple[float, float] | None = None, width: int = 420, height: int = 240) -> str:
    """Points; flagged ones drawn as filled triangles, the rest as hollow circles (shape, not only colour)."""
    xv = np.asarray(x, dtype=float)
    yv = np.asarray(y, dtype=float)
    if len(xv) == 0:
        return empty_chart(title, "no data")
    fx = np.log10(np.maximum(xv, 1e-9)) if logx else xv
    xlo, xhi = float(fx.min()), float(fx.max())
    if xhi - xlo < 1e-9:
        xlo, xhi = xlo - 0.5, xhi + 0.5
    pad = 0.05 * (xhi - xlo)
    xlo, xhi = xlo - pad, xhi + pad
    ylo, yhi = ylim if ylim else (float(yv.min()), float(yv.max()) or 1.0)
    ypad = 0.04 * ((yhi - ylo) or 1.0)
    f = _Frame(width, height, top=28)
    if logx:
        cand = [m * 10 ** d for d in range(math.floor(xlo), math.ceil(xhi) + 1) for m in (1, 2, 3, 5)]
        inside = [c for c in cand if xlo <= math.log10(c) <= xhi]
        if len(inside) > 8:
            inside = [c for c in inside if str(int(c))[0] in "15"] if len([c for c in inside if str(int(c))[0] in "15"]) >= 2 else inside[::2]
        if len(inside) < 2:
            inside = sorted({float(f"{10 ** (xlo + pad):.2g}"), float(f"{10 ** (xhi - pad):.2g}")})
        xt = [(float(f.x(math.log10(c), xlo, xhi)), _fmt(c)) for c in inside]
    else:
        xt = [(float(f.x(t, xlo, xhi)), _fmt(t)) for t in nice_ticks(xlo, xhi, 5)]
    yt = [(float(f.y(t, ylo - ypad, yhi + ypad)), _fmt(t)) for t in nice_ticks(ylo, yhi, 4)]
    nflag = int(np.sum(flag))
    out = f.open(title, f"{len(xv)} points, {nflag} {flag_names[0]} (triangles), {len(xv) - nflag} "
                        f"{flag_names[1]} (circles)")
    out += f.axes(xt, yt, xlabel, ylabel)
    if hline is not None and ylo <= hline <= yhi:
        py = float(f.y(hline, ylo - ypad, yhi + ypad))
        out.append(f'<line x1="{f.l}" y1="{py:.1f}" x2="{f.l + f.pw}" y2="{py:.1f}" stroke="{PALETTE[1]}" '
                   f'stroke-dasharray="5 3"/>')
    px, py = f.x(fx, xlo, xhi), f.y(yv, ylo - ypad, yhi + ypad)
    order = np.argsort(np.asarray(flag, dtype=bool), kind="stable")  # flagged drawn last, on top
    for i in order:
        lab = escape(str(labels[i]))
        if flag[i]:
            s = 5
            shape = (f'<path d="M{px[i]:.1f},{py[i] - s:.1f} L{px[i] + s:.1f},{py[i] + s * 0.8:.1f} '
                     f'L{px[i] - s:.1f},{py[i] + s * 0.8:.1f} Z" fill="{PALETTE[1]}" stroke="#222" stroke-width="0.6">'
                     f'<title>{lab}</title></path>')
        else:
            shape = (f'<circle cx="{px[i]:.1f}" cy="{py[i]:.1f}" r="3.5" fill="none" stroke="{PALETTE[0]}" '
                     f'stroke-width="1.3"><title>{lab}</title></circle>')
        href = hrefs[i] if hrefs is not None else None
        out.append(f'<a href="{escape(href)}">{shape}</a>' if href else shape)
    lx = f.l + 8  # legend above the plot area, never over the points
    out.append(f'<g font-size="11"><path d="M{lx},4 l5,9 l-10,0 Z" fill="{PALETTE[1]}" stroke="#222" '
               f'stroke-width="0.6"/><text x="{lx + 9}" y="13">{escape(flag_names[0])}</text>'
               f'<circle cx="{lx + 110}" cy="9" r="3.5" fill="none" stroke="{PALETTE[0]}" stroke-width="1.3"/>'
               f'<text x="{lx + 119}" y="13">{escape(flag_names[1])}</text></g>')
    out.append("</svg>")
    return "".join(out)


_DASHES = ["", "6 3", "2 3", "10 4"]


def time_lines(series: Sequence[tuple[str, np.ndarray, np.ndarray]], title: str, ylabel: str,
               t_range: tuple[float, float] | None = None, bar_seconds: float | None = None, width: int = 640,
               height: int = 240, xlabel: str = "time (UTC)") -> str:
    """Lines (or, with ``bars``, one bar series) over a UTC time axis.

    ``series`` holds ``(name, unix_seconds, values)``; each line gets its own
    colour *and* dash pattern, named in a legend. With ``bar_seconds`` (the
    bucket size) the first series is drawn as bars starting at each time.
    """
    bars = bar_seconds is not None
    series = [(n, np.asarray(t, dtype=float), np.asarray(v, dtype=float)) for n, t, v in series if len(t)]
    if not series:
        return empty_chart(title, "no activity recorded", width=width)
    t0 = min(float(s[1].min()) for s in series) if t_range is None else t_range[0]
    t1 = max(float(s[1].max()) for s in series) if t_range is None else t_range[1]
    if t1 <= t0:
        t1 = t0 + 3600
    vmax = max(float(s[2].max()) for s in series) or 1.0
    legend = len(series) > 1 or not bars
    f = _Frame(width, height, top=14 + (14 * len(series) if legend else 0))
    yt = nice_ticks(0, vmax, 4)
    vmax = max(vmax, yt[-1])
    desc = "; ".join(f"{n}: total {_fmt(v.sum())}, peak {_fmt(v.max())}" for n, _, v in series)
    out = f.open(title, desc)
    out += f.axes([(float(f.x(p, t0, t1)), lab) for p, lab in time_ticks(t0, t1, max(3, min(6, f.pw // 110)))],
                  [(float(f.y(t, 0, vmax)), _fmt(t)) for t in yt], xlabel, ylabel)
    for k, (name, t, v) in enumerate(series):
        col = PALETTE[k % len(PALETTE)]
        px, py = f.x(t, t0, t1), f.y(v, 0, vmax)
        if bars and k == 0:
            bw = min(max(f.pw * bar_seconds / (t1 - t0) - 0.3, 0.8), 14.0)
            base = f.t + f.ph
            out.append(f'<g fill="{col}">' + "".join(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bw:.1f}" height="{base - y:.1f}"/>'
                for x, y in zip(px, py)) + "</g>")
        else:
            pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(px, py))
            dash = _DASHES[k % len(_DASHES)]
            out.append(f'<polyline points="{pts}" fill="none" stroke="{col}" stroke-width="1.6"'
                       + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
    if legend:
        out.append('<g font-size="11">')
        for k, (name, _, _) in enumerate(series):
            col = PALETTE[k % len(PALETTE)]
            dash = "" if (bars and k == 0) else _DASHES[k % len(_DASHES)]
            y = 8 + 14 * k
            out.append(f'<line x1="{f.l + 8}" y1="{y}" x2="{f.l + 32}" y2="{y}" stroke="{col}" stroke-width="2"'
                       + (f' stroke-dasharray="{dash}"' if dash else "") + f'/><text x="{f.l + 36}" y="{y + 4}">'
                       f'{escape(name)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def hbars(labels: Sequence[str], values: Sequence[float], notes: Sequence[str], title: str,
          vmax: float | None = None, width: int = 520, row: int = 20) -> str:
    """Horizontal bars with their numbers written beside them."""
    n = len(labels)
    if n == 0:
        return empty_chart(title, "no data")
    lw = 190
    height = 10 + row * n
    vals = np.asarray(values, dtype=float)
    vmax = vmax or max(float(vals.max()), 1e-9)
    i = next(_ids)
    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
           f'aria-labelledby="svt{i} svd{i}" xmlns="http://www.w3.org/2000/svg"><title id="svt{i}">{escape(title)}</title>'
           f'<desc id="svd{i}">{escape("; ".join(f"{a}: {b}" for a, b in zip(labels, notes)))}</desc><g font-size="11">']
    bw = width - lw - 90
    for k, (lab, v, note) in enumerate(zip(labels, vals, notes)):
        y = 5 + k * row
        w = max(0.0, v) / vmax * bw
        out.append(f'<text x="{lw - 6}" y="{y + row * 0.65:.1f}" text-anchor="end">{escape(lab)}</text>'
                   f'<rect x="{lw}" y="{y + 3}" width="{w:.1f}" height="{row - 7}" fill="{PALETTE[0]}"/>'
                   f'<text x="{lw + w + 4:.1f}" y="{y + row * 0.65:.1f}">{escape(note)}</text>')
    out.append("</g></svg>")
    return "".join(out)
