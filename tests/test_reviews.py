"""Analysts' reviews (graphhunt.reviews): the file's checks, what a review changes in a result (and what it
does not), the `review` command, and a scheduled refresh that must not raise a reviewed group again."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from graphhunt.cli import app
from graphhunt.errors import InputError
from graphhunt.reviews import apply_reviews, load_reviews, validate_reviews

runner = CliRunner()


@pytest.fixture(scope="module")
def detected(tmp_path_factory):
    """The planted world (conftest.make_world) through `graphhunt detect`, without reviews."""
    from conftest import make_world

    ev, ac, ring = make_world()
    d = tmp_path_factory.mktemp("reviews")
    ev.to_csv(d / "events.csv", index=False)
    ac.to_csv(d / "accounts.csv", index=False)
    r = runner.invoke(app, ["detect", str(d / "events.csv"), "--accounts", str(d / "accounts.csv"),
                            "--out", str(d / "run"), "--no-report", "-q"])
    assert r.exit_code == 0, r.output
    acc = pd.read_csv(d / "run" / "accounts.csv", dtype={"ring_id": str}, keep_default_na=False)
    flagged = acc[acc["flagged"]]
    # the planted ring is the one flagged group (the test below needs one whose members all are flagged)
    assert set(flagged["account_id"]) == ring
    return d, ring, flagged["ring_id"].iloc[0]


def _result(d: Path):
    from graphhunt.detector import Detector

    acc = pd.read_csv(d / "accounts.csv").assign(created_at=lambda x: pd.to_datetime(x["created_at"], utc=True))
    ev = pd.read_csv(d / "events.csv").assign(timestamp=lambda x: pd.to_datetime(x["timestamp"], utc=True))
    return Detector(seed=42).fit(ev, acc).result_


def _md5s(d: Path) -> dict:
    return {p.name: hashlib.md5(p.read_bytes()).hexdigest() for p in sorted(d.iterdir()) if p.is_file()}


# ---- the file


def test_reviews_file_checks_name_the_file_row_column_and_fix(tmp_path):
    p = tmp_path / "rev.csv"
    p.write_text("account_id,note\na1,x\n")
    with pytest.raises(InputError) as e:
        load_reviews(p)
    assert "rev.csv" in str(e.value) and e.value.column == "verdict" and e.value.fix
    p.write_text("account_id,verdict\na1,benign\na2,Bening\na3,ring\n")
    with pytest.raises(InputError) as e:
        load_reviews(p)
    assert e.value.column == "verdict" and e.value.rows == [2] and e.value.values == ["bening"]
    p.write_text("account_id,verdict\na1,benign\n,ring\n")
    with pytest.raises(InputError) as e:
        load_reviews(p)
    assert e.value.column == "account_id" and e.value.rows == [2]
    p.write_text("")
    with pytest.raises(InputError, match="empty"):
        load_reviews(p)
    with pytest.raises(InputError, match="not found"):
        load_reviews(tmp_path / "missing.csv")


def test_a_later_row_replaces_an_earlier_one_and_a_header_alone_is_no_reviews(tmp_path):
    p = tmp_path / "rev.csv"
    p.write_text("Account_ID , Verdict\n a1 ,benign\na2,RING\na1,ring\n")
    rv = load_reviews(p)
    assert dict(zip(rv["account_id"], rv["verdict"])) == {"a1": "ring", "a2": "ring"}
    assert rv.attrs["rows_read"] == 3
    p.write_text("account_id,verdict\n")
    assert len(load_reviews(p)) == 0


# ---- what a review changes


def test_benign_reviews_clear_flags_not_evidence(detected):
    d, ring, rid = detected
    res = _result(d)
    members = sorted(ring)
    part = validate_reviews(pd.DataFrame({"account_id": members[:8], "verdict": "benign"}))
    out = apply_reviews(res, part)
    acc = out.accounts.set_index("account_id")
    # the reviewed accounts are no longer flagged; everything the data say about them is as it was
    assert not acc.loc[members[:8], "flagged"].any()
    assert acc.loc[members[8:], "flagged"].all()
    assert (acc.loc[members[:8], "review"] == "benign").all() and (acc.drop(members[:8])["review"] == "").all()
    pd.testing.assert_series_equal(acc["risk_score"], res.accounts.set_index("account_id")["risk_score"])
    assert (acc["ring_id"] == res.accounts.set_index("account_id")["ring_id"]).all()
    # the ring still has flagged members nobody reviewed: it stays flagged
    r = out.rings.set_index("ring_id").loc[rid]
    assert bool(r["flagged"]) and r["reviewed_benign"] == 8 and r["reviewed_ring"] == 0
    assert out.run_info["reviews"]["accounts_unflagged"] == 8
    assert out.run_info["reviews"]["flagged_beside_benign_reviews"] == len(members) - 8
    assert out.run_info["counts"]["flagged_accounts"] == len(members) - 8
    # the result it was given is unchanged
    assert "review" not in res.accounts and res.accounts["flagged"].sum() == len(members)

    every = validate_reviews(pd.DataFrame({"account_id": members, "verdict": "benign"}))
    out = apply_reviews(res, every)
    r = out.rings.set_index("ring_id").loc[rid]
    assert not bool(r["flagged"]) and r["held_back_by"] == "review"
    assert out.run_info["counts"]["flagged_rings"] == 0 and out.run_info["reviews"]["rings_unflagged"] == 1
    assert (out.members.loc[out.members["ring_id"] == rid, "review"] == "benign").all()


def test_result_with_reviews_reads_a_file_or_a_frame(detected, tmp_path):
    d, ring, rid = detected
    res = _result(d)
    p = tmp_path / "rev.csv"
    pd.DataFrame({"account_id": sorted(ring), "verdict": "benign"}).to_csv(p, index=False)
    for rv in (p, pd.read_csv(p)):
        out = res.with_reviews(rv)
        assert out.flagged_rings.empty and not out.accounts["flagged"].any()
    assert len(res.flagged_rings) == 1


@pytest.mark.parametrize("first", ["original", "reviewed"])
def test_each_result_s_graph_shows_its_own_flags(detected, first):
    """An analyst (session 76): with_reviews shared the original's igraph graph, whose vertex flags were set by
    whichever result read .graph first, so the other showed them (the original 14 flagged after the reviewed
    read it; the reviewed 133 the other way round)."""
    import pickle

    d, ring, rid = detected
    res = _result(d)
    out = res.with_reviews(pd.DataFrame({"account_id": sorted(ring), "verdict": "benign"}))
    for r in ((res, out) if first == "original" else (out, res)):
        r.graph  # noqa: B018
    assert sum(res.graph.vs["flagged"]) == int(res.accounts["flagged"].sum()) == len(ring)
    assert sum(out.graph.vs["flagged"]) == int(out.accounts["flagged"].sum()) == 0
    assert not any(out.ring_graph(rid).vs["flagged"]) and all(res.ring_graph(rid).vs["flagged"])
    assert out.graph.ecount() == res.graph.ecount() and out.graph is not res.graph
    # a reviewed result that nobody read the graph of still pickles and writes as before
    again = pickle.loads(pickle.dumps(res.with_reviews(pd.DataFrame({"account_id": sorted(ring), "verdict": "benign"}))))
    assert sum(again.graph.vs["flagged"]) == 0


def test_evaluate_takes_a_result_and_names_a_path_given_for_a_frame(detected):
    """An analyst (session 76): evaluate(truth, result) ended in an AttributeError traceback."""
    from graphhunt.errors import UsageError
    from graphhunt.evaluate import evaluate

    d, ring, rid = detected
    res = _result(d)
    truth = pd.DataFrame({"account_id": res.accounts["account_id"]}).assign(
        is_ring=lambda t: t["account_id"].astype(str).isin(ring))
    m = evaluate(truth, res)
    assert (m["tp"], m["fp"], m["fn"]) == (len(ring), 0, 0)
    assert evaluate(truth, res.accounts)["f1"] == m["f1"] == 1.0
    with pytest.raises(UsageError, match="evaluate_files"):
        evaluate(str(d / "truth.csv"), res)


def test_ring_reviews_are_recorded_and_change_no_flag(detected):
    d, ring, rid = detected
    res = _result(d)
    office = [a for a in res.accounts["account_id"] if a.startswith("office")][:3]
    rv = validate_reviews(pd.DataFrame({"account_id": sorted(ring) + office + ["nobody"], "verdict": "ring"}))
    out = apply_reviews(res, rv)
    pd.testing.assert_series_equal(out.accounts["flagged"], res.accounts["flagged"])
    assert out.rings.set_index("ring_id").loc[rid, "reviewed_ring"] == len(ring)
    assert out.run_info["reviews"]["not_in_run"] == 1 and out.run_info["reviews"]["ring"] == len(ring) + 4


# ---- the command line


def test_review_then_detect_with_reviews(detected, tmp_path):
    d, ring, rid = detected
    rev = tmp_path / "reviews.csv"
    r = runner.invoke(app, ["review", str(d / "run"), "--ring", rid, "--verdict", "benign", "--to", str(rev),
                            "--reviewer", "ana", "--note", "ticket 881"])
    assert r.exit_code == 0, r.output
    rows = pd.read_csv(rev, dtype=str, keep_default_na=False)
    assert sorted(rows["account_id"]) == sorted(ring) and set(rows["ring_id"]) == {rid}
    assert set(rows["note"]) == {"ticket 881"} and set(rows["reviewer"]) == {"ana"}
    # appending keeps the earlier rows (one header), and names the accounts as given
    r = runner.invoke(app, ["review", str(d / "run"), "--account", "user0001", "--verdict", "ring", "--to", str(rev)])
    assert r.exit_code == 0, r.output
    assert rev.read_text().count("account_id,verdict") == 1 and len(pd.read_csv(rev)) == len(ring) + 1

    out = tmp_path / "out"
    r = runner.invoke(app, ["detect", str(d / "events.csv"), "--accounts", str(d / "accounts.csv"), "--out", str(out),
                            "--reviews", str(rev), "--no-report"])
    assert r.exit_code == 0, r.output
    assert f"({len(ring)} more reviewed benign)" in r.output
    acc = pd.read_csv(out / "accounts.csv", dtype=str, keep_default_na=False)
    assert acc["flagged"].eq("False").all()
    assert (acc.set_index("account_id").loc[sorted(ring), "review"] == "benign").all()
    assert acc.set_index("account_id").loc["user0001", "review"] == "ring"
    info = json.loads((out / "run.json").read_text())
    assert info["inputs"]["reviews"]["sha256"] == hashlib.sha256(rev.read_bytes()).hexdigest()
    assert info["reviews"]["benign"] == len(ring) and info["counts"]["flagged_accounts"] == 0
    # the note stays in the reviews file: a result carries verdicts only
    assert "ticket 881" not in "".join(p.read_text(errors="ignore") for p in out.iterdir() if p.suffix in (".csv", ".json"))
    # explain says why a high-risk account is not flagged
    a = sorted(ring)[0]
    r = runner.invoke(app, ["explain", a, "--run", str(out)])
    assert r.exit_code == 0 and "reviewed it as benign" in r.output
    r = runner.invoke(app, ["explain", rid, "--run", str(out)])
    assert r.exit_code == 0 and f"{len(ring)} members reviewed benign" in r.output
    r = runner.invoke(app, ["report", str(out)])
    assert r.exit_code == 0, r.output
    html = (out / "report.html").read_text()
    assert f"cleared the flags of {len(ring)} accounts reviewed benign and of 1 ring" in html
    assert "ticket 881" not in html


def test_review_command_refuses_what_is_not_in_the_run(detected, tmp_path):
    d, _, _ = detected
    rev = tmp_path / "reviews.csv"
    for args in (["--ring", "ring-9999"], ["--account", "no-such-account"], []):
        r = runner.invoke(app, ["review", str(d / "run"), *args, "--verdict", "benign", "--to", str(rev)])
        assert r.exit_code == 2, r.output
        assert not rev.exists()
    r = runner.invoke(app, ["review", str(d / "run"), "--ring", "ring-0001", "--verdict", "benign", "--to",
                            str(d / "run" / "accounts.csv")])
    assert r.exit_code == 2 and "would replace accounts.csv" in r.output


def test_bad_reviews_file_exits_2_and_keeps_the_previous_result(detected, tmp_path):
    d, _, _ = detected
    out = tmp_path / "out"
    base = ["detect", str(d / "events.csv"), "--accounts", str(d / "accounts.csv"), "--out", str(out), "--no-report"]
    assert runner.invoke(app, base).exit_code == 0
    before = _md5s(out)
    bad = tmp_path / "rev.csv"
    bad.write_text("account_id,verdict\nuser0001,maybe\n")
    r = runner.invoke(app, base + ["--reviews", str(bad)])
    assert r.exit_code == 2
    assert "rev.csv" in r.output and "verdict" in r.output and "row 1" in r.output
    assert _md5s(out) == before


# ---- a scheduled refresh


def test_refresh_does_not_raise_a_reviewed_ring_again_but_raises_it_without_the_reviews(detected, tmp_path):
    d, ring, _ = detected
    ev = pd.read_csv(d / "events.csv").sort_values("timestamp")
    cut = int(len(ev) * 0.8)
    ev.iloc[:cut].to_csv(tmp_path / "s1.csv", index=False)
    ev.iloc[cut:].to_csv(tmp_path / "s2.csv", index=False)
    st = tmp_path / "state"
    base = ["--state", str(st), "--accounts", str(d / "accounts.csv"), "--no-report", "-q"]
    assert runner.invoke(app, ["refresh", str(tmp_path / "s1.csv"), *base]).exit_code == 0
    acc = pd.read_csv(st / "output" / "accounts.csv", dtype={"ring_id": str}, keep_default_na=False)
    rid = acc.loc[acc["flagged"], "ring_id"].iloc[0]
    rev = tmp_path / "reviews.csv"
    assert runner.invoke(app, ["review", str(st / "output"), "--ring", rid, "--verdict", "benign",
                               "--to", str(rev)]).exit_code == 0

    # the same slice with new reviews is a new run (not "nothing new"): the ring is reported unflagged
    r = runner.invoke(app, ["refresh", str(tmp_path / "s1.csv"), *base, "--reviews", str(rev)])
    assert r.exit_code == 0, r.output
    ch = pd.read_csv(st / "output" / "changes.csv", dtype=str, keep_default_na=False)
    assert ((ch["change"] == "unflagged") & (ch["ring_id"] == rid)).any()
    # again, same reviews: nothing new
    m = json.loads((st / "manifest.json").read_text())
    assert runner.invoke(app, ["refresh", str(tmp_path / "s1.csv"), *base, "--reviews", str(rev)]).exit_code == 0
    assert json.loads((st / "manifest.json").read_text())["generation"] == m["generation"]

    # the next slice: the reviewed group is neither flagged nor newly flagged
    assert runner.invoke(app, ["refresh", str(tmp_path / "s2.csv"), *base, "--reviews", str(rev)]).exit_code == 0
    acc = pd.read_csv(st / "output" / "accounts.csv", dtype={"ring_id": str}, keep_default_na=False)
    reviewed = set(pd.read_csv(rev)["account_id"])
    assert not acc.loc[acc["account_id"].isin(reviewed), "flagged"].any()
    ch = pd.read_csv(st / "output" / "changes.csv", dtype=str, keep_default_na=False)
    assert not (ch["change"] == "flagged").any()
    # without the reviews the detection's own flags come back, reported as newly flagged
    assert runner.invoke(app, ["refresh", str(tmp_path / "s2.csv"), *base]).exit_code == 0
    acc = pd.read_csv(st / "output" / "accounts.csv", dtype={"ring_id": str}, keep_default_na=False)
    assert acc.loc[acc["account_id"].isin(reviewed), "flagged"].all()
    ch = pd.read_csv(st / "output" / "changes.csv", dtype=str, keep_default_na=False)
    assert (ch["change"] == "flagged").any()


# ---- fixes after a QA pass (session 68)


def test_review_refuses_to_extend_a_file_of_another_layout_and_leaves_it_alone(detected, tmp_path):
    d, _, rid = detected
    for name, text in (("two.csv", "account_id,verdict\nuser0001,benign\n"),
                       ("semi.csv", "account_id;verdict;ring_id;reviewer;reviewed_at;note\nuser0001;benign;;;;\n")):
        p = tmp_path / name
        p.write_text(text)
        r = runner.invoke(app, ["review", str(d / "run"), "--ring", rid, "--verdict", "benign", "--to", str(p)])
        assert r.exit_code == 2 and "layout" in r.output, r.output
        assert p.read_text() == text
        assert len(load_reviews(p)) == 1  # still readable as --reviews
    for name in ("new.parquet", "new.tsv", "new.csv.gz"):
        r = runner.invoke(app, ["review", str(d / "run"), "--ring", rid, "--verdict", "benign",
                                "--to", str(tmp_path / name)])
        assert r.exit_code == 2 and not (tmp_path / name).exists(), r.output


def test_review_writes_through_a_symlink_keeps_permissions_and_loses_no_row_when_run_at_once(detected, tmp_path):
    import os
    import subprocess
    import sys

    d, _, rid = detected
    shared = tmp_path / "team" / "reviews.csv"
    shared.parent.mkdir()
    assert runner.invoke(app, ["review", str(d / "run"), "--ring", rid, "--verdict", "benign",
                               "--to", str(shared)]).exit_code == 0
    os.chmod(shared, 0o640)
    link = tmp_path / "link.csv"
    link.symlink_to(shared)
    assert runner.invoke(app, ["review", str(d / "run"), "--account", "user0001", "--verdict", "ring",
                               "--to", str(link)]).exit_code == 0
    assert link.is_symlink() and "user0001" in shared.read_text()
    assert shared.stat().st_mode & 0o777 == 0o640
    n0 = len(pd.read_csv(shared))
    accounts = [f"user{i:04d}" for i in range(10, 18)]
    procs = [subprocess.Popen([sys.executable, "-m", "graphhunt", "review", str(d / "run"), "--account", a,
                               "--verdict", "ring", "--to", str(shared)], stdout=subprocess.DEVNULL)
             for a in accounts]
    assert [p.wait(timeout=120) for p in procs] == [0] * len(accounts)
    got = pd.read_csv(shared)
    assert len(got) == n0 + len(accounts) and set(accounts) <= set(got["account_id"])


def test_review_needs_a_result_directory(tmp_path):
    sample = Path(__file__).resolve().parents[1] / "data" / "sample"
    r = runner.invoke(app, ["review", str(sample), "--ring", "ring-0001", "--verdict", "benign",
                            "--to", str(tmp_path / "r.csv")])
    assert r.exit_code == 2 and "not a graphhunt result directory" in r.output


def test_reviews_apply_once_per_result(detected):
    d, ring, _ = detected
    res = _result(d)
    once = res.with_reviews(pd.DataFrame({"account_id": sorted(ring), "verdict": "benign"}))
    with pytest.raises(InputError, match="already has reviews"):
        once.with_reviews(pd.DataFrame({"account_id": sorted(ring), "verdict": "ring"}))
    with pytest.raises(InputError, match="same name"):
        validate_reviews(pd.DataFrame([["a", "benign", "x"]], columns=["account_id", "verdict", "Verdict"]))


def test_a_ring_reviewed_benign_keeps_its_template_ids_but_not_their_wording(tmp_path):
    """Detection shows a small family's exemplar because a flagged ring types it; once the ring is reviewed
    benign, the family is a benign group's wording (README, privacy), as for any unflagged group."""
    sample = Path(__file__).resolve().parents[1] / "data" / "sample"
    out = tmp_path / "o"
    base = ["detect", str(sample / "events.csv.gz"), "--accounts", str(sample / "accounts.csv"), "--no-report", "-q"]
    assert runner.invoke(app, base + ["--out", str(out)]).exit_code == 0
    rings = pd.read_csv(out / "rings.csv", dtype=str, keep_default_na=False)
    tpl = pd.read_csv(out / "templates.csv", dtype={"exemplar": str}, keep_default_na=False)
    small = set(tpl.loc[(tpl["n_accounts"] < 10) & (tpl["exemplar"] != ""), "template_id"])
    fl = rings[(rings["flagged"] == "True") & rings["template_exemplars"].str.contains("|".join(small) or "^$")]
    rid = fl["ring_id"].iloc[0]
    shown = {e.split(": ", 1)[0] for e in fl["template_exemplars"].iloc[0].split(" | ")} & small
    assert shown
    rev = tmp_path / "rev.csv"
    assert runner.invoke(app, ["review", str(out), "--ring", rid, "--verdict", "benign", "--to", str(rev)]).exit_code == 0
    out2 = tmp_path / "o2"
    assert runner.invoke(app, base + ["--out", str(out2), "--reviews", str(rev)]).exit_code == 0
    tpl2 = pd.read_csv(out2 / "templates.csv", dtype={"exemplar": str}, keep_default_na=False).set_index("template_id")
    assert (tpl2.loc[sorted(shown), "exemplar"] == "").all()
    r2 = pd.read_csv(out2 / "rings.csv", dtype=str, keep_default_na=False).set_index("ring_id")
    assert not any(t in r2.loc[rid, "template_exemplars"] for t in shown)
    # the families no member of the ring uses keep their exemplars
    inc = pd.read_parquet(out / "incidence.parquet")
    acc = pd.read_csv(out / "accounts.csv", dtype=str, keep_default_na=False)
    used = set(inc.loc[inc["account_id"].isin(acc.loc[acc["ring_id"] == rid, "account_id"]), "attribute"])
    keep = tpl.set_index("template_id")["exemplar"]
    keep = keep[~keep.index.isin(used)]
    assert (tpl2.loc[keep.index, "exemplar"] == keep).all()
    # GraphML export says why a high-risk member is not flagged
    assert runner.invoke(app, ["export", str(out2), "-o", str(tmp_path / "g.graphml"), "--ring", rid]).exit_code == 0
    import networkx as nx

    g = nx.read_graphml(tmp_path / "g.graphml")
    assert {g.nodes[n]["review"] for n in g.nodes if g.nodes[n]["ring_id"] == rid} == {"benign"}


