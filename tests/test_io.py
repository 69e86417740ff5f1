"""Input contract and every bad-input case of the core issue."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import graphhunt as gh
from graphhunt.errors import InputError


def write(tmp_path, text: str, name: str = "events.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_loads_csv_and_derives_network(tmp_path):
    p = write(tmp_path, "account_id,timestamp,ip\na,2026-11-01T00:00:00Z,203.0.113.9\nb,1761955200,2001:db8::1\n")
    ev = gh.load_events(p)
    assert list(ev["account_id"]) == ["a", "b"]
    assert ev["network"].tolist() == ["203.0.113.0/24", "2001:db8::/48"]
    assert str(ev["timestamp"].dtype).startswith("datetime64")
    assert ev["timestamp"].iloc[1] == pd.Timestamp(1761955200, unit="s", tz="UTC")


@pytest.mark.parametrize("fmt", ["parquet", "jsonl", "jsonl.gz", "csv.gz"])
def test_other_formats(tmp_path, fmt):
    df = pd.DataFrame({"account_id": ["a", "b"], "timestamp": ["2026-11-01T00:00:00Z", "2026-11-01T01:00:00Z"]})
    p = tmp_path / f"events.{fmt}"
    if fmt == "parquet":
        df.to_parquet(p)
    elif fmt == "jsonl":
        df.to_json(p, orient="records", lines=True)
    elif fmt == "jsonl.gz":
        with gzip.open(p, "wt") as f:
            f.write(df.to_json(orient="records", lines=True))
    else:
        df.to_csv(p, index=False, compression="gzip")
    assert gh.load_events(p)["account_id"].tolist() == ["a", "b"]


def test_empty_file(tmp_path):
    p = write(tmp_path, "")
    with pytest.raises(InputError, match="empty") as e:
        gh.load_events(p)
    assert str(p) in str(e.value)


@pytest.mark.parametrize("name", ["accounts.csv", "accounts.jsonl", "accounts.parquet"])
def test_an_empty_accounts_file_asks_for_an_account_not_an_event(tmp_path, name):
    """A tester: an empty accounts file's fix said "at least one event"."""
    from typer.testing import CliRunner

    from graphhunt.cli import app

    acc = write(tmp_path, "", name)
    with pytest.raises(InputError, match="empty") as e:
        gh.load_accounts(acc)
    assert e.value.file == str(acc) and "at least one account" in e.value.fix and "event" not in e.value.fix
    ev = write(tmp_path, "account_id,timestamp\na,2026-11-01T00:00:00Z\n")
    r = CliRunner().invoke(app, ["detect", str(ev), "--accounts", str(acc), "--out", str(tmp_path / "o"), "-q"])
    assert r.exit_code == 2 and "at least one account" in r.output and "at least one event" not in r.output, r.output
    with pytest.raises(InputError, match="at least one event"):  # an empty events file still asks for events
        gh.load_events(write(tmp_path, "", "events" + name.removeprefix("accounts")))


def test_header_only(tmp_path):
    with pytest.raises(InputError, match="no rows"):
        gh.load_events(write(tmp_path, "account_id,timestamp\n"))


def test_missing_required_column_names_column_and_fix(tmp_path):
    p = write(tmp_path, "user,timestamp\na,2026-11-01T00:00:00Z\n")
    with pytest.raises(InputError) as e:
        gh.load_events(p)
    msg = str(e.value)
    assert "account_id" in msg and "--map" in msg and "user" in msg


def test_column_map(tmp_path):
    p = write(tmp_path, "user,ts,client_ip\na,2026-11-01T00:00:00Z,1.2.3.4\n")
    ev = gh.load_events(p, column_map={"account_id": "user", "timestamp": "ts", "ip": "client_ip"})
    assert ev["ip"].tolist() == ["1.2.3.4"]


def test_unparseable_timestamp_names_rows(tmp_path):
    p = write(tmp_path, "account_id,timestamp\na,2026-11-01T00:00:00Z\nb,yesterday\nc,2026-13-45\n")
    with pytest.raises(InputError) as e:
        gh.load_events(p)
    msg = str(e.value)
    assert "timestamp" in msg and "row 2" in msg and "row 3" in msg and "yesterday" in msg
    assert e.value.exit_code == 2


def test_bad_rows_drop_policy_records_counts(tmp_path):
    p = write(tmp_path, "account_id,timestamp,ip\na,2026-11-01T00:00:00Z,1.2.3.4\nb,nope,1.2.3.5\nc,2026-11-01T00:00:00Z,999.1.1.1\n")
    ev = gh.load_events(p, bad_rows="drop")
    assert ev["account_id"].tolist() == ["a"]
    assert ev.attrs["load_report"]["dropped_rows"] == {"timestamp": 1, "ip": 1}


def test_malformed_ip(tmp_path):
    p = write(tmp_path, "account_id,timestamp,ip\na,2026-11-01T00:00:00Z,1.2.3.4\nb,2026-11-01T00:00:00Z,300.1.2.3\n")
    with pytest.raises(InputError, match=r"column 'ip'.*row 2.*300\.1\.2\.3"):
        gh.load_events(p)


def test_empty_ip_is_missing_not_bad(tmp_path):
    p = write(tmp_path, "account_id,timestamp,ip\na,2026-11-01T00:00:00Z,\n")
    assert gh.load_events(p)["ip"].isna().all()


def test_duplicates_dropped_and_counted(tmp_path, caplog):
    line = "a,2026-11-01T00:00:00Z,1.2.3.4\n"
    with caplog.at_level("WARNING", logger="graphhunt"):
        ev = gh.load_events(write(tmp_path, "account_id,timestamp,ip\n" + line * 3 + "b,2026-11-01T00:00:00Z,1.2.3.4\n"))
    assert len(ev) == 2 and ev.attrs["load_report"]["duplicate_rows"] == 2
    # a warning (an INFO note before session 78): the rows were exported twice, and the log is the one place to say so
    assert "dropped 2 exact duplicate rows (50% of the rows: the same rows exported twice?)" in caplog.text


def test_a_few_duplicates_in_a_large_file_are_an_info_note(tmp_path, caplog):
    # one identical request twice in the same second (a CI job's test prompt) among 2,000 rows: real traffic at the
    # timestamp's resolution, not a repeated export; dropped and counted, logged at INFO, no warning
    rows = "".join(f"u{i % 50},2026-11-01T00:{i // 60 % 60:02d}:{i % 60:02d}Z,1.2.3.4\n" for i in range(2000))
    p = write(tmp_path, "account_id,timestamp,ip\n" + rows + "u7,2026-11-01T00:00:07Z,1.2.3.4\n")
    with caplog.at_level("INFO", logger="graphhunt"):
        ev = gh.load_events(p)
    assert len(ev) == 2000 and ev.attrs["load_report"]["duplicate_rows"] == 1
    dup = [r for r in caplog.records if "exact duplicate rows" in r.getMessage()]
    assert [r.levelname for r in dup] == ["INFO"], [r.getMessage() for r in dup]
    assert "dropped 1 exact duplicate rows (0.05% of the rows" in dup[0].getMessage()


def test_duplicates_compare_canonical_addresses(tmp_path):
    # rows that differ only in how the address is written are the same event
    body = ("account_id,timestamp,ip\n"
            "a,2026-11-01T00:00:00Z,2001:db8::1\n"
            "a,2026-11-01T00:00:00Z,2001:0db8:0:0:0:0:0:1\n"
            "a,2026-11-01T00:00:00Z, 10.0.0.1\n"
            "b,2026-11-01T00:00:00Z,10.0.0.1\n"
            "a,2026-11-01T00:00:00Z,10.0.0.1\n"
            "a,2026-11-01T00:00:00Z,10.0.0.2\n")
    ev = gh.load_events(write(tmp_path, body))
    assert ev["ip"].tolist() == ["2001:db8::1", "10.0.0.1", "10.0.0.2", "10.0.0.1"]
    assert ev["network"].tolist() == ["2001:db8::/48", "10.0.0.0/24", "10.0.0.0/24", "10.0.0.0/24"]
    assert ev["account_id"].tolist() == ["a", "a", "a", "b"]
    assert ev.attrs["load_report"]["duplicate_rows"] == 2 and ev.attrs["load_report"]["accounts"] == 2


def test_categorical_columns_are_cleaned_before_duplicates_are_compared(tmp_path):
    body = ("account_id,timestamp,user_agent,model,api_key_id\n"
            "a,2026-11-01T00:00:00Z, sdk/1 ,,\n"
            "a,2026-11-01T00:00:00Z,sdk/1,,\n"
            "b,2026-11-01T00:00:00Z,   ,,\n"
            "a,2026-11-01T00:00:01Z,sdk/2,,k1\n")
    ev = gh.load_events(write(tmp_path, body))
    assert ev["user_agent"].tolist()[:1] == ["sdk/1"] and ev["user_agent"].tolist()[1] == "sdk/2"
    assert ev["user_agent"].isna().tolist() == [False, False, True]  # blank -> missing
    assert ev["model"].isna().all() and ev["api_key_id"].tolist()[1] == "k1"
    assert ev.attrs["load_report"]["duplicate_rows"] == 1
    assert str(ev["user_agent"].dtype) == str(ev["model"].dtype) == "string"


def test_typed_json_values_of_categorical_columns_stay_distinct_text(tmp_path):
    # JSON Lines carries typed values: 1, 1.0 and True are different texts, not one value
    rows = [{"account_id": "a", "timestamp": "2026-11-01T00:00:00Z", "model": v, "user_agent": ua}
            for v, ua in ((1, {"name": "sdk"}), (1.0, None), (True, None), ("m", [1, 2]))]
    p = tmp_path / "events.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    ev = gh.load_events(p)
    assert len(ev) == 4 and ev.attrs["load_report"]["duplicate_rows"] == 0
    assert sorted(ev["model"].tolist()) == sorted(["1", "1.0", "True", "m"])
    assert ev["user_agent"].notna().sum() == 2


def test_column_map_onto_an_existing_column_is_a_clear_error(tmp_path):
    p = write(tmp_path, "account_id,timestamp,ip,client_ip\na,2026-11-01T00:00:00Z,10.0.0.1,10.0.0.2\n")
    with pytest.raises(InputError, match="column 'ip'.*maps 'client_ip'") as e:
        gh.load_events(p, column_map={"ip": "client_ip"})
    assert "do not map ip=client_ip" in str(e.value)
    # swapping two columns by name is fine
    ev = gh.load_events(p, column_map={"ip": "client_ip", "client_ip": "ip"})
    assert ev["ip"].tolist() == ["10.0.0.2"]


def test_non_utf8_bytes_are_replaced_and_counted(tmp_path):
    p = tmp_path / "events.csv"
    p.write_bytes(b"account_id,timestamp,prompt\na,2026-11-01T00:00:00Z,caf\xe9 \xff\n")
    ev = gh.load_events(p)
    assert ev.attrs["load_report"]["non_utf8_rows"] == 1
    assert "\ufffd" in ev["prompt"].iloc[0]


