"""report.html and `graphhunt explain`: built from a run directory alone, private, honest."""
from __future__ import annotations

import logging
import re
import shutil

import pandas as pd
import pytest
from typer.testing import CliRunner

from _report_world import BENIGN_CANARY, RING_EMAIL, STANDARD, detect_into, shared_result, shared_run
from graphhunt.cli import app
from graphhunt.explain import explain_account, explain_ring, redact
from graphhunt.sinks import report as report_mod
from graphhunt.sinks.files import read_result
from graphhunt.sinks.report import build_report, write_report, write_report_safely

runner = CliRunner()


@pytest.fixture(scope="module")
def run():
    out = shared_run(**STANDARD)
    return out, _Result(out)


class _Result:
    """The run's tables as the tests need them (what detect returned, read back from the directory)."""

    def __init__(self, out):
        r = read_result(out)
        self.rings, self.shared, self.edges = r["rings"], r["shared"], r["edges"]
        self.accounts = r["accounts"].assign(ring_id=r["accounts"]["ring_id"].fillna(""))


@pytest.fixture(scope="module")
def html(run):
    return (run[0] / "report.html").read_text(encoding="utf-8")


def _table_rows(html: str, table_id: str) -> list[str]:
    m = re.search(rf'<table[^>]*id="{table_id}"[^>]*>.*?<tbody>(.*?)</tbody>', html, re.S)
    assert m, f"no table {table_id}"
    return re.findall(r"<tr>(.*?)</tr>", m.group(1), re.S)


def test_detect_writes_report_with_every_ring(run, html):
    out, res = run
    rings = pd.read_csv(out / "rings.csv")
    assert len(rings) >= 3  # two distillation rings and the office NAT community
    rows = _table_rows(html, "rings-table")
    assert len(rows) == len(rings)
    # ranked as in rings.csv, each row carrying the ring's id and status in words
    for row, (_, r) in zip(rows, rings.iterrows()):
        assert f">{r['ring_id']}<" in row
        assert ("FLAGGED" in row) == bool(r["flagged"])
    # summary cards agree with the files
    acc = pd.read_csv(out / "accounts.csv")
    assert re.search(rf'<div class="big">{len(rings)}</div><div>rings found', html)
    assert re.search(rf'<div class="big">{int(acc["flagged"].sum())}</div><div>accounts flagged', html)
    # one detail section per ring, each with a member graph
    assert html.count('<section class="ring"') == len(rings)
    assert html.count('<svg class="graph"') == len(rings)


def test_ring_detail_shows_evidence_timeline_and_signup(run, html):
    out, res = run
    top = res.rings.iloc[0]
    assert top["flagged"]
    sec = html.split(f'<section class="ring" id="{top["ring_id"]}"')[1].split("</section>")[0]
    # link types are named in the legend (not colour alone), with the drawn style's name
    assert "dash" in sec and "IP address" in sec
    # shared evidence, strongest first: most members, fewest accounts overall (members² / accounts)
    sh = res.shared[res.shared["ring_id"] == top["ring_id"]]
    sh = sh.assign(k=sh["members"] ** 2 / sh["n_accounts"]).sort_values(["k", "n_accounts", "members"],
                                                                          ascending=[False, True, False])
    assert sh["k"].iloc[0] == sh["k"].max() and sh["members"].iloc[0] >= 2
    pos = [sec.find(str(a)) for a in sh["attribute"].head(4)]
    assert all(p > 0 for p in pos) and pos == sorted(pos)
    assert "Activity of" in sec and "requests in" in sec
    # the sign-up burst: the generator puts every member of a ring within 10 hours
    m = re.search(r"(\d+) of (\d+) members signed up within 72 h", sec)
    assert m and m.group(1) == m.group(2) == str(int(top["size"]))
    assert "Template exemplars" in sec and "<q>" in sec
    assert "fit floor" in sec  # each member's fit and the floor it is judged against


