"""The pipeline as one estimator: ``Detector(...).fit(events, accounts).result_``.

Stages (one module each, DataFrames between them): load/validate
(:mod:`graphhunt.io`) -> link (:mod:`graphhunt.links`) -> graph
(:mod:`graphhunt.graph`) -> communities (:mod:`graphhunt.communities`) ->
score and explain (:mod:`graphhunt.scoring`, :mod:`graphhunt.evidence`) ->
sinks (:mod:`graphhunt.sinks`).
"""
from __future__ import annotations

import copy
import functools
import logging
import re
import platform
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Mapping, Sequence
from pathlib import Path

import igraph as ig
import numpy as np
import pandas as pd

from . import __version__
from ._memory import applied as _memory_applied
from ._source import source_digest
from ._arrays import release_memory, unique_sorted
from .activity import member_facts, requests_per_active_day, ring_activity
from .communities import _dense_cores, default_workers, detect_communities, refine_by_templates
from .config import CommunityConfig, Config, load_config
from .errors import InputError, NotFittedError
from .evidence import evidence_columns, join_per_group, shared_attributes
from .graph import LinkGraph, _bare_graph, build_graph
from .links import LinkContext, build_links
from .scoring import (FEATURES, FIT_PARTS, account_features, flagged_at, harvest_ceiling, harvest_evidence, harvest_floor,
                      harvest_unmeasured, reasoning_feature, reasoning_on_own_families, score_rings, scoring_population,
                      template_neighbourhood_holders, unmeasured_features)

__all__ = ["Detector", "DetectionResult", "detect", "INCIDENCE_COLUMNS"]

#: columns of :attr:`DetectionResult.incidence` (and of ``incidence.parquet``)
INCIDENCE_COLUMNS = ["account_id", "link_type", "attribute", "n_events", "first_seen", "last_seen"]
#: link types left out of the incidence table (one attribute per IP and time window: not an entity)
_INCIDENCE_SKIP = ("ip_window",)

log = logging.getLogger(__name__)


class LazyEdges:
    """``result.edges`` before anyone read it: the link graph's coded edges and the account ids.

    Building the ``src``/``dst`` id columns takes two string gathers and a copy of
    every edge (seconds at 18M edges); a refresh writes edges.parquet straight
    from the codes (:func:`graphhunt.sinks.files.write_edges`) and never needs them.
    """

    __slots__ = ("coded", "account_ids")

    def __init__(self, coded: pd.DataFrame, account_ids: np.ndarray) -> None:
        self.coded = coded
        self.account_ids = account_ids

    def __len__(self) -> int:
        return len(self.coded)

    def frame(self) -> pd.DataFrame:
        edges = self.coded.copy()
        edges["src"] = _take_ids(self.account_ids, edges["src"].to_numpy())
        edges["dst"] = _take_ids(self.account_ids, edges["dst"].to_numpy())
        return edges


class _EdgesField:
    """``DetectionResult.edges``: stores what it is given; a :class:`LazyEdges` is turned into the
    frame on first read and kept. As a dataclass field it has no default (class access raises
    AttributeError, which is how :mod:`dataclasses` tells a descriptor field without a default)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.key = f"_{name}"

    def __get__(self, obj: Any, owner: type | None = None) -> pd.DataFrame:
        if obj is None:
            raise AttributeError("edges is an instance attribute")
        e = obj.__dict__.get(self.key)
        if isinstance(e, LazyEdges):
            e = e.frame()
            obj.__dict__[self.key] = e
        return e

    def __set__(self, obj: Any, value: Any) -> None:
        obj.__dict__[self.key] = value


class SharedGraph:
    """The account graph of another result (``source``: a LinkGraph or an igraph Graph), which
    :attr:`DetectionResult.graph` copies on first use so that each result's vertex flags are its own
    (:func:`graphhunt.reviews.apply_reviews` makes a result that shares its source's)."""

    def __init__(self, source: Any) -> None:
        self.source = source

    def __getattr__(self, name: str) -> Any:  # the source's edges and ids (the result writer reads them)
        if name == "source":  # (unpickling: no source yet)
            raise AttributeError(name)
        return getattr(self.source, name)


@dataclass
class DetectionResult:
    """Everything one run found.

    Attributes
    ----------
    accounts : DataFrame
        One row per input account: ``account_id, ring_id, risk_score, flagged, reasons``.
    rings : DataFrame
        One row per ring: ``ring_id, size, risk_score, flagged, reasons``, the
        ``f_*`` features, ``evidence_sum``, metrics and ``shared_*`` evidence.
    edges : DataFrame
        ``src, dst`` (account ids), ``weight`` and one ``w_<type>`` per link type.
    shared : DataFrame
        Per ring, the attributes its members share (strongest first: most members, fewest accounts overall).
    attributes : DataFrame
        Every link attribute with holder count, weight and status (hubs recorded).
    templates : DataFrame
        Template families: ``template_id``, counts and a redacted exemplar.
    graph : igraph.Graph
        The weighted account graph (vertex ``name`` = account_id).
    config : Config
    run_info : dict
        Versions, row counts, input report, timings per stage.
    incidence : DataFrame
        Which account used which attribute: ``account_id, link_type, attribute,
        n_events, first_seen, last_seen`` (every link type except ``ip_window``);
        the ``(:Account)-[:USED]->`` relationships of the Neo4j sink.
    timeline : DataFrame or None
        Requests and active accounts per ring and time bucket (``ring_id "*"``
        = all traffic); see :func:`graphhunt.activity.ring_activity`.
    members : DataFrame or None
        One row per ring member: sign-up time, first/last seen, events, fit, risk.
    """

    accounts: pd.DataFrame
    rings: pd.DataFrame
    edges: pd.DataFrame = _EdgesField()  # a LazyEdges until first read (no default: see _EdgesField)
    shared: pd.DataFrame
    attributes: pd.DataFrame
    templates: pd.DataFrame
    graph_source: Any  # LinkGraph (or an igraph.Graph); ``graph`` builds the igraph Graph on first use
    config: Config
    run_info: dict = field(default_factory=dict)
    incidence: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=INCIDENCE_COLUMNS))
    timeline: pd.DataFrame | None = None
    members: pd.DataFrame | None = None

    def __getstate__(self) -> dict:
        self.edges  # noqa: B018 -- pickles hold the plain frame: build it if it is still lazy
        return dict(self.__dict__)

    def __repr__(self) -> str:
        """A one-line summary (what Jupyter shows for ``det.result_``), not every table in full."""
        counts = self.run_info.get("counts", {}) if isinstance(self.run_info, dict) else {}
        n_flag = int(self.rings["flagged"].astype(bool).sum()) if "flagged" in self.rings else 0
        acc_flag = int(self.accounts["flagged"].astype(bool).sum()) if "flagged" in self.accounts else 0

        def n(v: Any) -> str:
            return f"{v:,}" if isinstance(v, (int, np.integer)) else "?"

        return (f"<DetectionResult: {len(self.accounts):,} accounts, {n(counts.get('events'))} events, "
                f"{len(self.rings):,} rings ({n_flag:,} flagged, {acc_flag:,} flagged accounts), "
                f"{n(counts.get('edges'))} edges; tables: accounts, rings, edges, shared, attributes, "
                f"templates, incidence, timeline, members>")

    @property
    def graph(self) -> ig.Graph:
        """The weighted account graph, built on first access: vertex ``name`` = account_id, and ``ring_id``,
        ``risk_score`` and ``flagged`` from :attr:`accounts`, as :meth:`to_networkx` gives its nodes."""
        g = self.graph_source
        own = isinstance(g, SharedGraph)  # a result made from another (with_reviews): a copy of its own
        if own:
            g = g.source
        g = g if isinstance(g, ig.Graph) else g.graph
        if own:
            self.graph_source = g = g.copy()
        if (own or "ring_id" not in g.vs.attributes()) and g.vcount():
            # (a tester: igraph's vertices carried their name only, networkx's nodes the ring and risk too)
            acc = self.accounts.set_index("account_id").reindex(pd.Index(g.vs["name"], dtype=object).astype(str))
            g.vs["ring_id"] = acc["ring_id"].fillna("").astype(str).tolist()
            g.vs["risk_score"] = acc["risk_score"].astype(np.float64).tolist()
            g.vs["flagged"] = acc["flagged"].fillna(False).astype(bool).tolist()
        return g

    @property
    def flagged_rings(self) -> pd.DataFrame:
        """The rows of :attr:`rings` at or above ``scoring.threshold`` (highest risk first)."""
        return self.rings[self.rings["flagged"]]

    def with_reviews(self, reviews: "str | Path | pd.DataFrame") -> "DetectionResult":
        """This result with analysts' reviews applied (a reviews file, or a frame with ``account_id`` and
        ``verdict``): see :func:`graphhunt.reviews.apply_reviews`. This result is not changed."""
        from .reviews import apply_reviews, read_reviews

        return apply_reviews(self, read_reviews(reviews))

    def ring_members(self, ring_id: str) -> pd.DataFrame:
        """The rows of :attr:`accounts` in ring ``ring_id`` (``KeyError`` naming known rings if none)."""
        self._check_ring(ring_id)
        return self.accounts[self.accounts["ring_id"] == ring_id]

    def _check_ring(self, ring_id: str) -> pd.Series:
        hit = self.rings[self.rings["ring_id"] == ring_id]
        if hit.empty:
            raise KeyError(f"no ring {ring_id!r}; known rings: {', '.join(self.rings['ring_id'].head(5))}...")
        return hit.iloc[0]

    def ring_graph(self, ring_id: str) -> ig.Graph:
        """The induced subgraph of one ring's members."""
        ids = set(self.ring_members(ring_id)["account_id"])
        vs = [v.index for v in self.graph.vs if v["name"] in ids]
        return self.graph.induced_subgraph(vs)

    def to_networkx(self, ring_id: str | None = None):
        """The account graph (or one ring's) as a networkx Graph with edge weights per link type."""
        import networkx as nx

        e = self.edges
        if ring_id is not None:
            ids = set(self.ring_members(ring_id)["account_id"])
            e = e[e["src"].isin(ids) & e["dst"].isin(ids)]
        g = nx.from_pandas_edgelist(e, "src", "dst", edge_attr=[c for c in e.columns if c not in ("src", "dst")])
        acc = self.accounts.set_index("account_id")
        nodes = acc.index if ring_id is None else pd.Index(self.ring_members(ring_id)["account_id"])
        sel = acc.reindex(nodes)  # columns as lists: a .loc per account took ~30 us (30 s at 1M accounts)
        g.add_nodes_from((a, {"ring_id": r, "risk_score": s, "flagged": f}) for a, r, s, f in zip(
            nodes.tolist(), sel["ring_id"].fillna("").astype(str).tolist(),
            sel["risk_score"].astype(np.float64).tolist(), sel["flagged"].astype(bool).tolist()))
        return g

    def to_neo4j(self, uri: str | None = None, auth: tuple[str, str] | None = None, *, user: str | None = None,
                 password: str | None = None, **kwargs: Any) -> dict:
        """Push this result into Neo4j; see :func:`graphhunt.sinks.neo4j.push_result` (returns counts).

        The credentials are ``auth=(user, password)`` (as the neo4j driver takes them) or ``user=`` /
        ``password=`` (as ``push_result`` takes them); by default ``GRAPHHUNT_NEO4J_USER`` /
        ``GRAPHHUNT_NEO4J_PASSWORD``."""
        from .sinks.neo4j import push_result

        if auth is not None:
            # (before session 52, user=/password= went on to push_result next to auth's and failed with
            # "got multiple values for argument 'password'"; a string auth failed unpacking it)
            if user is not None or password is not None:
                raise TypeError("to_neo4j: pass the credentials as auth=(user, password) or as user=/password=, "
                                "not both")
            if not (isinstance(auth, (tuple, list)) and len(auth) == 2):
                raise TypeError("to_neo4j: auth must be a (user, password) pair, got a "
                                f"{type(auth).__name__}" + (f" of {len(auth)}" if isinstance(auth, (tuple, list)) else ""))
            user, password = auth
        return push_result(self, uri, user, password, **kwargs)

    def explain(self, ident: str, top: int = 5) -> str:
        """Plain-words explanation of a ring (``ring-0001``) or an account: the text ``graphhunt explain``
        prints for it (:func:`graphhunt.explain.explain_id`). ``top``: strongest ties listed, and shared
        attributes per link type. Raises KeyError for an id this result does not hold."""
        from .errors import InputError
        from .explain import explain_id

        try:
            kind, ex = explain_id(self, ident, top=top)
        except InputError as e:
            raise KeyError(str(e)) from None
        return ex if kind == "ring" else ex.text