def test_huge_prompt_truncated(tmp_path):
    big = "x" * 1_000_000
    p = write(tmp_path, f"account_id,timestamp,prompt\na,2026-11-01T00:00:00Z,{big}\n")
    ev = gh.load_events(p, max_prompt_chars=20_000)
    assert ev["prompt"].str.len().iloc[0] == 20_000
    assert ev.attrs["load_report"]["truncated_prompts"] == 1


def test_missing_file_and_unknown_format(tmp_path):
    with pytest.raises(InputError, match="not found"):
        gh.load_events(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="unknown file format"):
        gh.load_events(write(tmp_path, "x", "events.xlsx"))


def test_accounts_file(tmp_path):
    p = write(tmp_path, "account_id,created_at,payment_method\na,2026-01-01,pm1\na,2026-01-02,pm2\nb,garbage,pm3\n",
              "accounts.csv")
    ac = gh.load_accounts(p)
    assert ac["account_id"].tolist() == ["a", "b"]
    assert ac.attrs["load_report"]["duplicate_accounts"] == 1
    assert ac.attrs["load_report"]["unparseable_created_at"] == 1
    assert pd.isna(ac["created_at"].iloc[1])


def test_epoch_milliseconds(tmp_path):
    ev = gh.load_events(write(tmp_path, "account_id,timestamp\na,1761955200000\n"))
    assert ev["timestamp"].iloc[0] == pd.Timestamp(1761955200, unit="s", tz="UTC")


def test_an_epoch_placeholder_past_2262_is_a_bad_row_not_a_crash(tmp_path):
    """Epoch numbers from 2262-04-11 up to 1e10 seconds (the ``9999999999`` "no date" placeholder, and
    ``9999999999999`` in milliseconds) passed the range check and crashed pandas' conversion to
    nanoseconds: a traceback (exit 1) instead of a bad row naming the file and row (exit 2). A sign-up time
    with the placeholder crashed loading the accounts file the same way."""
    for bad in ("9999999999", "9999999999999", "9300000000"):
        p = write(tmp_path, f"account_id,timestamp\na,1761955200\nb,{bad}\n")
        with pytest.raises(InputError, match=r"out-of-range timestamp \[row 2 "):
            gh.load_events(p)
        assert gh.load_events(p, bad_rows="drop")["account_id"].tolist() == ["a"]
        ac = gh.load_accounts(write(tmp_path, f"account_id,created_at\na,1761955200\nb,{bad}\n", "accounts.csv"))
        assert ac.set_index("account_id")["created_at"].isna().tolist() == [False, True]


def test_lower_case_t_and_z_are_iso_times(tmp_path):
    """A tester: ``2026-11-01t12:00:00Z`` and ``2026-11-01T12:00:00z`` were refused as unparseable; RFC 3339
    allows both letters in lower case. Events and accounts' created_at read them as the same instant."""
    noon = pd.Timestamp("2026-11-01T12:00:00Z")
    ev = gh.load_events(write(tmp_path, "account_id,timestamp\na,2026-11-01t12:00:00Z\nb,2026-11-01T12:00:00z\n"
                                        "c,2026-11-01t12:00:00.250z\nd,2026-11-01t14:00:00+02:00\n"))
    got = ev.set_index("account_id")["timestamp"]
    assert got[["a", "b", "d"]].tolist() == [noon] * 3 and got["c"] == noon + pd.Timedelta("250ms")
    ac = gh.load_accounts(write(tmp_path, "account_id,created_at\na,2026-10-01t00:00:00z\n", "accounts.csv"))
    assert ac["created_at"].iloc[0] == pd.Timestamp("2026-10-01", tz="UTC")
    assert ac.attrs["load_report"]["unparseable_created_at"] == 0
    with pytest.raises(InputError, match="unparseable"):  # other words stay unparseable
        gh.load_events(write(tmp_path, "account_id,timestamp\na,2026-11-01tea12:00:00z\n", "bad.csv"))


def test_a_repeated_canonical_header_and_an_impossible_port_are_input_errors(tmp_path):
    from graphhunt.errors import InputError
    from graphhunt.io import load_events

    p = tmp_path / "e.csv"
    p.write_text("account_id,timestamp,ip,ip\na,2026-11-01T00:00:00Z,203.0.113.1,198.51.100.7\n")
    with pytest.raises(InputError, match=r"column 'ip': the header names column 'ip' more than once"):
        load_events(p)
    p.write_text("account_id,timestamp,note,note\na,2026-11-01T00:00:00Z,x,y\n")  # not one graphhunt reads: kept
    assert {"note", "note.1"} <= set(load_events(p).columns)
    p.write_text("account_id,timestamp,ip\na,2026-11-01T00:00:00Z,1.2.3.4:443\nb,2026-11-01T00:00:00Z,1.2.3.4:99999\n")
    with pytest.raises(InputError, match=r"malformed IP.*\[row 2"):
        load_events(p)
    p.write_text("account_id,timestamp,ip\na,2026-11-01T00:00:00Z,[2001:db8::1]:65535\n")
    assert load_events(p)["ip"].iloc[0] == "2001:db8::1"
    # an X-Forwarded-For chain: the fix says which address to keep; a plain bad address does not get that text
    p.write_text('account_id,timestamp,ip\na,2026-11-01T00:00:00Z,"203.0.113.7, 10.0.0.1"\n')
    with pytest.raises(InputError, match=r"malformed IP.*\[row 1.*forwarded chains .*the last entry your proxies"):
        load_events(p)
    p.write_text("account_id,timestamp,ip\na,2026-11-01T00:00:00Z,999.1.2.3\n")
    with pytest.raises(InputError, match=r"malformed IP") as e:
        load_events(p)
    assert "forwarded" not in str(e.value)


def test_non_utf8_account_ids_are_refused(tmp_path):
    """cp1252 ids that differ only in a non-ASCII letter (müller / möller) became one U+FFFD id and merged."""
    p = tmp_path / "events.csv"
    p.write_bytes(b"account_id,timestamp\nm\xfcller,2026-11-01T00:00:00Z\nm\xf6ller,2026-11-01T00:01:00Z\n")
    with pytest.raises(InputError, match="account_id.*not UTF-8.*iconv"):
        gh.load_events(p)
    a = tmp_path / "accounts.csv"
    a.write_bytes(b"account_id,created_at\nm\xfcller,2026-10-01\n")
    with pytest.raises(InputError, match="not UTF-8"):
        gh.load_accounts(a)


def test_big_integer_ids_with_missing_values(tmp_path):
    """Integer ids of 2^53 or more with a missing value: Parquet reads them exactly (they arrived as float64
    and 2,305 cards printed as three '9e+18' values); JSON numbers, already floats, are refused by name."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    big = [9_000_000_000_000_000_001, 9_000_000_000_000_000_002, None]
    pq.write_table(pa.table({"account_id": ["a", "b", "c"], "timestamp": ["2026-11-01T00:00:00Z"] * 3,
                             "payment_method": pa.array(big, pa.int64())}), tmp_path / "e.parquet")
    ev = gh.load_events(tmp_path / "e.parquet")
    got = dict(zip(ev["account_id"], ev["payment_method"].astype(object)))
    assert got["a"] == "9000000000000000001" and got["b"] == "9000000000000000002" and pd.isna(got["c"])
    (tmp_path / "e.jsonl").write_text(
        "\n".join(json.dumps({"account_id": k, "timestamp": "2026-11-01T00:00:00Z", "payment_method": v})
                  for k, v in zip("abc", big)))
    with pytest.raises(InputError, match="payment_method.*2\\^53"):
        gh.load_events(tmp_path / "e.jsonl")
    # small whole-number floats still read as 123, not 123.0
    pq.write_table(pa.table({"account_id": pa.array([123, None, 7], pa.int64()),
                             "timestamp": ["2026-11-01T00:00:00Z"] * 3}), tmp_path / "s.parquet")
    assert gh.load_events(tmp_path / "s.parquet", bad_rows="drop")["account_id"].tolist() == ["123", "7"]


def test_pyarrow_backed_timestamps(tmp_path):
    ev = pd.DataFrame({"account_id": ["a", "b"], "timestamp": pd.to_datetime(
        ["2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z"]).astype("timestamp[ns, tz=UTC][pyarrow]")})
    out = gh.io.validate_events(ev)
    assert str(out["timestamp"].dtype) == "datetime64[ns, UTC]"
    assert out["timestamp"].tolist() == list(pd.to_datetime(["2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z"]))


def test_a_compressed_file_without_its_suffix_is_read(tmp_path):
    """A gzip file named .csv gave 'cannot parse as csv ... check quoting and delimiters'."""
    text = "account_id,timestamp,ip\na,2026-11-01T00:00:00Z,203.0.113.7\nb,2026-11-01T01:00:00Z,203.0.113.8\n"
    (tmp_path / "e.csv").write_bytes(gzip.compress(text.encode()))
    (tmp_path / "plain.csv").write_text(text)
    pd.testing.assert_frame_equal(gh.load_events(tmp_path / "e.csv"), gh.load_events(tmp_path / "plain.csv"))


def test_dates_without_a_time_of_day_are_warned_about_and_counted(tmp_path, caplog):
    rows = "\n".join(f"a{i % 4},2026-11-{1 + i % 25:02d}" for i in range(40))
    p = write(tmp_path, "account_id,timestamp\n" + rows + "\n")
    with caplog.at_level("WARNING", logger="graphhunt.io"):
        ev = gh.load_events(p)
    assert ev.attrs["load_report"]["times_at_midnight_share"] == 1.0 and "00:00:00" in caplog.text
    rows = "\n".join(f"a{i % 4},2026-11-{1 + i % 25:02d}T{i % 24:02d}:17:03Z" for i in range(40))
    assert "times_at_midnight_share" not in gh.load_events(write(tmp_path, "account_id,timestamp\n" + rows + "\n",
                                                                 "t.csv")).attrs["load_report"]


def test_a_pandas_written_nullable_integer_column_loads(tmp_path):
    """The exact-text cast of integer columns with nulls clashed with pandas' own metadata ('Int64')."""
    ev = pd.DataFrame({"account_id": ["a", "b", "c"], "timestamp": ["2026-11-01T00:00:00Z"] * 3,
                       "output_tokens": pd.array([10, None, 30], dtype="Int64"),
                       "payment_method": pd.array([9_000_000_000_000_000_001, None, 7], dtype="Int64")})
    ev.to_parquet(tmp_path / "e.parquet")
    out = gh.load_events(tmp_path / "e.parquet").set_index("account_id")
    assert out.loc["a", "output_tokens"] == 10 and pd.isna(out.loc["b", "output_tokens"])
    assert out.loc["a", "payment_method"] == "9000000000000000001" and out.loc["c", "payment_method"] == "7"