def test_report_has_no_raw_prompts_or_network_fetches(html):
    assert BENIGN_CANARY not in html  # no benign user's text at all
    assert RING_EMAIL not in html and "&lt;email&gt;" in html  # ring exemplar kept, but masked
    # self-contained: no external scripts, styles, images or fonts
    assert not re.search(r'<(script|link|img|iframe)[^>]*(src|href)="(https?:)?//', html)
    assert "@import" not in html and "url(" not in html
    assert re.search(r"Content-Security-Policy\" content=\"default-src 'none'", html)
    q = re.findall(r"<q>(.*?)</q>", html, re.S)
    assert q and all(len(x) <= 200 for x in q)  # short exemplars (entity escapes add a few chars)


def test_report_from_old_run_dir_without_timeline(run, tmp_path):
    old = tmp_path / "old"
    shutil.copytree(run[0], old)
    (old / "timeline.parquet").unlink()
    (old / "members.parquet").unlink()
    (old / "report.html").unlink()
    r = runner.invoke(app, ["report", str(old)])
    assert r.exit_code == 0, r.output
    html = (old / "report.html").read_text()
    assert "no timeline.parquet in this run" in html
    assert html.count('<svg class="graph"') == len(pd.read_csv(old / "rings.csv"))


def test_zero_rings(tmp_path):
    detect_into(tmp_path / "w", tmp_path / "run", n_benign=60, ring_sizes=(), n_office=0,
                overrides=["prompts.enabled=false"])  # benign users share no payment or IP
    html = (tmp_path / "run" / "report.html").read_text()
    assert "No rings found in this run." in html
    assert re.search(r'<div class="big">0</div><div>rings found', html)
    assert "no rings in this run" in html  # plots say so instead of drawing nothing
    assert '<section class="ring"' not in html


def test_many_rings_are_paginated_and_details_capped(tmp_path):
    # payment and IP links only: the prompt stage is not what this test is about, and it is the slow one
    detect_into(tmp_path / "w", tmp_path / "run", report=False, n_benign=40, ring_sizes=(10,), n_office=0,
                n_tiny_rings=1000, overrides=['links.types=["payment", "ip"]', "prompts.enabled=false"])
    n = len(pd.read_csv(tmp_path / "run" / "rings.csv"))
    assert n > 1000
    html = build_report(tmp_path / "run", max_ring_details=10, page_size=50)
    assert len(_table_rows(html, "rings-table")) == n  # every ring listed; the pager shows 50 at a time
    assert 'data-page-size="50"' in html and 'id="rings-pager"' in html
    assert html.count('<section class="ring"') == 10
    assert f"Detail sections for 10 of {n:,} rings: every flagged ring and the 9 highest-risk unflagged" in html
    html = build_report(tmp_path / "run", max_ring_details=100, unflagged_details=3)
    assert html.count('<section class="ring"') == 1 + 3  # the flagged ring and three near misses
    assert len(html) < 8_000_000


def test_member_graph_cap_is_stated(run):
    out, res = run
    html = build_report(out, max_members=5, max_edges=7)
    big = res.rings.iloc[0]
    assert f"showing the 5 most strongly linked of {int(big['size'])} members" in html
    assert "drawing the 7 strongest of" in html


def test_changes_csv_is_rendered(run, tmp_path):
    d = tmp_path / "r"
    shutil.copytree(run[0], d)
    rid = run[1].rings["ring_id"].iloc[0]
    pd.DataFrame({"ring_id": [rid, "ring-9999"], "change": ["grown", "dissolved"], "from_ids": ["ring-0003", "ring-0009"],
                  "members_added": [3, 0], "members_removed": [0, 5]}).to_csv(d / "changes.csv", index=False)
    html = build_report(d)
    assert "Changes since the previous run" in html
    assert "grown: <strong>1</strong>" in html and "dissolved: <strong>1</strong>" in html
    sec = html.split(f'<section class="ring" id="{rid}"')[1].split("</section>")[0]
    assert "Since the previous run" in sec and "ring-0003" in sec


