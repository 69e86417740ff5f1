"""Inputs written to the input contract by other writers than our simulator.

Each case is a form a real log export produces (BigQuery text times, Parquet epoch
microseconds, JSON arrays, access-log addresses with ports, int ids with nulls, ...):
it must read as the same events as the canonical form, or stop with a clear message.
"""
from __future__ import annotations

import json
import logging

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import graphhunt as gh
from graphhunt.errors import EmptyInputError, InputError

T = ["2026-11-01T00:00:00Z", "2026-11-01T00:10:00Z", "2026-11-02T12:00:00Z"]
TS = pd.to_datetime(T, utc=True).astype("datetime64[ns, UTC]")


def canonical(tmp_path):
    p = tmp_path / "canon.csv"
    pd.DataFrame({"account_id": ["a", "b", "c"], "timestamp": T,
                  "ip": ["203.0.113.7", "2001:db8::1", "198.51.100.9"]}).to_csv(p, index=False)
    return gh.load_events(p)


def test_json_array_file_reads_like_json_lines(tmp_path):
    rows = [{"account_id": a, "timestamp": t} for a, t in zip("abc", T)]
    p = tmp_path / "events.json"
    p.write_text(json.dumps(rows, indent=1))
    ev = gh.load_events(p)
    assert ev["account_id"].tolist() == ["a", "b", "c"]
    assert ev["timestamp"].tolist() == list(TS)


@pytest.mark.parametrize("shape", ["pretty", "one_line", "nested", "one_line_jsonl"])
def test_records_wrapped_in_a_json_document_are_read(tmp_path, caplog, shape):
    """An API's export keeps its records under a key (``{"data": [...], "next": null}``). A review in session 75:
    such a file was refused as missing every column (``found: data, next``) with a ``--map`` fix that could not
    help, or as "line 1 is not a JSON record" when pretty-printed."""
    rows = [{"account_id": a, "timestamp": t, "ip": "203.0.113.7"} for a, t in zip("abc", T)]
    doc = {"result": {"events": rows}, "page": 1} if shape == "nested" else {"data": rows, "next": None}
    p = tmp_path / ("events.jsonl" if shape == "one_line_jsonl" else "events.json")
    p.write_text(json.dumps(doc, indent=None if shape.startswith("one_line") else 2))
    with caplog.at_level(logging.WARNING, logger="graphhunt"):
        ev = gh.load_events(p)
    assert ev["account_id"].tolist() == ["a", "b", "c"] and ev["timestamp"].tolist() == list(TS)
    key = "result.events" if shape == "nested" else "data"
    assert f"read from the document's key {key!r} (3 records)" in caplog.text


def test_a_json_document_with_two_lists_of_records_names_them(tmp_path):
    rows = [{"account_id": "a", "timestamp": T[0]}]
    p = tmp_path / "events.json"
    p.write_text(json.dumps({"events": rows, "accounts": [{"account_id": "a"}]}, indent=2))
    with pytest.raises(InputError) as e:
        gh.load_events(p)
    assert "'events', 'accounts'" in str(e.value) and "jq -c '.events[]'" in str(e.value)


@pytest.mark.parametrize("indent", [None, 2])
def test_one_record_with_chat_messages_is_not_read_as_a_wrapper(tmp_path, indent):
    """A file of one event whose ``messages`` is a list of objects: the list is the event's prompt, not records."""
    rec = {"account_id": "a", "timestamp": T[0], "messages": [{"role": "user", "content": "Solve 2+2"}]}
    p = tmp_path / "events.json"
    p.write_text(json.dumps(rec, indent=indent))
    ev = gh.load_events(p)
    assert ev["account_id"].tolist() == ["a"] and ev["prompt"].tolist() == ["Solve 2+2"]