def test_common_column_names_are_read_with_a_warning(tmp_path, caplog):
    """An export that names its columns user_id / ts / Client-IP / completion_tokens is read as the
    canonical columns (each warned, listed in the load report); before, an unmapped client_ip column
    left IP evidence off with only a warning."""
    p = write(tmp_path, "user_id,ts,Client-IP,prompt_text,completion_tokens\n"
                        "a,2026-11-01T00:00:00Z,1.2.3.4,Solve 3 step by step,120\n")
    with caplog.at_level("WARNING", logger="graphhunt.io"):
        ev = gh.load_events(p)
    assert ev["account_id"].tolist() == ["a"] and ev["ip"].tolist() == ["1.2.3.4"]
    assert ev["network"].tolist() == ["1.2.3.0/24"] and ev["output_tokens"].tolist() == [120]
    assert ev["prompt"].tolist() == ["Solve 3 step by step"]
    assert ev.attrs["load_report"]["column_aliases"] == {
        "account_id": "user_id", "timestamp": "ts", "ip": "Client-IP", "prompt": "prompt_text",
        "output_tokens": "completion_tokens"}
    assert "reading 'Client-IP' as ip" in caplog.text
    # --map wins over an alias; the alias is then left alone
    p2 = write(tmp_path, "account_id,timestamp,client_ip,ip_address\na,2026-11-01T00:00:00Z,1.2.3.4,5.6.7.8\n",
               "two.csv")
    assert gh.load_events(p2, column_map={"ip": "ip_address"})["ip"].tolist() == ["5.6.7.8"]
    # two candidates: neither is guessed, and the warning says which to map
    caplog.clear()
    with caplog.at_level("WARNING", logger="graphhunt.io"):
        ev2 = gh.load_events(p2)
    assert "ip" not in ev2.columns and "--map ip=client_ip" in caplog.text
    # turned off: only canonical or mapped names
    ev3 = gh.load_events(p, aliases=False, column_map={"account_id": "user_id", "timestamp": "ts"})
    assert "ip" not in ev3.columns and "column_aliases" not in ev3.attrs["load_report"]


def test_account_aliases_and_the_required_column_fix_names_a_candidate(tmp_path):
    p = write(tmp_path, "customer_id,signup_time,card_fingerprint,organization_id\n"
                        "a,2026-10-01T00:00:00Z,pm_1,org_9\n", "accounts.csv")
    ac = gh.load_accounts(p)
    assert ac[["account_id", "payment_method", "org_id"]].iloc[0].tolist() == ["a", "pm_1", "org_9"]
    assert ac["created_at"].iloc[0] == pd.Timestamp("2026-10-01", tz="UTC")
    # two account-id candidates: an error whose fix names one of them
    p2 = write(tmp_path, "user_id,customer_id,timestamp\na,b,2026-11-01T00:00:00Z\n", "amb.csv")
    with pytest.raises(InputError) as e:
        gh.load_events(p2)
    assert "--map account_id=user_id" in str(e.value)


def test_an_email_column_of_whole_addresses_is_read_as_email_domain(tmp_path):
    """Exports often hold the whole address under ``email``: it is the ``email_domain`` column (with a
    warning), and the scoring reads the domain after the "@" (scoring.academic_domain_org)."""
    p = write(tmp_path, "account_id,created_at,email\na,2026-10-01T00:00:00Z,Ann@CS.Uni.EDU\n"
                        "b,2026-10-01T00:00:00Z,bob@gmail.com\n", "accounts.csv")
    ac = gh.load_accounts(p)
    assert ac.attrs["load_report"]["column_aliases"] == {"email_domain": "email"}
    from graphhunt.scoring import account_features

    acc = ac.assign(acc=[0, 1])
    f = account_features(pd.DataFrame({"acc": [0, 1], "ts": [0, 1]}), 2, 1000, None, acc)
    assert f["org_id"].tolist()[0] == "email:cs.uni.edu" and pd.isna(f["org_id"].tolist()[1])


def test_detect_on_renamed_columns_equals_detect_on_canonical_ones(tmp_path):
    from conftest import make_world

    ev, ac, ring = make_world(seed=5, n_benign=80, office=10, ring_size=8)
    ev.to_csv(tmp_path / "ev.csv", index=False)
    ac.to_csv(tmp_path / "ac.csv", index=False)
    ev.rename(columns={"account_id": "userId", "timestamp": "event_time", "ip": "ip_address",
                       "prompt": "input", "user_agent": "UA"}).to_csv(tmp_path / "ev2.csv", index=False)
    ac.rename(columns={"created_at": "registered_at", "payment_method": "payment_token"}).to_csv(
        tmp_path / "ac2.csv", index=False)
    a = gh.detect(gh.load_events(tmp_path / "ev.csv"), gh.load_accounts(tmp_path / "ac.csv"))
    b = gh.detect(gh.load_events(tmp_path / "ev2.csv"), gh.load_accounts(tmp_path / "ac2.csv"))
    assert set(a.accounts.loc[a.accounts["flagged"], "account_id"]) == ring
    pd.testing.assert_frame_equal(a.accounts, b.accounts)


def test_placeholders_in_link_and_org_columns_are_missing(tmp_path, caplog):
    """A QA pass: "N/A" or "none" in payment_method was kept as a card value (a few holders would be linked
    as sharing a card), "-" in ip stopped the run as a malformed address, and an org_id of "none" would
    declare every such account one organisation (explaining away the infrastructure they share)."""
    import graphhunt as gh

    pd.DataFrame({"account_id": ["a", "b", "c", "d"], "timestamp": ["2026-11-01T00:00:00Z"] * 4,
                  "ip": ["203.0.113.4", "-", "unknown", "NULL"],
                  "payment_method": ["N/A", "none", "pm_1", " n/a "]}).to_csv(tmp_path / "e.csv", index=False)
    pd.DataFrame({"account_id": ["a", "b", "c"], "org_id": ["none", "None", "acme"],
                  "payment_method": ["null", "pm_2", "pm_3"]}).to_csv(tmp_path / "a.csv", index=False)
    with caplog.at_level("WARNING", logger="graphhunt.io"):
        ev = gh.load_events(tmp_path / "e.csv")
        ac = gh.load_accounts(tmp_path / "a.csv")
    assert ev.set_index("account_id")["ip"].isna().tolist() == [False, True, True, True]
    assert ev.set_index("account_id")["payment_method"].fillna("").tolist() == ["", "", "pm_1", ""]
    assert ac.set_index("account_id")["org_id"].fillna("").tolist() == ["", "", "acme"]
    assert ac.set_index("account_id")["payment_method"].fillna("").tolist() == ["", "pm_2", "pm_3"]
    msg = " ".join(r.getMessage() for r in caplog.records)
    assert "3 row(s) of column 'payment_method' hold a placeholder" in msg
    assert "3 row(s) of column 'ip' hold a placeholder ('-', 'NULL', 'unknown')" in msg
    assert "2 row(s) of column 'org_id'" in msg
    # the same through a hand-built frame
    res = gh.detect(pd.read_csv(tmp_path / "e.csv", keep_default_na=False))
    assert not res.attributes["attribute"].str.contains("N/A|none|unknown", case=False).any()


def test_chat_message_prompts_are_read_as_their_content(tmp_path, caplog):
    """Chat-API logs store a prompt as a JSON list of messages; the quoted content was masked as one quoted
    span, so every template was lost (19,568 -> 643 families on a world6 world; found by a QA pass)."""
    import json as _json

    import graphhunt as gh

    rows = [{"account_id": f"a{i}", "timestamp": f"2026-11-01T00:00:0{i}Z",
             "prompt": _json.dumps([{"role": "system", "content": "You are a \"careful\" tutor.\nBe brief."},
                                    {"role": "user", "content": f"Solve problem {i} step by step"}])}
            for i in range(3)]
    rows.append({"account_id": "b", "timestamp": "2026-11-01T00:00:09Z", "prompt": "[not json] plain text"})
    rows.append({"account_id": "c", "timestamp": "2026-11-01T00:00:09Z",
                 "prompt": _json.dumps([{"content": "order swapped", "role": "user"}])})
    pd.DataFrame(rows).to_csv(tmp_path / "e.csv", index=False)
    with caplog.at_level("WARNING", logger="graphhunt.io"):
        ev = gh.load_events(tmp_path / "e.csv")
    p = ev.set_index("account_id")["prompt"]
    assert p["a1"] == 'You are a "careful" tutor.\nBe brief.\nSolve problem 1 step by step'
    assert p["b"] == "[not json] plain text" and p["c"] == "order swapped"
    assert ev.attrs["load_report"]["chat_message_prompts"] == 4
    assert "4 prompt(s) are JSON chat messages" in caplog.text