def test_blank_cells_of_the_change_tables_are_empty_not_nan(run, tmp_path):
    """A fresh-eyes tester (session 50): the change tables showed "nan" in every blank cell of changes.csv
    (removed_accounts of a ring that grew, from_ids of a new ring, size, risk and flag of a dissolved one):
    189 cells in one refresh report."""
    from graphhunt.refresh import CHANGE_COLUMNS

    d = tmp_path / "r"
    shutil.copytree(run[0], d)
    rid = run[1].rings["ring_id"].iloc[0]
    rows = [dict(ring_id=rid, change="grew", from_ids=rid, to_ids=rid, members_before=3, members_after=4,
                 members_added=1, members_removed=0, size=4, risk_score=0.91, flagged=True, reasons="HIGH_VOLUME",
                 added_accounts="acct-1", removed_accounts=None),
            dict(ring_id="ring-9999", change="dissolved", from_ids="ring-9999", to_ids=None, members_before=3,
                 members_after=0, members_added=0, members_removed=3, size=None, risk_score=None, flagged=False,
                 reasons=None, added_accounts=None, removed_accounts=None)]
    pd.DataFrame(rows, columns=CHANGE_COLUMNS).assign(run_id="r1").to_csv(d / "changes.csv", index=False,
                                                                          float_format="%.4f")
    html = build_report(d)
    assert "dissolved: <strong>1</strong>" in html
    assert not re.search(r"<td[^>]*>\s*(nan|NaN|None|<NA>)\s*</td>", html), \
        re.findall(r"<td[^>]*>\s*(?:nan|NaN|None|<NA>)\s*</td>", html)[:3]
    assert 'data-v="nan"' not in html
    sec = html.split(f'<section class="ring" id="{rid}"')[1].split("</section>")[0]
    assert "acct-1" in sec


def test_write_report_is_atomic(run, tmp_path, monkeypatch, caplog):
    d = tmp_path / "r"
    shutil.copytree(run[0], d)
    before = (d / "report.html").read_bytes()

    def boom(*a, **k):
        raise RuntimeError("render failed")

    monkeypatch.setattr(report_mod, "build_report", boom)
    with pytest.raises(RuntimeError):
        write_report(d)
    assert (d / "report.html").read_bytes() == before
    assert not [p for p in d.iterdir() if p.name.startswith(".")]  # no temp files left behind
    with caplog.at_level(logging.ERROR):
        assert write_report_safely(d) is None
    assert "graphhunt report" in caplog.text and (d / "report.html").read_bytes() == before


def test_a_report_into_an_unwritable_directory_names_the_report(run, tmp_path, monkeypatch):
    """A fresh-eyes tester (session 52): `graphhunt report RUN --out DIR/r.html` on a read-only disk said
    "cannot read or write DIR/.r.html.gh123x456.abc.tmp", a name the user never gave. The message names the
    report they asked for; exit 6, nothing left behind."""
    import errno
    import os
    import tempfile

    ro = tmp_path / "ro"
    ro.mkdir()
    if os.geteuid() != 0:
        ro.chmod(0o500)
    else:  # root ignores permission bits: the kernel's answer for a read-only disk, for this directory only
        real = tempfile.mkstemp

        def mkstemp(*a, dir=None, **k):
            if dir is not None and os.path.realpath(dir) == os.path.realpath(ro):
                raise OSError(errno.EROFS, "Read-only file system", os.path.join(dir, ".r.html.gh1x2.abc.tmp"))
            return real(*a, dir=dir, **k)

        monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    try:
        r = runner.invoke(app, ["report", str(run[0]), "--out", str(ro / "r.html")])
    finally:
        ro.chmod(0o700)
        monkeypatch.undo()
    assert r.exit_code == 6, r.output
    assert f"cannot read or write {ro / 'r.html'}:" in r.output and ".tmp" not in r.output, r.output
    assert list(ro.iterdir()) == []