class Detector:
    """Find and score coordinated account rings.

    Follows scikit-learn conventions: ``__init__`` stores parameters, ``fit``
    validates, computes and returns ``self``; the result is ``result_``.

    Parameters
    ----------
    config : Config, str or Path, optional
        A config object or TOML path; defaults otherwise.
    **overrides
        ``section__key=value`` shortcuts (e.g. ``communities__resolution=0.5``),
        or the common ones directly: ``resolution``, ``seed``, ``threshold``.

    Examples
    --------
    >>> import graphhunt as gh
    >>> ev = gh.load_events("data/sample/events.csv.gz")  # doctest: +SKIP
    >>> res = gh.Detector(seed=42).fit(ev).result_     # doctest: +SKIP
    >>> res.rings.head()                               # doctest: +SKIP
    """

    _SHORT = {"resolution": "communities.resolution", "seed": "communities.seed",
              "threshold": "scoring.threshold", "backend": "communities.backend",
              "objective": "communities.objective"}

    def __init__(self, config: Config | str | None = None, **overrides: Any) -> None:
        self._check_names(overrides)
        self.config = config
        self.overrides = overrides

    @classmethod
    def _check_names(cls, params: dict) -> None:
        """A parameter name that names no setting (``resolutoin=0.5``) is refused at once, as Python does
        for a misspelt keyword; values are checked by ``fit`` (scikit-learn convention)."""
        known = {f"{sec}.{k}" for sec, keys in Config().to_dict().items() if isinstance(keys, dict) for k in keys}
        # (a table's entry, links__weights__payment, is checked by its table's name)
        bad = [k for k in params if ".".join(cls._SHORT.get(k, k.replace("__", ".")).split(".")[:2]) not in known]
        if bad:
            raise TypeError(f"Detector got unexpected parameter(s) {', '.join(map(repr, bad))}; use "
                            f"{', '.join(cls._SHORT)} or section__key for any setting (e.g. communities__resolution)")

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor's parameters (scikit-learn convention; ``deep`` has no nested estimators)."""
        return {"config": self.config, **self.overrides}

    def set_params(self, **params: Any) -> "Detector":
        """Set constructor parameters (``config`` or overrides such as ``seed``); returns ``self``."""
        self._check_names({k: v for k, v in params.items() if k != "config"})  # before anything is set
        if "config" in params:
            self.config = params.pop("config")
        self.overrides = {**self.overrides, **params}
        return self

    def _resolved_config(self) -> Config:
        # a Config changed in Python is checked as a TOML file or --set is (it ran with 0 rings and no error)
        cfg = self.config.checked() if isinstance(self.config, Config) else load_config(self.config)
        if self.overrides:
            ov = {}
            for k, v in self.overrides.items():
                ov[self._SHORT.get(k, k.replace("__", "."))] = v
            cfg = cfg.with_overrides(ov)
        return cfg

    @property
    def result_(self) -> DetectionResult:
        try:
            return self._result
        except AttributeError:
            raise NotFittedError("this Detector is not fitted yet; call fit(events) first") from None

    def fit(self, events: pd.DataFrame, accounts: pd.DataFrame | None = None,
            progress: Any = None, initial_membership: dict | None = None,
            release_input: bool = False) -> "Detector":
        """Run the pipeline on loaded events (see :func:`graphhunt.load_events`).

        ``release_input=True`` lets the pipeline delete columns from ``events``
        (in place) once no later stage reads them: ``ip`` and ``network``
        after the IP links, ``prompt`` after the template stage,
        ``account_id`` after the link stage. Results are the same; at 1M
        accounts this frees several GB for the graph and Leiden. The CLI
        uses it; leave it off when you still need the frame.
        """
        cfg = self._resolved_config()
        events, accounts, cfg = _validated(events, accounts, cfg)
        self._result = _run(events, accounts, cfg, progress, initial_membership, release_input=release_input)
        return self


def _validated(events: Any, accounts: Any, cfg: Config) -> tuple[pd.DataFrame, pd.DataFrame | None, Config]:
    """Frames that are not, unchanged, what :func:`~graphhunt.load_events` / :func:`~graphhunt.load_accounts`
    returned get the loaders' checks and cleaning (:func:`graphhunt.io.validate_events`); loaded frames
    pass through untouched (the CLI's path: no second pass over millions of rows). pandas carries the
    loaders' mark in ``attrs`` through copies and edits, so the mark holds a fingerprint of the frame
    (:func:`graphhunt.io.is_validated`, ~0.2 s at 2M events): a loaded frame edited afterwards (a bad IP
    written in, ``ip`` blanked, rows filtered or concatenated) is checked again, and ``network`` is
    derived again from its ``ip``.

    A loaded frame was read with the loader's ``input.*`` settings (``column_map``, ``max_prompt_chars``,
    ...), not the config's: the returned config holds the settings the frames were read with, with a
    warning where they differ from the config's, so ``run.json`` repeats the run (a QA pass: prompts cut
    at 40 characters by ``load_events`` were recorded as cut at 20,000). A ``column_map`` entry that no
    input has is refused (:func:`graphhunt.io.check_mapped_columns`), as on the command line."""
    from .io import (account_overlap, check_mapped_columns, is_validated, loaded_settings, validate_accounts,
                     validate_events)

    if not isinstance(events, pd.DataFrame):
        raise InputError(f"events must be a pandas DataFrame (got {type(events).__name__})",
                         fix="pass graphhunt.load_events(path) or a DataFrame with account_id and timestamp")
    if accounts is not None and not isinstance(accounts, pd.DataFrame):
        raise InputError(f"accounts must be a pandas DataFrame or None (got {type(accounts).__name__})",
                         fix="pass graphhunt.load_accounts(path), a DataFrame with account_id, or None")
    ev_loaded = is_validated(events, "events")
    ac_loaded = accounts is not None and is_validated(accounts, "accounts")
    given = cfg  # a frame checked here is read with the config's settings
    cfg = _as_loaded(cfg, loaded_settings(events) if ev_loaded else None,
                     loaded_settings(accounts) if ac_loaded else None)
    if not ev_loaded:
        events = validate_events(events, column_map=given.input.column_map, bad_rows=given.input.bad_rows,
                                 max_prompt_chars=given.input.max_prompt_chars, aliases=given.input.column_aliases)
    if accounts is not None and not ac_loaded:
        accounts = validate_accounts(accounts, column_map=given.input.column_map, aliases=given.input.column_aliases,
                                     bad_rows=given.input.bad_rows)
    if cfg.input.column_map:
        check_mapped_columns(cfg.input.column_map, [events, accounts], source="input.column_map")
    if not (ev_loaded and ac_loaded) and accounts is not None:
        account_overlap(events, accounts, "accounts DataFrame")  # warns when few event accounts are in it
    return events, accounts, cfg


def _as_loaded(cfg: Config, events: dict | None, accounts: dict | None) -> Config:
    """``cfg`` with the ``input.*`` settings that loaded frames were read with (``events``/``accounts``: a
    loaded frame's record, None for a frame checked with the config's settings), and a warning naming each
    that differs from the config's. The event settings (``bad_rows``, ``max_prompt_chars``,
    ``column_aliases``) are the loaded events frame's; the column map is the config's with the loaded
    frames' entries over it (the config's still applies to a frame checked here)."""
    got: dict[str, Any] = {k: v for k, v in (events or {}).items() if k != "column_map"}
    maps = [st["column_map"] for st in (accounts, events) if st and isinstance(st.get("column_map"), dict)]
    if maps:
        got["column_map"] = {**cfg.input.column_map, **{k: v for m in maps for k, v in m.items()}}
    differ = {k: v for k, v in got.items() if hasattr(cfg.input, k) and getattr(cfg.input, k) != v}
    if not differ:
        return cfg
    log.warning("the input frames were read by load_events/load_accounts with %s, not the config's %s: they are "
                "used as read, and the result's config records how they were read (pass the settings to the "
                "loader, or pass the raw DataFrame, to apply the config's)",
                ", ".join(f"input.{k}={v!r}" for k, v in differ.items()),
                ", ".join(f"{getattr(cfg.input, k)!r}" for k in differ))
    return cfg.with_overrides({f"input.{k}": v for k, v in differ.items()})


@contextmanager
def _stage(timings: dict, name: str, progress: Any) -> Iterator[None]:
    t0 = time.perf_counter()
    if progress is not None:
        progress(name)
    log.info("stage %s ...", name)
    yield
    release_memory()  # the stage's freed buffers go back to the OS before the next stage allocates
    timings[name] = round(time.perf_counter() - t0, 3)
    log.info("stage %s done in %.2fs", name, timings[name])


#: link sources graphhunt reads from canonical columns, and how a column name that may hold them looks
_LINK_SOURCES = {"ip": re.compile(r"(^|[^a-z])ip|ip($|[^a-z])|addr|forwarded"),
                 "payment_method": re.compile(r"payment|card|billing|fingerprint|(^|[^a-z])pm($|[^a-z])")}


#: other evidence columns: what is lost without them, and how a column that may hold them is named. Only a
#: column that looks like one is warned about (most inputs lack some of these on purpose)
_EVIDENCE_SOURCES = {
    "prompt": ("prompt templates and reasoning requests",
               re.compile(r"^(?!.*(token|count|len|size|hash))(.*(prompt|message|content|query|request_body)|(.*[^a-z])?input($|[^a-z]))")),
    "output_tokens": ("output length", re.compile(r"completion|output|response_tokens|tokens_out|usage")),
    "user_agent": ("client homogeneity", re.compile(r"agent|(^|[^a-z])ua($|[^a-z])|sdk|client_name|client_version")),
    "created_at": ("sign-up bursts", re.compile(r"created|sign_?up|regist|joined|opened")),
    "org_id": ("declared organisations", re.compile(r"(^|[^a-z])org|organi[sz]ation|company|tenant|workspace")),
}
_NOT_EVIDENCE = ("account_id", "timestamp", "network", "acc", "ts")


def _look_alikes(have: set, pattern: re.Pattern, exclude: set) -> list[str]:
    return sorted({str(x) for x in have if str(x) not in _NOT_EVIDENCE and str(x) not in exclude
                   and pattern.search(str(x).casefold())})


