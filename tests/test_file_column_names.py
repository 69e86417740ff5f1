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