def test_explain_member_and_outsiders(run):
    out, res = run
    top = res.rings.iloc[0]
    member = res.accounts[res.accounts["ring_id"] == top["ring_id"]]["account_id"].iloc[0]
    ex = explain_account(out, member)
    assert ex.ring_id == top["ring_id"] and ex.flagged
    assert "FLAGGED" in ex.text and "TEMPLATE_CONCENTRATION" in ex.text
    # the floor in the score formula is the member's own (members.parquet), not only the configured one
    mrow = pd.read_parquet(out / "members.parquet").set_index("account_id").loc[member]
    assert f"min(1, fit {mrow['fit']:.2f} / floor {mrow['fit_floor']:.2f})" in ex.text
    # evidence per link type, with the numbers from edges.parquet
    e = res.edges[(res.edges["src"] == member) | (res.edges["dst"] == member)]
    assert f"total evidence {e['weight'].sum():.2f}" in ex.text
    assert ex.facts["link_types"]["ip"]["members"] == int((e["w_ip"] > 0).sum())
    # an unflagged community member
    office = res.accounts[res.accounts["account_id"].str.startswith("office") & (res.accounts["ring_id"] != "")]
    ex2 = explain_account(out, office["account_id"].iloc[0])
    assert not ex2.flagged and "not flagged" in ex2.text and "Why the ring is not flagged" in ex2.text
    # linked, but to too few accounts for a ring
    ex3 = explain_account(out, "pair000-0")
    assert ex3.ring_id == "" and "pair000-1" in ex3.text and "minimum ring size" in ex3.text
    # no links at all
    ex4 = explain_account(out, "u0003")
    assert "shares no linking evidence" in ex4.text


def test_explain_cli(run):
    out, res = run
    member = res.accounts[res.accounts["flagged"]]["account_id"].iloc[0]
    r = runner.invoke(app, ["explain", member, "--run", str(out)])
    assert r.exit_code == 0 and member in r.output and "How it is tied to the ring" in r.output
    r = runner.invoke(app, ["explain", "no-such-account", "--run", str(out)])
    assert r.exit_code == 2 and "not in this run" in r.output
    rid = res.rings["ring_id"].iloc[0]
    r = runner.invoke(app, ["explain", rid, "--run", str(out)])
    assert r.exit_code == 0 and r.output.startswith(rid)
    assert explain_ring(out, rid).splitlines()[0] in r.output


def test_redact():
    t = redact("mail a.b@x.com from 10.1.2.3 via https://x.y/z?q=1 key sk-abcdefghijk id 123456 " + "w " * 200)
    assert "a.b@x.com" not in t and "10.1.2.3" not in t and "https" not in t and "sk-abc" not in t
    assert "123456" not in t and len(t) <= 160


def test_ids_are_escaped(run, tmp_path):
    """Account ids and attributes come from user data: they must never become markup."""
    d = tmp_path / "r"
    shutil.copytree(run[0], d)
    out, res = run
    evil = '<img src=x onerror="alert(1)">'
    victim = res.accounts[res.accounts["ring_id"] == res.rings["ring_id"].iloc[0]]["account_id"].iloc[0]
    acc = pd.read_csv(d / "accounts.csv", dtype=str, keep_default_na=False)
    acc.loc[acc["account_id"] == victim, "account_id"] = evil
    acc.to_csv(d / "accounts.csv", index=False)
    for name in ("members.parquet", "edges.parquet"):
        df = pd.read_parquet(d / name)
        for c in ("account_id", "src", "dst"):
            if c in df:
                df[c] = df[c].astype(str).replace(victim, evil)
        df.to_parquet(d / name, index=False)
    sh = pd.read_csv(d / "shared.csv", dtype=str, keep_default_na=False)
    sh.loc[0, "attribute"] = "<script>alert(2)</script>"
    sh.to_csv(d / "shared.csv", index=False)
    html = build_report(d)
    assert evil not in html and "<script>alert(2)" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert html.count("<script>") == 1  # only the report's own


