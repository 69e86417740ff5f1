"""GraphML/GEXF exports: attributes survive a round trip through networkx's readers."""
from __future__ import annotations

import math
from types import SimpleNamespace

import networkx as nx
import pytest
from typer.testing import CliRunner

from _report_world import STANDARD, shared_run
from graphhunt.cli import app
from graphhunt.errors import InputError
from graphhunt.sinks.files import read_result
from graphhunt.sinks.export import export_graph, ring_graph, write_graphml_tables

runner = CliRunner()


@pytest.fixture(scope="module")
def run():
    out = shared_run(**STANDARD)
    r = read_result(out)
    res = SimpleNamespace(rings=r["rings"], edges=r["edges"],
                          accounts=r["accounts"].assign(ring_id=r["accounts"]["ring_id"].fillna("")))
    return out, res


def _same(a, b):
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    if isinstance(a, float):
        return isinstance(b, float) and b == pytest.approx(a, rel=1e-6)
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_round_trip_keeps_every_attribute_and_type(run, tmp_path, fmt, reader):
    out, res = run
    g = ring_graph(out)
    # the graph is the ring members and the links among them, as in the run's files
    members = set(res.accounts.loc[res.accounts["ring_id"] != "", "account_id"])
    assert set(g.nodes) == members
    e = res.edges[res.edges["src"].isin(members) & res.edges["dst"].isin(members)]
    assert g.number_of_edges() == len(e)
    path, n_nodes, n_edges = export_graph(out, tmp_path / f"rings.{fmt}")
    assert (n_nodes, n_edges) == (g.number_of_nodes(), g.number_of_edges())
    h = reader(path)
    assert set(h.nodes) == set(g.nodes) and h.number_of_edges() == g.number_of_edges()
    for n, d in g.nodes(data=True):
        back = h.nodes[n]
        for k, v in d.items():
            if fmt == "gexf" and k == "label":
                continue
            assert _same(v, back[k]), (fmt, n, k, v, back.get(k))
    for u, v, d in g.edges(data=True):
        back = h.edges[u, v]
        for k, x in d.items():
            assert _same(x, back[k]), (fmt, u, v, k, x, back.get(k))
    # values agree with the run's own tables
    acc = res.accounts.set_index("account_id")
    some = next(iter(members))
    assert h.nodes[some]["ring_id"] == acc.loc[some, "ring_id"]
    assert h.nodes[some]["risk_score"] == pytest.approx(float(acc.loc[some, "risk_score"]), abs=1e-4)
    row = e.iloc[0]
    assert h.edges[row["src"], row["dst"]]["weight"] == pytest.approx(float(row["weight"]), rel=1e-6)
    assert h.edges[row["src"], row["dst"]]["w_ip"] == pytest.approx(float(row["w_ip"]), rel=1e-6)


def test_selection_and_errors(run, tmp_path):
    out, res = run
    flagged = set(res.rings.loc[res.rings["flagged"], "ring_id"])
    g = ring_graph(out, flagged_only=True)
    assert {d["ring_id"] for _, d in g.nodes(data=True)} == flagged
    assert all(d["flagged"] for _, d in g.nodes(data=True))
    one = res.rings["ring_id"].iloc[0]
    g1 = ring_graph(out, rings=[one])
    assert {d["ring_id"] for _, d in g1.nodes(data=True)} == {one}
    gw = ring_graph(out, include_between=False)
    assert all(gw.nodes[u]["ring_id"] == gw.nodes[v]["ring_id"] for u, v in gw.edges)
    with pytest.raises(InputError, match="unknown ring"):
        ring_graph(out, rings=["ring-9999"])
    with pytest.raises(InputError, match="unknown export format"):
        export_graph(out, tmp_path / "x.csv")