def test_chat_messages_as_json_values_and_escaped_json_text(tmp_path, caplog):
    """A QA pass found (1) a JSON Lines prompt that is a list of message objects, or a Parquet
    list<struct<role, content>> column, read as a Python repr ("[{'role': 'user', ..."), 253 of 540
    accounts changing ring; (2) chat lists written as JSON text with ASCII escapes keeping "\\u8bf7" as
    six characters (the multilingual step-by-step check missed them) and "C:\\\\new" decoding to "C:\\"
    plus a new line (the escapes were replaced one kind after another)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from graphhunt.links.prompts import reasoning_flags

    msgs = [[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "请一步一步地思考 C:\\new"}],
            [{"role": "user", "content": "Réfléchis étape par étape"}]]
    # (1) JSON values in JSON Lines (with one plain-text prompt among them) and in Parquet
    rows = [{"account_id": f"a{i}", "timestamp": "2026-11-01T00:00:00Z", "prompt": m} for i, m in enumerate(msgs)]
    rows.append({"account_id": "b", "timestamp": "2026-11-01T00:00:00Z", "prompt": "plain text"})
    (tmp_path / "e.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
                                      encoding="utf-8")
    want = ["Be brief.\n请一步一步地思考 C:\\new", "Réfléchis étape par étape"]
    with caplog.at_level("WARNING", logger="graphhunt.io"):
        ev = gh.load_events(tmp_path / "e.jsonl")
    assert ev.set_index("account_id")["prompt"].tolist() == want + ["plain text"]
    assert ev.attrs["load_report"]["chat_message_prompts"] == 2
    pq.write_table(pa.table({"account_id": ["a0", "a1", "c"],
                             "timestamp": ["2026-11-01T00:00:00Z"] * 3,
                             "prompt": pa.array(msgs + [None])}), tmp_path / "e.parquet")
    ev = gh.load_events(tmp_path / "e.parquet")
    assert ev.set_index("account_id")["prompt"].iloc[:2].tolist() == want and ev["prompt"].isna().sum() == 1
    assert ev.attrs["load_report"]["chat_message_prompts"] == 2
    # (2) the same lists as JSON text with ASCII escapes (json.dumps' default)
    pd.DataFrame({"account_id": ["a0", "a1"], "timestamp": ["2026-11-01T00:00:00Z"] * 2,
                  "prompt": [json.dumps(m) for m in msgs]}).to_csv(tmp_path / "e.csv", index=False)
    ev = gh.load_events(tmp_path / "e.csv")
    assert ev.set_index("account_id")["prompt"].tolist() == want
    assert reasoning_flags(ev["prompt"]).tolist() == [True, True]


def test_chat_message_edge_cases_from_the_review(tmp_path):
    """A review of the chat-message change found: three crafted prompts whose text around the messages
    opened a JSON list in one row and closed it two rows later crashed detect and refresh (exit 1); a
    list column over 2 GiB (several Arrow chunks) crashed; chat lists after the first 10,000 prompts
    were not read; a missing prompt among structured ones became the text '"<NA>"'; a pyarrow-backed
    frame's list column was still read as a Python repr."""
    import pyarrow as pa

    from graphhunt.io import _structured_prompts, chat_message_text

    crafted = ['[a",[" {"role":"user","content":"c\\n"}]', '[{"role":"user","content":"hello\\tworld"}]',
               '[x"],"y {"role":"user","content":"z\\n"}]']
    ok = [json.dumps([{"role": "user", "content": f"Solve item {i}\nstep by step"}]) for i in range(50)]
    out, _ = chat_message_text(pd.Series(ok[:20] + crafted + ok[20:], dtype="string"))
    assert out.iloc[21] == "hello\tworld" and out.iloc[0] == "Solve item 0\nstep by step"
    assert isinstance(out.iloc[20], str) and isinstance(out.iloc[22], str)  # read as text, no crash
    pd.DataFrame({"account_id": ["a"] * 53, "timestamp": pd.date_range("2026-11-01", periods=53, freq="min",
                                                                        tz="UTC").strftime("%Y-%m-%dT%H:%M:%SZ"),
                  "prompt": ok[:20] + crafted + ok[20:]}).to_csv(tmp_path / "e.csv", index=False)
    assert gh.detect(gh.load_events(tmp_path / "e.csv")).accounts["account_id"].tolist() == ["a"]
    # a chat list after the first 10,000 prompts
    late = pd.Series(["plain text"] * 10_001 + [json.dumps([{"role": "user", "content": "late one"}])], dtype="string")
    out, n = chat_message_text(late)
    assert n == 1 and out.iloc[-1] == "late one"
    # a missing prompt among structured ones, and text rows, stay what they are
    s, n = _structured_prompts(pd.Series(["plain", [{"role": "user", "content": "hi"}], pd.NA, None], dtype=object))
    assert s.iloc[:2].tolist() == ["plain", "hi"] and s.iloc[2:].isna().all() and n == 1
    # a pyarrow-backed list column in several chunks (as a column over 2 GiB arrives), one of them sliced
    typ = pa.list_(pa.struct([("role", pa.string()), ("content", pa.string())]))
    c1 = pa.array([[{"role": "user", "content": "a"}], None, [{"role": "user", "content": "b"},
                                                             {"role": "assistant", "content": "c"}]], typ)
    c2 = pa.array([[{"role": "user", "content": "skip"}], [{"role": "user", "content": "d"}]], typ).slice(1)
    col = pd.Series(pd.arrays.ArrowExtensionArray(pa.chunked_array([c1, c2])))
    s, n = _structured_prompts(col)
    assert s.tolist()[:1] + s.tolist()[2:] == ["a", "b\nc", "d"] and pd.isna(s.iloc[1]) and n == 3
    # messages whose content is null everywhere (tool calls) have no text, not a JSON dump
    tool = pd.Series(pd.arrays.ArrowExtensionArray(pa.chunked_array([pa.array(
        [[{"role": "assistant", "content": None}]], pa.list_(pa.struct([("role", pa.string()), ("content", pa.null())])))])))
    assert _structured_prompts(tool)[0].tolist() == [""]


def test_output_tokens_with_thousands_separators(tmp_path, caplog):
    import graphhunt as gh

    pd.DataFrame({"account_id": ["a", "b", "c", "d"], "timestamp": ["2026-11-01T00:00:00Z"] * 4,
                  "output_tokens": ["1,384", "12", "2 048", "lots"]}).to_csv(tmp_path / "e.csv", index=False)
    with caplog.at_level("WARNING", logger="graphhunt.io"):
        ev = gh.load_events(tmp_path / "e.csv")
    assert ev.set_index("account_id")["output_tokens"].fillna(-1).tolist() == [1384, 12, 2048, -1]
    assert "1 non-numeric output_tokens treated as missing (e.g. row 4: 'lots')" in caplog.text


def test_a_repeated_header_line_is_named_as_such(tmp_path):
    """Daily files joined with `cat` repeat the header; the error said only 'unparseable timestamp'."""
    import graphhunt as gh

    (tmp_path / "e.csv").write_text("user_id,ts\na,2026-11-01T00:00:00Z\nuser_id,ts\nb,2026-11-01T00:00:01Z\n")
    with pytest.raises(InputError, match="repeat the header line") as e:
        gh.load_events(tmp_path / "e.csv")
    assert e.value.rows == [2]
    (tmp_path / "f.csv").write_text("account_id,timestamp\na,2026-11-01T00:00:00Z\nb,yesterday\n")
    with pytest.raises(InputError) as e:
        gh.load_events(tmp_path / "f.csv")
    assert "repeat the header" not in str(e.value)


@pytest.mark.parametrize("backend", ["numpy", "pyarrow"])
def test_placeholder_dates_in_datetime_columns_are_bad_rows_not_crashes(tmp_path, backend, caplog):
    """A QA pass: a Parquet datetime column in microseconds (Spark's and pandas 2's default) holding a
    9999-12-31 placeholder crashed in the nanosecond conversion (a traceback, exit 1), 1900-01-01 was
    accepted, and the same placeholder in an accounts file's created_at crashed the scoring. Now a datetime
    column follows the text rule: outside 1970-2262 is a bad row (events) or a missing sign-up time."""
    from typer.testing import CliRunner

    from graphhunt.cli import app

    # accounts (first: the CLI runs below leave a closed stream on the logger): the placeholder sign-up time becomes missing, counted with a warning
    ac = pd.DataFrame({"account_id": ["a", "b"], "created_at": pd.to_datetime(
        ["2026-10-01T00:00:00Z", "9999-12-31T00:00:00Z"]).astype("datetime64[us, UTC]")})
    ac.to_parquet(tmp_path / "a.parquet", index=False)
    with caplog.at_level("WARNING", logger="graphhunt.io"):
        loaded = gh.load_accounts(tmp_path / "a.parquet")
    assert loaded.set_index("account_id")["created_at"].isna().tolist() == [False, True]
    assert "1 unparseable created_at" in caplog.text and "of 2 (e.g. " in caplog.text
    ts = pd.to_datetime(["2026-11-01T00:00:00Z", "2026-11-01T01:00:00Z", "2026-11-01T02:00:00Z"]).astype(
        "datetime64[us, UTC]")
    for bad in ("9999-12-31", "1900-01-01"):
        t = pd.Series(ts).copy()
        t.iloc[1] = pd.Timestamp(bad, tz="UTC")
        ev = pd.DataFrame({"account_id": ["a", "b", "c"], "timestamp": t})
        if backend == "pyarrow":
            ev["timestamp"] = ev["timestamp"].astype("timestamp[us, tz=UTC][pyarrow]")
        with pytest.raises(InputError, match=r"1 row\(s\) with an unparseable or out-of-range timestamp \[index label 1 .*"
                                             r"between 1970 and 2262"):
            gh.io.validate_events(ev)
        ev.to_parquet(tmp_path / "e.parquet", index=False)
        r = CliRunner().invoke(app, ["detect", str(tmp_path / "e.parquet"), "--out", str(tmp_path / "o"), "-q"])
        assert r.exit_code == 2 and "out-of-range timestamp" in r.output and "Traceback" not in r.output
        kept = gh.load_events(tmp_path / "e.parquet", bad_rows="drop")
        assert kept["account_id"].tolist() == ["a", "c"]
    ev = pd.DataFrame({"account_id": ["a", "b"] * 3, "timestamp": pd.date_range("2026-11-01", periods=6, freq="h",
                                                                                tz="UTC")})
    res = gh.detect(ev, ac)  # a hand-built accounts frame with the placeholder: no crash in the scoring
    assert set(res.accounts["account_id"]) == {"a", "b"}


def test_unspecified_and_loopback_addresses_are_no_shared_infrastructure(tmp_path, caplog):
    """A QA pass: four unrelated accounts logged with ip 0.0.0.0 (a proxy that did not forward the client
    address) became a ring on SHARED_INFRASTRUCTURE. The unspecified, loopback and (session 35) link-local
    addresses are missing, counted in a warning, and link nobody; a real address beside them still does."""
    rows = [("a", "0.0.0.0"), ("b", "0.0.0.0"), ("c", "127.0.0.1"), ("d", "::1"), ("e", "::"),
            ("f", "[::1]:8080"), ("g", "::ffff:127.0.0.1"), ("j", "fe80::1%eth0"), ("k", "fe80::1"),
            ("l", "169.254.10.20"), ("h", "198.51.100.7"), ("i", "198.51.100.7")]
    pd.DataFrame({"account_id": [a for a, _ in rows], "timestamp": ["2026-11-01T00:00:00Z"] * len(rows),
                  "ip": [ip for _, ip in rows]}).to_csv(tmp_path / "e.csv", index=False)
    with caplog.at_level("WARNING", logger="graphhunt.io"):
        ev = gh.load_events(tmp_path / "e.csv")
    got = ev.set_index("account_id").loc[[a for a, _ in rows]]
    assert got["ip"].isna().tolist() == [True] * 10 + [False, False]
    assert got["network"].isna().tolist() == [True] * 10 + [False, False]
    assert "10 row(s) of column 'ip' hold an unspecified, loopback or link-local address" in caplog.text
    res = gh.detect(ev)
    ips = res.attributes.loc[res.attributes["link_type"].isin(["ip", "network"]), "attribute"].tolist()
    assert ips and all("198.51.100" in x for x in ips), ips