def test_in_memory_result_gives_the_same_answers(run):
    """Notebook users can explain and report straight from a DetectionResult, without a run directory."""
    out, _ = run
    res = shared_result(**STANDARD)
    member = res.accounts.loc[res.accounts["flagged"], "account_id"].iloc[0]
    assert explain_account(res, member).text == explain_account(out, member).text
    assert explain_ring(res, "ring-0001") == explain_ring(out, "ring-0001")
    mem = build_report(res)
    disk = build_report(out)
    strip = lambda h: re.sub(r"<dl class='meta'>.*?</dl>", "", h, count=1, flags=re.S)  # noqa: E731 (run name, time)
    assert strip(mem).count('<section class="ring"') == strip(disk).count('<section class="ring"')
    visible = lambda h: [re.sub(r"<[^>]+>", "|", r) for r in _table_rows(h, "rings-table")]  # noqa: E731
    assert visible(mem) == visible(disk)


def test_ring_table_shows_the_strongest_shared_evidence(run, html):
    """The column is headed 'strongest shared evidence' and must show what the ring's detail table puts
    first (it showed the rarest: an attribute of 2 members over one of all members)."""
    from graphhunt.evidence import strongest_first

    _, res = run
    table = html.split('id="rings-table"')[1].split("</table>")[0]
    sh = res.shared[~res.shared["status"].isin(["hub", "crowd"])]
    checked = 0
    for rid, g in strongest_first(sh).groupby("ring_id", sort=False):
        row = [r for r in table.split("<tr>") if f">{rid}<" in r]
        if row:
            top = g.iloc[0]
            assert f"{top['attribute']} ({int(top['members'])}/{int(top['n_accounts'])})" in row[0]
            checked += 1
    assert checked >= 2
    # the attribute's own prefix names its type: "ip:1.2.3.4", not "ip: ip:1.2.3.4" (nor "payment: pm:...")
    for dup in ("ip: ip:", "payment: pm:", "network: net:", "ip_window: ipw:"):
        assert dup not in table, dup
    assert any(p in table for p in (">ip:", ">pm:", ">net:", ">ipw:", "ip:", "pm:"))


def test_the_page_is_reproducible_whatever_python_random_holds(run, tmp_path):
    """The member graphs' layout drew from Python's global random (igraph's default generator): two
    reports of one run differed. Now a seeded generator is used for the layout, and the global one is
    left as it was."""
    import random

    d = tmp_path / "copy"
    shutil.copytree(run[0], d)
    random.seed(1)
    write_report(d)
    first = (d / "report.html").read_bytes()
    random.seed(2)
    after = random.random()
    random.seed(2)
    write_report(d)
    # (the header's generation time, to the minute, may cross a minute between the two reports)
    stamp = re.compile(rb"\d{4}-\d\d-\d\d \d\d:\d\d UTC")
    assert stamp.sub(b"", (d / "report.html").read_bytes()) == stamp.sub(b"", first)
    assert random.random() == after  # the caller's random state is untouched


