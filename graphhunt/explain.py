"""Plain-words explanations of rings and accounts, from a run directory alone.

A run directory (written by :func:`graphhunt.sinks.files.write_result`) holds
everything needed: ``rings.csv`` carries every feature and the evidence sum,
``run.json`` the weights, threshold and resolution, ``edges.parquet`` the
links between accounts with their weight per link type, ``shared.csv`` what
each ring's members share, and ``members.parquet`` each member's fit.

>>> from graphhunt.explain import load_run, explain_account   # doctest: +SKIP
>>> run = load_run("out/")                                      # doctest: +SKIP
>>> print(explain_account(run, "acct-42").text)                 # doctest: +SKIP
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .config import ScoringConfig
from .errors import InputError
from .evidence import cut_note, strongest_first
from .scoring import FEATURES, REASON_CODES

__all__ = ["RunData", "load_run", "as_run", "explain_account", "explain_ring", "AccountExplanation",
           "reason_phrase", "feature_contributions", "link_type_of", "redact"]

log = logging.getLogger(__name__)

#: what each reason code means, for people
REASON_TEXT = {
    "TEMPLATE_CONCENTRATION": "members' requests concentrate on prompt templates shared across the ring and rare elsewhere",
    "HIGH_VOLUME": "members run close to the per-account request limit, or far above typical use",
    "REASONING_ELICITATION": "many requests ask for step-by-step reasoning (chain-of-thought harvesting)",
    "LONG_OUTPUTS": "requests draw long answers compared with typical use",
    "MACHINE_TIMING": "requests arrive at machine-like regular intervals or round the clock",
    "BURST_SIGNUP": "members signed up within a short window of each other",
    "CLIENT_HOMOGENEITY": "members use the same client software (user agent), unusually so",
    "RARE_DENSE_LINKS": "members are densely linked by rare shared evidence (payment, IP, templates, schedule)",
    "SHARED_INFRASTRUCTURE": "members share payment methods, network infrastructure or one job schedule, not only prompt content",
    "DISCLOSED_ORG": "members openly declare the same organisation (this lowers the score)",
    "WEAK_TIE": "this account's own ties to the ring, its own behaviour, or the infrastructure it shares with "
                "the ring fall short of the ring's, so its score is reduced",
}


@dataclass
class RunData:
    """The tables of one run directory (see :func:`load_run`)."""

    path: Path
    run: dict
    accounts: pd.DataFrame
    rings: pd.DataFrame
    edges: pd.DataFrame
    shared: pd.DataFrame
    templates: pd.DataFrame
    hubs: pd.DataFrame
    timeline: pd.DataFrame | None = None
    members: pd.DataFrame | None = None
    changes: pd.DataFrame | None = None
    #: which links ``edges`` holds: "all", "rings" or a frozenset of account ids (see :func:`load_run`)
    edge_scope: Any = "all"
    _cache: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_result(cls, result: Any, name: str = "in-memory result") -> "RunData":
        """The same tables from a :class:`~graphhunt.DetectionResult` in memory (no run directory needed)."""
        info = dict(result.run_info)
        info.setdefault("config", result.config.to_dict())
        attrs = result.attributes
        hubs = _hubs_only(attrs.drop(columns=["attr"], errors="ignore"))
        acc = result.accounts.copy()
        acc["ring_id"] = acc["ring_id"].fillna("").astype(str)
        acc["account_id"] = acc["account_id"].astype(str)
        return cls(path=Path(name), run=info, accounts=acc, rings=result.rings, edges=result.edges,
                   shared=result.shared, templates=result.templates, hubs=hubs,
                   timeline=getattr(result, "timeline", None), members=getattr(result, "members", None))

    def edges_for(self, account_id: str) -> "RunData":
        """This run with every link touching ``account_id`` loaded (itself when they already are)."""
        if self.edge_scope == "all" or (isinstance(self.edge_scope, frozenset) and account_id in self.edge_scope):
            return self
        from dataclasses import replace

        return replace(self, edges=_read_edges(self.path, {account_id}, False), edge_scope=frozenset({account_id}),
                       _cache={})

    @property
    def scoring(self) -> dict:
        return self.run.get("config", {}).get("scoring", {})

    @property
    def communities(self) -> dict:
        return self.run.get("config", {}).get("communities", {})

    @property
    def link_columns(self) -> list[str]:
        return [c for c in self.edges.columns if c.startswith("w_")]

    def edges_with_rings(self) -> pd.DataFrame:
        """Edges with ``ring_src``/``ring_dst`` (``""`` = in no ring) and ``link_type`` (strongest type)."""
        if "er" not in self._cache:
            import pyarrow as pa
            import pyarrow.compute as pc

            e = self.edges
            # ring of each end, looked up by Arrow's hash join on the account id (no per-row Python strings);
            # categorical columns sharing one category list, so comparing ends compares integer codes
            ring = self.accounts["ring_id"].fillna("").astype(str).to_numpy(dtype=object)
            cats, ring_code = np.unique(np.r_[ring, [""]].astype(str), return_inverse=True)
            ring_code = ring_code[:-1]
            none = int(np.searchsorted(cats, ""))
            ids = pa.array(self.accounts["account_id"].astype(str).to_numpy(dtype=object), pa.string())

            def codes(col: str) -> pd.Categorical:
                pos = pc.index_in(pc.cast(pa.array(e[col]), pa.string()), value_set=ids)
                pos = pc.fill_null(pos, -1).to_numpy(zero_copy_only=False).astype(np.int64)
                c = np.where(pos >= 0, ring_code[np.maximum(pos, 0)], none)
                return pd.Categorical.from_codes(c, categories=cats)

            self._cache["er"] = e.assign(ring_src=codes("src"), ring_dst=codes("dst"), link_type=link_type_of(e))
        return self._cache["er"]


def _hubs_only(attrs: pd.DataFrame) -> pd.DataFrame:
    """Hubs among ignored attributes (``hubs.csv`` also lists crowd addresses since session 18)."""
    return attrs[attrs["status"] == "hub"] if "status" in attrs else attrs


def link_type_of(edges: pd.DataFrame) -> np.ndarray:
    """The link type contributing most to each edge's weight (from the ``w_<type>`` columns)."""
    cols = [c for c in edges.columns if c.startswith("w_")]
    if not cols or len(edges) == 0:
        return np.full(len(edges), "link", dtype=object)
    m = edges[cols].to_numpy(np.float64)
    return np.asarray([c[2:] for c in cols], dtype=object)[np.argmax(m, axis=1)]


