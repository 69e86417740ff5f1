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
from html import escape
from pathlib import Path
from typing import Iterable

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import InputError
from ..explain import RunData, as_run, link_type_of, members_of_rings
from .files import atomic_write, refuse_directory

__all__ = ["ring_tables", "ring_graph", "write_graph", "write_graphml_tables", "export_graph", "FORMATS"]

log = logging.getLogger(__name__)

FORMATS = ("graphml", "gexf")


def ring_tables(run: "RunData | str | Path | object", rings: Iterable[str] | None = None,
                flagged_only: bool = False, include_between: bool = True) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """The selected ring members and their links as tables: ``(nodes, edges, graph_attributes)``.

    ``nodes`` has ``id`` and the node attributes; ``edges`` has ``source, target``
    and the edge attributes. Parameters as in :func:`ring_graph`.
    """
    want = None if rings is None else [str(r) for r in rings]

    def selected(rt: pd.DataFrame) -> pd.DataFrame:
        if want is not None:
            rt = rt[rt["ring_id"].isin(want)]
        return rt[rt["flagged"].astype(bool)] if flagged_only else rt

    # the links read are those touching the selected rings' members (a run directory's edges.parquet is
    # filtered in pyarrow); unknown ring ids are refused once the tables are loaded
    run = as_run(run, edges=lambda acc, rt: members_of_rings(acc, selected(rt)["ring_id"]))
    if want is not None:
        unknown = sorted(set(want) - set(run.rings["ring_id"]))
        if unknown:
            raise InputError(f"unknown ring id(s): {', '.join(unknown[:5])}", file=str(run.path / "rings.csv"),
                             fix="pick ring ids from rings.csv")
    rt = selected(run.rings)
    sel = set(rt["ring_id"])
    acc = run.accounts[run.accounts["ring_id"].isin(sel)]
    if run.members is not None and len(run.members):
        # members adds what accounts.csv lacks (fit, n_events, created_at); an in-memory result's
        # accounts table has some of them already, and a merge would rename both copies (fit_x, fit_y)
        extra = run.members.drop(columns=[c for c in run.members.columns if c in acc.columns and c != "account_id"])
        acc = acc.merge(extra, on="account_id", how="left")
    ring_info = rt.set_index("ring_id")
    n = len(acc)
    ring_ids = acc["ring_id"].astype(str).to_numpy()
    nodes = pd.DataFrame({
        "id": acc["account_id"].astype(str).to_numpy(),
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
    })
    if "review" in acc:  # an analyst's verdict (a run given --reviews): why a high-risk account is not flagged
        nodes["review"] = acc["review"].fillna("").astype(str).to_numpy()
    e = run.edges_with_rings()
    keep = e["ring_src"].isin(sel).to_numpy() & e["ring_dst"].isin(sel).to_numpy()
    if not include_between:
        keep &= e["ring_src"].to_numpy() == e["ring_dst"].to_numpy()
    e = e[keep]
    edges = pd.DataFrame({"source": e["src"].astype(str).to_numpy(), "target": e["dst"].astype(str).to_numpy(),
                          "weight": e["weight"].to_numpy(np.float64), "link_type": link_type_of(e).astype(str)})
    for c in [c for c in e.columns if c.startswith("w_")]:
        edges[c] = e[c].to_numpy(np.float64)
    gattrs = {"source": "graphhunt", "graphhunt_version": str(run.run.get("graphhunt_version", "")),
              "run_dir": run.path.name, "rings": len(rt), "threshold": float(run.scoring.get("threshold", 0.5))}
    log.info("ring graph: %d nodes, %d edges from %d rings", len(nodes), len(edges), len(rt))
    return nodes, edges, gattrs


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
    return _graph(*ring_tables(run, rings, flagged_only, include_between))


def _graph(nodes: pd.DataFrame, edges: pd.DataFrame, gattrs: dict) -> nx.Graph:
    g = nx.Graph()
    g.graph.update(gattrs)
    ncols = [c for c in nodes.columns if c != "id"]
    py = {c: nodes[c].tolist() for c in ncols}  # plain Python types for the XML writers
    g.add_nodes_from((a, {c: py[c][i] for c in ncols}) for i, a in enumerate(nodes["id"].tolist()))
    ecols = [c for c in edges.columns if c not in ("source", "target")]
    pe = {c: edges[c].tolist() for c in ecols}
    g.add_edges_from((s, d, {c: pe[c][i] for c in ecols})
                     for i, (s, d) in enumerate(zip(edges["source"].tolist(), edges["target"].tolist())))
    return g


#: characters XML 1.0 cannot carry, not even as a character reference (C0 controls but tab, newline and
#: carriage return; lone surrogates; U+FFFE, U+FFFF)
_NOT_XML = "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"