def _warn_missing_inputs(ev: pd.DataFrame, acc: pd.DataFrame | None) -> list[str]:
    """Link sources no input has (``ip``, ``payment_method``), each warned about once with the columns
    that look like it: a client_ip column left unmapped silently halved the rings found. Other evidence
    columns (prompts, output tokens, user agent, sign-up time, org) are warned about only when an input
    has a column that looks like one (a ``messages`` column left unmapped lost every template), and a run
    without an accounts file is told what that costs."""
    from .io import ACCOUNT_OPTIONAL

    have = set(ev.columns) | (set(acc.columns) if acc is not None else set())
    canonical = set(_LINK_SOURCES) | set(_EVIDENCE_SOURCES)
    missing = [c for c in _LINK_SOURCES if c not in have]
    for c in missing:
        other = _look_alikes(have, _LINK_SOURCES[c], canonical)
        hint = (f"; column(s) {', '.join(map(repr, other))} look like it: --map {c}={other[0]}" if other else "")
        what = "IP and /24 network" if c == "ip" else "shared payment method"
        log.warning("no %r column in the input: %s evidence is off%s", c, what, hint, extra=_note(f"no-column:{c}"))
    # present but empty on every row (an export that kept the header, a proxy that dropped the client
    # address): as good as absent, and said so; a QA pass saw the flagged accounts fall from 133 to 6
    # without a word
    for c in _LINK_SOURCES:
        if c in missing:
            continue
        frames = [f for f in (ev, acc) if f is not None and c in f.columns and len(f)]
        if frames and all(bool(f[c].isna().all()) for f in frames):
            what = "IP and /24 network" if c == "ip" else "shared payment method"
            log.warning("column %r is empty on every row: %s evidence is off", c, what, extra=_note(f"empty-column:{c}"))
            missing.append(c)
    for c, (what, pattern) in _EVIDENCE_SOURCES.items():
        if c in have:
            continue
        other = _look_alikes(have, pattern, canonical)
        if other:
            log.warning("no %r column in the input: %s cannot be measured; column(s) %s look like it: --map %s=%s",
                        c, what, ", ".join(map(repr, other)), c, other[0])
    if acc is None:
        log.warning("no accounts file: sign-up bursts and declared organisations (org_id) cannot be used, so "
                    "companies on one network are judged without them; pass the accounts table (--accounts, or "
                    "accounts= in Python; README, Limits)", extra=_note("no-accounts"))
    elif not set(acc.columns) & set(ACCOUNT_OPTIONAL) and not any(
            _look_alikes(have, _EVIDENCE_SOURCES[c][1], canonical) for c in ("created_at", "org_id")):
        # (a review, session 75: a wrong file passed as --accounts, such as truth.csv, said nothing)
        log.warning("the accounts file has none of the columns graphhunt reads from it (%s): sign-up bursts and "
                    "declared organisations cannot be used, as with no accounts file; is it the right file? "
                    "(README, Input contract)", ", ".join(ACCOUNT_OPTIONAL), extra=_note("accounts-unread"))
    elif not _has_values(acc, "org_id") and not _look_alikes(have, _EVIDENCE_SOURCES["org_id"][1], canonical):
        if _has_values(acc, "email_domain"):
            log.info("the accounts file has no org_id column: organisations cannot declare their accounts, so a "
                     "company's accounts on one network are judged as any group (README, Limits)")
        else:
            # (session 77: in the test worlds without these columns most flagged benign accounts were such groups,
            # which their organisation explains once the columns are there)
            log.warning("the accounts file has neither org_id nor email_domain: no organisation can explain the "
                        "network or card its accounts share, so a company's, school's or lab's accounts are judged "
                        "as any group, and more of them are flagged; add either column if the platform has it "
                        "(README, Limits)", extra=_note("no-org"))
    # present but mostly empty (a platform that logs one prompt in five, a gap in the user agents): what is
    # measured comes from the rows that have a value
    for c, what in (("prompt", "template and reasoning rates are shares of the requests that have one, and fewer "
                               "prompts find fewer shared templates"),
                    ("user_agent", "client homogeneity counts accounts by their most used client"),
                    ("output_tokens", "output length is the median over the requests that have one")):
        if c in ev.columns and len(ev):
            share = float(ev[c].isna().mean())
            if share >= 0.5 and not (share == 1.0 and c != "prompt"):  # (all: _warn_unmeasured says what it costs)
                log.warning("%r is missing on %.0f%% of the events: %s", c, 100 * share, what)
    return missing


def _note(key: str) -> dict:
    """``extra`` of a warning about the input's shape, which a refresh says at INFO once its state has said it
    (:class:`graphhunt.refresh._NotesSaidBefore`)."""
    return {"input_note": key}


def _has_values(frame: pd.DataFrame, column: str) -> bool:
    """Whether ``frame`` has ``column`` with a value on some row (a column empty on every row is as good as absent)."""
    return column in frame.columns and bool(frame[column].notna().any())


def _warn_unmeasured(features: Sequence[str], cfg: Config) -> None:
    """One warning naming the metadata features no account could be measured on and the level they count at
    (``scoring.unmeasured_level``): what the missing columns cost is otherwise only in run.json."""
    if not features:
        return
    source = {"output_tokens": ("output_tokens", "answer length"),
              "client_homogeneity": ("user_agent", "client homogeneity"),
              "burst_signup": ("created_at", "sign-up bursts")}
    cols, what = zip(*(source.get(k, (k, k)) for k in features))

    def listed(words: Sequence[str]) -> str:
        return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]

    s = "" if len(features) > 1 else "s"
    counted = (f"count{s} at {float(cfg.scoring.unmeasured_level):.3g} of {'their' if len(features) > 1 else 'its'} "
               "weight for every group (scoring.unmeasured_level" if cfg.scoring.neutral_unmeasured
               else f"count{s} 0 for every group (scoring.neutral_unmeasured = false")
    log.warning("the input has no usable %s: %s cannot be measured, and %s; README, Reading a ring's evidence)",
                listed(cols), listed(what).replace(" or ", " and "), counted, extra=_note("unmeasured:" + ",".join(cols)))


def _refuse_missing(col: pd.Series, what: str, fix: str) -> None:
    """InputError naming the column and the first rows (by index label, as for any DataFrame) where ``col``
    is missing."""
    from .io import _rows_at

    bad = col.isna().to_numpy()
    if bad.any():
        raise InputError(f"{int(bad.sum())} {what}", column=str(col.name),
                         **_rows_at(np.flatnonzero(bad), col.index), fix=fix)


