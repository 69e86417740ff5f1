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

import difflib
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._text import counted
from .activity import CORE_COLUMNS
from .config import ScoringConfig
from .errors import InputError
from .evidence import strongest_first
from .scoring import FEATURES, FIT_PARTS as _FIT_PARTS, REASON_CODES, unmeasured_level_of

__all__ = ["RunData", "load_run", "as_run", "explain_account", "explain_ring", "ring_facts", "explain_id", "AccountExplanation",
           "reason_phrase", "feature_contributions", "link_type_of", "redact", "close_ids"]

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
    "SHARED_WORKLOAD": "members share no infrastructure but do the same work: several prompt template families of "
                       "their own, each account at a large share of its daily limit",
    "DISCLOSED_ORG": "members openly declare the same organisation or share an academic e-mail domain (this lowers the score)",
    "ONE_EPISODE": "most of the members' requests fell within one two-day window, and the data go on for at least three "
                   "days after it: one event (a hackathon, a workshop, a benchmark run), not a sustained harvest (this "
                   "lowers the score)",
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
    #: every row of ``hubs.csv``: attributes not linked because they are hubs (``status`` "hub") or crowd
    #: addresses ("crowd"); ``hubs`` holds the hubs only
    ignored: pd.DataFrame | None = None
    #: ``incidence.parquet``: which account holds which attribute (None when the run has none)
    incidence: pd.DataFrame | None = None
    #: which links ``edges`` holds: "all", "rings" or a frozenset of account ids (see :func:`load_run`)
    edge_scope: Any = "all"
    #: SHA-256 of the run directory's run.json when it was read (None for a result in memory)
    run_digest: str | None = None
    _cache: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_result(cls, result: Any, name: str = "in-memory result", edges: Any = "all") -> "RunData":
        """The same tables from a :class:`~graphhunt.DetectionResult` in memory (no run directory needed).

        ``edges``: a set of account ids (or a function of the accounts and rings tables that returns one,
        as for :func:`load_run`) keeps only the links touching them (what an account explanation or the
        report reads); otherwise every link is kept.
        """
        info = dict(result.run_info)
        info.setdefault("config", result.config.to_dict())
        attrs = result.attributes
        hubs = _hubs_only(attrs.drop(columns=["attr"], errors="ignore"))
        ignored = _not_linked(attrs.drop(columns=["attr"], errors="ignore"))
        acc = result.accounts.copy()
        acc["ring_id"] = acc["ring_id"].fillna("").astype(str)
        acc["account_id"] = acc["account_id"].astype(str)
        scope = "all"
        if callable(edges) or isinstance(edges, (set, frozenset, list, tuple)):
            scope = _edge_ids(edges, acc, result.rings)
            e = _edges_touching(result, scope)
        else:
            e = result.edges
        return cls(path=Path(name), run=info, accounts=acc, rings=result.rings, edges=e, edge_scope=scope,
                   shared=result.shared, templates=result.templates, hubs=hubs,
                   timeline=getattr(result, "timeline", None), members=getattr(result, "members", None),
                   ignored=ignored, incidence=getattr(result, "incidence", None))

    def edges_for(self, account_id: str) -> "RunData":
        """This run with every link touching ``account_id`` loaded (itself when they already are)."""
        if self.edge_scope == "all" or (isinstance(self.edge_scope, frozenset) and account_id in self.edge_scope):
            return self
        from dataclasses import replace

        return replace(self, edges=_read_edges(self.path, {account_id}, False), edge_scope=frozenset({account_id}),
                       _cache={})

    @property
    def scoring(self) -> dict:
        """The run's scoring config, its ``requests_per_day_limit`` the limit the run used (the config's 0
        reads it from the data: run.json's ``daily_limit``), with ``daily_limit_source`` (config, inferred,
        default) beside it for the texts that name the limit."""
        sc = self.run.get("config", {}).get("scoring", {})
        lim = self.run.get("daily_limit") or {}
        return ({**sc, "requests_per_day_limit": int(lim["limit"]), "daily_limit_source": lim.get("source"),
                 "plan_daily_limits": {k: int(v["limit"]) for k, v in (lim.get("plans") or {}).items()},
                 "account_caps": dict((lim.get("account_caps") or {}).get("caps") or {})}
                if lim.get("limit") else sc)

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



#: what an analyst's review (graphhunt.reviews; accounts.csv's review column) means for the account
_REVIEW_TEXT = {
    "benign": "An analyst reviewed it as benign (the run's --reviews file), so it is not flagged whatever its risk; "
              "the evidence below is still what the data show.",
    "ring": "An analyst confirmed it as a ring account (the run's --reviews file); the review changes no flag.",
}

def _edges_touching(result: Any, ids: frozenset) -> pd.DataFrame:
    """The links of ``result`` that touch ``ids``, chosen on the account codes when the edges are still
    coded (a result's edge table is built lazily: materialising every id string of a large graph to
    explain one ring or account cost gigabytes)."""
    from .detector import LazyEdges

    lazy = getattr(result, "__dict__", {}).get("_edges")
    if isinstance(lazy, LazyEdges):
        acc_ids = np.asarray(lazy.account_ids).astype(str)
        codes = np.flatnonzero(np.isin(acc_ids, np.array(sorted(ids), dtype=str))) if ids else np.zeros(0, np.int64)
        c = lazy.coded
        hit = np.isin(c["src"].to_numpy(), codes) | np.isin(c["dst"].to_numpy(), codes)
        return LazyEdges(c[hit].reset_index(drop=True), lazy.account_ids).frame()
    e = result.edges
    keep = list(ids)
    return e[e["src"].astype(str).isin(keep) | e["dst"].astype(str).isin(keep)]


def _hubs_only(attrs: pd.DataFrame) -> pd.DataFrame:
    """Hubs among ignored attributes (``hubs.csv`` also lists crowd addresses since session 18)."""
    return attrs[attrs["status"] == "hub"] if "status" in attrs else attrs


def _not_linked(attrs: pd.DataFrame) -> pd.DataFrame:
    """Hubs and crowd addresses (all of ``hubs.csv``; a file before session 18 lists hubs only)."""
    if "status" not in attrs:
        return attrs.assign(status="hub")
    return attrs[attrs["status"].isin(["hub", "crowd"])]


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
    schema = pq.read_schema(f)
    ends = [c for c in ("src", "dst") if c in schema.names]
    # the account ids read as dictionaries (an id string per distinct account, not per link: 6.2M links of
    # 100k accounts read in 0.3 s instead of 1.7 s), matched on the dictionary, decoded for the kept rows only
    t = pq.read_table(f, read_dictionary=ends)
    if accounts is not None and len(ends) == 2:
        vals = pa.array(sorted(accounts), type=pa.string())

        def hit(col: str) -> pa.Array:
            c = t[col].combine_chunks() if t.num_rows else pa.array([], t.schema.field(col).type)
            in_dict = pc.is_in(pc.cast(c.dictionary, pa.string()), value_set=vals)
            return pc.fill_null(pc.take(in_dict, c.indices), False)

        t = t.filter(pc.and_(hit("src"), hit("dst")) if both else pc.or_(hit("src"), hit("dst")))
    for c in ends:  # back to the file's own string type: the same frame as a plain read
        t = t.set_column(t.schema.get_field_index(c), c, pc.cast(t[c], schema.field(c).type))
    return t.to_pandas()