def _xml_safe(nodes: pd.DataFrame, edges: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tables with every character XML 1.0 cannot carry written as a ``\\xNN``/``\\uNNNN`` escape.

    An account id holding such a character (a terminal escape, a stray control byte) made a GraphML or
    GEXF file that no reader could parse, and the export said "wrote" (found by a QA pass). Such ids are
    written escaped, with a warning: the same escaped id in ``source``/``target`` and ``id`` keeps the
    graph whole.
    """
    n = 0

    def fix(df: pd.DataFrame) -> pd.DataFrame:
        nonlocal n
        df = df.copy()
        for c in df.columns:
            if df[c].dtype == object or isinstance(df[c].dtype, pd.StringDtype):
                col = df[c].astype(object).where(df[c].notna(), "").astype(str).astype(object)  # Python re: any str
                bad = col.str.contains(_NOT_XML, regex=True)
                if bad.any():
                    n += int(bad.sum())
                    fixed = col[bad].str.replace(_NOT_XML, lambda m: m.group(0).encode(
                        "unicode_escape", "backslashreplace").decode("ascii"), regex=True)
                    df[c] = df[c].astype(object)
                    df.loc[bad, c] = fixed
        return df

    nodes, edges = fix(nodes), fix(edges)
    if n:
        log.warning("%d value(s) (account ids or attributes) hold characters XML cannot carry (control characters); "
                    "they are written as \\xNN escapes in the export", n)
    return nodes, edges


def _xml(s: pd.Series) -> pd.Series:
    return (s.astype(str).str.replace("&", "&amp;", regex=False).str.replace("<", "&lt;", regex=False)
            .str.replace(">", "&gt;", regex=False).str.replace('"', "&quot;", regex=False))


def _gml_type(s: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(s):
        return "boolean"
    if pd.api.types.is_integer_dtype(s):
        return "long"
    if pd.api.types.is_float_dtype(s):
        return "double"
    return "string"


def _gml_values(s: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(s):
        return pd.Series(np.where(s.to_numpy(), "true", "false"), index=s.index)
    if pd.api.types.is_float_dtype(s):
        return pd.Series([repr(float(v)) for v in s.to_numpy()], index=s.index)  # shortest exact text
    return _xml(s)


def write_graphml_tables(nodes: pd.DataFrame, edges: pd.DataFrame, gattrs: dict, path: str | Path) -> None:
    """GraphML from the tables of :func:`ring_tables`, built with column-wise string operations.

    networkx's writer builds an element tree per node and edge (minutes for a
    few hundred thousand links); this writes the same document, readable by
    ``networkx.read_graphml``, Gephi and Cytoscape, in seconds.
    """
    def keys(df, skip, kind, prefix):
        return [(c, f"{prefix}{i}", _gml_type(df[c])) for i, c in enumerate(c for c in df.columns if c not in skip)]

    nk = keys(nodes, ("id",), "node", "n")
    ek = keys(edges, ("source", "target"), "edge", "e")
    head = ["<?xml version='1.0' encoding='utf-8'?>",
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/'
            'xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">']
    gk = []
    for i, (k, v) in enumerate(gattrs.items()):
        t = "boolean" if isinstance(v, bool) else "long" if isinstance(v, int) else "double" if isinstance(v, float) else "string"
        gk.append((k, f"g{i}", t, v))
        head.append(f'<key id="g{i}" for="graph" attr.name="{k}" attr.type="{t}"/>')
    head += [f'<key id="{kid}" for="node" attr.name="{c}" attr.type="{t}"/>' for c, kid, t in nk]
    head += [f'<key id="{kid}" for="edge" attr.name="{c}" attr.type="{t}"/>' for c, kid, t in ek]
    head.append('<graph edgedefault="undirected">')
    for k, kid, t, v in gk:
        val = ("true" if v else "false") if t == "boolean" else repr(v) if t == "double" else escape(str(v), {'"': "&quot;"})
        head.append(f'<data key="{kid}">{val}</data>')

    def rows(df, opener, cols):
        out = opener
        for c, kid, _ in cols:
            out = out + f'<data key="{kid}">' + _gml_values(df[c]) + "</data>"
        return out

    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(head) + "\n")
        if len(nodes):
            f.write("\n".join(rows(nodes, '<node id="' + _xml(nodes["id"]) + '">', nk) + "</node>") + "\n")
        if len(edges):
            f.write("\n".join(rows(edges, '<edge source="' + _xml(edges["source"]) + '" target="'
                                       + _xml(edges["target"]) + '">', ek) + "</edge>") + "\n")
        f.write("</graph>\n</graphml>\n")


def write_graph(g: nx.Graph, out: str | Path, fmt: str | None = None) -> Path:
    """Write a networkx graph as GraphML or GEXF (from ``fmt`` or the file suffix), atomically."""
    out, fmt = _fmt(out, fmt)
    with atomic_write(out) as tmp:
        if fmt == "graphml":
            nx.write_graphml(g, tmp, named_key_ids=True)
        else:
            nx.write_gexf(g, tmp)
    return out


def _fmt(out: str | Path, fmt: str | None) -> tuple[Path, str]:
    out = Path(out)
    refuse_directory(out, "export", "rings.graphml")
    suffix = out.suffix.lstrip(".").lower()
    fmt = (fmt or suffix).lower()
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}", file=str(out),
                         fix=f"use --format {' or '.join(FORMATS)} or a .graphml/.gexf file name")
    if suffix in FORMATS and suffix != fmt:
        log.warning("%s: writing %s into a file named .%s; tools that go by the name will not read it", out,
                    fmt.upper(), suffix)
    return out, fmt


def export_graph(run: "RunData | str | Path | object", out: str | Path, fmt: str | None = None,
                 **kwargs) -> tuple[Path, int, int]:
    """Write the ring graph to ``out`` (GraphML via a fast column-wise writer, GEXF via networkx), atomically.

    Keyword arguments go to :func:`ring_tables`. Returns ``(path, nodes, edges)``.
    """
    out, fmt = _fmt(out, fmt)
    from .files import refuse_result_file

    refuse_result_file(out, "graph export")
    nodes, edges, gattrs = ring_tables(run, **kwargs)
    nodes, edges = _xml_safe(nodes, edges)
    with atomic_write(out) as tmp:
        if fmt == "graphml":
            write_graphml_tables(nodes, edges, gattrs, tmp)
        else:
            nx.write_gexf(_graph(nodes, edges, gattrs), tmp)
    return out, len(nodes), len(edges)
