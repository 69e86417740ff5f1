"""Messages about a column read under another name name it as the file does (session 77; session 76's review:
an error said column 'ip' of a file whose column is 'ClientAddr')."""
from __future__ import annotations

import pandas as pd
import pytest

import graphhunt as gh
from graphhunt.errors import ConfigError, InputError


def _events(n: int = 12) -> pd.DataFrame:
    return pd.DataFrame({"account_id": [f"a{i % 4}" for i in range(n)],
                         "timestamp": pd.date_range("2026-11-01", periods=n, freq="h").strftime("%Y-%m-%dT%H:%M:%SZ"),
                         "ip": [f"203.0.113.{i % 5}" for i in range(n)],
                         "DeviceId": [f"dev{i % 3}" for i in range(n)]})


def test_a_mapped_or_aliased_column_is_named_as_in_the_file(tmp_path):
    ev = _events()
    ev.loc[5, "ip"] = "999.1.1.1"
    mapped = tmp_path / "mapped.csv"
    ev.rename(columns={"ip": "ClientAddr"}).to_csv(mapped, index=False)
    with pytest.raises(InputError) as e:
        gh.load_events(mapped, column_map={"ip": "ClientAddr"})
    assert "column 'ip' ('ClientAddr' in the file): 1 row(s) with a malformed IP address [row 6" in str(e.value)
    assert e.value.column == "ip" and e.value.file_column == "ClientAddr" and e.value.rows == [6]
    aliased = tmp_path / "aliased.csv"
    ev.rename(columns={"ip": "client_ip"}).to_csv(aliased, index=False)
    with pytest.raises(InputError, match=r"column 'ip' \('client_ip' in the file\): 1 row\(s\) with a malformed IP"):
        gh.load_events(aliased)
    own = tmp_path / "own.csv"
    ev.to_csv(own, index=False)
    with pytest.raises(InputError) as e:
        gh.load_events(own)
    assert "column 'ip': 1 row(s)" in str(e.value) and "in the file" not in str(e.value)
    # the accounts file too: a row without its account id, the id column mapped
    acc = tmp_path / "accounts.csv"
    pd.DataFrame({"UserRef": ["a0", None, "a2"], "payment_method": ["p", "q", "r"]}).to_csv(acc, index=False)
    with pytest.raises(InputError) as e:
        gh.load_accounts(acc, column_map={"account_id": "UserRef"})
    assert e.value.column == "account_id" and "('UserRef' in the file)" in str(e.value)
    # a frame too, by its own column name, and an empty file among several is still skipped (its type kept)
    with pytest.raises(InputError, match=r"column 'ip' \('ClientAddr' in the frame\): 1 row\(s\) with a malformed IP"):
        gh.detect(ev.rename(columns={"ip": "ClientAddr"}),
                  config=gh.load_config(overrides=["input.column_map.ip=ClientAddr"]))
    (tmp_path / "dir").mkdir()
    ev.drop(index=5).rename(columns={"ip": "client_ip"}).to_csv(tmp_path / "dir" / "a.csv", index=False)
    ev.iloc[0:0].rename(columns={"ip": "client_ip"}).to_csv(tmp_path / "dir" / "b.csv", index=False)
    assert len(gh.load_events(tmp_path / "dir")) == len(ev) - 1


def test_a_generic_column_spelt_otherwise_is_pointed_at(tmp_path):
    ev = _events()
    with pytest.raises(ConfigError, match=r"column 'device_id' is in neither the events nor the accounts file; the "
                                          r"input has 'DeviceId' \(names are matched exactly\): list 'DeviceId'"):
        gh.detect(ev, config=gh.load_config(overrides=['links.generic_columns=["device_id"]']))
    with pytest.raises(ConfigError, match=r"column 'serial' is in neither the events nor the accounts file$"):
        gh.detect(ev, config=gh.load_config(overrides=['links.generic_columns=["serial"]']))
    # a name the input has, read under a canonical one
    with pytest.raises(ConfigError, match=r"the input's 'client_ip' is read as 'ip' \(a common name for it, or the "
                                          r"column map\): its IP and network links cover it already"):
        path = tmp_path / "aliased.csv"
        ev.rename(columns={"ip": "client_ip"}).to_csv(path, index=False)
        gh.detect(gh.load_events(path), config=gh.load_config(overrides=['links.generic_columns=["client_ip"]']))
    # mapping the file's name away from the name the generic link reads
    with pytest.raises(ConfigError, match=r"links.generic_columns lists 'DeviceId', which is read under its own name: "
                                          r"drop the map, or list 'device' in links.generic_columns instead"):
        gh.load_config(overrides=['links.generic_columns=["DeviceId"]', "input.column_map.device=DeviceId"])
    # the name as the input spells it is read
    res = gh.detect(ev, config=gh.load_config(overrides=['links.generic_columns=["DeviceId"]']))
    assert res.run_info["counts"]["events"] == 12 and res.run_info["missing_link_columns"] == ["payment_method"]