def test_the_zone_of_any_ipv6_address_is_dropped_as_a_port_is(tmp_path):
    """A tester: ``2001:db8::1%eth0`` (and ``[2001:db8::1%eth0]:443``) kept its zone, so three accounts on one
    address had two: the zone names an interface of the host that logged the request, not part of the
    address. It is dropped for every IPv6 address (link-local ones stay missing, zone or not)."""
    (tmp_path / "z.csv").write_text("account_id,timestamp,ip\na,2026-11-01T00:00:00Z,2001:db8::1%eth0\n"
                                    "b,2026-11-01T00:00:00Z,2001:db8::1\nc,2026-11-01T00:00:00Z,[2001:db8::1%eth0]:443\n"
                                    "d,2026-11-01T00:00:00Z,[2001:DB8::2%25en0]\ne,2026-11-01T00:00:00Z,fe80::1%eth0\n"
                                    "f,2026-11-01T00:00:00Z,[fe80::1%eth1]:80\n")
    got = gh.load_events(tmp_path / "z.csv").set_index("account_id")
    assert got.loc[["a", "b", "c"], "ip"].tolist() == ["2001:db8::1"] * 3
    assert got.loc[["a", "b", "c"], "network"].tolist() == ["2001:db8::/48"] * 3
    assert got.loc["d", "ip"] == "2001:db8::2"
    assert got.loc[["e", "f"], "ip"].isna().all()  # link-local: no client address, as before
    # an IPv4 address has no zone, and an empty zone is none: both still malformed
    for bad in ("198.51.100.7%eth0", "2001:db8::1%"):
        (tmp_path / "b.csv").write_text(f"account_id,timestamp,ip\na,2026-11-01T00:00:00Z,{bad}\n")
        with pytest.raises(InputError, match="malformed IP"):
            gh.load_events(tmp_path / "b.csv")


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_blank_and_placeholder_values_of_a_generic_link_column_link_nobody(tmp_path, fmt, caplog):
    """A QA pass: in JSON Lines and Parquet an empty device_id is a value, and three unrelated accounts with
    '' were linked through ``device_id:`` (CSV reads the cell as missing). Blanks, spaces and placeholders
    are missing in every format; the values are trimmed, so ' d1' and 'd1' are one device. The warning
    names the file (the session-54 tester: it said "events")."""
    ev = pd.DataFrame({"account_id": list("abcdefg"), "timestamp": ["2026-11-01T00:00:00Z"] * 7,
                       "device_id": ["", "", " ", "unknown", "N/A", "d1", " d1"]})
    p = tmp_path / f"e.{fmt}"
    {"csv": lambda: ev.to_csv(p, index=False), "jsonl": lambda: ev.to_json(p, orient="records", lines=True),
     "parquet": lambda: ev.to_parquet(p, index=False)}[fmt]()
    with caplog.at_level("WARNING"):
        res = gh.detect(gh.load_events(p), config=gh.load_config(None, ["links.generic_columns=[\"device_id\"]"]))
    assert f"{p}: 2 row(s) of column 'device_id' hold a placeholder" in caplog.text, caplog.text
    gen = res.attributes[res.attributes["link_type"] == "generic:device_id"]
    assert gen["attribute"].tolist() == ["device_id:d1"]
    e = res.edges
    linked = set(e["src"]) | set(e["dst"])
    assert linked == {"f", "g"}


def test_a_generic_column_in_both_files_is_read_from_both(tmp_path):
    """A correctness review (session 57): a ``links.generic_columns`` column in the events and the accounts
    file was read from the events only, so a device declared per account in the accounts file linked nobody
    when the events carried the column too (here on one row). Both files count, as for payment_method."""
    ev = pd.DataFrame({"account_id": [f"u{i}" for i in range(8)],
                       "timestamp": [f"2026-11-0{1 + i % 3}T0{i}:00:00Z" for i in range(8)],
                       "device_id": ["e-only"] + [None] * 6 + ["e-only"]})
    ac = pd.DataFrame({"account_id": [f"u{i}" for i in range(8)],
                       "device_id": ["shared-dev"] * 3 + [None, "solo", None, None, None]})
    ev.to_csv(tmp_path / "e.csv", index=False)
    ac.to_csv(tmp_path / "a.csv", index=False)
    res = gh.detect(gh.load_events(tmp_path / "e.csv"), gh.load_accounts(tmp_path / "a.csv"),
                    config=gh.load_config(None, ['links.generic_columns=["device_id"]']))
    inc = res.incidence[res.incidence["link_type"] == "generic:device_id"]
    held = inc.groupby("attribute")["account_id"].apply(lambda s: sorted(set(s))).to_dict()
    assert held == {"device_id:e-only": ["u0", "u7"], "device_id:shared-dev": ["u0", "u1", "u2"],
                    "device_id:solo": ["u4"]}
    pairs = {tuple(sorted(x)) for x in res.edges[["src", "dst"]].to_numpy().tolist()}
    assert {("u0", "u1"), ("u0", "u2"), ("u1", "u2"), ("u0", "u7")} <= pairs
    # the accounts file's values are dated at the account's first request
    first = inc[inc["attribute"] == "device_id:shared-dev"].set_index("account_id")["first_seen"]
    assert first["u1"] == pd.Timestamp("2026-11-02T01:00:00Z")


def test_an_ip_column_empty_on_every_row_is_warned_about(tmp_path, caplog):
    """A QA pass: an ip column present but blank on every row turned IP and network evidence off without a
    word (the sample's flagged accounts fell from 133 to 6); a missing column was warned about."""
    pd.DataFrame({"account_id": ["a", "b"], "timestamp": ["2026-11-01T00:00:00Z"] * 2, "ip": ["", ""],
                  "payment_method": ["pm_1", "pm_1"]}).to_csv(tmp_path / "e.csv", index=False)
    with caplog.at_level("WARNING"):
        res = gh.detect(gh.load_events(tmp_path / "e.csv"))
    assert "column 'ip' is empty on every row: IP and /24 network evidence is off" in caplog.text
    assert "payment_method" not in caplog.text
    assert res.run_info["missing_link_columns"] == ["ip"]


def test_canonical_names_in_camel_case_or_with_spaces_are_read(tmp_path):
    """A QA pass: accountId, ipAddress and orgId were read, paymentMethod, userAgent, outputTokens and
    createdAt were not (the canonical names were matched up to case and spaces only)."""
    pd.DataFrame({"accountId": ["a"], "Timestamp": ["2026-11-01T00:00:00Z"], "paymentMethod": ["pm_1"],
                  "userAgent": ["sdk/1"], "Output Tokens": ["12"], "api-key-id": ["k1"]}).to_csv(
        tmp_path / "e.csv", index=False)
    ev = gh.load_events(tmp_path / "e.csv")
    assert {"account_id", "timestamp", "payment_method", "user_agent", "output_tokens", "api_key_id"} <= set(ev.columns)
    assert ev["output_tokens"].tolist() == [12]
    pd.DataFrame({"accountId": ["a"], "createdAt": ["2026-10-01T00:00:00Z"], "emailDomain": ["x.org"],
                  "payment_method": ["pm_2"], "paymentMethod": ["pm_3"]}).to_csv(tmp_path / "a.csv", index=False)
    ac = gh.load_accounts(tmp_path / "a.csv")
    assert ac["created_at"].notna().all() and ac["email_domain"].tolist() == ["x.org"]
    assert ac["payment_method"].tolist() == ["pm_2"]  # the canonical column wins over a loose match


@pytest.mark.parametrize("by", [["account_id"], ["model", "day"]])
def test_a_hive_partitioned_dataset_keeps_its_partition_columns(tmp_path, by):
    """A QA pass: a dataset written with ``pyarrow.parquet.write_to_dataset(partition_cols=...)`` (or by
    Spark) stores the partition columns in its directory names, not in the files; partitioned by
    account_id it was refused ("missing required column"), partitioned by model the column was lost."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    ev = pd.DataFrame({"account_id": ["a", "a", "b", "c"],
                       "timestamp": pd.to_datetime(["2026-11-01T01:00:00Z", "2026-11-02T01:00:00Z",
                                                    "2026-11-01T02:00:00Z", "2026-11-02T03:00:00Z"]),
                       "ip": ["203.0.113.1", "203.0.113.1", "203.0.113.1", "198.51.100.2"],
                       "model": ["halo-3", "halo 3/mini", "halo-3", "halo 3/mini"],
                       "day": ["2026-11-01", "2026-11-02", "2026-11-01", "2026-11-02"]})
    pq.write_to_dataset(pa.Table.from_pandas(ev, preserve_index=False), tmp_path / "ds", partition_cols=by)
    got = gh.load_events(tmp_path / "ds")
    ev.to_parquet(tmp_path / "flat.parquet", index=False)
    want = gh.load_events(tmp_path / "flat.parquet")
    cols = ["account_id", "timestamp", "ip", "model", "day"]
    pd.testing.assert_frame_equal(got[cols].astype(str).reset_index(drop=True),
                                  want[cols].astype(str).reset_index(drop=True))
    res = gh.detect(got, config=gh.load_config(None, ['links.generic_columns=["model"]']))
    assert sorted(res.attributes.loc[res.attributes["link_type"] == "generic:model", "attribute"]) == [
        "model:halo 3/mini", "model:halo-3"]


def test_frames_indexed_by_a_column_are_read_like_the_frame_itself():
    """A QA pass: ``detect(events.set_index("account_id"))`` was refused as missing account_id with a CLI
    ``--map`` fix; analysts index accounts frames by their id. A named index is read as its column."""
    ev = pd.DataFrame({"account_id": ["a", "b", "c", "a"], "timestamp": pd.date_range("2026-11-01", periods=4,
                                                                                      freq="h", tz="UTC"),
                       "ip": ["203.0.113.1"] * 3 + ["198.51.100.2"]})
    ac = pd.DataFrame({"account_id": ["a", "b", "c"], "payment_method": ["pm_1", "pm_1", "pm_2"]})
    base = gh.detect(ev, ac)
    for e, a in ((ev.set_index("account_id"), ac.set_index("account_id")),
                 (ev.set_index(["account_id", "timestamp"]), ac)):
        res = gh.detect(e, a)
        pd.testing.assert_frame_equal(res.accounts, base.accounts)
        pd.testing.assert_frame_equal(res.edges, base.edges)
    with pytest.raises(InputError, match="the times are the frame's index"):  # unnamed: still said plainly
        gh.detect(ev.set_index("timestamp").rename_axis(None))


def test_an_unquoted_tsv_keeps_the_rows_a_leading_quote_would_merge(tmp_path):
    """A review (session 75): ``psql -At`` and ``mysql -B`` write tab-separated values without quoting, and a
    prompt that begins with a quotation mark opened a quote that swallowed the lines after it: rows lost, exit 0,
    no warning. A file whose every line has the header's tabs is read again without quoting; a quoted value with
    a line break in it (as a CSV writer quotes it) is still read as one value."""
    rows = [("a", "2026-11-01T00:00:00Z", '"Hello there," she said. Translate it'),
            ("b", "2026-11-01T00:01:00Z", "plain prompt"),
            ("c", "2026-11-01T00:02:00Z", '"quoted start and no end'),
            ("d", "2026-11-01T00:03:00Z", "another one")]
    text = "account_id\ttimestamp\tprompt\n" + "".join("\t".join(r) + "\n" for r in rows)
    (tmp_path / "e.tsv").write_text(text, encoding="utf-8")
    ev = gh.load_events(tmp_path / "e.tsv")
    assert ev["account_id"].tolist() == ["a", "b", "c", "d"]
    assert ev["prompt"].tolist() == [r[2] for r in rows]
    # written by a CSV writer: the multi-line value is quoted, and stays one value
    q = pd.DataFrame(rows, columns=["account_id", "timestamp", "prompt"])
    q.loc[1, "prompt"] = "two\nlines"
    q.to_csv(tmp_path / "q.tsv", sep="\t", index=False)
    got = gh.load_events(tmp_path / "q.tsv")
    assert got["account_id"].tolist() == ["a", "b", "c", "d"] and got["prompt"].tolist()[1] == "two\nlines"


def test_a_redacted_prompt_column_reads_as_no_prompts():
    """A review (session 75): an export that blanks every prompt as ``[REDACTED]`` made every account send one
    text thousands of times, and the repeat cap (``scoring.max_repeats_per_prompt``) counted none of it as volume:
    11 accounts flagged on the sample against 130 without the column. One text on most prompts of most accounts is
    read as no prompt; a popular text on fewer of them is a prompt."""
    root = Path(__file__).resolve().parents[1] / "data" / "sample"
    ev, ac = pd.read_csv(root / "events.csv.gz"), pd.read_csv(root / "accounts.csv")
    without = gh.detect(ev.drop(columns=["prompt"]), ac)
    red = ev.assign(prompt="[REDACTED]")
    got = gh.io.validate_events(red)
    assert got["prompt"].isna().all() and got.attrs["load_report"]["redacted_prompts"] == len(ev)
    res = gh.detect(red, ac)
    assert res.accounts["flagged"].sum() == without.accounts["flagged"].sum() > 100
    pd.testing.assert_series_equal(res.accounts["flagged"], without.accounts["flagged"])
    # on 40 % of the rows (whatever the accounts) the text is read as it is
    part = ev.assign(prompt=ev["prompt"].where(np.arange(len(ev)) % 5 >= 2, "[REDACTED]"))
    kept = gh.io.validate_events(part)
    assert (kept["prompt"] == "[REDACTED]").sum() == (part["prompt"] == "[REDACTED]").sum()
    assert "redacted_prompts" not in kept.attrs["load_report"]


def test_an_accounts_file_with_nothing_graphhunt_reads_is_warned_about(caplog):
    """A review (session 75): a wrong file passed as the accounts (truth.csv: account_id, is_ring, cohort) was
    read without a word, while no accounts file at all is warned about."""
    ev = pd.DataFrame({"account_id": ["a", "b", "c"], "timestamp": ["2026-11-01T00:00:00Z"] * 3})
    wrong = pd.DataFrame({"account_id": ["a", "b", "c"], "is_ring": ["false"] * 3, "cohort": ["x"] * 3})
    with caplog.at_level("WARNING", logger="graphhunt"):
        gh.detect(ev, wrong)
    assert "has none of the columns graphhunt reads from it" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING", logger="graphhunt"):
        gh.detect(ev, wrong.assign(country="PT"))
    assert "has none of the columns" not in caplog.text


def test_parquet_struct_columns_are_read_as_columns(tmp_path):
    """A review (session 75): a Parquet file keeping the request in a struct (``request{ip, prompt}``) was read
    without its addresses and prompts, and ``--map ip=request.ip`` named no column. Struct columns are flattened at
    any depth, as nested JSON objects are; a list of chat messages stays one prompt column."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    req = pa.StructArray.from_arrays([pa.array(["203.0.113.9", "198.51.100.4"]), pa.array(["hi", "yo"]),
                                      pa.StructArray.from_arrays([pa.array([12, 30])], ["completion_tokens"])],
                                     ["ip", "prompt", "usage"])
    pq.write_table(pa.table({"account_id": ["a", "b"], "timestamp": ["2026-11-01T00:00:00Z"] * 2, "request": req}),
                   tmp_path / "e.parquet")
    ev = gh.load_events(tmp_path / "e.parquet").set_index("account_id")
    assert ev["ip"].tolist() == ["203.0.113.9", "198.51.100.4"] and ev["prompt"].tolist() == ["hi", "yo"]
    assert ev["output_tokens"].tolist() == [12, 30]
    mapped = gh.load_events(tmp_path / "e.parquet", column_map={"prompt": "request.prompt"})
    assert mapped["prompt"].tolist() == ["hi", "yo"]