def load_run(run_dir: str | Path, edges: Any = "all") -> RunData:
    """Read a run directory (and ``changes.csv`` when a refresh wrote one).

    Parameters
    ----------
    run_dir : str or Path
    edges : "all", "rings", a set of account ids, or a function
        Which links to load: all of them, only links between ring members (all
        the exports need), or links touching the given accounts (all an account
        explanation needs). A function gets the run's accounts and rings tables and
        returns the account ids (the report's: the members of the rings it details).
        Filtering happens in pyarrow, so a large run's edges.parquet is never
        materialised in pandas whole.
    """
    path = Path(run_dir)
    if not path.is_dir():
        raise InputError("not a directory", file=str(path), fix="pass the --out directory of `graphhunt detect`")
    from .sinks.files import run_digest

    for _ in range(5):  # edges.parquet is read after the rest: the same result's (another run may publish)
        run = _load_run(path, edges)
        if run_digest(path) == run.run_digest:
            return run
    raise InputError("the result in this directory kept changing while it was read (runs publishing into it)",
                     file=str(path), fix="read it when those runs have finished")


def _load_run(path: Path, edges: Any) -> RunData:
    from .sinks.files import read_result

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
    else:
        edges = _edge_ids(edges, acc, r["rings"])
        edges_df = _read_edges(path, set(edges), False)
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
                   ignored=_not_linked(r.get("hubs", empty(columns=["link_type", "attribute", "n_accounts", "status"]))),
                   incidence=r.get("incidence"),
                   timeline=r.get("timeline"), members=r.get("members"), changes=changes,
                   edge_scope=edges if isinstance(edges, str) else frozenset(str(a) for a in edges),
                   run_digest=r.get("run_digest"))


def members_of_rings(accounts: pd.DataFrame, ring_ids: Any) -> set[str]:
    """The account ids of the members of the rings ``ring_ids`` (an edge scope for :func:`load_run`)."""
    return set(accounts["account_id"][accounts["ring_id"].astype(str).isin(set(map(str, ring_ids)))].astype(str))


def _edge_ids(edges: Any, accounts: pd.DataFrame, rings: pd.DataFrame) -> frozenset:
    """The account ids of an ``edges`` scope that names them (a set, or a function of the tables)."""
    if callable(edges):
        edges = edges(accounts, rings)
    if not isinstance(edges, (set, frozenset, list, tuple)):
        raise ValueError(f"edges must be 'all', 'rings', a set of account ids or a function returning one, "
                         f"got {edges!r}")
    return frozenset(str(a) for a in edges)


def as_run(run: Any, edges: Any = "all") -> RunData:
    """A RunData from a RunData, a DetectionResult or a run directory."""
    if isinstance(run, RunData):
        return run
    if hasattr(run, "rings") and hasattr(run, "run_info"):
        return RunData.from_result(run, edges=edges)
    return load_run(run, edges=edges)


def feature_contributions(ring: pd.Series, weights: dict) -> list[tuple[str, str, float, float, float]]:
    """``(feature, reason_code, value, weight, contribution)``, largest contribution first."""
    out = []
    for k in FEATURES:
        v = float(ring.get(f"f_{k}", 0.0) or 0.0)
        w = float(weights.get(k, 0.0))
        out.append((k, REASON_CODES[k], v, w, v * w))
    return sorted(out, key=lambda t: (-t[4], t[0]))


#: plans' limits named in a ring's HIGH_VOLUME reason (the lowest ones; run.json's daily_limit.plans has them all)
PLANS_NAMED = 10


def plan_limits_text(plans: Mapping[str, int]) -> str:
    """The lowest :data:`PLANS_NAMED` plans' limits, ``free 40, dev 800 and 3 more plans`` (a column of up to
    1,000 plans read for limits made one line of every ring tens of thousands of characters)."""
    low = sorted(plans.items(), key=lambda kv: kv[1])
    return (", ".join(f"{k} {v:,}" for k, v in low[:PLANS_NAMED])
            + (f" and {len(low) - PLANS_NAMED:,} more plans" if len(low) > PLANS_NAMED else ""))


def reason_phrase(code: str, ring: pd.Series | None = None, scoring: dict | None = None,
                  population: Mapping[str, float] | None = None) -> str:
    """One reason code in plain words, with the ring's own number where there is one (and the population's
    level it was measured against, run.json's ``population``, where the run kept it)."""
    base = REASON_TEXT.get(code, code)
    if ring is None:
        return base
    g = ring.get
    try:
        if code == "SHARED_INFRASTRUCTURE" and pd.notna(g("infrastructure_pair_share")):
            return (f"{100 * float(g('infrastructure_pair_share')):.0f}% of member pairs share a payment method, "
                    "network infrastructure or one job schedule, not only prompt content")
        if code == "SHARED_WORKLOAD" and pd.notna(g("n_core_templates")) and pd.notna(g("median_utilization")):
            return (f"members share no infrastructure but do the same work: {int(g('n_core_templates'))} prompt "
                    f"template families of their own, the median member at {share_pct(float(g('median_utilization')))} of its "
                    "daily limit")
        if code == "TEMPLATE_CONCENTRATION" and pd.notna(g("template_event_share")):
            text = (f"{100 * float(g('template_event_share')):.0f}% of members' requests (of those with a logged prompt) "
                    "use the ring's own prompt templates")
            near, core = g("n_neighbourhood_templates"), g("n_core_templates")
            if pd.notna(near) and int(near) > 0 and pd.notna(core):
                # scoring.template_neighbourhood: a hydra's pieces own its families together
                text += (f"; {int(near)} of its {int(core)} families count as its own because most of their holders "
                         "are in the communities it shares infrastructure with")
            return text
        if code == "HIGH_VOLUME" and pd.notna(g("median_utilization")):
            lim = (scoring or {}).get("requests_per_day_limit")
            u = float(g("median_utilization"))
            pct = share_pct(u)
            read = ", as the data show it" if (scoring or {}).get("daily_limit_source") == "inferred" else ""
            plans = (scoring or {}).get("plan_daily_limits")
            caps = (scoring or {}).get("account_caps")
            if plans or caps:  # members with limits of their own: the share, not one limit's requests
                own = ([f"plans' limits: {plan_limits_text(plans)}"] if plans else []) + (["accounts refused at " + ", ".join(f"{int(k):,}" for k in sorted(caps, key=int))
                                             + " a day as their days show"] if caps else [])
                head = (f"the median member uses {pct} of its account's daily limit ({'; '.join(own)}; "
                        f"others {lim:,}/day{read})")
            elif lim:
                head = (f"the median member sends {u * lim:,.0f} requests per active day ({pct} of the per-account "
                        f"limit of {lim:,}/day{read})")
            else:
                head = f"the median member uses {pct} of the per-account limit"
            return (head
                    + (", many times the population's median daily use" if u < 0.3 else "")
                    + f"; on a day it is active the ring sends {worth_text(float(g('volume_accounts_worth')))} "
                      f"accounts' worth of the limit")
        if code == "REASONING_ELICITATION" and pd.notna(g("reasoning_rate")):
            null = (population or {}).get("reasoning")
            per_account = (scoring or {}).get("reasoning_baseline_per_account", True)
            return (reasoning_rate_text(float(g("reasoning_rate")), scoring or {})
                    + ("" if null is None else f", against {100 * float(null):.0f}% "
                       + ("for the average account" if per_account else "of all logged requests")))
        if code == "LONG_OUTPUTS" and pd.notna(g("median_output_tokens")):
            return f"median answer length {float(g('median_output_tokens')):,.0f} output tokens, far above typical use"
        if code == "CLIENT_HOMOGENEITY" and pd.notna(g("modal_user_agent_share")):
            return f"{100 * float(g('modal_user_agent_share')):.0f}% of members use the same client (user agent)"
        if code == "ONE_EPISODE" and pd.notna(g("episode_share")):
            return f"{100 * float(g('episode_share')):.0f}%" + base.removeprefix("most")  # "...% of the members' ..."
        if code == "RARE_DENSE_LINKS" and pd.notna(g("internal_density")):
            return (f"{100 * float(g('internal_density')):.0f}% of member pairs are linked, mean evidence "
                    f"{float(g('avg_pair_weight')):.2f} per pair")
    except (TypeError, ValueError):
        pass
    return base