def _read_edges(path: Path, accounts: set[str] | None, both: bool) -> pd.DataFrame:
    """edges.parquet, optionally only links touching (``both``: inside) a set of accounts, filtered by pyarrow."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    f = path / "edges.parquet"
    if not f.exists():  # write_result always writes it: a run directory without it lost a file
        from .errors import InputError

        raise InputError("edges.parquet is missing from this run directory (links between accounts)",
                         file=str(path), fix="run `graphhunt detect` into the directory again")
    t = pq.read_table(f)
    if accounts is not None:
        vals = pa.array(sorted(accounts), type=pa.string())
        s = pc.is_in(pc.cast(t["src"], pa.string()), value_set=vals)
        d = pc.is_in(pc.cast(t["dst"], pa.string()), value_set=vals)
        t = t.filter(pc.and_(s, d) if both else pc.or_(s, d))
    return t.to_pandas()


def load_run(run_dir: str | Path, edges: str | set[str] = "all") -> RunData:
    """Read a run directory (and ``changes.csv`` when a refresh wrote one).

    Parameters
    ----------
    run_dir : str or Path
    edges : "all", "rings" or a set of account ids
        Which links to load: all of them, only links between ring members (all
        the report and exports need), or links touching the given accounts
        (all an account explanation needs). Filtering happens in pyarrow, so a
        large run's edges.parquet is never materialised in pandas whole.
    """
    from .sinks.files import read_result

    path = Path(run_dir)
    if not path.is_dir():
        raise InputError("not a directory", file=str(path), fix="pass the --out directory of `graphhunt detect`")
    r = read_result(path, edges=False)
    missing = [n for n in ("accounts", "rings") if n not in r]
    if missing:
        raise InputError(f"run directory lacks {', '.join(n + '.csv' for n in missing)}", file=str(path),
                         fix="re-run `graphhunt detect` into this directory")
    empty = pd.DataFrame
    acc = r["accounts"]
    acc["ring_id"] = acc["ring_id"].fillna("").astype(str)
    acc["account_id"] = acc["account_id"].astype(str)
    if isinstance(edges, str) and edges == "all":
        edges_df = _read_edges(path, None, False)
    elif isinstance(edges, str) and edges == "rings":
        edges_df = _read_edges(path, set(acc.loc[acc["ring_id"] != "", "account_id"]), True)
    elif isinstance(edges, (set, frozenset, list, tuple)):
        edges_df = _read_edges(path, {str(a) for a in edges}, False)
    else:
        raise ValueError(f"edges must be 'all', 'rings' or a set of account ids, got {edges!r}")
    shared = r.get("shared", empty(columns=["ring_id", "link_type", "attribute", "members", "n_accounts", "weight", "status"]))
    changes = None
    if (path / "changes.csv").exists():
        changes = pd.read_csv(path / "changes.csv", keep_default_na=False, na_values=[""], dtype=str)
    acc["reasons"] = acc["reasons"].fillna("").astype(str)
    rings = r["rings"]
    rings["reasons"] = rings["reasons"].fillna("").astype(str) if "reasons" in rings else ""
    return RunData(path=path, run=r["run"], accounts=acc, rings=rings, edges=edges_df, shared=shared,
                   templates=r.get("templates", empty(columns=["template_id", "exemplar"])),
                   hubs=_hubs_only(r.get("hubs", empty(columns=["link_type", "attribute", "n_accounts"]))),
                   timeline=r.get("timeline"), members=r.get("members"), changes=changes,
                   edge_scope=edges if isinstance(edges, str) else frozenset(str(a) for a in edges))


def as_run(run: Any, edges: str | set[str] = "all") -> RunData:
    """A RunData from a RunData, a DetectionResult or a run directory."""
    if isinstance(run, RunData):
        return run
    if hasattr(run, "rings") and hasattr(run, "run_info"):
        return RunData.from_result(run)
    return load_run(run, edges=edges)


def feature_contributions(ring: pd.Series, weights: dict) -> list[tuple[str, str, float, float, float]]:
    """``(feature, reason_code, value, weight, contribution)``, largest contribution first."""
    out = []
    for k in FEATURES:
        v = float(ring.get(f"f_{k}", 0.0) or 0.0)
        w = float(weights.get(k, 0.0))
        out.append((k, REASON_CODES[k], v, w, v * w))
    return sorted(out, key=lambda t: (-t[4], t[0]))


def reason_phrase(code: str, ring: pd.Series | None = None, scoring: dict | None = None) -> str:
    """One reason code in plain words, with the ring's own number where there is one."""
    base = REASON_TEXT.get(code, code)
    if ring is None:
        return base
    g = ring.get
    try:
        if code == "SHARED_INFRASTRUCTURE" and pd.notna(g("infrastructure_pair_share")):
            return (f"{100 * float(g('infrastructure_pair_share')):.0f}% of member pairs share a payment method, "
                    "network infrastructure or one job schedule, not only prompt content")
        if code == "TEMPLATE_CONCENTRATION" and pd.notna(g("template_event_share")):
            return f"{100 * float(g('template_event_share')):.0f}% of members' requests use the ring's own prompt templates"
        if code == "HIGH_VOLUME" and pd.notna(g("median_utilization")):
            lim = (scoring or {}).get("requests_per_day_limit")
            u = float(g("median_utilization"))
            pct = share_pct(u)
            return ((f"the median member sends {u * lim:,.0f} requests per active day ({pct} of the per-account "
                     f"limit of {lim:,}/day)" if lim else f"the median member uses {pct} of the per-account limit")
                    + (", many times the population's median daily use" if u < 0.3 else "")
                    + f"; on a day it is active the ring sends {float(g('volume_accounts_worth')):.1f} accounts' "
                      f"worth of the limit")
        if code == "REASONING_ELICITATION" and pd.notna(g("reasoning_rate")):
            return f"{100 * float(g('reasoning_rate')):.0f}% of requests ask for step-by-step reasoning"
        if code == "LONG_OUTPUTS" and pd.notna(g("median_output_tokens")):
            return f"median answer length {float(g('median_output_tokens')):,.0f} output tokens, far above typical use"
        if code == "CLIENT_HOMOGENEITY" and pd.notna(g("modal_user_agent_share")):
            return f"{100 * float(g('modal_user_agent_share')):.0f}% of members use the same client (user agent)"
        if code == "RARE_DENSE_LINKS" and pd.notna(g("internal_density")):
            return (f"{100 * float(g('internal_density')):.0f}% of member pairs are linked, mean evidence "
                    f"{float(g('avg_pair_weight')):.2f} per pair")
    except (TypeError, ValueError):
        pass
    return base