def _prepare(events: pd.DataFrame, accounts: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.DataFrame | None, np.ndarray]:
    missing = [c for c in ("account_id", "timestamp") if c not in events.columns]
    if missing:
        raise InputError(f"events are missing required column(s) {', '.join(missing)}",
                         fix="load them with graphhunt.load_events() or rename the columns")
    ev = events
    if len(ev) == 0:
        raise InputError("no events", fix="pass at least one event")
    # cheap checks that hold even for a frame derived from load_events' output (edited after loading)
    # (factorize would code a missing account id -1, i.e. the last account)
    _refuse_missing(ev["account_id"], "event(s) without an account_id", "drop those rows or fill in their account")
    if not pd.api.types.is_datetime64_any_dtype(ev["timestamp"]):
        from .io import parse_timestamps

        ev = ev.copy()
        ev["timestamp"] = parse_timestamps(ev["timestamp"])
    elif getattr(ev["timestamp"].dt, "tz", None) is None:  # naive: UTC, as the loaders read it (any unit)
        ev = ev.assign(timestamp=ev["timestamp"].dt.tz_localize("UTC"))
    _refuse_missing(ev["timestamp"], "event(s) with a missing or unparseable timestamp",
                    "drop those rows or fill in their time")
    if accounts is not None:
        if "account_id" not in accounts.columns:
            raise InputError("accounts are missing the required column account_id",
                             fix="rename the id column to account_id, or load with graphhunt.load_accounts()")
        _refuse_missing(accounts["account_id"], "account row(s) without an account_id", "drop those rows")
        dup = accounts["account_id"].astype(str).duplicated(keep="first").to_numpy()
        if dup.any():  # as load_accounts does
            log.warning("accounts: %d duplicate account_id rows; kept the first of each", int(dup.sum()))
            accounts = accounts.loc[~dup]
    if "ip" in ev.columns and "network" not in ev.columns:
        # a frame built by hand (not by load_events): derive the /24 or /48 of each address, or the
        # network link would silently be missing
        from .io import normalize_ips

        ip, net, bad = normalize_ips(ev["ip"])
        if bad.any():
            raise InputError(f"{int(bad.sum())} malformed IP address(es) in events, e.g. "
                             f"{ev['ip'][bad].iloc[0]!r}", column="ip",
                             fix="load with graphhunt.load_events() for row-level messages")
        ev = ev.assign(ip=ip, network=net)
    # factorize the event account ids once; map the (few) distinct ids, not every event
    codes, uniq = pd.factorize(ev["account_id"].astype(str))
    ids = pd.Index(uniq)
    if accounts is not None:
        ids = ids.union(pd.Index(accounts["account_id"].astype(str)))
    account_ids = np.asarray(ids.sort_values(), dtype=object)
    ev = ev.assign(
        acc=pd.Index(account_ids).get_indexer(uniq).astype(np.int32)[codes],
        ts=(ev["timestamp"].astype("int64") // 10**9 if ev["timestamp"].dt.unit == "ns" else
            ev["timestamp"].dt.tz_convert("UTC").astype("datetime64[ns, UTC]").astype("int64") // 10**9),
    )
    ts, acc_codes = ev["ts"].to_numpy(), ev["acc"].to_numpy()
    span = int(ts.max() - ts.min()) if len(ts) else 0
    if span < 2**31:  # one stable argsort of (account, time) packed in an int64: same order as lexsort, 30x faster
        order = np.argsort((acc_codes.astype(np.int64) << 32) | (ts - (ts.min() if len(ts) else 0)), kind="stable")
    else:
        order = np.lexsort((ts, acc_codes))
    if not (np.diff(order) == 1).all():
        ev = ev.iloc[order].reset_index(drop=True)
    acc = None
    if accounts is not None:
        if "created_at" in accounts.columns and not pd.api.types.is_datetime64_any_dtype(accounts["created_at"]):
            # a frame built by hand or read with pd.read_csv (not by load_accounts): parsed as load_accounts does
            from .io import parse_created_at

            accounts = accounts.assign(created_at=parse_created_at(accounts["created_at"])[0])
        acc = accounts.assign(acc=pd.Index(account_ids).get_indexer(accounts["account_id"].astype(str)).astype(np.int32))
    return ev, acc, account_ids


#: a template family used by at least this many accounts is public text: its redacted exemplar is
#: shown wherever the family appears; a smaller family's only in the rings that are flagged
PUBLIC_TEMPLATE_ACCOUNTS = 10


def _run(events: pd.DataFrame, accounts: pd.DataFrame | None, cfg: Config, progress: Any = None,
         initial_membership: dict | None = None, link_builder: Any = None,
         community_fn: Any = None, release_input: bool = False, core_scope: Any = None) -> DetectionResult:
    """The pipeline. ``link_builder(ctx) -> list[Incidence]`` replaces :func:`build_links`
    (used by :mod:`graphhunt.refresh`, whose stored events carry precomputed template ids).
    ``community_fn(link_graph, account_ids, incidences) -> labels or None`` replaces the Leiden call
    (refresh's affected-region update); returning None falls back to the normal call.
    ``core_scope(comm) -> bool array over accounts or None`` limits the dense-core search to the
    communities holding a True account (refresh: the communities its update changed).

    The run uses, and its result keeps, a deep copy of ``cfg``: a caller who tunes the ``Config`` object
    for the next run does not change what an earlier result says (``result.config``, ``explain``)."""
    cfg = copy.deepcopy(cfg)
    timings: dict[str, float] = {}
    t_all = time.perf_counter()
    with _stage(timings, "prepare", progress):
        ev, acc, account_ids = _prepare(events, accounts)
        n = len(account_ids)
        missing_links = _warn_missing_inputs(ev, acc)
    release = None
    if release_input:
        def release(columns: list[str]) -> None:
            for frame in (events, ev):
                for c in columns:
                    if c in frame.columns:
                        del frame[c]
            release_memory()
    with _stage(timings, "link", progress):
        sources = {k: str((f.attrs.get("load_report") or {}).get("file") or k) if f is not None else k
                   for k, f in (("events", events), ("accounts", accounts))}
        read_as = {theirs: canonical for f in (accounts, events) if f is not None
                   for canonical, theirs in ((f.attrs.get("load_report") or {}).get("columns_read_as") or {}).items()}
        ctx = LinkContext(events=ev, accounts=acc, account_ids=account_ids, config=cfg, release=release,
                          sources=sources, read_as=read_as)
        incidences = (link_builder or build_links)(ctx)
        if release is not None and "account_id" not in cfg.links.generic_columns:
            release(["account_id"])
    with _stage(timings, "graph", progress):
        lg = build_graph(incidences, account_ids, cfg.links)
    with _stage(timings, "communities", progress):
        init = None
        if initial_membership:
            # previous labels for known accounts, fresh singleton labels for new ones
            prev = pd.Series(initial_membership)
            lab = prev.reindex(account_ids)
            codes, _ = pd.factorize(lab)
            new = codes < 0
            codes[new] = codes.max() + 1 + np.arange(new.sum()) if len(codes) else codes[new]
            init = codes
        comm = community_fn(lg, account_ids, incidences) if community_fn is not None else None
        if comm is None:
            if isinstance(lg, LinkGraph) and lg._graph is None and cfg.communities.backend != "leidenalg":
                # Leiden on the bare topology with the weights passed as an array: no Python list of
                # weights, and nothing kept after this stage (the result builds ``result.graph``, with
                # names and weights, on first access). Same partition as on ``lg.graph``.
                g = _bare_graph(n, lg.edges["src"].to_numpy(), lg.edges["dst"].to_numpy())
                comm = detect_communities(g, cfg.communities, init, weights=lg.edges["weight"].to_numpy(np.float64))
                del g
            else:
                comm = detect_communities(lg.graph, cfg.communities, init)
        tinc = None
        fams = ctx.artifacts.get("template_families")
        fam_table = fams if fams is not None else pd.DataFrame(columns=["family", "template_id", "n_prompts", "n_skeletons", "exemplar"])
        if ctx.artifacts.get("template_family") is not None and fams is not None and len(fams):
            fam = ctx.artifacts["template_family"]
            okf = fam >= 0
            tdf = pd.DataFrame({"acc": ev["acc"].to_numpy()[okf], "attr": fam[okf]})
            tinc = tdf.groupby(["acc", "attr"]).size().reset_index(name="n_events")
            k = tinc.groupby("attr")["acc"].nunique()
            tinc["n_accounts"] = k.reindex(tinc["attr"]).to_numpy()
            fam_table = fam_table.assign(n_accounts=k.reindex(fam_table["family"]).fillna(0).astype(int).to_numpy())
            # privacy: a family only one account uses is that user's own wording, not a shared template;
            # it keeps its id and counts but no exemplar (templates.csv, Neo4j, the report)
            if "exemplar" in fam_table:
                fam_table["exemplar"] = fam_table["exemplar"].where(fam_table["n_accounts"] >= 2, "")
        comm = refine_by_templates(comm, tinc, cfg.communities.min_ring_size)
    with _stage(timings, "score", progress):
        feats = account_features(ev, n, cfg.scoring.requests_per_day_limit, ctx.artifacts.get("reasoning"), acc,
                                 ctx.artifacts.get("prompt_logged"), ctx.artifacts.get("template_measured"),
                                 academic_domain_org=cfg.scoring.academic_domain_org,
                                 private_domain_org=cfg.scoring.private_domain_org,
                                 team_domain_max_holders=cfg.scoring.team_domain_max_holders,
                                 disposable_domains_no_org=cfg.scoring.disposable_domains_no_org,
                                 payments=next(((i.account, i.attr) for i in incidences if i.link_type == "payment"), None)
                                 if cfg.scoring.payment_org else None,
                                 academic_network=ctx.artifacts.get("academic_network"),
                                 plan_limits=cfg.scoring.plan_limits,
                                 plan_limits_from_data=cfg.scoring.plan_limits_from_data,
                                 account_caps_from_data=cfg.scoring.account_caps_from_data,
                                 account_caps_need_midnight=cfg.scoring.account_caps_need_midnight,
                                 repeats_over=ctx.artifacts.get("prompt_repeats_over"))
        link_total = float(sum(cfg.links.weights.get(t.split(":")[0], 0) for t in lg.link_types))
        # what every scoring pass reads from the whole population, computed once (the dense-core search
        # scores ~15 partitions)
        population = scoring_population(feats, cfg.scoring)
        rings, members = score_rings(comm, feats, lg.edges, tinc, cfg.scoring, link_total,
                                     cfg.communities.min_ring_size, population=population)
        stages = {"leiden": comm}
        returned = {"cores": 0, "accounts": 0}  # dense cores the lookalike test sent back (_lookalike_cores)
        if cfg.communities.core_density_factor > 0 and len(rings):
            # second look inside the communities that are not flagged: a ring can be the dense
            # core of a crowd that shares its proxy pool (communities.dense_cores)
            comm, rings, members = _dense_core_search(
                comm, rings, members, lg.edges, cfg.communities,
                lambda c, e, measured_only=False: score_rings(c, feats, e, tinc, cfg.scoring, link_total,
                                                              cfg.communities.min_ring_size, measured_only,
                                                              population=population),
                scope=core_scope(comm) if core_scope is not None else None,
                threshold=cfg.scoring.threshold, stages=stages, templates=tinc, returned=returned,
                harvest_ceiling=harvest_ceiling(feats, cfg.scoring))
        if cfg.scoring.template_neighbourhood and tinc is not None and len(tinc) and len(rings):
            # a last scoring pass on the final partition: families held in the ring's infrastructure
            # neighbourhood count as its own (scoring.template_neighbourhood). Not inside the search: a
            # ring's row there depends on its own accounts and edges only (_rescore relies on it)
            own_reasoning = None
            if cfg.scoring.neighbourhood_own_reasoning and ctx.artifacts.get("reasoning") is not None:
                own_reasoning = _OwnReasoning(
                    ev["acc"].to_numpy(), ctx.artifacts["template_family"], ctx.artifacts["reasoning"],
                    population["baselines"].get("reasoning", 0.0), cfg.scoring,
                    lambda r: harvest_evidence(r, cfg.scoring, population["harvest_unmeasured"]))
            near = _template_neighbourhood(comm, rings, lg.edges, tinc, harvest_floor(feats, cfg.scoring),
                                           own_reasoning)
            if near is not None:
                rings, members = score_rings(comm, feats, lg.edges, tinc.assign(n_near=near), cfg.scoring, link_total,
                                             cfg.communities.min_ring_size, population=population)
        rings["formed_by"] = _formed_by(comm, rings.index.to_numpy(), stages)
        # the ring's requests per day it is active, in accounts at the per-account limit (members active
        # on different days are not stacked; the scoring's per-member sum was); the members' mean limit
        # where plans have their own
        labels = rings.index.to_numpy()
        lim_sum = np.bincount(comm, weights=feats["daily_limit"].to_numpy(np.float64), minlength=int(labels.max(initial=0)) + 1)
        lim_n = np.bincount(comm, minlength=len(lim_sum))
        rings["volume_accounts_worth"] = requests_per_active_day(
            ev["acc"].to_numpy(), ev["ts"].to_numpy(), comm, labels) / (lim_sum[labels] / np.maximum(lim_n[labels], 1))
        # stable ring ids within a run: by risk, then size, then first account id
        first_acc = pd.Series(np.arange(n)).groupby(comm).min()
        rings["first_acc"] = first_acc.reindex(rings.index).to_numpy()
        rings = rings.sort_values(["risk_score", "size", "first_acc"], ascending=[False, False, True])
        rings["ring_id"] = [f"ring-{i + 1:04d}" for i in range(len(rings))]
        shared = shared_attributes(incidences, lg.attributes, comm, rings.index.to_numpy())
        ev_cols = evidence_columns(shared, rings.index, link_types=[t for t in cfg.links.types if t != "generic"]
                                   + [f"generic:{c}" for c in cfg.links.generic_columns])
        rings = rings.join(ev_cols)
        rid_of_comm = pd.Series(rings["ring_id"].to_numpy(), index=rings.index, dtype=object)
        shared["ring_id"] = rid_of_comm.reindex(shared["community"]).to_numpy()
        if tinc is not None and len(fam_table):
            tpl_sh = shared[shared["link_type"] == "template"]
            if "exemplar" in fam_table:
                # privacy: an exemplar is shown for text many accounts type (a public template) or text a
                # flagged ring types; a family a few benign accounts share (coworkers asking the same
                # question) is their wording, so it keeps its id and counts only (templates.csv, rings.csv,
                # the report, Neo4j)
                # (every family two members of a flagged ring use, from the account-family incidences: the
                # ring's evidence columns keep only its strongest few)
                flagged_comm = rings.index[rings["flagged"].to_numpy(bool)]
                ti_acc = tinc["acc"].to_numpy()
                in_fl = np.isin(comm[ti_acc], flagged_comm) & members["in_ring"].to_numpy()[ti_acc]
                per = pd.DataFrame({"c": comm[ti_acc[in_fl]], "f": tinc["attr"].to_numpy()[in_fl]}).value_counts()
                ring_fams = per[per >= 2].index.get_level_values("f")
                show = ((fam_table["n_accounts"].to_numpy() >= PUBLIC_TEMPLATE_ACCOUNTS)
                        | fam_table["family"].isin(ring_fams).to_numpy())
                fam_table["exemplar"] = fam_table["exemplar"].where(show, "")
            ex = fam_table.set_index("template_id")["exemplar"]
            tex = tpl_sh.assign(ex=ex.reindex(tpl_sh["attribute"]).to_numpy())
            tex = tex[tex["ex"].fillna("").astype(str) != ""].groupby("community").head(2)
            rings["template_exemplars"] = join_per_group(
                (tex["attribute"].astype("string") + ": " + tex["ex"].astype("string").fillna("")),
                tex["community"].to_numpy(), " | ").reindex(rings.index).fillna("")
        else:
            rings["template_exemplars"] = ""
        ring_id_acc = np.where(members["in_ring"].to_numpy(), rid_of_comm.reindex(comm).fillna("").to_numpy(), "")
        reasons_ring = pd.Series(rings["reasons"].to_numpy(), index=rings.index, dtype=object).reindex(comm).fillna("").to_numpy()
        fit = members["fit"].to_numpy()
        acc_reasons = np.where(members["in_ring"].to_numpy(),
                               np.where(fit < members["fit_floor"].to_numpy(),
                                        np.char.add(reasons_ring.astype(str), np.where(reasons_ring != "", ";WEAK_TIE", "WEAK_TIE")),
                                        reasons_ring.astype(str)), "")
        accounts_out = pd.DataFrame({
            "account_id": account_ids,
            "ring_id": ring_id_acc,
            "risk_score": members["account_risk"].to_numpy().round(4),
            # an account outside every ring has risk 0 and is never flagged, not even at threshold 0
            "flagged": flagged_at(members["account_risk"].to_numpy(), cfg.scoring.threshold) & members["in_ring"].to_numpy(bool),
            "reasons": acc_reasons,
            "fit": fit.round(4),
            "n_events": feats["n_events"].to_numpy(),
            "community": comm,  # every account's community label (seeds the next refresh's Leiden)
        })
        front = ["ring_id", "size", "risk_score", "flagged", "reasons", "evidence_sum", "evidence_unmeasured"] + [f"f_{k}" for k in FEATURES]
        rest = [c for c in rings.columns if c not in front and c not in ("first_acc",)]
        rings = rings[front + rest].reset_index()
        rings["risk_score"] = rings["risk_score"].round(4)
        timeline = ring_activity(ev["acc"].to_numpy(), ev["ts"].to_numpy(), ring_id_acc)
        member_info = member_facts(ev["acc"].to_numpy(), ev["ts"].to_numpy(), ring_id_acc, account_ids,
                                   feats["created_ts"].to_numpy(), fit, members["fit_floor"].to_numpy(),
                                   members["account_risk"].to_numpy(), feats["n_events"].to_numpy(),
                                   fit_parts={c: members[c].to_numpy() for c in FIT_PARTS if c in members},
                                   returned_cores=pd.concat(returned.pop("members")) if returned.get("members") else None)
    edges = LazyEdges(lg.edges, account_ids)  # the id columns are built only if someone reads result.edges
    timings["total"] = round(time.perf_counter() - t_all, 3)
    report = events.attrs.get("load_report", {})
    hubs = lg.attributes[lg.attributes["status"] == "hub"]
    _warn_unmeasured([k for k in unmeasured_features(feats) if not (k == "burst_signup" and accounts is None)], cfg)
    run_info = {
        # when the run was made: a pushed run's created_at (a copied or restored run directory has a new
        # modification time, and was taken for the latest run)
        "created_at": pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "graphhunt_version": __version__,
        "graphhunt_source": source_digest(),  # the code itself: the version number is the same between releases
        "python": platform.python_version(),
        "packages": _versions(),
        # allocator settings of the process (graphhunt._memory: the command line sets them; they change
        # the run's speed, never its result)
        "memory_tuning": _memory_applied(),
        "config": cfg.to_dict(),
        "counts": {
            "events": int(len(ev)),
            "accounts": int(n),
            "accounts_with_events": int((feats["n_events"] > 0).sum()),
            "edges": int(len(lg.edges)),
            "communities": int(comm.max() + 1) if n else 0,
            "rings": int(len(rings)),
            "flagged_rings": int(rings["flagged"].sum()) if len(rings) else 0,
            "flagged_accounts": int(accounts_out["flagged"].sum()),
            "template_families": int(len(fam_table)),
            "hub_attributes": {t: int(c) for t, c in hubs.groupby("link_type").size().items()},
        },
        "hubs_top": hubs.sort_values("n_accounts", ascending=False).head(20)[
            ["link_type", "attribute", "n_accounts"]].to_dict("records"),
        "effective_hub_max": lg.effective_hub_max,
        "hub_groups": dict(lg.hub_groups or {}),
        # accounts that e-mail domains place in organisations (scoring.academic_domain_org, private_domain_org)
        "email_organisations": dict(feats.attrs.get("email_organisations", {})),
        # the per-account daily limit the scoring used: the config's, or (scoring.requests_per_day_limit = 0)
        # the one the account-day counts show (activity.infer_daily_limit), else the default 1000
        "daily_limit": dict(feats.attrs.get("daily_limit", {})),
        # the AS table scoring.academic_network_org read (input.asn_db), with its coverage of the addresses
        "asn": ctx.artifacts.get("asn"),
        # metadata features no account could be measured on (scoring.unmeasured_features)
        "unmeasured_features": list(unmeasured_features(feats)),
        # ... and the harvest features (scoring.harvest_unmeasured: also reasoning without any logged prompt)
        "harvest_unmeasured": list(harvest_unmeasured(feats)),
        # the levels volume, reasoning and output tokens were measured against (scoring.population_baselines)
        "population": dict(population["baselines"]),
        # sends of one exact prompt text beyond scoring.max_repeats_per_prompt: counted, but not as volume
        "repeated_requests": {"accounts": int((feats["repeated_requests"] > 0).sum()),
                              "requests": int(feats["repeated_requests"].sum())},
        # link sources no input column held (warned about, with look-alike columns)
        "missing_link_columns": missing_links,
        "input_report": report,
        "artifacts": {k: v for k, v in ctx.artifacts.items() if isinstance(v, (int, float, str))},
        # dense cores sent back to their crowd: they did its work and harvested no more
        # (communities.core_harvest_gap; their accounts are in the crowd's community)
        "dense_core_returned": returned,
        "timings_s": timings,
    }
    if not len(rings):  # no rows to infer from: the dtypes a result with rings has (`.str` works in a notebook)
        rings = rings.astype({c: "str" for c in ("ring_id", "reasons", "formed_by") if c in rings})
    if not len(shared):
        shared = shared.astype({c: t for c, t in _SHARED_DTYPES.items() if c in shared})
    return DetectionResult(
        accounts=accounts_out, rings=rings, edges=edges, shared=shared, attributes=lg.attributes,
        templates=fam_table, graph_source=lg, config=cfg, run_info=run_info, timeline=timeline,
        members=member_info, incidence=_incidence_frame(incidences, account_ids))


#: dtypes of ``DetectionResult.shared`` (an empty table has nothing to infer them from)
_SHARED_DTYPES = {"community": "int64", "link_type": "str", "attribute": "str", "members": "int64",
                  "n_accounts": "int64", "weight": "float64", "status": "str", "shared_of_type": "int64",
                  "ring_id": "str"}


def _formed_by(comm: np.ndarray, labels: np.ndarray, stages: dict) -> np.ndarray:
    """Per community label in ``labels``: the first step of the search whose partition already held
    exactly that group of accounts (``stages``: step name -> partition, in search order; "leiden" is
    Leiden with the template refinement). A group no step held was made by the weak-member search.
    A step forms both the group it cuts out and the rest of the community it cut it from."""
    out = np.full(len(labels), "weak_members", dtype=object)
    if len(comm) == 0 or len(labels) == 0:
        return out
    comm = np.asarray(comm, np.int64)
    k = int(comm.max()) + 1
    size = np.bincount(comm, minlength=k)
    todo = np.ones(len(labels), bool)
    for name, part in stages.items():
        part = np.asarray(part, np.int64)
        lo = np.full(k, np.iinfo(np.int64).max)
        hi = np.full(k, -1)
        np.minimum.at(lo, comm, part)
        np.maximum.at(hi, comm, part)
        part_size = np.bincount(part)
        same = (lo == hi) & (part_size[np.clip(lo, 0, len(part_size) - 1)] == size)
        hit = todo & same[labels]
        out[hit] = name
        todo &= ~hit
    return out


def _flagged_labels(rings: pd.DataFrame, n_labels: int) -> np.ndarray:
    """Bool per community label: whether ``rings`` (indexed by label) flags it."""
    out = np.zeros(n_labels, bool)
    out[rings.index[rings["flagged"].to_numpy()].to_numpy()] = True
    return out


def _dense_core_search(comm: np.ndarray, rings: pd.DataFrame, members: pd.DataFrame, edges: pd.DataFrame,
                       cc: CommunityConfig, score: Callable[[np.ndarray, pd.DataFrame], tuple[pd.DataFrame, pd.DataFrame]],
                       scope: np.ndarray | None = None,
                       threshold: float | None = None,
                       stages: dict | None = None,
                       templates: pd.DataFrame | None = None,
                       returned: dict | None = None,
                       harvest_ceiling: float | None = None) -> tuple[np.ndarray, pd.DataFrame, pd.DataFrame]:
    """The dense-core second look (``communities.dense_cores``), stepped down in density ratio.

    Step ``i`` of ``cc.core_density_steps`` looks for cores at ``cc.core_density_factor ** ((steps - i) /
    steps)`` times their community's evidence per pair. Groups flagged by an earlier step keep their
    label; every other account goes back to its community of ``comm`` (the Leiden partition), so a
    lower step searches the whole unexplained rest of a community again rather than the pieces an
    earlier step cut. Several rings on one commercial proxy pool form a community only a little
    denser than the crowd that shares the pool with them; their cores show at a lower ratio. A
    flagged group is never split and never lost by these steps, so a step can only add flagged groups.

    ``score(comm, edges) -> (rings, members)`` scores a partition (:func:`score_rings`) with the given
    edges (a subset of ``edges`` holding every internal one). ``scope``, a bool
    array over accounts, limits the search to the communities of ``comm`` that hold a True account,
    searched whole (None: all).

    With ``threshold`` (``scoring.threshold``), the behaviour split (``cc.behaviour_split``, see
    :func:`_behaviour_cores`) in every unflagged community, and a last look at the members of flagged
    groups whose own score stays under it (``cc.split_weak_members``: weak fit, see
    :func:`_weak_members`), in every flagged group (neither limited by ``scope``: both read behaviour,
    which changes without a change of links). The two settings are independent.

    ``templates`` (account x template family, ``acc, attr, n_events``; None without prompts) tells
    :func:`_lookalike_cores` whether a core's crowd does the core's work (``cc.core_harvest_gap``). That
    test runs only with the behaviour split (``cc.behaviour_split`` and ``threshold``), which looks at
    every core it sends back again, member by member. ``returned``, a dict, gets how many cores (and
    accounts) it sent back (``"cores"``, ``"accounts"``: run.json's ``dense_core_returned``).
    ``harvest_ceiling``: the most ``harvest_evidence`` this input can show (``scoring.harvest_ceiling``).

    ``stages``, a dict, receives the partition after the density steps (``"dense_core"``) and after
    the behaviour split (``"behaviour_split"``): which step formed each ring (``formed_by`` in rings.csv).
    """
    base = comm
    s, d, w = edges["src"].to_numpy(), edges["dst"].to_numpy(), edges["weight"].to_numpy()
    # every partition of the search refines ``base``: only edges inside its communities can be
    # internal, so they are selected once, for the Leiden runs and for the scoring passes (which
    # read internal edges only). At 100k accounts 6.2M edges -> 3.5M.
    inside = base[s] == base[d]
    internal_edges = edges[inside]
    big = np.bincount(base) >= 2 * cc.min_ring_size
    inner = inside & big[base[s]]
    if scope is not None:
        # a community of ``base`` holding any account in scope is searched whole
        scope = (np.bincount(base[np.asarray(scope, bool)], minlength=len(big)) > 0)[base]
        inner &= scope[s]
    s, d, w = s[inner], d[inner], w[inner]
    steps = max(int(cc.core_density_steps), 1)
    factors = [cc.core_density_factor ** ((steps - i) / steps) for i in range(steps)]
    floor = cc.resolution if cc.objective == "CPM" else 0.0
    groups = None  # the previous step's Leiden groups: the next, looser step starts from them
    workers = cc.workers or default_workers()
    for factor in factors:
        kept = _flagged_labels(rings, int(comm.max()) + 1)[comm]
        start = pd.factorize(np.where(kept, base.max() + 1 + comm, base))[0]
        unflagged = np.ones(int(start.max()) + 1, bool)
        unflagged[start[kept]] = False
        if scope is not None:
            unflagged &= np.bincount(start[scope], minlength=len(unflagged)) > 0
        split, found = _dense_cores(start, (s, d, w), cc.min_ring_size, factor, cc.seed, only=unflagged, floor=floor,
                                    initial=groups, workers=workers)
        groups = found if found is not None else groups
        if _same_partition(split, comm):
            continue
        rings, members = _rescore(comm, rings, members, split, score, internal_edges)
        comm = split
    if cc.core_harvest_gap > 0 and cc.behaviour_split and threshold is not None:
        # only with the behaviour split after it: a core sent back is then judged on its members' own
        # behaviour against the crowd's, which has no ceiling (the ring-level harvest evidence saturates
        # in a crowd that already harvests heavily, so a ring in such a crowd can stand less than the gap
        # above it; the split cuts it out again)
        comm, rings, members = _lookalike_cores(base, comm, rings, members, score, internal_edges,
                                                cc.core_harvest_gap, cc.min_ring_size, templates, returned,
                                                harvest_ceiling)
    if stages is not None:
        stages["dense_core"] = comm
    if threshold is not None and cc.behaviour_split:
        # every unflagged community, in scope or not: a refresh's scope holds the communities whose links
        # changed, but the split reads behaviour, which changes with activity alone (a ring's accounts
        # that ramp up on the exits they already used gain no link); a full run would split it, so must
        # a refresh
        comm, rings, members = _behaviour_cores(comm, rings, members, score, internal_edges, threshold,
                                                cc.min_ring_size)
    if stages is not None:
        stages["behaviour_split"] = comm
    if threshold is not None and cc.split_weak_members:
        # every flagged group, in scope or not: a refresh's scope holds the groups flagged in the previous
        # run and the changed ones, but a group can become flagged with the same accounts and links (its
        # members' activity grew); a full run would search it, so must a refresh
        ie = (internal_edges["src"].to_numpy(), internal_edges["dst"].to_numpy(), internal_edges["weight"].to_numpy())

        def weak_cores(lab: np.ndarray, only: np.ndarray, factor: float) -> np.ndarray:
            return _dense_cores(lab, ie, cc.min_ring_size, factor, cc.seed, only=only, floor=floor, workers=1)[0]

        comm, rings, members = _weak_member_rounds(comm, rings, members, score, internal_edges, threshold,
                                                   cc.min_ring_size, cores=weak_cores if cc.weak_member_cores else None,
                                                   factors=factors)
    return comm, rings, members


#: a core's crowd does the core's work when at least this share of the crowd's template-measured requests
#: is in template families the core's members use (:func:`_lookalike_cores`)
LOOKALIKE_TEMPLATE_SHARE = 0.5


def _lookalike_cores(base: np.ndarray, comm: np.ndarray, rings: pd.DataFrame, members: pd.DataFrame,
                     score: Callable[[np.ndarray, pd.DataFrame], tuple[pd.DataFrame, pd.DataFrame]],
                     edges: pd.DataFrame, gap: float, min_size: int,
                     templates: pd.DataFrame | None = None,
                     returned: dict | None = None,
                     ceiling: float | None = None) -> tuple[np.ndarray, pd.DataFrame, pd.DataFrame]:
    """Unflag the dense cores that do the work of the crowd they were cut from, and harvest no more.

    ``comm`` refines ``base`` (the Leiden partition). A flagged group of ``comm`` that is a part of its
    ``base`` community is a core; that community's crowd is its accounts in no flagged group, scored as
    one group (:func:`_rescore`) when it has at least ``min_size`` of them. A core goes back to the
    crowd, with the crowd's other (unflagged) pieces (the crowd and the cores sent back become one
    community again), when its ``harvest_evidence`` is less than ``gap`` above the crowd's and, where
    prompts were logged (``templates``: account x template family, ``acc, attr, n_events``), at least
    half of the crowd's template-measured requests are in template families the core's members use
    (:data:`LOOKALIKE_TEMPLATE_SHARE`): the same work at the same rate. With ``ceiling`` (the most
    ``harvest_evidence`` the input can show, :func:`graphhunt.scoring.harvest_reach`), only a core whose
    crowd stands at least ``gap`` under it can go back: a core cannot stand above a crowd at the ceiling,
    and a comparison that could not have gone the other way says nothing (without answer lengths the
    ceiling is 2, and busy crowds reach it).

    The density steps look for the densest part of every large community, and any group has one; what
    makes a found part a ring hiding in a crowd rather than the crowd's densest corner is that it does
    something the crowd does not. Harvesting and templates are measured on requests, not on the links
    the core was selected by, so they test the core against its crowd. A crowd of several rings and
    their looser accounts (one community of an operator's hydra) does other work than any one core,
    and its cores stay. A crowd smaller than a ring is not scored, and its cores stay as they are.
    """
    n = len(comm)
    if n == 0 or len(rings) == 0 or "harvest_evidence" not in rings.columns:
        return comm, rings, members
    comm = np.asarray(comm, np.int64)
    base = np.asarray(base, np.int64)
    k = int(comm.max()) + 1
    flag = _flagged_labels(rings, k)
    in_flag = flag[comm]
    size = np.bincount(comm, minlength=k)
    parent = np.zeros(k, np.int64)
    parent[comm] = base  # every group of comm lies inside one base community
    core = flag & (size > 0) & (size < np.bincount(base)[parent])
    if not core.any():
        return comm, rings, members
    # the crowds of the parents of cores: one label per parent, the flagged groups as they are
    has_core = np.zeros(int(base.max()) + 1, bool)
    has_core[parent[core]] = True
    crowd = ~in_flag & has_core[base]
    lab = np.where(crowd, k + base, comm)
    crowd_rings, _ = _rescore(comm, rings, members, lab, score, edges)
    crowd_h = crowd_rings["harvest_evidence"].reindex(k + np.arange(len(has_core))).to_numpy(np.float64)
    crowd_n = np.bincount(base[crowd], minlength=len(has_core))
    h = rings["harvest_evidence"].reindex(np.arange(k)).to_numpy(np.float64)
    par_h = crowd_h[parent]
    back = core & (crowd_n[parent] >= min_size) & np.isfinite(par_h) & (h - par_h < gap)
    if ceiling is not None:
        back &= par_h + gap <= ceiling + 1e-9  # the core could have stood the gap above its crowd
    share = np.full(k, np.nan)
    if back.any() and templates is not None and len(templates):
        # the crowd's template-measured requests in families the core's members use
        ta, tf = templates["acc"].to_numpy(), templates["attr"].to_numpy()
        tn = templates["n_events"].to_numpy(np.float64)
        cand = back[comm[ta]]  # rows of the accounts of the cores in question
        cf = pd.DataFrame({"c": comm[ta[cand]], "f": tf[cand]}).drop_duplicates()  # each core's families
        cf["p"] = parent[cf["c"].to_numpy()]
        in_crowd = crowd[ta]
        cr_par, cr_fam, cr_n = base[ta[in_crowd]], tf[in_crowd], tn[in_crowd]
        total = np.bincount(cr_par, weights=cr_n, minlength=len(has_core))
        # per core: pair its families with its parent's crowd rows (a merge on parent and family)
        cr = pd.DataFrame({"p": cr_par, "f": cr_fam, "n": cr_n}).groupby(["p", "f"], sort=False)["n"].sum().reset_index()
        same = cf.merge(cr, on=["p", "f"]).groupby("c")["n"].sum()
        share = np.zeros(k)
        share[same.index.to_numpy()] = same.to_numpy()
        # a core of no template-measured requests of its own uses no family: share 0
        tot = total[parent]
        share = np.where(tot > 0, share / np.maximum(tot, 1e-9), np.nan)
        # a crowd without template-measured requests says nothing against the core: harvest alone
        back &= ~(share < LOOKALIKE_TEMPLATE_SHARE)
    if not back.any():
        return comm, rings, members
    log.info("dense-core search: %d core(s), %d accounts, do their crowd's work and harvest no more; not flagged",
             int(back.sum()), int(size[back].sum()))
    gone = back[comm]
    if returned is not None:
        returned["cores"] = returned.get("cores", 0) + int(back.sum())
        returned["accounts"] = returned.get("accounts", 0) + int(size[back].sum())
        # per account of a core sent back, what the explanation says (members.parquet's core_* columns)
        a = np.flatnonzero(gone)
        c = comm[a]
        returned.setdefault("members", []).append(pd.DataFrame({
            "acc": a, "core_size": size[c].astype(np.int64),
            "core_risk": rings["risk_score"].reindex(c).to_numpy(np.float64),
            "core_harvest": h[c], "crowd_harvest": par_h[c], "core_template_share": share[c]}))
    undo = np.zeros(len(has_core), bool)
    undo[base[gone]] = True  # these parents' crowd and returned cores are one community again
    new = pd.factorize(np.where((crowd | gone) & undo[base], k + base, comm))[0]
    rings, members = _rescore(comm, rings, members, new, score, edges)
    return new, rings, members


#: at most this many rounds of :func:`_weak_members` (each only adds flagged accounts)
_WEAK_MEMBER_ROUNDS = 4


def _weak_member_rounds(comm: np.ndarray, rings: pd.DataFrame, members: pd.DataFrame,
                        score: Callable[[np.ndarray, pd.DataFrame], tuple[pd.DataFrame, pd.DataFrame]],
                        edges: pd.DataFrame, threshold: float, min_size: int,
                        rounds: int = _WEAK_MEMBER_ROUNDS, cores: Callable | None = None,
                        factors: Sequence[float] = ()) -> tuple[np.ndarray, pd.DataFrame, pd.DataFrame]:
    """:func:`_weak_members` repeated until nothing moves (at most ``rounds`` times).

    The weak members of one community can hold two rings (several rings harvesting one template end up
    in one community). Scored together as one candidate, the smaller ring does not fit that candidate
    either and stays behind, weak, in the first group; the next round scores it alone.

    With ``cores`` (``cores(labels, only, factor)``: :func:`graphhunt.communities.dense_cores` of the
    groups marked in ``only``), a round in which no group's weak members moved tries again with every
    group's weak members cut into their dense cores (the members in no core stay one candidate), at
    each of ``factors`` in turn until one moves; a cut already scored in the round is not scored
    again. Two small rings of different operators are often no ring together: the pairs between them
    share only the template that put them in the large ring's community, so the pair rarity and the
    shared infrastructure of the two as one group fall well below either's, and neither moves; their
    own addresses make each a core.
    """
    factors = tuple(factors)
    for _ in range(max(int(rounds), 1)):
        tried: list[np.ndarray] = []
        new, rings, members = _weak_members(comm, rings, members, score, edges, threshold, min_size, tried=tried)
        moved = not (new is comm or _same_partition(new, comm))
        comm = new
        if not moved and cores is not None:
            for f in factors:
                new, rings, members = _weak_members(comm, rings, members, score, edges, threshold, min_size,
                                                    cores=functools.partial(cores, factor=f), tried=tried)
                moved = not (new is comm or _same_partition(new, comm))
                comm = new
                if moved:
                    break
        if not moved:
            break
    return comm, rings, members


#: the smallest gap of behavioural evidence (half a feature's weight) between a group and the crowd
#: below it for the behaviour split (:func:`_behaviour_cores`) to score the group
BEHAVIOUR_GAP_MIN = 0.5


def _behaviour_cores(comm: np.ndarray, rings: pd.DataFrame, members: pd.DataFrame,
                     score: Callable[[np.ndarray, pd.DataFrame], tuple[pd.DataFrame, pd.DataFrame]],
                     edges: pd.DataFrame, threshold: float, min_size: int,
                     scope: np.ndarray | None = None) -> tuple[np.ndarray, pd.DataFrame, pd.DataFrame]:
    """The behaviourally distinct members of each unflagged community, scored as a group of their own.

    A ring that runs on the same commercial VPN exits as hundreds of VPN users shares as much with
    them as with itself, so Leiden and the density steps leave it inside their community, whose
    median member is a VPN user: the community is not flagged, and neither is the ring. What sets the
    ring apart is behaviour. In every community that is not flagged and has at least ``2 * min_size``
    members (and holds an account of ``scope``, when given; the dense-core search passes none, since
    behaviour changes without a change of links), the members are ordered by their own
    behavioural evidence (``behaviour_evidence``: volume, chain-of-thought, output length and timing
    on the ring features' scale and weights) and cut at the widest gap between two consecutive
    members that leaves ``min_size`` to half of the community above it. The cut is kept only when
    that gap is at least the standard deviation of the members on each side of it and at least
    :data:`BEHAVIOUR_GAP_MIN`: a tight group apart from the crowd, not the crowd's upper tail (the
    heaviest few of an office are a tail; a ring's members in a crowd of VPN users sit 0.8-1.2 units
    of evidence above it, with a spread of 0.2-0.3 among themselves; one ring account with two
    mobile users who happen to be next in line is not a group). Each connected part of the upper
    group (edges between its members) of at least ``min_size`` accounts is scored as a ring. As in
    :func:`_weak_members`, the accounts flagged there (group flagged, own score over ``threshold``)
    form it, a part whose flagged accounts are not a flagged ring when scored alone is dropped, and
    every other account stays where it was: the split only adds flagged accounts. A crowd of heavy users needs everything a ring
    needs (shared infrastructure among themselves and ring-level behaviour) to be flagged this way.
    """
    n = len(comm)
    if len(rings) == 0 or n == 0 or "behaviour_evidence" not in members.columns:
        return comm, rings, members
    k = int(comm.max()) + 1
    sizes = np.bincount(comm, minlength=k)
    cand = ~_flagged_labels(rings, k) & (sizes >= 2 * min_size)
    if scope is not None:
        cand &= np.bincount(comm[np.asarray(scope, bool)], minlength=k) > 0
    rows = np.flatnonzero(cand[comm])
    if len(rows) == 0:
        return comm, rings, members
    b = members["behaviour_evidence"].to_numpy(np.float64)[rows]
    c = comm[rows]
    order = np.lexsort((rows, -b, c))  # per community, most ring-like first (ties: account order)
    rows, b, c = rows[order], b[order], c[order]
    starts = np.flatnonzero(np.r_[True, c[1:] != c[:-1]])
    grp = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(c)]))
    top = np.arange(len(c)) - starts[grp] + 1  # size of the upper group if cut after this row
    m = sizes[c].astype(np.float64)
    rest = m - top
    # spread of each side if cut after this row (sums of b and b^2 over the rows below and above it)
    cs, cs2 = np.cumsum(b), np.cumsum(b * b)
    first = starts[grp]
    below = np.add.reduceat(b, starts)[grp] - (cs - (cs[first] - b[first]))
    below2 = np.add.reduceat(b * b, starts)[grp] - (cs2 - (cs2[first] - b[first] ** 2))
    spread = np.sqrt(np.maximum(below2 / np.maximum(rest, 1) - (below / np.maximum(rest, 1)) ** 2, 0.0))
    above = cs - (cs[first] - b[first])
    above2 = cs2 - (cs2[first] - b[first] ** 2)
    spread = np.maximum(spread, np.sqrt(np.maximum(above2 / top - (above / top) ** 2, 0.0)))
    gap = b - np.r_[b[1:], np.inf]
    ok = (top >= min_size) & (2 * top <= m) & (rest > 0)
    gap = np.where(ok, gap, -np.inf)
    best = np.maximum.reduceat(gap, starts)
    # the cut: the widest gap of the community (first one on ties), kept when it is at least the
    # spread of the members on either side and half a feature's weight - a tight group apart from the
    # crowd, not the crowd's upper tail
    at = ok & (gap == best[grp]) & (gap >= np.maximum(spread, BEHAVIOUR_GAP_MIN))
    cut_pos = pd.Series(np.where(at, top, np.inf)).groupby(grp).min().to_numpy()
    widest = pd.Series(np.where(ok & (gap == best[grp]), top, np.inf)).groupby(grp).min().to_numpy()
    cut_pos = np.where(cut_pos == widest, cut_pos, np.inf)
    upper_rows = rows[np.isfinite(cut_pos[grp]) & (top <= cut_pos[grp])]  # inf: no cut in that community
    if len(upper_rows) == 0:
        return comm, rings, members
    in_upper = np.zeros(n, bool)
    in_upper[upper_rows] = True
    s, d = edges["src"].to_numpy(), edges["dst"].to_numpy()
    e = in_upper[s] & in_upper[d] & (comm[s] == comm[d])
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components
    adj = sparse.coo_matrix((np.ones(int(e.sum())), (s[e], d[e])), shape=(n, n))
    _, part = connected_components(adj, directed=False)
    part_size = np.bincount(part[in_upper], minlength=n)
    moved = in_upper & (part_size[part] >= min_size)
    if not moved.any():
        return comm, rings, members
    cand_lab = np.where(moved, k + part, comm)
    # a group picked because its measured behaviour stands out from its crowd is judged on what was
    # measured: a behaviour column the input lacks (output_tokens) cannot be taken as average for it
    # (scoring.unmeasured_evidence). Measured, not counting it cut the split's false positives in
    # crowd worlds without output_tokens and user_agent (docs/QUALITY.md, "Session 14")
    return _keep_flagged_parts(comm, rings, members, cand_lab, moved, cand_lab, score, edges, threshold, min_size,
                               accept_score=lambda c, e: score(c, e, measured_only=True))