def test_export_cli(run, tmp_path):
    out, res = run
    r = runner.invoke(app, ["export", str(out), "-o", str(tmp_path / "g.gexf"), "--flagged-only"])
    assert r.exit_code == 0, r.output
    h = nx.read_gexf(tmp_path / "g.gexf")
    n = int(res.rings.loc[res.rings["flagged"], "size"].sum())
    assert h.number_of_nodes() == n and f"{n} accounts" in r.output
    r = runner.invoke(app, ["export", str(out), "-o", str(tmp_path / "g.dot")])
    assert r.exit_code == 2 and "unknown export format" in r.output
    assert not (tmp_path / "g.dot").exists()


def test_fast_graphml_writer_escapes_and_types(tmp_path):
    """The column-wise GraphML writer: hostile ids and text survive, types are declared right."""
    import pandas as pd

    nodes = pd.DataFrame({"id": ['a&b<"c>', "plain"], "label": ["x < y & z", ""], "score": [0.1, float("nan")],
                          "flag": [True, False], "n": [3, 4]})
    edges = pd.DataFrame({"source": ['a&b<"c>'], "target": ["plain"], "weight": [1 / 3], "kind": ["ip"]})
    write_graphml_tables(nodes, edges, {"source": "graphhunt", "rings": 2, "threshold": 0.5}, tmp_path / "g.graphml")
    h = nx.read_graphml(tmp_path / "g.graphml")
    assert set(h.nodes) == {'a&b<"c>', "plain"}
    a = h.nodes['a&b<"c>']
    assert a["label"] == "x < y & z" and a["score"] == 0.1 and a["flag"] is True and a["n"] == 3
    assert math.isnan(h.nodes["plain"]["score"]) and h.nodes["plain"]["flag"] is False
    e = h.edges['a&b<"c>', "plain"]
    assert e["weight"] == 1 / 3 and e["kind"] == "ip"  # exact float text
    assert {k: h.graph[k] for k in ("source", "rings", "threshold")} == {"source": "graphhunt", "rings": 2, "threshold": 0.5}


def test_in_memory_result_exports_the_same_graph_as_its_run_directory():
    """A DetectionResult in memory has fit and n_events in its accounts table as well as in members:
    the export must not lose them to a merge (fit_x / fit_y) and must equal the run directory's."""
    from _report_world import shared_result

    res = shared_result(**STANDARD)
    g_mem, g_dir = ring_graph(res), ring_graph(shared_run(**STANDARD))
    assert set(g_mem.nodes) == set(g_dir.nodes) and len(g_mem)
    for n, d in g_dir.nodes(data=True):
        m = g_mem.nodes[n]
        assert set(m) == set(d), n
        assert m["n_events"] == d["n_events"] > 0 and m["fit"] == pytest.approx(d["fit"], abs=1e-4), n
        assert m["ring_id"] == d["ring_id"] and m["created_at"] == d["created_at"], n


def test_a_run_directory_without_edges_is_refused_not_exported_without_links(tmp_path):
    import shutil

    src = shared_run(**STANDARD)
    d = tmp_path / "run"
    shutil.copytree(src, d)
    (d / "edges.parquet").unlink()
    r = runner.invoke(app, ["export", str(d), "-o", str(tmp_path / "x.graphml")])
    assert r.exit_code == 2 and "edges.parquet is missing" in r.output, r.output
    assert not (tmp_path / "x.graphml").exists()


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_ids_with_control_characters_export_as_readable_xml(run, tmp_path, fmt, reader, caplog):
    """A QA pass: an account id holding a terminal escape or a stray control byte made an export that no
    XML reader could parse, and the command said "wrote". Such characters are written as escapes."""
    import dataclasses

    from graphhunt.explain import load_run

    out, res = run
    ring = res.rings.loc[res.rings["flagged"], "ring_id"].iloc[0]
    a, b = res.accounts.loc[res.accounts["ring_id"] == ring, "account_id"].iloc[:2]
    bad = {a: "\x1b[31mred\x1b[0m" + a, b: b + "\x01\x0b\ufffe"}
    rd = load_run(out)
    rd = dataclasses.replace(rd, accounts=rd.accounts.assign(account_id=rd.accounts["account_id"].replace(bad)),
                             edges=rd.edges.assign(src=rd.edges["src"].replace(bad), dst=rd.edges["dst"].replace(bad)),
                             _cache={})
    path, n_nodes, n_edges = export_graph(rd, tmp_path / f"g.{fmt}", rings=[ring])
    h = reader(path)  # parses
    assert h.number_of_nodes() == n_nodes and h.number_of_edges() == n_edges
    assert "\\x1b[31mred\\x1b[0m" + a in h and b + "\\x01\\x0b\\ufffe" in h
    assert h.degree("\\x1b[31mred\\x1b[0m" + a) > 0  # its links kept the escaped id too
    assert "characters XML cannot carry" in caplog.text