def test_a_gzipped_parquet_file_is_refused_with_the_fix(tmp_path):
    """A review (session 75): ``events.parquet.gz`` stopped with "Parquet magic bytes not found" and no fix."""
    pd.DataFrame({"account_id": ["a"], "timestamp": ["2026-11-01T00:00:00Z"]}).to_parquet(tmp_path / "e.parquet")
    (tmp_path / "e.parquet.gz").write_bytes(gzip.compress((tmp_path / "e.parquet").read_bytes()))
    with pytest.raises(InputError, match="gzip-compressed as a whole") as e:
        gh.load_events(tmp_path / "e.parquet.gz")
    assert "decompress it first" in str(e.value)


def test_multiindex_columns_are_refused_with_a_fix():
    """A review (session 75): a frame out of ``groupby().agg`` (tuple column names) failed with pandas' own
    ValueError about tuple lengths; it is bad input, named, with the one-line fix."""
    ev = pd.DataFrame({"account_id": ["a", "b"], "timestamp": ["2026-11-01T00:00:00Z"] * 2})
    ev.columns = pd.MultiIndex.from_tuples([("req", c) for c in ev.columns])
    with pytest.raises(InputError, match="MultiIndex") as e:
        gh.detect(ev)
    assert "flatten them first" in str(e.value)
    ev.columns = [c[-1] for c in ev.columns]
    assert len(gh.detect(ev).accounts) == 2


@pytest.mark.parametrize("line", ["sep=,", "sep=;", '"sep=;";;'])
def test_an_excel_separator_line_is_read_as_the_separator(tmp_path, line):
    """A QA pass: a CSV saved by Excel with its ``sep=,`` first line was refused as missing every column."""
    sep = line.split("=")[1][0]
    body = sep.join(["account_id", "timestamp", "ip"]) + "\n" + sep.join(["a", "2026-11-01T00:00:00Z", "203.0.113.1"])
    (tmp_path / "e.csv").write_text(line + "\n" + body + "\n", encoding="utf-8")
    ev = gh.load_events(tmp_path / "e.csv")
    assert ev["account_id"].tolist() == ["a"] and ev["ip"].tolist() == ["203.0.113.1"]