def test_a_prompt_that_is_one_chat_message_object_is_read_as_its_content(tmp_path):
    """An analyst (session 76): a prompt logged as one message object ({"role": "user", "content": ...}), not a
    list of them, stayed JSON text, and masking took its quoted content for a slot: 113 template families on the
    sample instead of 2,207, with no warning."""
    rows = [{"account_id": a, "timestamp": t, "prompt": {"role": "user", "content": f"Solve {a} step by step"}}
            for a, t in zip("ab", T)]
    rows.append({"account_id": "c", "timestamp": T[2], "prompt": {"content": "Hi \"there\"", "role": "user"}})
    p = tmp_path / "e.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in rows))
    ev = gh.load_events(p)
    assert ev["prompt"].tolist() == ["Solve a step by step", "Solve b step by step", 'Hi "there"']
    assert ev.attrs["load_report"]["chat_message_prompts"] == 3
    # the same objects in a DataFrame, and JSON text of them in a CSV
    df = pd.DataFrame(rows)
    from graphhunt.io import validate_events

    assert validate_events(df)["prompt"].tolist() == ev["prompt"].tolist()
    pd.DataFrame(rows).assign(prompt=[json.dumps(r["prompt"]) for r in rows]).to_csv(tmp_path / "e.csv", index=False)
    assert gh.load_events(tmp_path / "e.csv")["prompt"].tolist() == ev["prompt"].tolist()


def test_which_list_of_a_json_document_holds_the_records(tmp_path):
    """A review of the change above: ClickHouse's FORMAT JSON keeps column descriptions in "meta" beside the
    records in "data", and a customer's export names its account beside its "events": the list whose records
    name an account is read. An empty page is empty input (skipped in a directory of pages), not a file
    without columns."""
    rows = [{"account_id": a, "timestamp": t} for a, t in zip("abc", T)]
    ch = tmp_path / "ch.json"
    ch.write_text(json.dumps({"meta": [{"name": "account_id", "type": "String"}], "data": rows, "rows": 3}, indent=1))
    assert gh.load_events(ch)["account_id"].tolist() == ["a", "b", "c"]
    cust = tmp_path / "cust.json"
    cust.write_text(json.dumps({"user_id": "org-1", "created_at": T[0], "events": rows}, indent=1))
    assert gh.load_events(cust)["account_id"].tolist() == ["a", "b", "c"]
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "p1.json").write_text(json.dumps({"data": rows, "next": "p2"}, indent=1))
    for text in (json.dumps({"data": [], "next": None}), json.dumps({"data": [], "next": None}, indent=1)):
        (pages / "p2.json").write_text(text)
        with pytest.raises(EmptyInputError, match="list 'data' holds no records"):
            gh.load_events(pages / "p2.json")
        assert gh.load_events(pages)["account_id"].tolist() == ["a", "b", "c"]
    # two lists of records, neither naming an account: refused, with a jq path that quotes an odd key
    odd = tmp_path / "odd.json"
    odd.write_text(json.dumps({"result-set": [{"who": "a"}], "other": [{"who": "b"}]}, indent=1))
    with pytest.raises(InputError, match=r"jq -c '\.\[\"result-set\"\]\[\]'"):
        gh.load_events(odd)


def test_one_json_lines_record_is_not_unwrapped_and_messages_is_a_fallback_prompt(tmp_path):
    """A review: a .jsonl file of one record whose account column is mapped (not a common name) was read as a
    wrapper of its chat messages; and ``messages`` beside ``input`` made the prompt ambiguous (none read).
    ``messages`` is read as the prompt only when no other name for it is there, and never as a number."""
    rec = {"customer_ref": "c1", "timestamp": T[0], "messages": [{"role": "user", "content": "Solve 2+2"}]}
    for name, indent in (("one.jsonl", None), ("one.json", None), ("pretty.json", 2)):
        p = tmp_path / name
        p.write_text(json.dumps(rec, indent=indent))
        ev = gh.load_events(p, column_map={"account_id": "customer_ref"})
        assert ev["account_id"].tolist() == ["c1"] and ev["prompt"].tolist() == ["Solve 2+2"], name
    both = tmp_path / "both.jsonl"
    both.write_text("\n".join(json.dumps({"account_id": a, "timestamp": t, "input": f"hello {a}",
                                          "messages": [{"role": "user", "content": "x"}]}) for a, t in zip("ab", T)))
    assert gh.load_events(both)["prompt"].tolist() == ["hello a", "hello b"]
    count = tmp_path / "count.jsonl"
    count.write_text("\n".join(json.dumps({"account_id": a, "timestamp": t, "messages": 3}) for a, t in zip("ab", T)))
    assert "prompt" not in gh.load_events(count).columns