def worth_text(v: float) -> str:
    """A limit-worth with sensible precision (0.04, 0.8, 12.3, 1,204), as the report prints it: one
    decimal made a ring at 0.04 accounts' worth read "0.0"."""
    return f"{v:,.2f}" if v < 1 else (f"{v:,.1f}" if v < 100 else f"{v:,.0f}")


def share_pct(u: float) -> str:
    """A share of the limit as a percentage, one decimal under 10 % (0.5 % is not '1%')."""
    return f"{100 * u:.1f}%" if 100 * u < 10 else f"{100 * u:.0f}%"


def reasoning_rate_text(rate: float, scoring: Mapping[str, Any]) -> str:
    """A ring's ``reasoning_rate`` in words: the members' mean rate (``scoring.reasoning_rate_per_member``, a
    run before session 61: the share of the ring's requests).

    >>> reasoning_rate_text(0.45, {})
    'the members ask for step-by-step reasoning in 45% of their logged requests (mean over members)'
    >>> reasoning_rate_text(0.45, {"reasoning_rate_per_member": False})
    '45% of requests (with a logged prompt) ask for step-by-step reasoning'
    """
    pct = f"{100 * rate:.0f}%"
    if scoring.get("reasoning_rate_per_member", True):
        return f"the members ask for step-by-step reasoning in {pct} of their logged requests (mean over members)"
    return f"{pct} of requests (with a logged prompt) ask for step-by-step reasoning"


def reasoning_note(r: Any, scoring: Mapping[str, Any]) -> str:
    """Why REASONING_ELICITATION can be low for a group that asks for reasoning in every request: with
    ``scoring.reasoning_needs_long_answers`` it counts at most twice LONG_OUTPUTS (``""`` when not capped)."""
    try:
        f_r, f_o = float(r.get("f_reasoning")), float(r.get("f_output_tokens"))
        rate, out = float(r.get("reasoning_rate")), float(r.get("median_output_tokens"))
    except (TypeError, ValueError):
        return ""
    if not scoring.get("reasoning_needs_long_answers") or not np.isfinite(out) or not np.isfinite(rate):
        return ""
    try:
        cap, r_out = float(r.get("reasoning_cap")), float(r.get("median_reasoning_output_tokens"))
    except (TypeError, ValueError):
        cap, r_out = np.nan, np.nan
    # (session 63) the cap read from the answers to the reasoning requests themselves; before, twice LONG_OUTPUTS
    own = bool(scoring.get("reasoning_answers_of_reasoning_requests")) and np.isfinite(cap) and np.isfinite(r_out)
    if rate <= 0 or f_r >= 1 or abs(f_r - (cap if own else 2 * f_o)) > 1e-9:
        return ""
    if own:
        return (f"Note: {reasoning_rate_text(rate, scoring)}, but the answers to those requests are short (median "
                f"{r_out:,.0f} output tokens), so REASONING_ELICITATION counts at {f_r:.2f}: a distiller keeps the "
                "reasoning in the answers (scoring.reasoning_needs_long_answers).")
    return (f"Note: {reasoning_rate_text(rate, scoring)}, but the answers are short (median {out:,.0f} output "
            f"tokens), so REASONING_ELICITATION counts at {f_r:.2f}, twice LONG_OUTPUTS: a distiller keeps the "
            "reasoning in the answers (scoring.reasoning_needs_long_answers).")


def org_note(r: Any) -> str:
    """Why SHARED_INFRASTRUCTURE can be 0 for members who plainly share addresses: pairs inside a declared
    organisation, and pairs that organisations explain, do not count (``""`` when neither applies)."""
    def share(col: str) -> float:
        try:
            return float(r.get(col, 0) or 0)
        except (TypeError, ValueError):
            return 0.0

    d = share("f_disclosed_org")
    explained = share("org_explained_pair_share")  # absent in runs before session 32
    if d > 0:
        return (f"Note: {100 * d:.0f}% of members declare the same org_id (or share an academic e-mail domain). "
                "Cards and networks shared by member pairs inside a declared organisation do not count as "
                "SHARED_INFRASTRUCTURE (an office or a corporate card explains them), nor, when more than half of "
                "the members are one organisation, those it shares with members that give no affiliation at all "
                "(no org_id, webmail), so that feature can be 0 "
                "although members share addresses (see below).")
    if explained > 0:
        return (f"Note: {100 * explained:.0f}% of the member pairs that share cards or networks are explained by "
                "organisations (each member in a declared organisation or an academic e-mail domain of several "
                "accounts; two members with different e-mail domains of their own: one vendor running its "
                "customers' accounts; or two members of one e-mail domain that is mostly the group's, who "
                "signed up apart: one team) and do not count as SHARED_INFRASTRUCTURE (see below).")
    return ""


#: how an attribute that links no one is marked in "What members share" (the same words as the report)
NOT_LINKED = {"hub": "  [hub: too common, not linked]", "crowd": "  [crowd: busy network, not linked]"}


def shared_listing(sh: pd.DataFrame, per_type: int = 5) -> tuple[pd.DataFrame, str]:
    """The rows of one ring's ``shared.csv`` to list, and the note on what was cut.

    The strongest ``per_type`` rows of *every* link type present (strongest first across types), so a
    ring's card or templates are never hidden behind its IPs. The note (``""`` when nothing was cut)
    counts exactly what is listed against what the ring's members share of that type (``shared_of_type``:
    shared.csv itself keeps a few per type).
    """
    if not len(sh):
        return sh, ""
    per_type = max(int(per_type), 1)
    sh = strongest_first(sh)
    shown = sh[sh.groupby("link_type", sort=False).cumcount() < per_type]
    n_shown = shown.groupby("link_type", sort=True).size()
    total = sh.groupby("link_type", sort=True).size()
    if "shared_of_type" in sh:
        total = np.maximum(total, sh.groupby("link_type", sort=True)["shared_of_type"].max().fillna(0).astype(int))
    cut = [(t, int(n_shown[t]), int(total[t])) for t in total.index if int(total[t]) > int(n_shown[t])]
    if not cut:
        return shown, ""
    return shown, (f"; at most {per_type} per link type, so listed: "
                   + ", ".join(f"{t} {n} of {of}" for t, n, of in cut))