def _weak_members(comm: np.ndarray, rings: pd.DataFrame, members: pd.DataFrame,
                  score: Callable[[np.ndarray, pd.DataFrame], tuple[pd.DataFrame, pd.DataFrame]],
                  edges: pd.DataFrame, threshold: float, min_size: int,
                  cores: Callable | None = None,
                  tried: list | None = None) -> tuple[np.ndarray, pd.DataFrame, pd.DataFrame]:
    """The weak members of each flagged group, scored as a group of their own.

    A member's score is its group's risk scaled by its own fit, and fit is measured against the
    group's typical member. When one community holds a large ring and a small one (several rings on
    one proxy pool), the small ring's members are weakly tied to the large one and stay under the
    threshold. Scored on their own they are a ring. Weak members are those under ``threshold`` and
    those under their own fit floor (``WEAK_TIE``) whom the group's risk still carries over it: two
    small rings in one large ring's community may be one flagged and one not, and moving only the
    unflagged one could cost the other its flag. The weak members that are flagged in their own
    group (group flagged, own score over ``threshold``) form it; every other weak member stays
    where it was, so a bystander of a flagged ring is never moved, and nothing changes when no weak
    part scores as a ring. A moved part that, scored alone, is not a flagged ring goes back by itself,
    and then a group's split is dropped (that group stays as it was; the splits of other groups are
    kept) when, rescored after the split, a member that was flagged loses its flag, in the group or in
    a part moved out of it: the search only adds flagged accounts.
    ``cores`` (see :func:`_weak_member_rounds`) cuts each group's weak members into candidates.
    ``tried``, a list, holds the candidate partitions already scored against this ``comm``: one of
    them again changes nothing (the same scoring gives the same result), and a new one is appended.
    """
    if len(rings) == 0 or len(comm) == 0:
        return comm, rings, members
    k = int(comm.max()) + 1
    # weak: under the threshold, or under its own fit floor (WEAK_TIE: it does not fit the group, even if
    # the group's risk still carries it over the threshold)
    weak = _flagged_labels(rings, k)[comm] & (~flagged_at(members["account_risk"].to_numpy(), threshold)
                                              | (members["fit"].to_numpy() < members["fit_floor"].to_numpy()))
    if not (np.bincount(comm[weak], minlength=k) >= min_size).any():
        return comm, rings, members
    cand = np.where(weak, k + comm, comm)
    if cores is not None:
        only = np.zeros(2 * k, bool)
        only[k + comm[weak]] = True
        split = cores(cand, only)
        cand = np.where(weak, k + split, comm)
    if tried is not None:
        if any(_same_partition(cand, t) for t in tried):
            return comm, rings, members
        tried.append(cand)
    return _keep_flagged_parts(comm, rings, members, cand, weak, comm, score, edges, threshold, min_size)


