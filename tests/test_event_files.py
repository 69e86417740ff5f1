"""Several events files (a directory of daily exports, a partitioned dataset, a list) read as one input."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import graphhunt as gh
from graphhunt.cli import app
from graphhunt.errors import EXIT_INPUT, InputError
from graphhunt.io import event_files, is_validated

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
runner = CliRunner()


@pytest.fixture(scope="module")
def daily(tmp_path_factory):
    """The bundled sample split into one CSV per UTC day, in a shuffled row order per file."""
    d = tmp_path_factory.mktemp("daily")
    raw = pd.read_csv(SAMPLE / "events.csv.gz", dtype=str, keep_default_na=False, na_values=[""])
    day = raw["timestamp"].str[:10]
    for i, (k, part) in enumerate(raw.groupby(day)):
        part.sample(frac=1.0, random_state=i).to_csv(d / f"{k}.csv", index=False)
    return d


def test_directory_loads_as_the_single_file(daily):
    one = gh.load_events(SAMPLE / "events.csv.gz")
    many = gh.load_events(daily)
    assert len(event_files(daily)) == 14
    # same rows, values and dtypes, in (account, time) order; events of one account in the same second
    # keep their files' order, which the shuffle changed
    assert (many["account_id"].to_numpy() == one["account_id"].to_numpy()).all()
    assert (many["timestamp"].to_numpy() == one["timestamp"].to_numpy()).all()
    key = list(one.columns)
    pd.testing.assert_frame_equal(one.sort_values(key, ignore_index=True), many.sort_values(key, ignore_index=True))
    rep = many.attrs["load_report"]
    assert len(rep["files"]) == 14 and rep["rows_read"] == len(one) and rep["duplicate_rows_across_files"] == 0
    assert is_validated(many)  # the detector does not check it again


def test_a_list_of_files_and_an_overlap_counted_once(tmp_path, caplog):
    a = tmp_path / "a.csv"
    b = tmp_path / "b.jsonl"
    a.write_text("account_id,timestamp,ip\nu1,2026-11-01T00:00:00Z,203.0.113.9\nu2,2026-11-01T01:00:00Z,203.0.113.9\n")
    # b repeats u2's event (overlapping exports) in another format, and adds one
    b.write_text('{"account_id": "u2", "timestamp": "2026-11-01T01:00:00Z", "ip": "203.0.113.9"}\n'
                 '{"account_id": "u3", "timestamp": 1761962400, "ip": "198.51.100.7"}\n')
    with caplog.at_level("WARNING", logger="graphhunt"):
        ev = gh.load_events([b, a])
    assert "dropped 1 exact duplicate rows found in more than one events file (25% of the rows" in caplog.text
    assert ev["account_id"].tolist() == ["u1", "u2", "u3"]
    assert ev["network"].tolist() == ["203.0.113.0/24", "203.0.113.0/24", "198.51.100.0/24"]
    assert ev.attrs["load_report"]["duplicate_rows_across_files"] == 1
    assert ev.attrs["load_report"]["rows_used"] == 3


def test_a_column_one_file_lacks_is_missing_in_its_rows(tmp_path, caplog):
    (tmp_path / "d1.csv").write_text("account_id,timestamp,prompt,output_tokens\nu1,2026-11-01T00:00:00Z,hello there,12\n")
    (tmp_path / "d2.csv").write_text("account_id,timestamp\nu2,2026-11-02T00:00:00Z\n")
    with caplog.at_level(logging.WARNING, logger="graphhunt"):
        ev = gh.load_events(tmp_path)
    assert "1 of 2 events files have no prompt column (e.g. d2.csv)" in caplog.text
    assert ev["prompt"].isna().tolist() == [False, True]
    assert str(ev["prompt"].dtype) == "string" and str(ev["output_tokens"].dtype) == "float32"


def test_partitioned_dataset_skips_hidden_and_marker_files(tmp_path):
    for day in ("2026-11-01", "2026-11-02"):
        part = tmp_path / f"date={day}"
        part.mkdir()
        pd.DataFrame({"account_id": ["u1"], "timestamp": [f"{day}T05:00:00Z"]}).to_parquet(part / "part-0.parquet")
        (part / ".part-0.parquet.crc").write_bytes(b"\x00crc")
    (tmp_path / "_SUCCESS").write_text("")
    (tmp_path / "README.txt").write_text("not events")
    files = event_files(tmp_path)
    assert [f.parent.name for f in files] == ["date=2026-11-01", "date=2026-11-02"]
    assert len(gh.load_events(tmp_path)) == 2


def test_header_only_file_among_several_is_a_quiet_day(tmp_path, caplog):
    (tmp_path / "d1.csv").write_text("account_id,timestamp\nu1,2026-11-01T00:00:00Z\n")
    (tmp_path / "d2.csv").write_text("account_id,timestamp\n")
    with caplog.at_level(logging.WARNING, logger="graphhunt"):
        ev = gh.load_events(tmp_path)
    assert len(ev) == 1 and "d2.csv" in caplog.text and "skipped" in caplog.text


def test_bad_inputs_are_named(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("x")
    with pytest.raises(InputError, match="holds no events files"):
        gh.load_events(empty)
    a = tmp_path / "a.csv"
    a.write_text("account_id,timestamp\nu1,2026-11-01T00:00:00Z\n")
    with pytest.raises(InputError, match="given twice"):
        gh.load_events([a, tmp_path / "." / "a.csv"])
    # a bad row in the second file names that file and its row
    b = tmp_path / "b.csv"
    b.write_text("account_id,timestamp\nu2,2026-11-01T00:00:00Z\nu3,yesterday-ish\n")
    with pytest.raises(InputError) as e:
        gh.load_events([a, b])
    assert e.value.file == str(b) and e.value.column == "timestamp" and e.value.rows == [2]


def test_detect_cli_on_a_directory(daily, tmp_path):
    acc = SAMPLE / "accounts.csv"
    r1 = runner.invoke(app, ["detect", str(SAMPLE / "events.csv.gz"), "-a", str(acc), "-o", str(tmp_path / "one"),
                             "--no-report", "-q"])
    r2 = runner.invoke(app, ["detect", str(daily), "-a", str(acc), "-o", str(tmp_path / "dir")])
    assert r1.exit_code == 0 and r2.exit_code == 0, r2.output
    for name in ("accounts.csv", "rings.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "dir" / name).read_bytes()
    run = json.loads((tmp_path / "dir" / "run.json").read_text())
    assert len(run["inputs"]["events"]) == 14 and all("sha256" in f for f in run["inputs"]["events"])
    assert "events: 14 files (2026-11-01.csv … 2026-11-14.csv)" in (tmp_path / "dir" / "report.html").read_text()
    # an empty directory: exit 2 and nothing written
    (tmp_path / "none").mkdir()
    r3 = runner.invoke(app, ["detect", str(tmp_path / "none"), "-o", str(tmp_path / "o3")])
    assert r3.exit_code == EXIT_INPUT and "holds no events files" in r3.output
    assert not (tmp_path / "o3").exists()


def test_refresh_reads_a_directory_as_its_files(daily, tmp_path):
    files = event_files(daily)[:3]
    sub = tmp_path / "three"
    sub.mkdir()
    for f in files:
        (sub / f.name).write_bytes(f.read_bytes())
    acc = SAMPLE / "accounts.csv"
    a = gh.refresh(tmp_path / "sa", [str(sub)], str(acc))
    b = gh.refresh(tmp_path / "sb", [str(f) for f in files], str(acc))
    fa = pd.read_csv(tmp_path / "sa" / "output" / "accounts.csv")
    fb = pd.read_csv(tmp_path / "sb" / "output" / "accounts.csv")
    pd.testing.assert_frame_equal(fa, fb)
    assert a.run_id == b.run_id  # the same inputs by content


# --- found by a review of the first version -------------------------------------------------------------


def test_an_extra_int_or_bool_column_one_file_lacks(tmp_path):
    pd.DataFrame({"account_id": ["u1"], "timestamp": ["2026-11-01T00:00:00Z"], "status": [200],
                  "cached": [True]}).to_parquet(tmp_path / "a.parquet")
    (tmp_path / "b.csv").write_text("account_id,timestamp\nu2,2026-11-01T01:00:00Z\n")
    ev = gh.load_events(tmp_path)  # crashed: None into an int64 array
    assert ev["status"].tolist()[0] == 200 and ev["status"].isna().tolist() == [False, True]
    assert ev["cached"].isna().tolist() == [False, True]  # missing, not False


def test_what_a_directory_holds_besides_events(tmp_path, caplog):
    d = tmp_path / "exports"
    d.mkdir()
    (d / "day1.csv").write_text("account_id,timestamp\nu1,2026-11-01T00:00:00Z\nu2,2026-11-01T00:05:00Z\n"
                                "u3,2026-11-01T00:09:00Z\n")
    (d / "schema.json").write_text('{"fields": ["account_id", "timestamp"]}')
    acc = d / "accounts.csv"  # beside the exports; created_at would be read as a timestamp
    acc.write_text("account_id,created_at\nu1,2026-10-01T00:00:00Z\nu2,2026-10-01T00:00:00Z\n")
    with caplog.at_level(logging.WARNING, logger="graphhunt"):
        assert [f.name for f in event_files(d, exclude=[acc])] == ["day1.csv"]
    assert "schema.json" in caplog.text
    out = d / "out"  # --out inside the events folder: the next run must not read the result as events
    for _ in range(2):
        r = runner.invoke(app, ["detect", str(d), "-a", str(acc), "-o", str(out), "--no-report", "-q"])
        assert r.exit_code == 0, r.output
        assert json.loads((out / "run.json").read_text())["counts"]["events"] == 3
    # another run's result folder (not --out) and a refresh state are skipped too
    r = runner.invoke(app, ["detect", str(d), "-a", str(acc), "-o", str(tmp_path / "elsewhere"), "--no-report", "-q"])
    assert r.exit_code == 0, r.output
    gh.refresh(d / "state", [str(d / "day1.csv")], str(acc))
    assert [f.name for f in event_files(d, exclude=[acc])] == ["day1.csv"]


def test_overlapping_exports_that_type_an_extra_column_differently(tmp_path):
    pd.DataFrame({"account_id": ["u1"], "timestamp": ["2026-11-01T00:00:00Z"], "http_status": [200]}
                 ).to_parquet(tmp_path / "x.parquet")
    (tmp_path / "y.csv").write_text("account_id,timestamp,http_status\nu1,2026-11-01T00:00:00Z,200\n")
    ev = gh.load_events(tmp_path)
    assert len(ev) == 1 and ev.attrs["load_report"]["duplicate_rows_across_files"] == 1


def test_the_joined_report_adds_the_files_counts(tmp_path):
    (tmp_path / "a.csv").write_text("user_id,ts,prompt\nu1,2026-11-01T00:00:00Z," + "x" * 30 + "\n")
    (tmp_path / "b.csv").write_text("user_id,ts,prompt\nu2,2026-11-01T00:00:00Z," + "y" * 30 + "\n")
    rep = gh.load_events(tmp_path, max_prompt_chars=10).attrs["load_report"]
    assert rep["truncated_prompts"] == 2 and rep["rows_read"] == 2
    assert rep["column_aliases"] == {"account_id": "user_id", "timestamp": "ts"}


def test_the_callers_frames_are_released():
    from graphhunt.io import _concat_events

    frames = [gh.load_events(SAMPLE / "events.csv.gz").iloc[:10].reset_index(drop=True) for _ in range(2)]
    reports = [{"file": "a"}, {"file": "b"}]
    df = _concat_events(frames, reports)
    assert frames == [] and len(df) == 10  # (the same ten rows twice: kept once)


def test_bad_rows_drop_skips_a_file_with_no_good_row(tmp_path, caplog):
    (tmp_path / "a.csv").write_text("account_id,timestamp\nu1,2026-11-01T00:00:00Z\n")
    (tmp_path / "b.csv").write_text("account_id,timestamp\nu2,not-a-time\n")
    with pytest.raises(InputError, match="unparseable"):
        gh.load_events(tmp_path)
    with caplog.at_level(logging.WARNING, logger="graphhunt"):
        ev = gh.load_events(tmp_path, bad_rows="drop")
    assert ev["account_id"].tolist() == ["u1"] and "b.csv" in caplog.text
    with pytest.raises(InputError, match="no valid rows left"):  # alone it is still an error
        gh.load_events(tmp_path / "b.csv", bad_rows="drop")


def test_push_run_id_does_not_depend_on_the_files_order():
    from graphhunt.sinks.neo4j import make_run_id

    fps = [{"path": f"d{i}.csv", "sha256": f"{i:064x}"} for i in range(3)]
    info = {"config": {"a": 1}, "graphhunt_version": "x"}
    assert make_run_id({**info, "inputs": {"events": fps}}) == make_run_id({**info, "inputs": {"events": fps[::-1]}})
    assert make_run_id({**info, "inputs": {"events": fps}}) != make_run_id({**info, "inputs": {"events": fps[:2]}})


def test_an_accounts_file_or_answer_key_beside_the_events_is_not_read_as_events(tmp_path, caplog):
    """``detect DIR`` without ``--accounts`` on a folder that holds ``accounts.csv`` read it as events: each
    account's ``created_at`` became one request (a tester's find). ``simulate`` writes such a folder."""
    d = tmp_path / "world"
    d.mkdir()
    (d / "events.csv").write_text("account_id,timestamp\nu1,2026-11-01T00:00:00Z\nu2,2026-11-01T00:05:00Z\n"
                                  "u3,2026-11-01T00:09:00Z\n")
    (d / "accounts.csv").write_text("account_id,created_at\nu1,2026-10-01T00:00:00Z\nu2,2026-10-01T00:00:00Z\n")
    (d / "truth.csv.gz").write_bytes(__import__("gzip").compress(b"account_id,is_ring\nu1,true\nu2,false\n"))
    with caplog.at_level(logging.WARNING, logger="graphhunt"):
        assert [f.name for f in event_files(d)] == ["events.csv"]
    assert "accounts.csv: not read as events" in caplog.text and "--accounts" in caplog.text
    assert "truth.csv.gz: not read as events" in caplog.text and "evaluate --truth" in caplog.text
    out = tmp_path / "out"
    r = runner.invoke(app, ["detect", str(d), "-o", str(out), "--no-report", "-q"])
    assert r.exit_code == 0, r.output
    assert json.loads((out / "run.json").read_text())["counts"]["events"] == 3
    # passed with --accounts it is read as the accounts file, without the warning
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="graphhunt"):
        assert [f.name for f in event_files(d, exclude=[d / "accounts.csv"])] == ["events.csv"]
    assert "accounts.csv: not read" not in caplog.text
    # a file of that name passed by name is read as given
    assert [f.name for f in event_files([d / "events.csv", d / "accounts.csv"])] == ["events.csv", "accounts.csv"]