def test_an_output_path_that_is_a_directory_or_a_mismatched_suffix(run, tmp_path, caplog):
    """A QA pass: `export -o DIR` and `report -o DIR` exited 6 naming a temporary file; a GEXF written into a
    .graphml file said nothing."""
    out, _ = run
    (tmp_path / "d").mkdir()
    for cmd in (["export", str(out), "-o", str(tmp_path / "d")], ["report", str(out), "-o", str(tmp_path / "d")]):
        r = runner.invoke(app, cmd)
        assert r.exit_code == 2 and "is a directory" in r.output and ".tmp" not in r.output, r.output
    assert list((tmp_path / "d").iterdir()) == []
    r = runner.invoke(app, ["export", str(out), "-o", str(tmp_path / "g.graphml"), "--format", "gexf"])
    assert r.exit_code == 0 and "writing GEXF into a file named .graphml" in r.output, r.output


@pytest.mark.parametrize("kw", [{}, {"flagged_only": True}, {"rings": ["ring-0001"]},
                                {"rings": ["ring-0001", "ring-0002"], "include_between": False}])
def test_only_the_selected_rings_links_are_read(run, tmp_path, kw, monkeypatch):
    """A run directory's links are read for the selected rings' members only; the tables are those built
    with every link loaded."""
    import pandas as pd

    from graphhunt.explain import load_run
    from graphhunt.sinks import export as export_mod
    from graphhunt.sinks.export import ring_tables

    out, _ = run
    full = load_run(out, edges="all")
    want = ring_tables(full, **kw)
    seen = {}
    real = export_mod.as_run

    def spy(r, edges="all"):
        seen["run"] = got = real(r, edges=edges)
        return got

    monkeypatch.setattr(export_mod, "as_run", spy)
    got = ring_tables(out, **kw)
    for a, b in zip(got[:2], want[:2]):
        pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))
    assert got[2] == want[2]
    rt = full.rings
    if "rings" in kw:
        rt = rt[rt["ring_id"].isin(kw["rings"])]
    if kw.get("flagged_only"):
        rt = rt[rt["flagged"].astype(bool)]
    members = set(full.accounts.loc[full.accounts["ring_id"].isin(set(rt["ring_id"])), "account_id"])
    assert seen["run"].edge_scope == frozenset(members)
    assert len(seen["run"].edges) <= len(full.edges)


def test_reading_a_large_result_whose_column_is_empty_for_its_first_rows_does_not_warn(run, tmp_path):
    """A 1M-account run's rings.csv has 85k rows whose shared_schedule is empty but for a few hundred: read
    in chunks, pandas warned "Columns (38: shared_schedule) have mixed types" when the report was written
    (session 58). The whole column is read as one type."""
    import shutil
    import warnings

    import pandas as pd

    out, _ = run
    big = tmp_path / "big"
    shutil.copytree(out, big)
    rings = pd.read_csv(big / "rings.csv", keep_default_na=False, dtype=str)
    filler = pd.DataFrame({"ring_id": [f"ring-x{i}" for i in range(300_000)], "shared_schedule": ""})
    pd.concat([filler, rings.assign(shared_schedule="schedule:00-04 (2/5)")]).to_csv(big / "rings.csv",
                                                                                    index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = read_result(big, edges=False)
    col = r["rings"]["shared_schedule"]
    assert col.iloc[-1] == "schedule:00-04 (2/5)" and col.iloc[:300_000].isna().all()