def _keep_flagged_parts(comm: np.ndarray, rings: pd.DataFrame, members: pd.DataFrame, cand: np.ndarray,
                        moved: np.ndarray, group: np.ndarray,
                        score: Callable[[np.ndarray, pd.DataFrame], tuple[pd.DataFrame, pd.DataFrame]],
                        edges: pd.DataFrame, threshold: float,
                        min_size: int, accept_score: Callable | None = None) -> tuple[np.ndarray, pd.DataFrame, pd.DataFrame]:
    """The shared end of :func:`_behaviour_cores` and :func:`_weak_members`.

    ``cand`` puts the ``moved`` accounts into candidate groups (labels above those of ``comm``). The
    moved accounts flagged in their candidate group (group flagged, own score over ``threshold``; at
    least ``min_size`` of them per group) form it; every other account keeps its label. The result is
    rescored; a moved part that is not a flagged ring once alone is put back, and then every unit of
    ``group`` (a label per account: the original community, or the candidate part) in which an account
    lost its flag is put back whole: the search only adds flagged accounts. Groups are scored
    independently, so one group's outcome never depends on another's; a part that fails does not by
    itself take the other parts of its group back (they go back only if its return costs a member of
    the group its flag). ``accept_score``, when given, scores the candidate groups (default
    ``score``); the result is always rescored with ``score``.
    """
    k_cand = int(cand.max()) + 1
    r_c, m_c = _rescore(comm, rings, members, cand, accept_score or score, edges)
    accept = moved & _flagged_labels(r_c, k_cand)[cand] & flagged_at(m_c["account_risk"].to_numpy(), threshold)
    accept &= (np.bincount(cand[accept], minlength=k_cand) >= min_size)[cand]

    def partition(accept: np.ndarray) -> tuple[np.ndarray, pd.DataFrame, pd.DataFrame]:
        """The partition with the ``accept`` accounts in their candidate groups, rescored."""
        final = pd.factorize(np.where(accept, cand, comm))[0]
        return (final, *_rescore(comm, rings, members, final, score, edges))

    if not accept.any():
        return comm, rings, members
    final, r_f, m_f = partition(accept)
    # a moved part must be a flagged ring once alone (its accounts under the threshold in the candidate
    # group stayed behind, so it is smaller now); the parts that are not go back (a part is all the
    # accepted accounts of its candidate label, so dropping its failed accounts drops the part)
    failed = accept & ~_flagged_labels(r_f, int(final.max()) + 1)[final]
    if failed.any():
        accept &= ~failed
        if not accept.any():
            return comm, rings, members
        final, r_f, m_f = partition(accept)
    # and no account may lose its flag: a unit of ``group`` where one did keeps none of its splits
    was = flagged_at(members["account_risk"].to_numpy(), threshold)
    bad = np.zeros(int(group.max()) + 1, bool)
    bad[group[was & ~flagged_at(m_f["account_risk"].to_numpy(), threshold)]] = True
    if bad[group[accept]].any():
        accept &= ~bad[group]
        if not accept.any():
            return comm, rings, members
        final, r_f, m_f = partition(accept)
    return final, r_f, m_f