def share_pct(u: float) -> str:
    """A share of the limit as a percentage, one decimal under 10 % (0.5 % is not '1%')."""
    return f"{100 * u:.1f}%" if 100 * u < 10 else f"{100 * u:.0f}%"


def org_note(r: Any) -> str:
    """Why SHARED_INFRASTRUCTURE can be 0 for members who plainly share addresses: pairs inside a declared
    organisation do not count (``""`` when no member declares one)."""
    try:
        d = float(r.get("f_disclosed_org", 0) or 0)
    except (TypeError, ValueError):
        return ""
    if d <= 0:
        return ""
    return (f"Note: {100 * d:.0f}% of members declare the same org_id. Cards and networks shared by member pairs "
            "inside a declared organisation do not count as SHARED_INFRASTRUCTURE (an office or a corporate card "
            "explains them), so that feature can be 0 although members share addresses (see below).")


def explain_ring(run: Any, ring_id: str) -> str:
    """Why a ring scored what it did, in plain words, from a run directory."""
    run = as_run(run, edges=set())
    hit = run.rings[run.rings["ring_id"] == ring_id]
    if hit.empty:
        raise InputError(f"no ring {ring_id!r} in this run", file=str(run.path / "rings.csv"),
                         fix="pick a ring_id from rings.csv")
    r = hit.iloc[0]
    sc = run.scoring
    thr = sc.get("threshold", 0.5)
    lines = [f"{ring_id}: {int(r['size'])} accounts, ring risk {float(r['risk_score']):.2f} - "
             f"{'FLAGGED' if bool(r['flagged']) else 'not flagged'} (threshold {thr})."]
    u = float(r.get("evidence_unmeasured", 0.0) or 0.0)  # absent in runs before session 14
    if u > 0:
        missing = ", ".join(REASON_CODES.get(k, k) for k in run.run.get("unmeasured_features", []))
        lines.append(f"Evidence sum {float(r['evidence_sum']):.2f} + {u:.2f} for metadata this input does not have "
                     f"({missing}; counted at the neutral level) against a midpoint of {sc.get('midpoint', '?')} "
                     "(risk = 1 / (1 + exp(-slope x (sum + unmeasured - midpoint)))); each feature is 0..1, times its weight:")
    else:
        lines.append(f"Evidence sum {float(r['evidence_sum']):.2f} against a midpoint of {sc.get('midpoint', '?')} "
                     "(risk = 1 / (1 + exp(-slope x (sum - midpoint)))); each feature is 0..1, times its weight:")
    for k, code, v, w, c in feature_contributions(r, sc.get("weights", {})):
        mark = "*" if v >= 0.5 else " "
        c = c + 0.0 if round(c, 2) != 0 else 0.0  # 0 x -3.00 prints 0.00, not -0.00
        lines.append(f"  {mark} {code:<23} {v:4.2f} x {w:4.2f} = {c:4.2f}   {reason_phrase(code, r, sc) if v >= 0.5 else ''}".rstrip())
    lines.append("  (* = a reason code: feature at least 0.50)")
    note = org_note(r)
    if note:
        lines.append(note)
    sh = run.shared[run.shared["ring_id"] == ring_id] if "ring_id" in run.shared else run.shared.iloc[0:0]
    if len(sh):
        cut = cut_note(sh)
        lines.append("What members share, strongest first: held by most members, fewest accounts overall "
                     f"(m of the ring's members / k accounts overall){cut}:")
        sh = strongest_first(sh)
        for _, s in sh.head(10).iterrows():
            hub = {"hub": "  [hub: too common to link]",
                   "crowd": "  [crowd: its network is too busy to link]"}.get(s.get("status"), "")
            lines.append(f"  {s['link_type']:<10} {s['attribute']}  {int(s['members'])}/{int(s['n_accounts'])}  "
                         f"weight {float(s['weight']):.2f}{hub}")
    return "\n".join(lines)