def _check_top(top: Any) -> None:
    """``top`` is a count of at least 1 (0 and -1 listed one attribute per link type, as 1 does)."""
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1:
        raise ValueError(f"top must be a whole number of at least 1, got {top!r}")


def ring_facts(run: Any, ring_id: str) -> dict:
    """The facts behind :func:`explain_ring`, for ``graphhunt explain --json``: the ring's row of rings.csv
    (features ``f_*``, measurements, evidence columns; empty values as None), the threshold, and its
    members (``account_id``, ``flagged``, ``risk_score``, ``fit``, ``reasons``), riskiest first."""
    run, ring_id, row = _ring_row(run, ring_id)
    facts: dict[str, Any] = {k: _plain(v) for k, v in row.items()}
    facts["threshold"] = run.scoring.get("threshold", 0.5)
    acc = run.accounts[run.accounts["ring_id"].astype(str) == ring_id]
    cols = [c for c in ("account_id", "flagged", "risk_score", "fit", "reasons") if c in acc.columns]
    acc = acc[cols].sort_values("risk_score", ascending=False) if "risk_score" in cols else acc[cols]
    facts["members"] = [{k: _plain(v) for k, v in r.items()} for r in acc.to_dict("records")]
    return facts


def _ring_row(run: Any, ring_id: str) -> tuple[RunData, str, pd.Series]:
    """The run's tables, the trimmed ring id and its row of rings.csv (an InputError naming rings.csv if none)."""
    run = as_run(run, edges=set())
    ring_id = str(ring_id).strip()
    hit = run.rings[run.rings["ring_id"] == ring_id]
    if hit.empty:
        raise InputError(f"no ring {ring_id!r} in this run", file=str(run.path / "rings.csv"),
                         fix="pick a ring_id from rings.csv")
    return run, ring_id, hit.iloc[0]


def _plain(v: Any) -> Any:
    """A table value as a JSON-friendly Python value: numpy scalars unwrapped, missing values None."""
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return v.item() if hasattr(v, "item") else v


def explain_ring(run: Any, ring_id: str, top: int = 5) -> str:
    """Why a ring scored what it did, in plain words, from a run directory.

    ``top``: what members share is listed with at most this many attributes per link type.
    """
    _check_top(top)
    run, ring_id, r = _ring_row(run, ring_id)
    sc = run.scoring
    thr = sc.get("threshold", 0.5)
    lines = [f"{ring_id}: {counted(r['size'], 'account')}, ring risk {float(r['risk_score']):.2f} - "
             f"{'FLAGGED' if bool(r['flagged']) else 'not flagged'} (threshold {thr})."]
    nb, nr = (int(r[c]) if c in r and pd.notna(r[c]) else 0 for c in ("reviewed_benign", "reviewed_ring"))
    if nb or nr:  # (graphhunt.reviews: runs given --reviews)
        lines.append(f"Analysts' reviews: {counted(nb, 'member')} reviewed benign, {nr} confirmed as ring accounts"
                     + (" - no flagged member is left unreviewed, so the ring is not flagged."
                        if str(r.get("held_back_by", "")) == "review" else "."))
    u = float(r.get("evidence_unmeasured", 0.0) or 0.0)  # absent in runs before session 14
    if u > 0:
        missing = ", ".join(REASON_CODES.get(k, k) for k in run.run.get("unmeasured_features", []))
        lines.append(f"Evidence sum {float(r['evidence_sum']):.2f} + {u:.4g} for metadata this input does not have "
                     f"({missing}; each counted at {unmeasured_level_of(sc):.3g} of its weight) against a midpoint "
                     f"of {sc.get('midpoint', '?')} "
                     "(risk = 1 / (1 + exp(-slope x (sum + unmeasured - midpoint)))); each feature is 0..1, times its weight:")
    else:
        lines.append(f"Evidence sum {float(r['evidence_sum']):.2f} against a midpoint of {sc.get('midpoint', '?')} "
                     "(risk = 1 / (1 + exp(-slope x (sum - midpoint)))); each feature is 0..1, times its weight:")
    for k, code, v, w, c in feature_contributions(r, sc.get("weights", {})):
        mark = "*" if v >= 0.5 else " "
        c = c + 0.0 if round(c, 2) != 0 else 0.0  # 0 x -3.00 prints 0.00, not -0.00
        lines.append(f"  {mark} {code:<23} {v:4.2f} x {w:4.2f} = {c:4.2f}   {reason_phrase(code, r, sc, run.run.get('population')) if v >= 0.5 else ''}".rstrip())
    lines.append("  (* = a reason code: feature at least 0.50)")
    unmeasured_h = run.run.get("harvest_unmeasured", run.run.get("unmeasured_features", []))
    idle = no_requests_note(r)
    notes = ([idle] if idle else
             [harvest_note(r, sc, unmeasured_h), reasoning_activity_note(r, sc, unmeasured_h),
              scripted_note(r, sc, unmeasured_h), operator_note(r, sc), activity_note(r, sc), reasoning_note(r, sc)])
    lines.extend(note for note in notes + [org_note(r)] if note)
    sh = run.shared[run.shared["ring_id"] == ring_id] if "ring_id" in run.shared else run.shared.iloc[0:0]
    if len(sh):
        sh, cut = shared_listing(sh, top)
        lines.append("What members share, strongest first: held by most members, fewest accounts overall "
                     f"(m of the ring's members / k accounts overall){cut}:")
        for _, s in sh.iterrows():
            hub = NOT_LINKED.get(s.get("status"), "")
            lines.append(f"  {s['link_type']:<10} {s['attribute']}  {int(s['members'])}/{int(s['n_accounts'])}  "
                         f"weight {float(s['weight']):.2f}{hub}")
    return "\n".join(lines)


def no_requests_note(r: Mapping[str, Any]) -> str:
    """The sentence for a ring whose members sent no request in the log ('' otherwise): the notes on its
    harvest, operator and activity would speak of requests it never sent ("its members send about what ordinary
    accounts send, at human hours").

    >>> no_requests_note({"n_events": 0})[:56]
    'Its members sent no requests in this log: they are only '
    >>> no_requests_note({"n_events": 12})
    ''
    """
    n = r.get("n_events")
    if n is None or n != n or int(n) > 0:
        return ""
    risk = r.get("risk_score")
    zero = risk is not None and risk == risk and float(risk) == 0.0
    return ("Its members sent no requests in this log: they are only in the accounts file, tied by what they share "
            "there, so no request shows harvesting or activity"
            + (", and the risk is 0 until they send some (scoring.min_activity)." if zero else "."))


