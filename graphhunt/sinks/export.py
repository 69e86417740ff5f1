"""Export a run's ring graph as GraphML or GEXF for Gephi, Cytoscape or yEd.

Nodes are ring members (by default every ring's; or chosen rings, or flagged
rings only) with ``ring_id, risk_score, flagged, reasons, fit, n_events,
created_at, ring_risk, ring_flagged``; edges are the links between them with
``weight``, one ``w_<type>`` per link type and ``link_type`` (the strongest
type). Every attribute is a plain string, float, int or bool, so it survives
a write/read round trip (see ``tests/test_export.py``). Missing values are
written as ``""`` (strings) or ``NaN`` (floats) - never dropped, so every node
carries every attribute.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterable

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import InputError
from ..explain import RunData, as_run, link_type_of
from .files import atomic_write

__all__ = ["ring_graph", "write_graph", "export_graph", "FORMATS"]

log = logging.getLogger(__name__)

FORMATS = ("graphml", "gexf")


def ring_graph(run: "RunData | str | Path | object", rings: Iterable[str] | None = None, flagged_only: bool = False,
               include_between: bool = True) -> nx.Graph:
    """The ring members and their links as a networkx Graph with round-trip-safe attributes.

    Parameters
    ----------
    run : RunData, DetectionResult or path
    rings : iterable of str, optional
        Ring ids to include (default: all rings).
    flagged_only : bool
        Only flagged rings.
    include_between : bool
        Keep links between members of different selected rings (default) or
        only links inside a ring.
    """
    run = as_run(run, edges="rings")
    rt = run.rings
    if rings is not None:
        want = [str(r) for r in rings]
        unknown = sorted(set(want) - set(rt["ring_id"]))
        if unknown:
            raise InputError(f"unknown ring id(s): {', '.join(unknown[:5])}", file=str(run.path / "rings.csv"),
                             fix="pick ring ids from rings.csv")
        rt = rt[rt["ring_id"].isin(want)]
    if flagged_only:
        rt = rt[rt["flagged"].astype(bool)]
    sel = set(rt["ring_id"])
    acc = run.accounts[run.accounts["ring_id"].isin(sel)]
    if run.members is not None and len(run.members):
        extra = run.members.drop(columns=["ring_id", "risk_score"], errors="ignore")
        acc = acc.merge(extra, on="account_id", how="left")
    ring_info = rt.set_index("ring_id")
    g = nx.Graph()
    g.graph.update({"source": "graphhunt", "graphhunt_version": str(run.run.get("graphhunt_version", "")),
                    "run_dir": run.path.name, "rings": len(rt), "threshold": float(run.scoring.get("threshold", 0.5))})
    n = len(acc)
    ring_ids = acc["ring_id"].astype(str).to_numpy()
    cols = {
        "ring_id": ring_ids,
        "risk_score": acc["risk_score"].to_numpy(np.float64),
        "flagged": acc["flagged"].astype(bool).to_numpy(),
        "reasons": acc["reasons"].fillna("").astype(str).to_numpy(),
        "fit": (acc["fit"].to_numpy(np.float64) if "fit" in acc else np.full(n, np.nan)),
        "n_events": (acc["n_events"].fillna(0).astype(np.int64).to_numpy() if "n_events" in acc else np.zeros(n, np.int64)),
        "created_at": (pd.to_datetime(acc["created_at"], utc=True).dt.strftime("%Y-%m-%dT%H:%M:%SZ").fillna("").to_numpy()
                       if "created_at" in acc else np.full(n, "", dtype=object)),
        "ring_risk": ring_info["risk_score"].reindex(ring_ids).to_numpy(np.float64),
        "ring_flagged": ring_info["flagged"].astype(bool).reindex(ring_ids).to_numpy(),
        "ring_size": ring_info["size"].reindex(ring_ids).to_numpy(np.int64),
    }
    py = {k: v.tolist() for k, v in cols.items()}  # plain Python types for the XML writers
    ids = acc["account_id"].astype(str).tolist()
    g.add_nodes_from((a, {k: py[k][i] for k in py}) for i, a in enumerate(ids))
    e = run.edges_with_rings()
    keep = e["ring_src"].isin(sel).to_numpy() & e["ring_dst"].isin(sel).to_numpy()
    if not include_between:
        keep &= e["ring_src"].to_numpy() == e["ring_dst"].to_numpy()
    e = e[keep]
    wcols = [c for c in e.columns if c.startswith("w_")]
    attrs = {"weight": e["weight"].to_numpy(np.float64).tolist(), "link_type": link_type_of(e).astype(str).tolist()}
    for c in wcols:
        attrs[c] = e[c].to_numpy(np.float64).tolist()
    keys = list(attrs)
    src, dst = e["src"].astype(str).tolist(), e["dst"].astype(str).tolist()
    g.add_edges_from((s, d, {k: attrs[k][i] for k in keys}) for i, (s, d) in enumerate(zip(src, dst)))
    log.info("ring graph: %d nodes, %d edges from %d rings", g.number_of_nodes(), g.number_of_edges(), len(rt))
    return g


def write_graph(g: nx.Graph, out: str | Path, fmt: str | None = None) -> Path:
    """Write a graph as GraphML or GEXF (from ``fmt`` or the file suffix), atomically."""
    out = Path(out)
    fmt = (fmt or out.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}", file=str(out),
                         fix=f"use --format {' or '.join(FORMATS)} or a .graphml/.gexf file name")
    with atomic_write(out) as tmp:
        if fmt == "graphml":
            nx.write_graphml(g, tmp, named_key_ids=True)
        else:
            nx.write_gexf(g, tmp)
    return out


def export_graph(run: RunData | str | Path, out: str | Path, fmt: str | None = None, **kwargs) -> Path:
    """Write the ring graph (:func:`ring_graph`, which takes the keyword arguments) to ``out``."""
    return write_graph(ring_graph(run, **kwargs), out, fmt)