def test_summary_counts_the_flagged_accounts_not_every_member_of_flagged_rings(run, tmp_path):
    """A flagged ring can hold members the tool does not flag (weakly tied accounts its fit clears). The
    summary put "N accounts flagged" next to the requests, share and limit-worth of every member of the
    flagged rings; those figures are now the flagged accounts', and the members left out are named."""
    d = tmp_path / "r"
    shutil.copytree(run[0], d)
    rings = pd.read_csv(d / "rings.csv")
    top = rings.iloc[0]
    assert top["flagged"]
    acc = pd.read_csv(d / "accounts.csv", keep_default_na=False)
    weak = acc.index[acc["ring_id"] == top["ring_id"]][:2]  # two members the tool cleared
    acc.loc[weak, "flagged"] = False
    acc.to_csv(d / "accounts.csv", index=False)
    n_ev = pd.read_parquet(d / "members.parquet").set_index("account_id")["n_events"]
    fl = acc[acc["flagged"].astype(bool)]
    fr = rings[rings["flagged"]]
    want_req = int(n_ev.reindex(fl["account_id"]).sum())
    left_req = int(n_ev.reindex(acc.loc[weak, "account_id"]).sum())
    assert want_req + left_req == int(fr["n_events"].sum())
    # each flagged ring's limit-worth is its requests per active day / limit: the flagged members' part of it
    by_ring = n_ev.reindex(fl["account_id"]).groupby(fl["ring_id"].to_numpy()).sum()
    worth = sum(r.volume_accounts_worth * by_ring.get(r.ring_id, 0) / r.n_events for r in fr.itertuples())
    html = build_report(d)
    text = re.sub(r"<[^>]+>", "", html.split('id="summary"')[1].split("</section>")[0])
    assert re.search(rf'<div class="big">{len(fl):,}</div><div>accounts flagged', html)
    assert f"Flagged accounts sent {want_req:,} requests" in text
    assert f"{int(fr['n_events'].sum()):,}" not in text  # the ring total (with the cleared members) is gone
    assert f"spread over {len(fl):,} flagged accounts" in text
    assert f"the 2 members of flagged rings that are not flagged themselves ({left_req:,} requests)" in text
    card = re.search(r'<div class="big">([^<]+)</div><div>limit-worth of flagged accounts<', html).group(1)
    assert card == report_mod._worth(worth) != report_mod._worth(float(fr["volume_accounts_worth"].sum()))
    assert f"{report_mod._worth(worth)} accounts' worth" in text
    # the over-time plot is kept per ring: its caption says the line includes the cleared members
    assert "including the 2 not flagged themselves" in text
    # an old run directory has no per-account requests: the ring figures stay, and say whom they include
    (d / "members.parquet").unlink()
    text = re.sub(r"<[^>]+>", "", build_report(d).split('id="summary"')[1].split("</section>")[0])
    assert f"Flagged rings (all {int(fr['size'].sum())} members) sent {int(fr['n_events'].sum()):,} requests" in text
    assert "These ring figures include the 2 members of flagged rings that are not flagged" in text


def test_member_graph_legend_counts_the_drawn_links(run):
    """The legend said "drawn on 25027, present on 25098 of 25878 links" under a caption "drawing the 1200
    strongest of 11175 links": it counted every member pair. It now counts the links drawn."""
    out, res = run
    html = build_report(out, max_members=6, max_edges=7)
    rid = res.rings["ring_id"].iloc[0]
    sec = html.split(f'<section class="ring" id="{rid}"')[1].split("</section>")[0]
    graph = re.search(r'<svg class="graph".*?</svg>', sec, re.S).group(0)
    lines = re.findall(r'<line [^>]*stroke="(#[0-9A-Fa-f]{6})".*?\(([^()]*)\)</title></line>', graph)
    assert len(lines) == 7
    legend = re.search(r'<ul class="legend">(.*?)</ul>', sec, re.S).group(1)
    rows = {}
    for label, dom, present, total in re.findall(
            r"</svg> ([^:<]+): drawn on ([\d,]+), present on ([\d,]+) of (?:the )?([\d,]+)(?: drawn)? links", legend):
        rows[label] = (int(dom), int(present), int(total))
    assert rows and sum(r[0] for r in rows.values()) == 7 and all(r[2] == 7 for r in rows.values())
    assert "of the 7 drawn links" in legend
    for t, (colour, _, label) in report_mod.LINK_STYLES.items():
        drawn = sum(c == colour for c, _ in lines)
        present = sum(t in [p.rsplit(" ", 1)[0] for p in tip.split(", ")] for _, tip in lines)
        assert rows.get(label, (0, 0, 7))[:2] == (drawn, present), t
    # the caption's count is of the links among the members shown, as the drawing's
    assert re.search(r"showing the 6 most strongly linked of \d+ members; drawing the 7 strongest of \d+ links "
                     r"among them", sec)