@pytest.mark.parametrize("unit,scale", [("s", 10**9), ("ms", 10**6), ("us", 10**3), ("ns", 1)])
def test_parquet_int64_epochs_in_any_unit(tmp_path, unit, scale):
    p = tmp_path / f"events_{unit}.parquet"
    pq.write_table(pa.table({"account_id": ["a", "b", "c"],
                             "timestamp": pa.array(TS.astype("int64") // scale, pa.int64())}), p)
    assert gh.load_events(p)["timestamp"].tolist() == list(TS)


def test_epoch_text_in_microseconds(tmp_path):
    p = tmp_path / "events.csv"
    p.write_text("account_id,timestamp\na,1793491355123456\n")
    assert gh.load_events(p)["timestamp"].iloc[0].floor("s") == pd.Timestamp("2026-11-01T00:02:35Z")


@pytest.mark.parametrize("form", ["json_int", "csv_text", "parquet_int", "json_float"])
def test_epoch_numbers_keep_their_last_digits(tmp_path, form):
    """A review (session 76): epochs were converted through float seconds, so 1793491200123 ms read as
    ...00.122999907 and an epoch in nanoseconds lost its last digits; whole numbers are exact now."""
    vals = [1793491200123, 1793491200123456, 1793491200123456789, 1793491201]
    want = pd.to_datetime(["2026-11-01T00:00:00.123Z", "2026-11-01T00:00:00.123456Z",
                           "2026-11-01T00:00:00.123456789Z", "2026-11-01T00:00:01Z"], utc=True, format="ISO8601").tolist()
    if form == "json_float":  # a float column (JSON numbers with a fraction): whole values exact, fractions to 1 us
        vals, want = [1793491200123.0, 1793491200.25], want[:1] + [pd.Timestamp("2026-11-01T00:00:00.25Z")]
    rows = [{"account_id": f"a{i}", "timestamp": v} for i, v in enumerate(vals)]
    if form == "csv_text":
        p = tmp_path / "e.csv"
        pd.DataFrame(rows).to_csv(p, index=False)
    elif form == "parquet_int":
        p = tmp_path / "e.parquet"
        pq.write_table(pa.table({"account_id": [r["account_id"] for r in rows], "timestamp": pa.array(vals, pa.int64())}), p)
    else:
        p = tmp_path / "e.jsonl"
        p.write_text("\n".join(json.dumps(r) for r in rows))
    got = gh.load_events(p).set_index("account_id")["timestamp"]
    assert [got[r["account_id"]] for r in rows] == want


def test_utc_word_suffix(tmp_path):
    # BigQuery's CSV export writes TIMESTAMP columns as "2026-11-01 00:00:00 UTC"
    p = tmp_path / "events.csv"
    p.write_text("account_id,timestamp\n" + "".join(
        f"{a},{t.replace('T', ' ').replace('Z', w)}\n" for a, t, w in zip("abc", T, (" UTC", " UTC", ".000 GMT"))))
    assert gh.load_events(p)["timestamp"].tolist() == list(TS)


def test_utc_word_suffix_mixed_with_iso_rows_keeps_nanoseconds():
    from graphhunt.io import parse_timestamps

    got = parse_timestamps(pd.Series(["2026-11-01T00:00:00Z", " 2026-11-01 12:00:00.123456789 UTC", "x"]))
    assert got.iloc[0] == pd.Timestamp("2026-11-01T00:00:00Z")
    assert got.iloc[1] == pd.Timestamp("2026-11-01T12:00:00.123456789Z") and pd.isna(got.iloc[2])


def test_epoch_number_before_2001_is_refused_not_read_as_1970(tmp_path):
    # a YYYYMMDD number read as epoch seconds is 1970-08-23: refuse it with the row and the fix
    p = tmp_path / "events.csv"
    p.write_text("account_id,timestamp\na,2026-11-01T00:00:00Z\nb,20261101\n")
    with pytest.raises(InputError) as e:
        gh.load_events(p)
    msg = str(e.value)
    assert "column 'timestamp'" in msg and "row 2" in msg and "20261101" in msg and "before 2001" in msg
    ev = gh.load_events(p, bad_rows="drop")
    assert ev["account_id"].tolist() == ["a"] and ev.attrs["load_report"]["dropped_rows"] == {"timestamp": 1}


def test_created_at_epoch_number_before_2001_is_missing_not_1970(tmp_path):
    # YYYYMMDD sign-up dates read as epoch seconds are 1970 dates a second apart: missing and counted instead
    p = tmp_path / "accounts.csv"
    p.write_text("account_id,created_at\na,20250913\nb,20250914\nc,1757808000\n")
    ac = gh.load_accounts(p)
    assert ac["created_at"].isna().tolist() == [True, True, False]
    assert ac.attrs["load_report"]["unparseable_created_at"] == 2


def test_addresses_with_ports(tmp_path):
    p = tmp_path / "events.csv"
    pd.DataFrame({"account_id": ["a", "b", "c"], "timestamp": T,
                  "ip": ["203.0.113.7:443", "[2001:db8::1]:8443", "[::ffff:198.51.100.9]:80"]}).to_csv(p, index=False)
    ev = gh.load_events(p)
    can = canonical(tmp_path)
    assert ev["ip"].tolist() == can["ip"].tolist() == ["203.0.113.7", "2001:db8::1", "198.51.100.9"]
    assert ev["network"].tolist() == can["network"].tolist()


def test_column_names_up_to_case_and_spaces(tmp_path):
    p = tmp_path / "events.csv"
    p.write_text("Account_ID, Timestamp ,IP\n" + "".join(f"{a},{t},10.0.0.1\n" for a, t in zip("abc", T)))
    ev = gh.load_events(p)
    assert ev["account_id"].tolist() == ["a", "b", "c"] and ev["network"].tolist() == ["10.0.0.0/24"] * 3
    pa_ = tmp_path / "accounts.csv"
    pa_.write_text("ACCOUNT_ID,Created_At\na,2026-01-01\n")
    ac = gh.load_accounts(pa_)
    assert ac["account_id"].tolist() == ["a"] and ac["created_at"].iloc[0] == pd.Timestamp("2026-01-01", tz="UTC")


def test_column_map_target_up_to_case_and_a_missing_target_warns(tmp_path, caplog):
    p = tmp_path / "events.csv"
    p.write_text("account_id,timestamp,Client_IP\na,2026-11-01T00:00:00Z,10.0.0.1\n")
    assert gh.load_events(p, column_map={"ip": "client_ip"})["ip"].tolist() == ["10.0.0.1"]
    with caplog.at_level(logging.WARNING, logger="graphhunt.io"):
        ev = gh.load_events(p, column_map={"ip": "src_ip"})
    assert "ip" not in ev.columns
    assert any("'src_ip'" in r.getMessage() and "no such column" in r.getMessage() for r in caplog.records)


def test_int_account_ids_with_a_null_join_the_accounts_file(tmp_path):
    # a Parquet int64 column with a null arrives as float64: ids must read 7, not 7.0
    p = tmp_path / "events.parquet"
    pq.write_table(pa.table({"account_id": pa.array([7, None, 12], pa.int64()),
                             "payment_method": pa.array([5, 5, None], pa.int64()),
                             "timestamp": pa.array(T)}), p)
    ev = gh.load_events(p, bad_rows="drop")
    assert ev["account_id"].tolist() == ["12", "7"]
    assert ev["payment_method"].tolist()[1] == "5"
    pa_ = tmp_path / "accounts.parquet"
    pq.write_table(pa.table({"account_id": pa.array([7.0, 12.0]), "org_id": pa.array([3, None], pa.int64())}), pa_)
    ac = gh.load_accounts(pa_)
    assert ac["account_id"].tolist() == ["7", "12"] and ac["org_id"].tolist()[0] == "3"
    # a real decimal stays as written
    q = tmp_path / "events2.parquet"
    pq.write_table(pa.table({"account_id": pa.array([7.5, 8.0]), "timestamp": pa.array(T[:2])}), q)
    assert gh.load_events(q)["account_id"].tolist() == ["7.5", "8.0"]


def test_nested_values_in_duplicate_candidates(tmp_path):
    # JSON objects / arrays in an extra column: rows that repeat (account, time) are compared, not a crash
    rows = [{"account_id": "a", "timestamp": T[0], "usage": {"in": 1}, "tags": ["x"]},
            {"account_id": "a", "timestamp": T[0], "usage": {"in": 1}, "tags": ["x"]},
            {"account_id": "a", "timestamp": T[0], "usage": {"in": 2}, "tags": []}]
    p = tmp_path / "events.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    ev = gh.load_events(p)
    assert len(ev) == 2 and ev.attrs["load_report"]["duplicate_rows"] == 1
    q = tmp_path / "events.parquet"
    pq.write_table(pa.table({"account_id": ["a"] * 3, "timestamp": [T[0]] * 3,
                             "usage": pa.array([r["usage"] for r in rows]),
                             "tags": pa.array([r["tags"] for r in rows])}), q)
    ev = gh.load_events(q)
    assert len(ev) == 2 and ev.attrs["load_report"]["duplicate_rows"] == 1


@pytest.mark.parametrize("comp", ["bz2", "xz", "zst"])
def test_other_compressions(tmp_path, comp):
    p = tmp_path / f"events.csv.{comp}"
    pd.DataFrame({"account_id": ["a", "b", "c"], "timestamp": T}).to_csv(
        p, index=False, compression="zstd" if comp == "zst" else comp)  # zstd: the zstandard dependency
    assert gh.load_events(p)["timestamp"].tolist() == list(TS)


@pytest.mark.parametrize("name", ["events.csv.zst", "events.csv"])
def test_zstandard_text_without_the_zstandard_package_is_bad_input_that_says_what_to_install(tmp_path, monkeypatch,
                                                                                              name):
    """pandas reads .zst text through the optional zstandard package: without it, a .zst export (or a zstd file
    named .csv) stopped detect with pandas' ImportError, a traceback and exit 1 (tester 58)."""
    import importlib.util

    from typer.testing import CliRunner

    from graphhunt.cli import app
    from graphhunt.errors import InputError

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda n, *a, **k: None if n == "zstandard" else real(n, *a, **k))
    p = tmp_path / name
    p.write_bytes(b"\x28\xb5\x2f\xfd" + b"\x00" * 64)  # a Zstandard frame's magic number
    with pytest.raises(InputError, match="zstandard package") as e:
        gh.load_events(p)
    assert e.value.file == str(p) and "pip install zstandard" in e.value.fix
    r = CliRunner().invoke(app, ["detect", str(p), "--out", str(tmp_path / "out"), "--no-report"])
    assert r.exit_code == 2 and "zstandard" in r.output, r.output


def test_account_ids_that_do_not_match_the_events_warn(tmp_path, caplog):
    from graphhunt.io import account_overlap

    ev = canonical(tmp_path)
    p = tmp_path / "accounts.csv"
    p.write_text("account_id\nA\nB\nc\n")
    ac = gh.load_accounts(p)
    with caplog.at_level(logging.WARNING, logger="graphhunt.io"):
        got = account_overlap(ev, ac, p)
    # (a and b are A and B in upper case: said too)
    assert got == {"event_accounts": 3, "event_accounts_in_accounts_file": 1, "event_accounts_matching_only_loosely": 2}
    assert any("only 1 of the 3 accounts" in r.getMessage() for r in caplog.records)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="graphhunt.io"):
        account_overlap(ev, gh.load_accounts(_write(tmp_path / "ok.csv", "account_id\na\nb\n")), "ok.csv")
    assert not caplog.records


def test_event_ids_the_accounts_file_writes_another_way_warn_even_when_most_match(caplog):
    """A spreadsheet dropped the leading zeros of some numeric ids (00123 -> 123), or one system wrote some
    ids in upper case: most ids still match, so the under-half warning stayed silent and those accounts lost
    their sign-up time, payment method and organisation without a word (tester 58)."""
    from graphhunt.io import account_overlap

    ids = [f"{i:06d}" for i in range(1, 21)] + ["acct_x", "acct_y"]
    ev = pd.DataFrame({"account_id": [str(int(i)) if i.isdigit() and i.endswith(("1", "2")) else i for i in ids]
                       + ["ACCT_Y", "new_1"]})
    ac = pd.DataFrame({"account_id": ids + ["00000123.0"]})
    with caplog.at_level(logging.WARNING, logger="graphhunt.io"):
        got = account_overlap(ev, ac, "acc.csv")
    # 000001, 000002, 000011, 000012 lost their zeros; ACCT_Y is acct_y in upper case; new_1 is new
    assert got == {"event_accounts": 24, "event_accounts_in_accounts_file": 18,
                   "event_accounts_matching_only_loosely": 5}
    msgs = [r.getMessage() for r in caplog.records]
    assert len(msgs) == 1 and "5 of the 24 accounts in the events match" in msgs[0], msgs
    assert "'1'" in msgs[0] and "'000001'" in msgs[0] and "leading zeros" in msgs[0]
    caplog.clear()
    # ids written the same way, or ids the file does not have in any form: no warning, no extra key
    with caplog.at_level(logging.WARNING, logger="graphhunt.io"):
        got = account_overlap(pd.DataFrame({"account_id": ids + ["new_1"]}), ac, "acc.csv")
    assert got == {"event_accounts": 23, "event_accounts_in_accounts_file": 22} and not caplog.records


def _write(p, text):
    p.write_text(text)
    return p


def test_cli_records_the_account_overlap_in_run_json(world_files, tmp_path):
    from typer.testing import CliRunner

    from graphhunt.cli import app

    ev, ac, _ = world_files
    up = tmp_path / "accounts_upper.csv"
    a = pd.read_csv(ac, dtype=str)
    a["account_id"] = a["account_id"].str.upper()
    a.to_csv(up, index=False)
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["detect", str(ev), "--accounts", str(up), "--out", str(out), "--no-report"])
    assert r.exit_code == 0, r.output
    rep = json.loads((out / "run.json").read_text())["accounts_report"]
    assert rep["event_accounts_in_accounts_file"] == 0 and rep["event_accounts"] > 0


@pytest.mark.parametrize("name,sep", [("events.csv", ","), ("events.tsv.gz", "\t")])
def test_utf16_text_with_a_byte_order_mark(tmp_path, name, sep):
    # SQL Server `bcp -w`, PowerShell `Out-File` and Excel's "Unicode text" write UTF-16 with a BOM
    import gzip

    text = f"account_id{sep}timestamp{sep}prompt\n" + "".join(f"{a}{sep}{t}{sep}café\n" for a, t in zip("abc", T))
    data = text.encode("utf-16")
    p = tmp_path / name
    p.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    ev = gh.load_events(p)
    assert ev["account_id"].tolist() == ["a", "b", "c"] and ev["prompt"].tolist() == ["café"] * 3
    assert ev.attrs["load_report"]["non_utf8_rows"] == 0


@pytest.mark.parametrize("name", ["events.jsonl", "events.json", "events.jsonl.gz", "events.csv", "sep.csv"])
def test_utf8_text_with_a_byte_order_mark(tmp_path, name):
    """A tester: JSON Lines and JSON arrays written with a UTF-8 byte-order mark (PowerShell 5's
    `-Encoding utf8`, .NET) were refused ("cannot read as jsonl: Expected object or value"); the README
    promises UTF-8 or UTF-16 with a mark. CSV (and Excel's sep= line after a mark) read as before."""
    import gzip

    rows = [{"account_id": a, "timestamp": t, "prompt": "café"} for a, t in zip("abc", T)]
    if name.endswith(".json"):
        text = json.dumps(rows, indent=1)
    elif ".jsonl" in name:
        text = "".join(json.dumps(r) + "\n" for r in rows)
    else:
        text = ("sep=;\n" if name == "sep.csv" else "") + "".join(
            ("," if name != "sep.csv" else ";").join(r) + "\n"
            for r in [["account_id", "timestamp", "prompt"]] + [[r["account_id"], r["timestamp"], "café"] for r in rows])
    data = text.encode("utf-8-sig")
    p = tmp_path / name
    p.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    ev = gh.load_events(p)
    assert ev["account_id"].tolist() == ["a", "b", "c"] and ev["prompt"].tolist() == ["café"] * 3
    assert ev.attrs["load_report"]["non_utf8_rows"] == 0


@pytest.mark.parametrize("name, sep, words", [("semi.csv", ";", "semicolon-separated"),
                                              ("pipe.csv", "|", "pipe-separated"),
                                              ("tabs.csv", "\t", "tab-separated"),
                                              ("semi.tsv", ";", "semicolon-separated, not tab")])
def test_a_file_split_on_another_delimiter_is_read_with_it(tmp_path, caplog, name, sep, words):
    """The session-54 tester: a semicolon export (a European spreadsheet's CSV) was refused with "export
    with commas". The header decides: one without the expected separator that splits on another is read
    with that one, with a warning naming the file; a comma inside a value does not matter."""
    import logging

    from graphhunt.io import load_events

    rows = [["account_id", "timestamp", "ip", "prompt"],
            ["a1", "2026-10-01T00:00:00Z", "1.2.3.4", "hello"],
            ["a2", "2026-10-01T01:00:00Z", "1.2.3.5", "tell me, please, about rivers"]]
    p = tmp_path / name
    p.write_text("\n".join(sep.join(r) for r in rows) + "\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="graphhunt"):
        ev = load_events(p)
    assert ev["account_id"].tolist() == ["a1", "a2"]
    assert ev["prompt"].tolist() == ["hello", "tell me, please, about rivers"]
    assert ev["ip"].astype(str).tolist() == ["1.2.3.4", "1.2.3.5"]
    assert any(words in r.getMessage() and name in r.getMessage() for r in caplog.records), caplog.text


def test_a_comma_header_is_read_with_commas_even_when_values_hold_semicolons(tmp_path):
    from graphhunt.io import load_events

    p = tmp_path / "e.csv"
    p.write_text("account_id,timestamp,prompt\na1,2026-10-01T00:00:00Z,x;y;z\n", encoding="utf-8")
    ev = load_events(p)
    assert ev["prompt"].tolist() == ["x;y;z"]


def test_a_semicolon_file_with_too_many_fields_in_a_row_is_refused_naming_the_row(tmp_path):
    """Read with the sniffed separator, the file's rows are checked as any other's."""
    from graphhunt.errors import InputError
    from graphhunt.io import load_events

    p = tmp_path / "semi.csv"
    p.write_text("account_id;timestamp;prompt\na1;2026-10-01T00:00:00Z;hi\na2;2026-10-01T00:00:00Z;a;b;c;d\n",
                 encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_events(p)
    # (named by its data row since session 76; pandas said "line 3", counting the header)
    assert "semi.csv" in str(e.value) and "row 2 has 6 fields where the header has 3" in str(e.value), str(e.value)
    assert "the separator ';'" in str(e.value) and e.value.rows == [2]