def _bad_kinds(ev: pd.DataFrame) -> pd.DataFrame:
    """Three kinds of bad row: an empty account id (row 3), an unreadable time (row 5), a malformed IP (row 8)."""
    ev = ev.copy()
    ev.loc[2, "account_id"] = None
    ev.loc[4, "timestamp"] = "yesterday"
    ev.loc[7, "ip"] = "999.1.1.1"
    return ev


def test_every_kind_of_bad_row_is_named_in_one_error(tmp_path):
    # (session 76's review: a file with bad rows in three columns took three runs to fix, one kind per run)
    path = tmp_path / "events.csv"
    _bad_kinds(_events()).rename(columns={"ip": "ClientAddr"}).to_csv(path, index=False)
    with pytest.raises(InputError) as e:
        gh.load_events(path, column_map={"ip": "ClientAddr"})
    err = e.value
    assert (err.column, err.rows) == ("account_id", [3])
    assert [(a.column, a.file_column, a.rows) for a in err.also] == [("timestamp", None, [5]), ("ip", "ClientAddr", [8])]
    msg = str(err)
    assert msg.startswith(f"{path}: column 'account_id': 1 row(s) with an empty account_id [row 3 (missing)]")
    assert "Also: column 'timestamp': 1 row(s) with an unparseable or out-of-range timestamp [row 5 ('yesterday')]" in msg
    assert "Also: column 'ip' ('ClientAddr' in the file): 1 row(s) with a malformed IP address [row 8 ('999.1.1.1')]" in msg
    assert msg.count("--bad-rows drop") == 1 and msg.count(str(path)) == 1  # the way out once, the file once
    # a row bad in two ways is named once, under the first check it fails
    both = _events()
    both.loc[2, "account_id"], both.loc[2, "timestamp"] = None, "yesterday"
    both.to_csv(path, index=False)
    with pytest.raises(InputError) as e:
        gh.load_events(path)
    assert e.value.rows == [3] and e.value.also == [] and "Also:" not in str(e.value)
    # the command line: exit 2 with every kind named, and nothing written
    _bad_kinds(_events()).to_csv(path, index=False)
    from typer.testing import CliRunner
    from graphhunt.cli import app
    res = CliRunner().invoke(app, ["detect", str(path), "--out", str(tmp_path / "out")])
    assert res.exit_code == 2, res.output
    assert "column 'account_id'" in res.output and "Also: column 'timestamp'" in res.output
    assert "Also: column 'ip'" in res.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_every_kind_of_bad_row_in_a_frame_is_named_by_index_label():
    ev = _bad_kinds(_events()).rename(columns={"ip": "ClientAddr"}).set_axis([f"r{i}" for i in range(12)])
    with pytest.raises(InputError) as e:
        gh.detect(ev, config=gh.load_config(overrides=["input.column_map.ip=ClientAddr"]))
    assert [(x.column, x.index_labels) for x in [e.value, *e.value.also]] == [
        ("account_id", ["r2"]), ("timestamp", ["r4"]), ("ip", ["r7"])]
    assert "Also: column 'ip' ('ClientAddr' in the frame): 1 row(s) with a malformed IP address [index label 'r7'" \
        in str(e.value)


def test_warnings_name_a_column_as_the_file_does(tmp_path, caplog):
    # (session 77's review: --bad-rows drop, placeholder and created_at warnings named the canonical column only)
    ev = _bad_kinds(_events())
    ev.loc[9, "ip"] = "-"
    ev["OutTok"] = ["12"] * 11 + ["lots"]
    path = tmp_path / "events.csv"
    ev.rename(columns={"ip": "ClientAddr"}).to_csv(path, index=False)
    with caplog.at_level("WARNING", logger="graphhunt"):
        out = gh.load_events(path, column_map={"ip": "ClientAddr", "output_tokens": "OutTok"}, bad_rows="drop")
    assert len(out) == 9
    text = caplog.text
    assert "dropped 1 row(s) with a malformed IP address in column 'ip' ('ClientAddr' in the file)" in text
    assert "dropped 1 row(s) with an empty account_id in column 'account_id'" in text
    assert "1 row(s) of column 'ip' ('ClientAddr' in the file) hold a placeholder ('-')" in text
    assert "1 non-numeric output_tokens ('OutTok' in the file) treated as missing (e.g. row 12: 'lots')" in text
    caplog.clear()
    acc = tmp_path / "accounts.csv"
    pd.DataFrame({"account_id": ["a0", "a1"], "SignedUp": ["2026-10-01T00:00:00Z", "soon"],
                  "Card": ["c1", "n/a"]}).to_csv(acc, index=False)
    with caplog.at_level("WARNING", logger="graphhunt"):
        gh.load_accounts(acc, column_map={"created_at": "SignedUp", "payment_method": "Card"})
    assert "1 unparseable created_at ('SignedUp' in the file) values" in caplog.text
    assert "1 row(s) of column 'payment_method' ('Card' in the file) hold a placeholder ('n/a')" in caplog.text