def test_a_ring_held_down_by_the_harvest_floor_says_so(run):
    out, res = run
    rings = res.rings
    low = rings[rings["harvest_evidence"] < 1.5]
    assert len(low) and len(rings[rings["harvest_evidence"] >= 1.5])
    html = build_report(out, max_ring_details=len(rings), unflagged_details=len(rings))
    for rid, h in zip(low["ring_id"], low["harvest_evidence"]):
        sec = re.search(rf'<section class="ring" id="{rid}".*?</section>', html, re.S).group(0)
        assert f"timing up to that or to their use of the daily limit: {h:.3f}, under the 1.5 a ring needs" in sec
    rid = rings[rings["harvest_evidence"] >= 1.5]["ring_id"].iloc[0]
    sec = re.search(rf'<section class="ring" id="{rid}".*?</section>', html, re.S).group(0)
    assert "harvesting behaviour" not in sec


def test_report_reads_only_the_links_of_the_rings_it_details(run, tmp_path):
    """The page draws the links inside the rings it details, so only the links touching their members
    are read (at 100k accounts 0.1M of 6.2M); the page is the one built with every link loaded."""
    from graphhunt.explain import load_run

    out, res = run
    stamp = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC")
    full = load_run(out, edges="all")
    seen = {}
    real = report_mod.as_run

    def spy(r, edges="all"):
        seen["run"] = got = real(r, edges=edges)
        return got

    for kw in ({}, {"max_ring_details": 2, "unflagged_details": 1}, {"max_ring_details": 0}):
        want = stamp.sub("", build_report(full, **kw))
        report_mod.as_run = spy
        try:
            got = stamp.sub("", build_report(out, **kw))
        finally:
            report_mod.as_run = real
        assert got == want
        loaded = seen["run"]
        detailed = set(report_mod._detail_rings(full.rings, kw.get("max_ring_details", 100),
                                                kw.get("unflagged_details", 10)))
        members = set(full.accounts.loc[full.accounts["ring_id"].isin(detailed), "account_id"])
        assert loaded.edge_scope == frozenset(members)
        e = full.edges
        touching = e["src"].isin(members) | e["dst"].isin(members)
        assert len(loaded.edges) == int(touching.sum()) < len(e)
    # a result in memory takes the same path (its links are chosen on the account codes)
    from graphhunt.explain import RunData

    mem = shared_result(**STANDARD)
    assert stamp.sub("", build_report(mem)) == stamp.sub("", build_report(RunData.from_result(mem, edges="all")))


def test_scores_fits_and_weights_always_print_two_decimals(run, html):
    """Tester 56: a member's fit of exactly 1 printed "1" in a column of "0.96", "1.00", "0.89" (the count
    formatter drops the decimals of whole numbers), and so did a risk score or a link weight of 1. Scores, fits
    and weights print two decimals; counts stay whole."""
    assert report_mod._frac(1.0) == "1.00" and report_mod._frac(0.999) == "1.00" and report_mod._frac(float("nan")) == "–"
    for table in re.findall(r"<summary>Members \(\d+\)[^<]*</summary>(.*?)</table>", html, re.S):
        head = re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)
        cols = [i for i, h in enumerate(head) if re.sub(r"<[^>]+>", "", h).strip() in ("risk score", "fit", "fit floor")]
        assert cols, head
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
            cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for i in cols:
                assert re.fullmatch(r"\d\.\d\d|–", cells[i]), (head[i], cells[i])
    for row in _table_rows(html, "rings-table"):
        cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        assert re.fullmatch(r"\d\.\d\d", cells[3]), cells