def test_a_review_of_an_account_the_state_never_saw_is_nothing_new(detected, tmp_path):
    d, _, _ = detected
    st = tmp_path / "state"
    base = ["refresh", str(d / "events.csv"), "--state", str(st), "--accounts", str(d / "accounts.csv"), "--no-report",
            "-q"]
    assert runner.invoke(app, base).exit_code == 0
    gen = json.loads((st / "manifest.json").read_text())["generation"]
    ghost = tmp_path / "ghost.csv"
    ghost.write_text("account_id,verdict\nnever-seen,ring\n")
    assert runner.invoke(app, base + ["--reviews", str(ghost)]).exit_code == 0
    assert json.loads((st / "manifest.json").read_text())["generation"] == gen


def test_a_reviews_frame_names_bad_rows_by_their_index_labels():
    """An analyst (session 76): a reviews frame built from ring_members() (index labels 4, 92, ...) named its bad
    verdict "row 2"; frames name rows by label as the events' and accounts' checks do, files by data row."""
    from graphhunt.errors import InputError
    from graphhunt.reviews import validate_reviews

    df = pd.DataFrame({"account_id": ["a", "b", "c"], "verdict": ["benign", "fp", "ring"]}, index=[4, 92, 100])
    with pytest.raises(InputError) as e:
        validate_reviews(df)
    assert e.value.index_labels == [92] and "index label 92 ('fp')" in str(e.value)
    with pytest.raises(InputError) as e:
        validate_reviews(df.assign(account_id=["a", " ", "c"], verdict="benign"))
    assert e.value.index_labels == [92]