def _rescore(comm: np.ndarray, rings: pd.DataFrame, members: pd.DataFrame, new: np.ndarray,
             score: Callable[[np.ndarray, pd.DataFrame], tuple[pd.DataFrame, pd.DataFrame]],
             edges: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``score(new, edges)``, scoring only the communities of ``new`` that are not a community of ``comm``.

    A ring's row and its members' rows depend on its own accounts, its internal edges and
    partition-free baselines only (:func:`graphhunt.scoring.score_rings`), so a community that a
    dense-core step left as it was keeps its rows (relabelled); the others are scored with every
    unchanged account set alone (below the ring size, so not scored). Equal to scoring ``new``
    whole (tested); a step changes a few communities, and the whole-partition scoring was ~0.35 s
    per step at 100k accounts.
    """
    n = len(new)
    if n == 0 or len(rings) == 0:
        return score(new, edges)
    new = np.asarray(new, np.int64)
    comm = np.asarray(comm, np.int64)
    k_new = int(new.max()) + 1
    lo = np.full(k_new, np.iinfo(np.int64).max)
    hi = np.full(k_new, -1)
    np.minimum.at(lo, new, comm)
    np.maximum.at(hi, new, comm)
    size_new = np.bincount(new, minlength=k_new)
    size_old = np.bincount(comm)
    same = (lo == hi) & (size_new == size_old[np.clip(lo, 0, len(size_old) - 1)])
    if not same.any():
        return score(new, edges)
    changed = ~same[new]
    # unchanged accounts each alone (labels after every changed community's), changed ones as in ``new``
    sub = np.where(changed, new, k_new + np.arange(n))
    s, d = edges["src"].to_numpy(), edges["dst"].to_numpy()
    keep = np.flatnonzero(changed[s])  # the internal edges of changed communities, in edge order
    keep = keep[new[s[keep]] == new[d[keep]]]
    r_sub, m_sub = score(sub, edges.iloc[keep])  # the singletons are below min_ring_size (>= 2): no rows
    if list(m_sub.columns) != list(members.columns) or list(r_sub.columns) != list(rings.columns):
        return score(new, edges)  # pragma: no cover - same inputs give the same columns
    old_of_new = np.flatnonzero(same)
    relabel = pd.Series(old_of_new, index=lo[same])  # old label -> new label, unchanged communities
    r_old = rings[rings.index.isin(relabel.index)]
    r_old = r_old.set_axis(pd.Index(relabel.reindex(r_old.index).to_numpy(), name=rings.index.name))
    out_r = pd.concat([r_old, r_sub]).sort_index() if len(r_sub) else r_old.sort_index()
    out_r = out_r.astype(rings.dtypes.to_dict())
    out_m = m_sub.copy()
    for c in members.columns:
        col = out_m[c].to_numpy().copy()
        col[~changed] = members[c].to_numpy()[~changed]
        out_m[c] = col
    out_m["comm"] = new
    return out_r, out_m


@dataclass
class _OwnReasoning:
    """What ``scoring.neighbourhood_own_reasoning`` reads: per request its account code, template family
    (-1: none) and reasoning flag; the population's reasoning baseline; the scoring config; and the harvest of
    a ring frame (``scoring.harvest_evidence`` with this input's unmeasured features)."""
    event_acc: np.ndarray
    event_family: np.ndarray
    event_reasoning: np.ndarray
    baseline: float
    cfg: Any
    harvest: Callable[[pd.DataFrame], np.ndarray]


def _template_neighbourhood(comm: np.ndarray, rings: pd.DataFrame, edges: pd.DataFrame, tinc: pd.DataFrame,
                            floor: float, own_reasoning: _OwnReasoning | None = None) -> np.ndarray | None:
    """Per row of ``tinc``: the holders of its family that count as the ring's own under
    ``scoring.template_neighbourhood`` (:func:`graphhunt.scoring.template_neighbourhood_holders`), or None when
    that changes nothing.

    Only a group whose own ``harvest_evidence`` reaches the harvest ``floor`` gets its neighbourhood's
    holders; every other row keeps its community's count. A no-code platform's tenants behind its egress
    servers share its step templates as a hydra's pieces share theirs (world24 s3: 76 tenants flagged
    without this test, at harvest 0.36-0.47 against a floor of 0.75), but they run its workflows, not a
    harvest; the hydra's pieces harvest at the floor by themselves (docs/QUALITY.md, "Session 69").

    With ``own_reasoning`` (``scoring.neighbourhood_own_reasoning``), a group under the floor is measured
    again with its reasoning rate on the requests of the families it owns with its neighbourhood
    (:func:`graphhunt.scoring.reasoning_on_own_families`) where that rate is higher: a hydra mixing its
    harvest with resold chat (world34 s3: pieces at harvest 1.25-1.45 against 1.5, reasoning 0.28 on every
    request and 0.5 on its own families) harvests through its own families (docs/QUALITY.md, "Session 70").
    Only the test changes: the ring's row keeps the harvest measured on all its requests.
    """
    n_comm = int(comm.max()) + 1
    idx = rings.index.to_numpy()
    h = rings["harvest_evidence"].to_numpy(np.float64)
    harvests = np.zeros(n_comm, bool)
    harvests[idx] = h >= floor
    maybe = np.zeros(n_comm, bool)
    if own_reasoning is not None and "f_reasoning" in rings and "reasoning_rate" in rings:
        w = max(own_reasoning.cfg.weights.get("reasoning", 0.0), 0.0)
        # answers too short to carry reasoning cap it (reasoning_cap; none: 1)
        cap = np.minimum(1.0, np.nan_to_num(rings["reasoning_cap"].to_numpy(np.float64), nan=1.0)
                         if "reasoning_cap" in rings else 1.0)
        f_now = rings["f_reasoning"].to_numpy(np.float64)
        # only a group that full reasoning could lift to the floor is measured again
        maybe[idx] = (h < floor) & (h + w * (cap - f_now) >= floor) & rings["reasoning_rate"].notna().to_numpy()
    if not (harvests | maybe).any():
        return None
    near, own = template_neighbourhood_holders(comm, edges, tinc, only=harvests | maybe)
    if maybe.any():
        o = own_reasoning
        rate = reasoning_on_own_families(comm, tinc, near, own, maybe, o.event_acc, o.event_family,
                                         o.event_reasoning, o.cfg.template_member_fraction,
                                         o.cfg.reasoning_rate_per_member)[idx]
        f_own = np.minimum(reasoning_feature(rate, o.baseline), cap)  # (no such request: 0)
        lift = maybe[idx] & (f_own > f_now)
        if lift.any():
            lifted = o.harvest(rings.assign(f_reasoning=np.where(lift, f_own, f_now)))
            harvests[idx[lift & (lifted >= floor)]] = True
    if not harvests.any():
        return None
    near = np.where(harvests[np.asarray(comm)[tinc["acc"].to_numpy()]], near, own)
    return near if (near > own).any() else None


def _same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two label arrays group the accounts the same way (labels may differ).

    >>> _same_partition(np.array([0, 0, 1]), np.array([5, 5, 2])), _same_partition(np.array([0, 0, 1]), np.array([0, 1, 1]))
    (True, False)
    """
    if len(a) != len(b):
        return False
    if len(a) == 0:
        return True
    # (unique_sorted: numpy 2.4's np.unique without extra outputs hashes, 5-40x slower than a sort here)
    pairs = len(unique_sorted(a.astype(np.int64) * (int(b.max()) + 1) + b))
    return pairs == len(unique_sorted(a)) == len(unique_sorted(b))


def _incidence_frame(incidences: list, account_ids: np.ndarray) -> pd.DataFrame:
    """Concatenate the link incidences (account x attribute, counts, first/last seen)."""
    parts = [i.to_frame(account_ids) for i in incidences if i.link_type not in _INCIDENCE_SKIP]
    if not parts:
        return pd.DataFrame(columns=INCIDENCE_COLUMNS)
    df = pd.concat(parts, ignore_index=True)
    for c in ("first_seen", "last_seen"):
        if c not in df.columns:
            df[c] = pd.NaT
    return df[INCIDENCE_COLUMNS]


def _take_ids(account_ids: np.ndarray, codes: np.ndarray) -> pd.Series | np.ndarray:
    """``account_ids[codes]`` as a pandas string column, built by an Arrow take.

    Same values and dtype as assigning the object array (which pandas would
    convert string by string: ~2 s per 4M edges).
    """
    try:
        import pyarrow as pa

        dtype = pd.Series(account_ids[:1]).dtype
        if not isinstance(dtype, pd.StringDtype):
            return account_ids[codes]
        arr = pa.array(account_ids, pa.string()).take(pa.array(codes))
        return pd.array(arr, dtype=dtype)
    except (ImportError, pa.ArrowException, TypeError):
        return account_ids[codes]


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for p in ("numpy", "scipy", "pandas", "pyarrow", "igraph", "leidenalg", "networkx"):
        try:
            out[p] = version(p)
        except PackageNotFoundError:
            out[p] = "missing"
    return out


def detect(events: pd.DataFrame, accounts: pd.DataFrame | None = None,
           config: Config | str | Path | Mapping[str, Any] | None = None, **overrides: Any) -> DetectionResult:
    """Find rings in one call: ``Detector(config, **overrides).fit(events, accounts).result_``.

    Parameters
    ----------
    events : DataFrame
        One row per request: ``account_id``, ``timestamp`` and any of ``ip``, ``payment_method``,
        ``prompt``, ``user_agent``, ``output_tokens``, ... (README, "Input"). Not modified.
    accounts : DataFrame, optional
        One row per account: ``account_id`` and any of ``created_at``, ``payment_method``, ``org_id``, ...
    config : Config, path to a TOML/JSON file (a ``run.json`` too), or a mapping of sections, optional
        Defaults when omitted.
    **overrides
        Settings by name, as :class:`Detector` takes them (``resolution=0.5``, ``seed=7``,
        ``scoring__threshold=0.6``).

    Returns
    -------
    DetectionResult
        ``accounts``, ``rings``, ``edges``, ``shared`` and ``templates`` DataFrames, the config used,
        ``run_info``; ``graph`` (igraph) and ``to_networkx()`` give the graph, ``explain(id)`` the evidence.

    Examples
    --------
    >>> import graphhunt as gh
    >>> res = gh.detect(events, accounts, seed=7)                       # doctest: +SKIP
    >>> res.flagged_rings                                               # doctest: +SKIP
    """
    return Detector(config, **overrides).fit(events, accounts).result_