def test_nested_json_objects_are_read_as_columns(tmp_path):
    """A QA pass: chat-API logs keep the token counts in a ``usage`` object; the hint was
    ``--map output_tokens=usage``, which read nothing. One level of objects becomes columns
    (``usage.completion_tokens``), which the aliases read as output_tokens; a prompt given as a list of
    chat messages is not touched."""
    rows = [{"account_id": "a", "timestamp": "2026-11-01T00:00:00Z", "usage": {"completion_tokens": 512,
                                                                              "prompt_tokens": 9},
             "prompt": [{"role": "user", "content": "hello there"}]},
            {"account_id": "b", "timestamp": "2026-11-01T00:00:01Z", "usage": None, "prompt": "plain"},
            {"account_id": "c", "timestamp": "2026-11-01T00:00:02Z", "usage": {"completion_tokens": 7}}]
    (tmp_path / "e.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    ev = gh.load_events(tmp_path / "e.jsonl").set_index("account_id")
    assert ev["output_tokens"].tolist()[0] == 512 and pd.isna(ev["output_tokens"]["b"])
    assert ev["output_tokens"]["c"] == 7
    assert ev["prompt"]["a"] == "hello there" and ev["prompt"]["b"] == "plain"
    assert "usage.prompt_tokens" in ev.columns


def test_json_objects_nested_deeper_are_read_as_columns(tmp_path):
    """A review (session 75): a log that keeps the counts in ``response.usage`` had its objects flattened one
    level only; the hint named ``--map output_tokens=response.usage``, which read nothing, and
    ``--map output_tokens=response.usage.completion_tokens`` named no column. Every level is flattened now, and the
    aliases read a nested key by its last parts."""
    rows = [{"account_id": "a", "timestamp": "2026-11-01T00:00:00Z", "prompt": "hi",
             "response": {"usage": {"completion_tokens": 512}, "id": "r1"}, "client": {"net": {"ip": "203.0.113.9"}}},
            {"account_id": "b", "timestamp": "2026-11-01T00:00:01Z", "prompt": "yo",
             "response": {"usage": {"completion_tokens": 7}, "id": "r2"}, "client": {"net": {"ip": "198.51.100.4"}}}]
    (tmp_path / "e.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    ev = gh.load_events(tmp_path / "e.jsonl").set_index("account_id")
    assert ev["output_tokens"].tolist() == [512, 7] and ev["ip"].tolist() == ["203.0.113.9", "198.51.100.4"]
    mapped = gh.load_events(tmp_path / "e.jsonl", column_map={"output_tokens": "response.usage.completion_tokens"})
    assert mapped["output_tokens"].tolist() == [512, 7]


@pytest.mark.parametrize("bad_rows", ["error", "drop"])
def test_a_first_row_with_an_extra_field_is_refused_not_shifted(tmp_path, bad_rows):
    """pandas takes the first column as the index when row 1 has one field more than the header, and
    every value moves one column left: a QA pass saw the good rows refused (or dropped) and the prompt
    text of the broken row kept as an account id. Now the row is named, whatever --bad-rows says."""
    p = write(tmp_path, "account_id,prompt,timestamp\n"
                        "a1,Hello my name is Gwendolyn, my secret,2026-11-01T00:00:00Z\n"
                        "a2,just a prompt,2026-11-01T00:01:00Z\n")
    with pytest.raises(InputError, match=r"4 fields where the header has 3") as e:
        gh.load_events(p, bad_rows=bad_rows)
    assert e.value.rows == [1] and "Gwendolyn" not in str(e.value)
    # two broken rows among good ones: both named
    p = write(tmp_path, "account_id,prompt,timestamp\na1,x, y,2026-11-01T00:00:00Z\na2,ok,2026-11-01T00:01:00Z\n"
                        "a3,u, v,2026-11-01T00:02:00Z\n", "two.csv")
    with pytest.raises(InputError, match="2 row") as e:
        gh.load_events(p, bad_rows=bad_rows)
    assert e.value.rows == [1, 3]


def test_quotes_escaped_with_a_backslash_are_read(tmp_path, caplog):
    """MySQL's INTO OUTFILE, PostgreSQL's COPY with ESCAPE and many loggers write a quote inside a quoted
    value as \\" instead of doubling it: a prompt with a quote and a comma stopped the run with pandas'
    "Expected 3 fields in line 3, saw 4" and "check quoting" (tester 58). An RFC 4180 file's backslashes stay
    text."""
    body = ('account_id,prompt,timestamp\n'
            'a1,plain,2026-11-01T00:00:00Z\n'
            'a2,"say \\"hi, there\\" to C:\\\\tmp",2026-11-01T00:01:00Z\n')
    with caplog.at_level("WARNING"):
        ev = gh.load_events(write(tmp_path, body, "mysql.csv"))
    assert ev["prompt"].tolist() == ["plain", 'say "hi, there" to C:\\tmp'], ev["prompt"].tolist()
    assert "escaped with a backslash" in caplog.text
    caplog.clear()
    rfc = 'account_id,prompt,timestamp\na1,"C:\\dir\\",2026-11-01T00:00:00Z\na2,"say ""hi, there""",2026-11-01T00:01:00Z\n'
    with caplog.at_level("WARNING"):
        ev = gh.load_events(write(tmp_path, rfc, "rfc.csv"))
    assert ev["prompt"].tolist() == ["C:\\dir\\", 'say "hi, there"'] and "backslash" not in caplog.text


def test_a_separator_at_the_end_of_every_row_is_read_without_it(tmp_path, caplog):
    p = write(tmp_path, "account_id,timestamp,ip\na1,2026-11-01T00:00:00Z,1.2.3.4,\na2,2026-11-01T00:01:00Z,1.2.3.5,\n")
    with caplog.at_level("WARNING"):
        ev = gh.load_events(p)
    assert ev["account_id"].tolist() == ["a1", "a2"] and ev["ip"].tolist() == ["1.2.3.4", "1.2.3.5"]
    assert "extra separator" in caplog.text
    ac = gh.load_accounts(write(tmp_path, "account_id,payment_method\na1,card1,\na2,card2,\n", "accounts.csv"))
    assert ac["payment_method"].tolist() == ["card1", "card2"]


def test_negative_or_infinite_output_tokens_are_missing_with_a_warning(tmp_path, caplog):
    """-1 is a common "not recorded" marker; read as a count it took a whole unit of a ring's evidence
    (a QA pass). Infinite counts (1e309 in JSON) are no counts either."""
    p = write(tmp_path, "account_id,timestamp,output_tokens\na,2026-11-01T00:00:00Z,-1\nb,2026-11-01T00:00:01Z,120\n"
                        "c,2026-11-01T00:00:02Z,inf\nd,2026-11-01T00:00:03Z,\ne,2026-11-01T00:00:04Z,0\n")
    with caplog.at_level("WARNING"):
        ev = gh.load_events(p)
    got = dict(zip(ev["account_id"], ev["output_tokens"]))
    assert got["b"] == 120 and got["e"] == 0
    assert all(pd.isna(got[k]) for k in "acd")
    assert ev.attrs["load_report"]["invalid_output_tokens"] == 2
    assert "2 output_tokens below 0 or not finite" in caplog.text
    j = tmp_path / "events.jsonl"
    j.write_text('{"account_id": "a", "timestamp": 1761955200, "output_tokens": 1e309}\n'
                 '{"account_id": "b", "timestamp": 1761955201, "output_tokens": 7}\n')
    ev = gh.load_events(j)
    assert pd.isna(ev["output_tokens"].iloc[0]) and ev["output_tokens"].iloc[1] == 7


def test_json_lists_and_objects_are_no_ids(tmp_path):
    """A JSON list or object as an account id read as its Python repr (['x'], {'id': 'x'}): refused."""
    j = tmp_path / "events.jsonl"
    j.write_text('{"account_id": "a1", "timestamp": "2026-11-01T00:00:00Z"}\n'
                 '{"account_id": ["x"], "timestamp": "2026-11-01T00:00:01Z"}\n')
    with pytest.raises(InputError, match="lists or objects") as e:
        gh.load_events(j)
    assert e.value.rows == [2] and e.value.column == "account_id"
    j.write_text('{"account_id": "a1", "timestamp": "2026-11-01T00:00:00Z"}\n{"account_id": 7, "timestamp": '
                 '"2026-11-01T00:00:01Z"}\n')
    assert sorted(gh.load_events(j)["account_id"].tolist()) == ["7", "a1"]  # numbers and text still are


def test_an_accounts_file_with_a_repeated_header_line_is_refused(tmp_path):
    """A tester: accounts files joined with `cat` were read with their second header line as an account
    named 'account_id' (a phantom row in accounts.csv, ring ids shifted), without a word; the events'
    loader already named such rows."""
    p = write(tmp_path, "User ID,created_at,payment_method\na,2026-01-01,pm1\nUser ID,created_at,payment_method\n"
                        "b,2026-01-02,pm2\n", "accounts.csv")
    with pytest.raises(InputError, match="repeat the header line") as e:
        gh.load_accounts(p)
    assert e.value.rows == [2] and e.value.column == "account_id" and "tail -q -n +2" in str(e.value)
    frame = pd.DataFrame({"account_id": ["a", "account_id", "b"]}, index=[10, 11, 12])
    with pytest.raises(InputError, match="repeat the header line") as e:
        gh.io.validate_accounts(frame)
    assert e.value.index_labels == [11]
    ok = write(tmp_path, "account_id,created_at\naccount_ids,2026-01-01\n", "ok.csv")
    assert gh.load_accounts(ok)["account_id"].tolist() == ["account_ids"]


def test_chat_message_content_as_a_list_of_parts_is_read_as_its_texts(tmp_path):
    """A tester: OpenAI's and Anthropic's chat logs give a message's content as a list of parts
    ([{"type": "text", "text": ...}, {"type": "image_url", ...}]). Such prompts stayed JSON text: the text
    between the quotes was masked as one quoted span (2,253 -> 111 template families on data/sample, no
    exemplar left for the flagged rings) and base64 images filled input.max_prompt_chars. In JSON text, JSON
    Lines and a Parquet list<struct<role, content: list<struct<type, text, ...>>>> column alike they are
    now their text parts, one per line, images left out."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    img = {"type": "image_url", "image_url": {"url": "data:image/png;base64," + "A" * 100}}
    ant = {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "AAAA"}}
    msgs = [[{"role": "system", "content": "Be brief."},
             {"role": "user", "content": [img, {"type": "text", "text": "Solve \"x+1\""}, ant,
                                          {"type": "text", "text": "step by step"}, img]}],
            [{"role": "user", "content": [{"type": "text", "text": "C:\\new 请"}]}]]
    want = ['Be brief.\nSolve "x+1"\nstep by step', "C:\\new 请"]
    ts = ["2026-11-01T00:00:00Z", "2026-11-01T00:00:01Z"]
    for sep in ((", ", ": "), (",", ":")):
        pd.DataFrame({"account_id": ["a", "b"], "timestamp": ts,
                      "prompt": [json.dumps(m, separators=sep) for m in msgs]}).to_csv(tmp_path / "e.csv", index=False)
        ev = gh.load_events(tmp_path / "e.csv")
        assert ev["prompt"].tolist() == want and ev.attrs["load_report"]["chat_message_prompts"] == 2
    (tmp_path / "e.jsonl").write_text("".join(json.dumps({"account_id": a, "timestamp": t, "prompt": m}) + "\n"
                                              for a, t, m in zip("ab", ts, msgs)))
    assert gh.load_events(tmp_path / "e.jsonl")["prompt"].tolist() == want
    msgs[0][0]["content"] = [{"type": "text", "text": "Be brief."}]  # (one Parquet type for every message)
    pq.write_table(pa.Table.from_pylist([{"account_id": a, "timestamp": t, "prompt": m}
                                         for a, t, m in zip("ab", ts, msgs)]), tmp_path / "e.parquet")
    assert gh.load_events(tmp_path / "e.parquet")["prompt"].tolist() == want
    # OpenAI's Responses API: input_text parts, an input_image given by its URL
    resp = [{"role": "user", "content": [{"type": "input_text", "text": "Solve x+1"},
                                         {"type": "input_image", "image_url": "https://example.com/a.png"}]}]
    pd.DataFrame({"account_id": ["a"], "timestamp": ts[:1], "prompt": [json.dumps(resp)]}).to_csv(
        tmp_path / "r.csv", index=False)
    assert gh.load_events(tmp_path / "r.csv")["prompt"].tolist() == ["Solve x+1"]


def test_the_unparseable_created_at_warning_shows_a_value_and_the_formats(tmp_path, caplog):
    """A tester: an accounts file with US dates (11/01/2026 12:00) lost every sign-up time with only
    "2000 unparseable created_at values ... treated as missing": no value, no format to use."""
    p = write(tmp_path, "account_id,created_at\na,11/01/2026 12:00\nb,2026-11-01T12:00:00Z\n", "accounts.csv")
    with caplog.at_level("WARNING", logger="graphhunt.io"):
        ac = gh.load_accounts(p)
    assert ac["created_at"].isna().tolist() == [True, False]
    assert "1 unparseable created_at values" in caplog.text and "of 2 (e.g. '11/01/2026 12:00')" in caplog.text
    assert "ISO 8601" in caplog.text


def test_a_directory_of_accounts_and_a_wildcard_path_say_what_to_pass(tmp_path):
    """A tester: --accounts DIR said "is a directory, expected a file" with no fix, and gh.load_events("days/*.csv")
    "file not found. Fix: check the path" although the files are there (Python does not expand wildcards)."""
    write(tmp_path, "account_id,timestamp\na,2026-11-01T00:00:00Z\n", "d1.csv")
    with pytest.raises(InputError, match="join a directory's parts") as e:
        gh.load_accounts(tmp_path)
    assert e.value.exit_code == 2
    with pytest.raises(InputError, match="wildcards are not expanded"):
        gh.load_events(tmp_path / "*.csv")
    with pytest.raises(InputError) as e:
        gh.load_events(tmp_path / "nope.csv")
    assert "wildcard" not in str(e.value)


def test_accounts_rows_without_an_id_are_dropped_under_bad_rows_drop(tmp_path, caplog):
    """A tester: a warehouse export of the accounts table with one blanked id (a deleted user) stopped
    detect and refresh with exit 2 whatever --bad-rows said; events rows without an id were dropped and
    counted. Now the accounts file follows --bad-rows too (the default still refuses, naming the row)."""
    from typer.testing import CliRunner

    from graphhunt.cli import app

    acc = write(tmp_path, "account_id,created_at,payment_method\na,2026-01-01,pm1\n,2026-01-02,pm2\n"
                          "account_id,2026-01-03,pm3\nb,2026-01-04,pm4\n", "accounts.csv")
    with pytest.raises(InputError, match=r"empty account_id \[row 2 ") as e:
        gh.load_accounts(acc)
    assert "bad_rows" in str(e.value)
    with pytest.raises(InputError, match="repeat the header line") as e:  # rows still named as in the file
        gh.load_accounts(acc, bad_rows="drop")
    assert e.value.rows == [3]
    acc = write(tmp_path, "account_id,created_at,payment_method\na,2026-01-01,pm1\n,2026-01-02,pm2\n"
                          "b,2026-01-04,pm4\n", "accounts.csv")
    with caplog.at_level("WARNING"):
        a = gh.load_accounts(acc, bad_rows="drop")
    assert a["account_id"].tolist() == ["a", "b"] and a["payment_method"].tolist() == ["pm1", "pm4"]
    assert a.attrs["load_report"]["dropped_rows"] == {"account_id": 1} and "dropped 1 row(s)" in caplog.text
    frame = pd.DataFrame({"account_id": ["a", None, "b"]}, index=[10, 11, 12])
    assert gh.io.validate_accounts(frame, bad_rows="drop")["account_id"].tolist() == ["a", "b"]
    with pytest.raises(InputError, match="no valid rows left"):  # nothing left: as a header-only file
        gh.io.validate_accounts(frame.iloc[[1]], bad_rows="drop")
    ev = write(tmp_path, "account_id,timestamp,ip\na,2026-11-01T00:00:00Z,203.0.113.7\n"
                         "b,2026-11-01T01:00:00Z,203.0.113.8\n", "events.csv")
    for extra, code in (([], 2), (["--bad-rows", "drop"], 0)):
        r = CliRunner().invoke(app, ["detect", str(ev), "--accounts", str(acc), "--out", str(tmp_path / "out"), "--no-report",
                                     "-q", *extra])
        assert r.exit_code == code, r.output
    ev_df = gh.load_events(ev)
    assert gh.detect(ev_df, pd.read_csv(acc), input__bad_rows="drop").accounts["account_id"].tolist() == ["a", "b"]


def test_a_plain_file_under_a_compressed_name_is_read_as_it_is(tmp_path, caplog):
    """A tester: a CSV that a download decompressed on the way but kept its .csv.gz name (gsutil's
    decompressive transcoding) stopped the run with "Not a gzipped file (b'ac')" and no fix. Its first
    bytes say what it is, as they already did for a compressed file without a compression suffix."""
    text = "account_id,timestamp,ip\na,2026-11-01T00:00:00Z,203.0.113.7\nb,2026-11-01T01:00:00Z,203.0.113.8\n"
    plain = write(tmp_path, text, "events.csv.gz")
    with caplog.at_level("WARNING"):
        ev = gh.load_events(plain)
    assert ev["account_id"].tolist() == ["a", "b"]
    assert caplog.text.count("named as gzip-compressed") == 1
    real = tmp_path / "real.csv.gz"
    real.write_bytes(gzip.compress(text.encode()))
    assert gh.load_events(real)["account_id"].tolist() == ["a", "b"]
    (tmp_path / "ev.jsonl.gz").write_text('{"account_id": "a", "timestamp": "2026-11-01T00:00:00Z"}\n')
    assert gh.load_events(tmp_path / "ev.jsonl.gz")["account_id"].tolist() == ["a"]


@pytest.mark.parametrize("chunk", [1, 2, 3])
def test_json_lines_read_in_chunks_give_the_frame_one_read_gives(tmp_path, monkeypatch, chunk):
    """Session 63: pandas parsed a whole JSON Lines file into Python objects first, and a 1.7 GB file of
    3M events took 20.7 GB and was killed (world31 s1). It is now read JSON_LINES_CHUNK records at a time;
    whatever the chunks, the events are the ones one read gives: typed values stay distinct texts, a
    field missing from whole chunks, numbers with gaps, nested objects and chat messages in later chunks."""
    import graphhunt.io as gio

    rows = [{"account_id": "a", "timestamp": "2026-11-01T00:00:00Z", "model": 1, "output_tokens": 5},
            {"account_id": "b", "timestamp": 1761955201, "model": True, "output_tokens": None},
            {"account_id": 7, "timestamp": "2026-11-01T00:00:02Z", "model": 1.0, "ip": "203.0.113.9",
             "usage": {"completion_tokens": 3}},
            {"account_id": "d", "timestamp": "2026-11-01T00:00:03Z", "model": "m",
             "prompt": [{"role": "user", "content": "hello there"}], "user_agent": {"name": "sdk"}},
            {"account_id": "e", "timestamp": "2026-11-01T00:00:04Z", "ip": "2001:db8::1", "output_tokens": 9,
             "prompt": "plain", "payment_method": "card_1"},
            {"account_id": "f", "timestamp": "2026-11-01T00:00:05Z", "usage": None, "payment_method": None}]
    p = tmp_path / "events.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    one = gh.load_events(p)
    reads = []
    real = pd.read_json
    monkeypatch.setattr(gio.pd, "read_json", lambda *a, **k: reads.append(k.get("chunksize")) or real(*a, **k))
    monkeypatch.setattr(gio, "JSON_LINES_CHUNK", chunk)
    chunked = gh.load_events(p)
    assert reads == [chunk]  # (the reader was asked for chunks of that size)
    pd.testing.assert_frame_equal(chunked, one)
    assert sorted(one["model"].dropna().tolist()) == sorted(["1", "1.0", "True", "m"])
    tokens = one.set_index("account_id")["output_tokens"]
    assert tokens[["a", "e"]].tolist() == [5, 9] and tokens.drop(["a", "e"]).isna().all()
    # the limit, as in one read: a chunk whose values of a column are all numbers reads 1 as 1.0 (pandas
    # types the chunk's column as floats), where a chunk with text beside them keeps "1"
    p.write_text("\n".join(json.dumps(r) for r in rows[:1] + rows[2:]) + "\n", encoding="utf-8")
    monkeypatch.setattr(gio, "JSON_LINES_CHUNK", 2)
    assert gh.load_events(p)["model"].tolist()[:2] == ["1.0", "1.0"]


def test_a_broken_json_line_is_named_by_its_line_in_any_chunk(tmp_path, monkeypatch):
    """pandas names a broken JSON Lines record by its position in the text it parsed, which in a chunked read
    is the chunk's: the message names the file's line instead, and a file of blank lines holds no records
    (it has no header row to speak of)."""
    import graphhunt.io as gio

    good = [json.dumps({"account_id": f"a{i}", "timestamp": f"2026-11-01T00:00:0{i}Z"}) for i in range(5)]
    p = tmp_path / "events.jsonl"
    p.write_text("\n".join(good[:3] + [""] + good[3:] + ['{"account_id": broken'] + good[:1]) + "\n", encoding="utf-8")
    for chunk in (2, 100):
        monkeypatch.setattr(gio, "JSON_LINES_CHUNK", chunk)
        with pytest.raises(InputError, match=r"line 7 is not a JSON record") as e:
            gh.load_events(p)
        assert e.value.rows == [7] and str(p) in str(e.value) and "one JSON object per line" in str(e.value)
    blank = tmp_path / "blank.jsonl"
    blank.write_text("\n  \n\n", encoding="utf-8")
    with pytest.raises(InputError, match="holds no JSON records"):
        gh.load_events(blank)


def test_a_row_cut_short_by_an_unquoted_line_break_is_named_with_its_fields(tmp_path):
    """A review (session 75): a TSV written without quoting (psql -At) with a line break inside a prompt split the
    row in two; pandas filled the second part's missing fields in, and the error offered only to fill in times or
    drop the rows. The rows with fewer fields than the header are named now, with the cause and its fix."""
    p = tmp_path / "events.tsv"
    p.write_text("account_id\ttimestamp\tip\tprompt\n"
                 "a1\t2026-11-01T00:00:00Z\t203.0.113.7\tHello\nthere, how are you\n"
                 "a2\t2026-11-01T00:00:01Z\t203.0.113.8\tok\n"
                 "a3\t\t203.0.113.9\tno time\n")
    with pytest.raises(InputError) as e:
        gh.load_events(p)
    msg = str(e.value)
    assert "2 row(s) with an unparseable or out-of-range timestamp; row 2 has 1 of the header's 4 fields" in msg
    assert "row 4 has" not in msg  # a row with every field and no time is no short row
    assert "line break inside a value that is not quoted" in msg and e.value.rows == [2, 4]
    # a row missing a field: its prompt lands in the ip column; the row is named and its cells are not shown
    # (an operator, session 76: the start of the prompt was printed as the "malformed IP address")
    s = tmp_path / "short_ip.csv"
    s.write_text("account_id,timestamp,ip,prompt,user_agent\na1,2026-11-01T00:00:00Z,203.0.113.7,hi,ua\n"
                 'acct_x,2026-11-01T00:00:01Z,"SECRETPROMPT summarise the record of Jane Roe, DOB",ua\n')
    with pytest.raises(InputError) as e:
        gh.load_events(s)
    assert "row 2 has 4 of the header's 5 fields" in str(e.value) and "SECRETPROMPT" not in str(e.value)
    assert e.value.column == "ip" and e.value.values == []
    # every row whole (a line of spaces before it, which pandas skips): no word of fields
    p.write_text("account_id,timestamp\na1,2026-11-01T00:00:00Z\n   \na2,\n")
    with pytest.raises(InputError) as e:
        gh.load_events(p.rename(tmp_path / "e.csv"))
    assert e.value.rows == [2] and "fields" not in str(e.value)
    # a file read with backslash-escaped quotes is counted that way (a quoted line break before the bad row)
    q = tmp_path / "q.csv"
    q.write_text('account_id,timestamp,ip,prompt\na1,2026-11-01T00:00:00Z,1.2.3.4,hi\n'
                 'a2,2026-11-01T00:00:01Z,1.2.3.5,"He said \\"hi, there\\"\nand left"\na3,,1.2.3.6,ok\n')
    with pytest.raises(InputError) as e:
        gh.load_events(q)
    assert e.value.rows == [3] and "fields" not in str(e.value)


def test_a_json_record_nested_too_deeply_is_named_not_a_traceback(tmp_path):
    """A review (session 76): a record nested a few thousand levels deep ended the run with a RecursionError."""
    deep = '{"a":' * 5000 + "1" + "}" * 5000
    p = tmp_path / "e.jsonl"
    p.write_text('{"account_id": "a", "timestamp": "2026-11-01T00:00:00Z"}\n'
                 '{"account_id": "b", "timestamp": "2026-11-01T00:00:01Z", "x": ' + deep + "}\n")
    with pytest.raises(InputError, match="line 2 nests objects or lists too deeply"):
        gh.load_events(p)


@pytest.mark.parametrize("sep_line", [False, True])
def test_a_row_with_an_extra_field_after_the_first_is_named_by_its_data_row(tmp_path, sep_line):
    """An operator (session 76): pandas' "Expected 8 fields in line 52, saw 9" counted the header and its records,
    not the file's lines (the row was on line 155, after prompts spanning lines) nor graphhunt's data rows."""
    p = tmp_path / "e.csv"
    p.write_text(("sep=,\n" if sep_line else "") + 'account_id,timestamp,ip,prompt\n'
                 'a1,2026-11-01T00:00:00Z,1.2.3.4,"multi\nline\nprompt"\na2,2026-11-01T00:00:01Z,1.2.3.5,ok\n'
                 "a3,2026-11-01T00:00:02Z,1.2.3.6,tell me, in detail\na4,2026-11-01T00:00:03Z,1.2.3.7,ok\n")
    with pytest.raises(InputError) as e:
        gh.load_events(p)
    assert "row 3 has 5 fields where the header has 4" in str(e.value) and e.value.rows == [3]
    assert "quote values that contain the separator" in str(e.value)