def harvest_note(r: Mapping[str, Any], scoring: Mapping[str, Any], unmeasured: list) -> str:
    """The sentence saying that the harvest floor scaled a ring's risk down ('' when it did not, and for runs
    written before session 24, which have no ``harvest_evidence``)."""
    from .scoring import harvest_level_of, scaled_harvest_floor

    h = r.get("harvest_evidence")
    level = harvest_level_of(scoring, unmeasured or [])
    floor = scaled_harvest_floor(float(scoring.get("min_harvest_behaviour", 0.0) or 0.0),
                                 scoring.get("weights", {}) or {}, unmeasured or [], level)
    if h is None or h != h or floor <= 0 or float(h) >= floor:
        return ""
    # (session 53) say when answers the input does not log counted nothing, so a reader does not take the low
    # sum for short answers
    blind = (f" This input has no answer lengths (no output_tokens column), and answers nobody measured count "
             f"{'nothing' if level == 0 else f'{level:.2g} of their weight'} here "
             f"(scoring.harvest_unmeasured_level)"
             + (", or as far as its members are both scripted and busy (machine timing x volume: "
                "scoring.harvest_unmeasured_scripted)" if scoring.get("harvest_unmeasured_scripted") else "")
             + ".") if "output_tokens" in (unmeasured or []) else ""
    return (f"Its members show little harvesting behaviour (reasoning + output length, plus volume + timing up "
            f"to that or to their use of the daily limit: {float(h):.3f}, under the {floor:.3g} a ring needs: "
            f"scoring.min_harvest_behaviour), so the "
            f"risk is the logistic score times {float(h) / floor:.3f}.{blind}")


def reasoning_activity_note(r: Mapping[str, Any], scoring: Mapping[str, Any], unmeasured: list) -> str:
    """The sentence saying that a ring's reasoning requests counted in its harvest evidence only up to its
    activity, the input having no answer lengths (``scoring.reasoning_unmeasured_needs_activity``; '' when the
    rule is off, the input logs answer lengths, or the ring is at least as busy as it asks for reasoning).

    >>> r = {"f_reasoning": 1.0, "f_volume": 0.3, "f_machine_timing": 0.0}
    >>> note = reasoning_activity_note(r, {"reasoning_unmeasured_needs_activity": True}, ["output_tokens"])
    >>> note[note.index("(reasoning"):note.index(")", note.index("(reasoning")) + 1]
    '(reasoning 1.00, activity 0.30)'
    >>> reasoning_activity_note(r, {"reasoning_unmeasured_needs_activity": True}, [])
    ''
    """
    if not scoring.get("reasoning_unmeasured_needs_activity") or "output_tokens" not in (unmeasured or []):
        return ""
    try:
        rsn = float(r.get("f_reasoning"))
        act = max(float(r.get("f_volume")), float(r.get("f_machine_timing")))
    except (TypeError, ValueError):
        return ""
    if not rsn > act:
        return ""
    return (f"This input has no answer lengths (no output_tokens column), so its requests for reasoning count in "
            f"its harvest evidence only as far as its members are busy (reasoning {rsn:.2f}, activity {act:.2f}): "
            "a distiller needs many reasoning answers (scoring.reasoning_unmeasured_needs_activity).")


def scripted_note(r: Mapping[str, Any], scoring: Mapping[str, Any], unmeasured: list) -> str:
    """The sentence saying that answers the input does not log counted in a ring's harvest evidence because its
    members are scripted and busy (``scoring.harvest_unmeasured_scripted``; '' when the rule is off, the input
    logs answer lengths, or the group is less scripted and busy than the configured level).

    >>> r = {"f_machine_timing": 1.0, "f_volume": 0.9, "harvest_evidence": 0.9}
    >>> note = scripted_note(r, {"harvest_unmeasured_scripted": True, "harvest_unmeasured_level": 0.0}, ["output_tokens"])
    >>> note[note.index("(machine"):note.index(", so")]
    '(machine timing 1.00 x volume 0.90 = 0.90)'
    >>> scripted_note(r, {"harvest_unmeasured_scripted": True}, [])
    ''
    """
    from .scoring import harvest_level_of, scripted_activity, scripted_rule_applies

    if not scripted_rule_applies(scoring.get("harvest_unmeasured_scripted", False), unmeasured or []):
        return ""
    try:
        mt, vol, h = float(r.get("f_machine_timing")), float(r.get("f_volume")), float(r.get("harvest_evidence"))
    except (TypeError, ValueError):
        return ""
    both = float(scripted_activity({"f_machine_timing": mt, "f_volume": vol}))
    if not both > harvest_level_of(scoring, unmeasured or []):
        return ""
    blind = " and ".join(text for k, text in (("output_tokens", "no answer lengths (no output_tokens column)"),
                                              ("reasoning", "no logged prompt"))
                         if k in (unmeasured or []))
    return (f"This input has {blind}; the members are both scripted and busy "
            f"(machine timing {mt:.2f} x volume {vol:.2f} = {both:.2f}), so the answers nobody measured count "
            f"{both:.2f} of their weight in the cap on its activity: harvest evidence {h:.3f} "
            "(scoring.harvest_unmeasured_scripted).")


def operator_note(r: Mapping[str, Any], scoring: Mapping[str, Any]) -> str:
    """The sentence saying that the operator-behaviour floor scaled a ring's risk down ('' when it did not, and
    for runs written before session 51, which have no ``operator_behaviour``)."""
    under = _under_floor(r, "operator_behaviour", scoring, "min_operator_behaviour")
    if under is None:
        return ""
    o, floor = under
    return (f"Nothing in how its members behave shows one operator (the largest of template concentration, "
            f"reasoning requests, machine timing and burst sign-up is {o:.2f}, under the {floor:.3g} a ring "
            f"needs: scoring.min_operator_behaviour): accounts that share infrastructure but ask for different "
            f"things at human hours are a team on one network and card, so the risk is scaled by "
            f"{o / floor:.3f}.")


def _under_floor(r: Mapping[str, Any], column: str, scoring: Mapping[str, Any], setting: str) -> tuple[float, float] | None:
    """``(value, floor)`` when a ring's ``column`` is under the floor ``scoring[setting]`` (None when it is not,
    when the floor is off, and for runs written before the column existed)."""
    v = r.get(column)
    floor = float(scoring.get(setting, 0.0) or 0.0)
    if v is None or v != v or floor <= 0 or float(v) >= floor:
        return None
    return float(v), floor


def activity_note(r: Mapping[str, Any], scoring: Mapping[str, Any]) -> str:
    """The sentence saying that the activity floor scaled a ring's risk down ('' when it did not, and for runs
    written before session 58, which have no ``activity``)."""
    under = _under_floor(r, "activity", scoring, "min_activity")
    if under is None:
        return ""
    a, floor = under
    return (f"Its members send about what ordinary accounts send, at human hours (activity, the larger of volume "
            f"and machine timing, is {a:.2f}, under the {floor:.3g} a ring needs: scoring.min_activity): a "
            f"group that harvests nothing at scale, whatever it asks, so the risk is scaled by {a / floor:.3f}.")


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


#: what each ring-forming step after Leiden keeps (rings.csv ``formed_by``; "leiden" is Leiden with the
#: template refinement)
FORMED_BY_TEXT = {
    "dense_core": "the dense-core search cut it out of a larger, looser community, keeping only the dense core "
                  "(members tied to each other far more strongly than the community's average)",
    "behaviour_split": "the behaviour split cut it out of a larger community, keeping only the members whose own "
                       "behaviour (volume, chain-of-thought, output length, timing) sets them apart",
    "weak_members": "it was formed from the weakly fitting members of a flagged group (all of them, or a dense core "
                    "of them), scored as a group of their own (only members of that group could join it)",
}