@dataclass
class AccountExplanation:
    """Why an account is (or is not) in a ring: ``text`` for people, ``facts`` for code."""

    account_id: str
    ring_id: str
    flagged: bool
    risk_score: float
    text: str
    facts: dict[str, Any]

    def __str__(self) -> str:
        return self.text


def _account_edges(run: RunData, account_id: str) -> pd.DataFrame:
    e = run.edges_with_rings()
    src = e["src"].astype(str).to_numpy()
    dst = e["dst"].astype(str).to_numpy()
    a = src == account_id
    b = dst == account_id
    sel = a | b
    sub = e[sel]
    other = np.where(a[sel], dst[sel], src[sel])
    other_ring = np.where(a[sel], sub["ring_dst"].to_numpy(), sub["ring_src"].to_numpy())
    return sub.assign(other=other, other_ring=other_ring).sort_values("weight", ascending=False)


def _types_of(row: pd.Series, cols: list[str]) -> str:
    parts = [(c[2:], float(row[c])) for c in cols if float(row[c]) > 0]
    parts.sort(key=lambda t: -t[1])
    return ", ".join(f"{t} {w:.2f}" for t, w in parts)


def explain_account(run: Any, account_id: str, top: int = 5) -> AccountExplanation:
    """Why ``account_id`` is (or is not) in a ring, with the evidence and its weights.

    Parameters
    ----------
    run : RunData, DetectionResult or path
        A run directory, its loaded tables (:func:`load_run`) or a result in memory.
    account_id : str
    top : int
        How many strongest ties to list.

    Raises
    ------
    InputError
        When the account is not in the run's accounts.csv.
    """
    account_id = str(account_id)
    run = as_run(run, edges={account_id})
    acc = run.accounts
    hit = acc[acc["account_id"] == account_id]
    if hit.empty:
        close = acc["account_id"][acc["account_id"].str.contains(re.escape(account_id[:4]), regex=True)].head(5).tolist()
        raise InputError(f"account {account_id!r} is not in this run", file=str(run.path / "accounts.csv"),
                         fix="check the id" + (f" (similar: {', '.join(close)})" if close else ""))
    a = hit.iloc[0]
    run = run.edges_for(account_id)
    ring_id = str(a["ring_id"] or "")
    risk = float(a["risk_score"])
    flagged = bool(a["flagged"])
    sc, cm = run.scoring, run.communities
    thr = sc.get("threshold", 0.5)
    cols = run.link_columns
    ae = _account_edges(run, account_id)
    facts: dict[str, Any] = {"account_id": account_id, "ring_id": ring_id, "risk_score": risk, "flagged": flagged,
                             "n_links": int(len(ae)), "reasons": a["reasons"]}
    lines = []
    if ring_id:
        r = run.rings[run.rings["ring_id"] == ring_id].iloc[0]
        size = int(r["size"])
        inside = ae[ae["other_ring"] == ring_id]
        fit = None
        floor = float(sc.get("member_fit_floor", ScoringConfig.member_fit_floor))
        if run.members is not None and len(run.members):
            m = run.members[run.members["account_id"] == account_id]
            if len(m):
                fit = float(m.iloc[0]["fit"])
                if "fit_floor" in m:  # runs before session 10 had the absolute floor only
                    floor = float(m.iloc[0]["fit_floor"])
        verdict = "FLAGGED" if flagged else "not flagged"
        lines.append(f"{account_id} is a member of {ring_id} ({size} accounts) and is {verdict}: "
                     f"account risk {risk:.2f} (threshold {thr}).")
        ring_risk = float(r["risk_score"])
        if fit is not None:
            factor = min(1.0, fit / floor) if floor > 0 else 1.0
            lines.append(f"Account risk = ring risk {ring_risk:.2f} x min(1, fit {fit:.2f} / floor {floor:.2f}) "
                         f"= {ring_risk:.2f} x {factor:.2f} (floor: the larger of the configured floor and a share "
                         f"of the ring's median member fit).")
            if fit < floor:
                lines.append(f"  Its own fit to the ring is weak (below {floor:.2f}): {REASON_TEXT['WEAK_TIE']}.")
            facts["fit"] = fit
        lines.append("")
        lines.append(f"How it is tied to the ring: linked to {len(inside)} of the other {size - 1} members, "
                     f"total evidence {inside['weight'].sum():.2f}.")
        if len(inside) and cols:
            per = inside[cols].gt(0).sum()
            wsum = inside[cols].sum()
            parts = [f"{c[2:]}: {int(per[c])} members (evidence {wsum[c]:.2f})" for c in
                     sorted(cols, key=lambda c: -wsum[c]) if per[c] > 0]
            lines.append("  by link type: " + "; ".join(parts))
            facts["link_types"] = {c[2:]: {"members": int(per[c]), "evidence": round(float(wsum[c]), 4)}
                                   for c in cols if per[c] > 0}
        for _, e in inside.head(top).iterrows():
            lines.append(f"  - {e['other']}: evidence {float(e['weight']):.2f} ({_types_of(e, cols)})")
        outside = ae[ae["other_ring"] != ring_id]
        if len(outside):
            lines.append(f"  It also has {len(outside)} link(s) outside the ring (total evidence "
                         f"{outside['weight'].sum():.2f}).")
        lines.append("")
        lines.append("Why the ring is suspicious:" if bool(r["flagged"]) else "Why the ring is not flagged:")
        lines += ["  " + ln for ln in explain_ring(run, ring_id).splitlines()[1:]]
    else:
        lines.append(f"{account_id} is not in any ring (account risk {risk:.2f}).")
        facts["fit"] = 0.0
        if len(ae) == 0:
            nh = len(run.hubs)
            lines.append("It shares no linking evidence (payment method, IP, network, prompt template, schedule) with any "
                         "other account." + (f" Attributes held by too many accounts are hubs and do not link "
                                             f"anyone ({nh} such hubs in this run, see hubs.csv)." if nh else ""))
        else:
            lines.append(f"It has {len(ae)} link(s) to other accounts, total evidence {ae['weight'].sum():.2f}; "
                         "strongest:")
            for _, e in ae.head(top).iterrows():
                where = f" [member of {e['other_ring']}]" if e["other_ring"] else ""
                lines.append(f"  - {e['other']}{where}: evidence {float(e['weight']):.2f} ({_types_of(e, cols)})")
            near = ae[ae["other_ring"] != ""].groupby("other_ring")["weight"].agg(["size", "sum"])
            res = cm.get("resolution")
            obj = cm.get("objective", "CPM")
            if len(near):
                best = near.sort_values("sum", ascending=False).iloc[0]
                rid = near.sort_values("sum", ascending=False).index[0]
                rsize = int(run.rings.loc[run.rings["ring_id"] == rid, "size"].iloc[0])
                lines.append(f"Its strongest ring neighbour is {rid}: {int(best['size'])} of its {rsize} members, "
                             f"evidence {best['sum']:.2f}, i.e. {best['sum'] / rsize:.2f} per member.")
                if obj == "CPM" and res is not None:
                    lines.append(f"Community detection (CPM, resolution {res}) keeps an account in a ring only "
                                 f"when its evidence with the members is worth more than about {res} per member; "
                                 f"this account's ties fall short.")
                facts["nearest_ring"] = rid
            else:
                lines.append(f"None of its neighbours is in a ring; its group is smaller than the minimum ring "
                             f"size ({cm.get('min_ring_size', 3)}) or too loosely linked "
                             f"({obj}, resolution {res}).")
    return AccountExplanation(account_id=account_id, ring_id=ring_id, flagged=flagged, risk_score=risk,
                              text="\n".join(lines), facts=facts)


_REDACT = [
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "<email>"),
    (re.compile(r"https?://\S+|www\.\S+"), "<url>"),
    (re.compile(r"\b(?:sk|pk|api|key|tok)[-_][A-Za-z0-9_-]{8,}\b", re.I), "<key>"),
    (re.compile(r"\b[0-9a-fA-F]{16,}\b"), "<hex>"),
    (re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b"), "<ip>"),
    (re.compile(r"\b\d{3,}\b"), "<num>"),
]


def redact(text: str, max_chars: int = 160) -> str:
    """A short, redacted exemplar: emails, URLs, keys, long numbers and hex masked, then truncated."""
    t = str(text or "")
    for pat, rep in _REDACT:
        t = pat.sub(rep, t)
    t = " ".join(t.split())
    return t if len(t) <= max_chars else t[: max_chars - 1].rstrip() + "…"
