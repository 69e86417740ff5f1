"""What ring members share, strongest first (for rings.csv, explain and the report)."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .links.base import Incidence

__all__ = ["shared_attributes", "evidence_columns"]


def shared_attributes(incidences: list[Incidence], attributes: pd.DataFrame, comm: np.ndarray,
                      ring_comms: np.ndarray, per_type: int = 5) -> pd.DataFrame:
    """Attributes held by at least two members of a ring, strongest first.

    Strongest = held by many members and few accounts overall: ``members² / n_accounts`` (an
    address all 12 members and nobody else use, 12/12, before one two members use, 2/2, before one
    the 12 share with 28 outsiders, 12/40), then rarest. Returns ``community, link_type, attribute,
    members, n_accounts, weight, status, shared_of_type`` with at most ``per_type`` rows per ring and
    link type; ``shared_of_type`` counts all the ring's attributes of that type held by two or more
    members, so a cut list says how much it left out.
    """
    is_ring = np.zeros(comm.max() + 1 if len(comm) else 0, bool)
    is_ring[ring_comms] = True
    out = []
    by_type = {t: g.set_index("attr") for t, g in attributes.groupby("link_type", sort=False)}
    for inc in incidences:
        sel = is_ring[comm[inc.account]]
        if not sel.any():
            continue
        # count ring members per (community, attribute) with one sort of an int64 key
        n_attr = max(len(inc.labels), 1)
        key, members = np.unique(comm[inc.account[sel]].astype(np.int64) * n_attr + inc.attr[sel],
                                 return_counts=True)
        two = members >= 2
        if not two.any():
            continue
        key, members = key[two], members[two]
        cnt = pd.DataFrame({"community": key // n_attr, "attr": key % n_attr, "members": members})
        at = by_type[inc.link_type]
        cnt["n_accounts"] = at["n_accounts"].reindex(cnt["attr"]).to_numpy()
        cnt["weight"] = at["weight"].reindex(cnt["attr"]).to_numpy()
        cnt["status"] = at["status"].reindex(cnt["attr"]).to_numpy()
        cnt["strength"] = _strength(cnt)
        cnt = cnt.sort_values(["community", "strength", "n_accounts", "members", "attr"],
                              ascending=[True, False, True, False, True])
        cnt["shared_of_type"] = cnt.groupby("community", sort=False)["attr"].transform("size").to_numpy()
        cnt = cnt.groupby("community", sort=False).head(per_type).drop(columns=["strength"])
        cnt["link_type"] = inc.link_type
        cnt["attribute"] = inc.labels[cnt["attr"].to_numpy()]
        out.append(cnt.drop(columns=["attr"]))
    if not out:
        return pd.DataFrame(columns=SHARED_COLUMNS)
    return pd.concat(out, ignore_index=True)[SHARED_COLUMNS]


#: columns of :func:`shared_attributes` (``shared.csv`` adds ``ring_id``)
SHARED_COLUMNS = ["community", "link_type", "attribute", "members", "n_accounts", "weight", "status", "shared_of_type"]


def _strength(sh: pd.DataFrame) -> np.ndarray:
    """members² / accounts holding it overall: most members, fewest outsiders first."""
    return sh["members"].to_numpy(np.float64) ** 2 / np.maximum(sh["n_accounts"].to_numpy(np.float64), 1)


def strongest_first(sh: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``shared.csv`` in :func:`shared_attributes`' order (strongest first) across link types."""
    return sh.assign(_k=_strength(sh)).sort_values(["_k", "n_accounts", "members"], ascending=[False, True, False],
                                       kind="stable").drop(columns=["_k"])


def join_per_group(text: pd.Series, group: np.ndarray, sep: str) -> pd.Series:
    """``text.groupby(group).agg(sep.join)`` without a Python call per group (order kept within a group).

    >>> join_per_group(pd.Series(["a", "b", "c"]), np.array([2, 1, 2]), " | ").to_dict()
    {1: 'b', 2: 'a | c'}
    """
    if len(text) == 0:
        return pd.Series([], dtype="string")
    order = np.argsort(group, kind="stable")
    g = np.asarray(group)[order]
    first = np.r_[True, g[1:] != g[:-1]]
    pieces = pd.Series(np.where(first, "", sep), dtype="string") + text.iloc[order].astype("string").reset_index(drop=True)
    return pieces.groupby(g, sort=True).sum()


def evidence_columns(shared: pd.DataFrame, index: pd.Index, top: int = 3,
                     link_types: Sequence[str] = ()) -> pd.DataFrame:
    """One text column per link type: ``attr (m/k)`` = shared by m members, k accounts overall.

    ``link_types`` (the run's configured types) get a column even when no ring shares anything of
    that type, so ``rings.csv`` has the same columns in every run of one configuration (a scheduled
    job's loader would otherwise fail on the day no ring shares a schedule)."""
    cols = {}
    s = shared.copy()
    s["txt"] = s["attribute"].astype(str) + " (" + s["members"].astype(str) + "/" + s["n_accounts"].astype(str) + ")"
    for t, g in s.groupby("link_type", sort=True):
        g = g.groupby("community", sort=False).head(top)
        cols[f"shared_{t.replace(':', '_')}"] = join_per_group(g["txt"], g["community"].to_numpy(), " | ").reindex(index)
    for t in link_types:
        cols.setdefault(f"shared_{t.replace(':', '_')}", pd.Series("", index=index, dtype="string"))
    return pd.DataFrame({k: cols[k] for k in sorted(cols)}, index=index).fillna("")


def cut_note(sh: pd.DataFrame) -> str:
    """``"; listed: ip 5 of 38, network 5 of 20"`` for the link types whose shared list was cut (``""``
    when none was, or for a ``shared.csv`` written before ``shared_of_type`` existed)."""
    if "shared_of_type" not in sh or not len(sh):
        return ""
    g = sh.groupby("link_type", sort=True).agg(n=("attribute", "size"), of=("shared_of_type", "max"))
    g = g[g["of"] > g["n"]]
    return "; listed: " + ", ".join(f"{t} {int(r.n)} of {int(r.of)}" for t, r in g.iterrows()) if len(g) else ""