#: link types in words: (one, several)
_TYPE_WORDS = {
    "payment": ("payment method", "payment methods"), "ip": ("IP address", "IP addresses"),
    "ip_window": ("IP-hour", "IP-hours"), "network": ("network", "networks"),
    "template": ("prompt template", "prompt templates"), "schedule": ("job schedule", "job schedules"),
}


def close_ids(ident: str, ids: Any, n: int = 5, cutoff: float = 0.8) -> list[str]:
    """Ids that look like a mistyped ``ident`` (difflib similarity at least ``cutoff``), closest first.

    ``[]`` when none is that close: ids that merely share a prefix such as ``acct_`` are not suggested.
    An id that differs only in case (ids are case-sensitive: ``ACCT_1A2B`` from a spreadsheet) comes first,
    and ``ring-7`` suggests ``ring-0007`` (or ``ring-000007``, refresh's numbering).
    """
    ident = str(ident).strip()
    if not ident:
        return []
    all_ids = list(map(str, ids))
    key = ident.casefold()
    first = [i for i in all_ids if i != ident and i.casefold() == key]
    num = re.fullmatch(r"ring-0*(\d+)", key)
    if num:
        first += [i for i in all_ids if i != ident and i not in first and re.fullmatch(rf"ring-0*{num.group(1)}", i.casefold())]
    slack = max(2, len(ident) // 5)
    cands = [i for i in all_ids if abs(len(i) - len(ident)) <= slack and i not in first]
    return (first + difflib.get_close_matches(ident, cands, n=n, cutoff=cutoff))[:n]


def explain_id(run: Any, ident: str, top: int = 5) -> tuple[str, Any]:
    """A ring's or an account's explanation, whichever ``ident`` names (an account id wins a tie).

    Returns ``("ring", text)`` or ``("account", AccountExplanation)``; what ``graphhunt explain`` prints
    and :meth:`graphhunt.DetectionResult.explain` returns. Leading and trailing spaces are ignored (ids
    are trimmed on load). Raises :class:`~graphhunt.errors.InputError` for an id the run does not hold.
    """
    ident = str(ident).strip()
    run = as_run(run, edges={ident})
    is_account = bool((run.accounts["account_id"] == ident).any())
    if not is_account and ident.lower().startswith("ring-") and not (run.rings["ring_id"] == ident).any():
        ident = ident.lower()  # RING-0002 (a spreadsheet's upper case) is ring-0002
    if not is_account and bool((run.rings["ring_id"] == ident).any()):
        return "ring", explain_ring(run, ident, top=top)
    if not is_account and ident.startswith("ring-"):
        close = close_ids(ident, run.rings["ring_id"])
        raise InputError(f"{ident!r} is neither a ring nor an account of this run", file=str(run.path),
                         fix="pick a ring id from rings.csv or an account id from accounts.csv"
                             + (f" (similar: {', '.join(close)})" if close else ""))
    return "account", explain_account(run, ident, top=top)


def _n_events(run: RunData, account_id: str) -> int | None:
    """The account's requests in the log (members.parquet; None when unknown)."""
    m = run.members
    if m is None or not len(m) or "n_events" not in m:
        return None
    hit = m.loc[m["account_id"].astype(str) == account_id, "n_events"]
    return int(hit.iloc[0]) if len(hit) else None


def _has_events(run: RunData, account_id: str) -> bool | None:
    """Whether the account sent any request in the run's log; None when the run cannot tell.

    A result in memory has every account's ``n_events``, ``members.parquet`` a ring member's. A run
    directory's other accounts are told by ``incidence.parquet``: only events give an attribute a
    first/last-seen time (a payment method from the accounts file has none), so when the accounts with
    such a dated attribute are exactly as many as ``counts.accounts_with_events`` in run.json, an account
    without one sent no request.
    """
    acc = run.accounts
    if "n_events" in acc:
        hit = acc.loc[acc["account_id"] == account_id, "n_events"]
        if len(hit) and pd.notna(hit.iloc[0]):
            return int(hit.iloc[0]) > 0
    n = _n_events(run, account_id)
    if n is not None:
        return n > 0
    with_events = (run.run.get("counts") or {}).get("accounts_with_events")
    inc = run.incidence
    if with_events is None or inc is None or "first_seen" not in inc:
        return None
    dated = inc.loc[inc["first_seen"].notna(), "account_id"].astype(str)
    if dated.nunique() != int(with_events):
        return None  # (an account with requests but none that carries a linking attribute)
    return bool((dated == account_id).any())


def _no_link_lines(run: RunData, account_id: str, facts: dict) -> list[str]:
    """Why an account has no link at all: it shares nothing, or only hubs and crowd addresses."""
    ign = run.ignored if run.ignored is not None else run.hubs.assign(status="hub")
    status = ign["status"] if "status" in ign else pd.Series("hub", index=ign.index)
    n_hub, n_crowd = int((status == "hub").sum()), int((status == "crowd").sum())
    tally = " and ".join(t for t in (f"{n_hub} hub{'s' if n_hub != 1 else ''}" if n_hub else "",
                                     f"{n_crowd} crowd address{'es' if n_crowd != 1 else ''}" if n_crowd else "")
                         if t)
    note = (" Attributes held by too many accounts (hubs) and addresses on too busy networks (crowd addresses) "
            f"carry no weight and link no one ({tally} in this run, see hubs.csv)." if tally else "")
    none = "It shares no linking evidence (payment method, IP, network, prompt template, schedule) with any other account"
    inc = run.incidence
    if inc is None or not len(inc):
        return [f"It has no link to any other account: nothing it holds (payment method, IP, network, prompt "
                f"template, schedule) ties it to anyone with any weight.{note}"]
    ids = inc["account_id"].astype(str)
    mine = inc.loc[ids == account_id, ["link_type", "attribute"]].drop_duplicates()
    if not len(mine):
        return [f"{none} (it holds none of these attributes).{note}"]
    holders = inc[inc["attribute"].isin(set(mine["attribute"]))][["account_id", "link_type", "attribute"]]
    holders = holders.merge(mine, on=["link_type", "attribute"])
    others = holders[holders["account_id"].astype(str) != account_id]
    if not len(others):
        return [f"{none}: no other account holds any of its attributes.{note}"]
    st = ign.assign(status=status)[["link_type", "attribute", "status"]].drop_duplicates(["link_type", "attribute"])
    others = others.merge(st, on=["link_type", "attribute"], how="left")
    others["status"] = others["status"].fillna("linked")
    n_all = int(others["account_id"].nunique())
    parts, other_parts = [], []
    for (t, stt), g in others.groupby(["link_type", "status"], sort=True):
        n_attr, k = int(g["attribute"].nunique()), int(g["account_id"].nunique())
        what = {"hub": ("a hub", "hubs"), "crowd": ("a crowd address", "crowd addresses")}.get(stt)
        one, many = _TYPE_WORDS.get(t, (f"{t} attribute", f"{t} attributes"))
        txt = (f"its {one}" if n_attr == 1 else f"its {n_attr} {many}")
        txt += (f" ({what[0] if n_attr == 1 else what[1]})" if what else "")
        txt += f" {'is' if n_attr == 1 else 'are'} held by {k:,} other account{'s' if k != 1 else ''}"
        (parts if what else other_parts).append(txt)
    facts["shared_not_linked_accounts"] = n_all
    lines = []
    if parts:
        lines.append(f"It shares attributes with {n_all:,} other account{'s' if n_all != 1 else ''}, but "
                     + ("only " if not other_parts else "")
                     + "hub or crowd attributes that carry no weight and link no one: " + "; ".join(parts) + ".")
    if other_parts:
        lines.append("It also shares other attributes: " + "; ".join(other_parts) + "; yet no link with weight "
                     "came of them.")
    lines.append(f"Apart from these it {none[3:].lstrip()}.{note}" if parts else f"{none}.{note}")
    return lines


def _why_outside(run: RunData, ae: pd.DataFrame, cols: list[str], facts: dict) -> list[str]:
    """Why a linked account is in no ring: the comparison the pipeline applied, or the step that decided."""
    cm = run.communities
    res = cm.get("resolution")
    obj = cm.get("objective", "CPM")
    min_size = int(cm.get("min_ring_size", 3))
    cpm = obj == "CPM" and res is not None
    near = ae[ae["other_ring"] != ""].groupby("other_ring")["weight"].agg(["size", "sum"])
    if not len(near):
        return [f"None of its neighbours is in a ring; its group is smaller than the minimum ring size "
                f"({min_size}) or too loosely linked ({obj}, resolution {res})."]
    near = near.sort_values("sum", ascending=False, kind="stable")
    rid = str(near.index[0])
    n_linked, ev = int(near.iloc[0]["size"]), float(near.iloc[0]["sum"])
    ring = run.rings[run.rings["ring_id"] == rid].iloc[0]
    rsize = int(ring["size"])
    per = ev / rsize
    formed = str(ring.get("formed_by", "") or "")
    facts["nearest_ring"] = rid
    lines = [f"Its strongest ring neighbour is {rid}: linked to {n_linked} of its {counted(rsize, 'member')}, evidence "
             f"{ev:.2f}, i.e. {per:.2f} per member."]
    if cpm and per <= float(res):
        facts["why_outside"] = "below_resolution"
        lines.append(f"Community detection (CPM, resolution {res}) keeps an account in a group only when its "
                     f"evidence with the members is worth more than {res} per member; this account's "
                     f"{per:.2f} per member falls short.")
        if formed in FORMED_BY_TEXT:
            lines.append(f"({rid} was then narrowed further: {FORMED_BY_TEXT[formed]}.)")
        return lines
    if formed in FORMED_BY_TEXT:
        facts["why_outside"] = formed
        txt = f"{rid} is not a whole community: {FORMED_BY_TEXT[formed]} (formed_by = {formed} in rings.csv)."
        own = float(ring.get("avg_pair_weight", np.nan))
        if formed == "dense_core" and np.isfinite(own) and own > per:
            txt += (f" Its members share {own:.2f} evidence per member pair; this account's {per:.2f} per member "
                    "is below that, so it is not part of the core")
            txt += (f" (its ties are above community detection's resolution of {res} per member: that comparison "
                    "is not what keeps it out)." if cpm else ".")
        lines.append(txt)
        return lines
    if not cpm:
        facts["why_outside"] = "partition"
        lines.append(f"Community detection ({obj}, resolution {res}) did not place it in {rid}: the partition "
                     "it settled on scores better with this account elsewhere.")
        return lines
    res = float(res)
    gain_ring = ev - res * rsize
    loose = ae[ae["other_ring"] == ""]
    if len(loose) and float(loose.iloc[0]["weight"]) - res > gain_ring:
        e = loose.iloc[0]
        w = float(e["weight"])
        facts["why_outside"] = "tie_outside_rings"
        facts["strongest_tie_outside_rings"] = str(e["other"])
        lines.append(f"Its strongest tie is to {e['other']}, which is in no ring (evidence {w:.2f}: "
                     f"{_types_of(e, cols)}). Community detection (CPM, resolution {res}) counts the evidence "
                     f"with a group minus {res} per account in it: with {e['other']} that is {w:.2f} - {res} = "
                     f"{w - res:.2f}, with {rid} {ev:.2f} - {res} x {rsize} = {gain_ring:.2f}. By that measure "
                     f"staying with {e['other']} is worth more than joining {rid}; it is left in a group below "
                     f"the minimum ring size ({min_size}), which is no ring.")
        return lines
    facts["why_outside"] = "partition"
    it = cm.get("n_iterations")
    lines.append(f"Its ties to {rid} are worth more than community detection's resolution ({res} per member): by "
                 f"CPM's measure joining {rid} would gain {ev:.2f} - {res} x {rsize} = {gain_ring:.2f}, so that "
                 "comparison is not what keeps it out. Leiden "
                 + (f"stops after a fixed number of iterations (communities.n_iterations = {it}) and "
                    if it is not None and int(it) > 0 else "")
                 + "optimises the whole partition, not one account at a time, and can leave an account where a "
                   f"single move would still gain; it left this one in a group below the minimum ring size "
                   f"({min_size}), which is no ring.")
    return lines


#: what the lowest of them says about a weak member (README, "Reading a ring's evidence")
_FIT_SHORT = {
    "tie": "its ties fall short: its links to the members, or its use of the ring's templates, are weak next to "
           "the median member's",
    "behaviour": "its behaviour falls short: on its own it shows little of the ring's behavioural evidence "
                 "(templates, volume, reasoning, output length, timing), so it is tied to the ring without "
                 "behaving like it",
    "infrastructure": "its infrastructure falls short: it shares payment, network or schedule evidence with few of "
                      "its ring-mates next to how many the ring's pairs share, so it behaves like the ring without "
                      "being on its infrastructure",
}


def _returned_core_lines(core: dict[str, Any], gap: float, flagged: bool) -> list[str]:
    """What an account of a dense core sent back to its crowd is told (members.parquet's core_* columns)."""
    share = core["core_template_share"]
    work = (f"{float(share):.0%} of the rest's template-measured requests are in the core's template families"
            if pd.notna(share) else "no prompts to compare, so harvesting alone decided")
    lines = [f"Its dense core of {counted(core['core_size'], 'account')} first scored as a ring (risk "
             f"{float(core['core_risk']):.2f}), then went back to the rest of its community: it harvests no more "
             f"than the rest (harvest evidence {float(core['core_harvest']):.2f} against "
             f"{float(core['crowd_harvest']):.2f}; a ring hiding in a crowd stands at least {gap:g} above it) "
             f"and does the same work ({work}): the densest corner of a group doing one job, so it is judged "
             "with the whole group (communities.core_harvest_gap)."]
    if flagged:
        lines.append("  It is flagged all the same: its own behaviour or its ring below set it apart again.")
    return lines


def explain_account(run: Any, account_id: str, top: int = 5) -> AccountExplanation:
    """Why ``account_id`` is (or is not) in a ring, with the evidence and its weights.

    Parameters
    ----------
    run : RunData, DetectionResult or path
        A run directory, its loaded tables (:func:`load_run`) or a result in memory.
    account_id : str
        Leading and trailing spaces are ignored (ids are trimmed on load).
    top : int
        How many strongest ties to list (and shared attributes per link type for its ring).

    Raises
    ------
    InputError
        When the account is not in the run's accounts.csv.
    """
    _check_top(top)
    account_id = str(account_id).strip()
    run = as_run(run, edges={account_id})
    acc = run.accounts
    hit = acc[acc["account_id"] == account_id]
    if hit.empty:
        close = close_ids(account_id, acc["account_id"])
        raise InputError(f"account {account_id!r} is not in this run", file=str(run.path / "accounts.csv"),
                         fix="check the id" + (f" (similar: {', '.join(close)})" if close else ""))
    a = hit.iloc[0]
    run = run.edges_for(account_id)
    ring_id = str(a["ring_id"] or "")
    risk = float(a["risk_score"])
    flagged = bool(a["flagged"])
    sc = run.scoring
    thr = sc.get("threshold", 0.5)
    cols = run.link_columns
    ae = _account_edges(run, account_id)
    facts: dict[str, Any] = {"account_id": account_id, "ring_id": ring_id, "risk_score": risk, "flagged": flagged,
                             "n_links": int(len(ae)), "reasons": a["reasons"]}
    review = str(a["review"]) if "review" in a and pd.notna(a["review"]) else ""
    lines = []
    if review:
        facts["review"] = review
    if ring_id:
        r = run.rings[run.rings["ring_id"] == ring_id].iloc[0]
        size = int(r["size"])
        inside = ae[ae["other_ring"] == ring_id]
        fit = None
        parts: dict[str, float] = {}
        core: dict[str, Any] = {}
        floor = float(sc.get("member_fit_floor", ScoringConfig.member_fit_floor))
        if run.members is not None and len(run.members):
            m = run.members[run.members["account_id"] == account_id]
            if len(m):
                fit = float(m.iloc[0]["fit"])
                if "fit_floor" in m:  # runs before session 10 had the absolute floor only
                    floor = float(m.iloc[0]["fit_floor"])
                # the three values whose smallest is the fit (runs before session 54 kept the fit only)
                parts = {c[:-4]: float(m.iloc[0][c]) for c in _FIT_PARTS if c in m and pd.notna(m.iloc[0][c])}
                if "core_size" in m and pd.notna(m.iloc[0]["core_size"]):  # runs before session 55 lack it
                    core = {c: m.iloc[0][c] for c in CORE_COLUMNS}
        verdict = "FLAGGED" if flagged else "not flagged"
        lines.append(f"{account_id} is a member of {ring_id} ({counted(size, 'account')}) and is {verdict}: "
                     f"account risk {risk:.2f} (threshold {thr}).")
        if review:
            lines.append(_REVIEW_TEXT[review])
        n_ev = _n_events(run, account_id)
        if n_ev is not None:
            facts["n_events"] = n_ev
        if n_ev == 0:
            by = ([f"{_TYPE_WORDS.get(c[2:], (c[2:],))[0]} (shared with {counted(inside[c].gt(0).sum(), 'member')})"
                   for c in sorted(cols, key=lambda c: -float(inside[c].sum())) if float(inside[c].sum()) > 0]
                  if len(inside) and cols else [])
            lines.append("It sent no requests in this log (it appears only in the accounts file); it is tied to "
                         "the ring by " + (", ".join(by) if by else "what it shares with the members")
                         + ", not by anything it did.")
        if core:
            lines += _returned_core_lines(core, float(run.communities.get("core_harvest_gap", 0.5)), flagged)
            facts["returned_core"] = {k: (None if pd.isna(v) else round(float(v), 4)) for k, v in core.items()}
        ring_risk = float(r["risk_score"])
        if fit is not None:
            factor = min(1.0, fit / floor) if floor > 0 else 1.0
            lines.append(f"Account risk = ring risk {ring_risk:.2f} x min(1, fit {fit:.2f} / floor {floor:.2f}) "
                         f"= {ring_risk:.2f} x {factor:.2f} (floor: the larger of the configured floor and a share "
                         f"of the ring's median member fit).")
            if fit < floor:
                if len(parts) == len(_FIT_PARTS):
                    low = min(parts, key=parts.get)
                    why = _FIT_SHORT[low]
                    explained = r.get("org_explained_pair_share")
                    if low == "infrastructure" and pd.notna(explained) and float(explained) > 0:
                        # (a review, session 75: an account sharing addresses with half its ring read as "not on its
                        # infrastructure", where the organisation explained those ties)
                        why = ("its infrastructure falls short: ties a declared organisation explains do not count "
                               f"(README, \"Reading a ring's evidence\"), and {100 * float(explained):.0f}% of the "
                               "ring's payment, network or schedule ties are such, so what it shares with its "
                               "ring-mates is its organisation's, not an operator's")
                    lines.append(f"  Its own fit to the ring is weak (below {floor:.2f}). The fit is the lowest of three "
                                 f"values: ties {parts['tie']:.2f}, behaviour {parts['behaviour']:.2f}, "
                                 f"infrastructure {parts['infrastructure']:.2f}; {why}.")
                else:
                    lines.append(f"  Its own fit to the ring is weak (below {floor:.2f}): {REASON_TEXT['WEAK_TIE']}.")
            facts["fit"] = fit
            if parts:
                facts["fit_parts"] = parts
        lines.append("")
        lines.append(f"How it is tied to the ring: linked to {len(inside)} of the other {counted(size - 1, 'member')}, "
                     f"total evidence {inside['weight'].sum():.2f}.")
        if len(inside) and cols:
            per = inside[cols].gt(0).sum()
            wsum = inside[cols].sum()
            parts = [f"{c[2:]}: {counted(per[c], 'member')} (evidence {wsum[c]:.2f})" for c in
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
        lines += ["  " + ln for ln in explain_ring(run, ring_id, top=top).splitlines()[1:]]
    else:
        lines.append(f"{account_id} is not in any ring (account risk {risk:.2f}).")
        if review:
            lines.append(_REVIEW_TEXT[review])
        facts["fit"] = 0.0
        if _has_events(run, account_id) is False:
            # (a fresh-eyes tester, session 50: it said only "shares no linking evidence", as for an active
            # account that shares nothing)
            facts["n_events"] = 0
            lines.append("It sent no requests in this log: it appears only in the accounts file, so it has no "
                         "activity to score and no address, prompt or schedule to share; only what the accounts "
                         "file gives it (a payment method, an e-mail domain) can tie it to other accounts.")
        if len(ae) == 0:
            lines += _no_link_lines(run, account_id, facts)
        else:
            lines.append(f"It has {len(ae)} link(s) to other accounts, total evidence {ae['weight'].sum():.2f}; "
                         "strongest:")
            for _, e in ae.head(top).iterrows():
                where = f" [member of {e['other_ring']}]" if e["other_ring"] else ""
                lines.append(f"  - {e['other']}{where}: evidence {float(e['weight']):.2f} ({_types_of(e, cols)})")
            lines += _why_outside(run, ae, cols, facts)
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
