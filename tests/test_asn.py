"""Address enrichment (graphhunt.asn) and the academic-network organisation rule (scoring.academic_network_org)."""
from __future__ import annotations

import gzip
import json

import numpy as np
import pandas as pd
import pytest

import graphhunt as gh
from graphhunt.asn import (ACADEMIC_AS_NAME, AsnTable, account_academic_network, ipv4_to_int, load_asn_table,
                          load_hosting_ranges, resolve_asn_files, resolve_hosting_files)
from graphhunt.config import ConfigError

from tests.test_pipeline import _four_apps_on_one_network, fit

TABLE = """; IP-ASN32-DAT file
; Prefixes      : 4
198.18.0.0/15\t64500
198.18.0.0/24\t64501
198.18.2.7/24\t64502
2001:db8::/32\t64503
10.0.0.0/8\t64504
"""


def _write(tmp_path, names: dict, table: str = TABLE, gz: bool = True):
    db = tmp_path / ("table.dat.gz" if gz else "table.dat")
    if gz:
        with gzip.open(db, "wt") as fh:
            fh.write(table)
    else:
        db.write_text(table)
    nm = tmp_path / "asnames.json"
    nm.write_text(json.dumps({str(k): v for k, v in names.items()}))
    return db, nm


def test_the_table_reads_ipv4_prefixes_and_finds_the_longest_match(tmp_path):
    for gz in (True, False):
        db, nm = _write(tmp_path, {64501: "EXAMPLE-U - Example University, US", 64500: "BIGISP"}, gz=gz)
        t = load_asn_table(db, nm)
        # the IPv6 row and the comments are skipped; "198.18.2.7/24" has host bits set: it is 198.18.2.0/24
        assert t.source["prefixes"] == 4 and len(t.source["sha256"]) == 64 and t.source["n_names"] == 2
        ips = ipv4_to_int(pd.Series(["198.18.2.9", "198.18.1.9", "198.19.255.1", "10.9.9.9", "8.8.8.8", "2001:db8::1", None]))
        got = t.lookup(ips).tolist()
        assert got[:2] == [64502, 64500] and got[2:] == [64500, 64504, -1, -1, -1]
        assert t.academic().tolist() == [64501]


@pytest.mark.parametrize("name, academic", [
    ("HARVARD - Harvard University, US", True), ("SUNET SUNET Swedish University Network, SE", True),
    ("MIT-GATEWAYS - Massachusetts Institute of Technology, US", True), ("OBERLIN-COLLEGE - Oberlin College, US", True),
    ("JANET Jisc Services Limited, GB", True), ("Universidad de Chile, CL", True),
    ("GOOGLE - Google Inc., US", False), ("T-MOBILE-AS21928 - T-Mobile USA, Inc., US", False),
    ("RMIFL RM Education plc, GB", False),  # a company that sells to schools is not a school's network
    ("COLLEGENET-AS - CollegeNET, Inc., US", False), ("VSC-AS-VERMONT-STATE-COLLEGES - Vermont State Colleges, US", True),
])
def test_which_as_names_are_academic(name, academic):
    t = AsnTable(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64), {7: name, 8: "BIGISP"}, {})
    assert t.academic().tolist() == ([7] if academic else [])
    assert t.academic(ACADEMIC_AS_NAME).tolist() == t.academic().tolist()


def test_an_account_belongs_to_the_academic_network_it_mostly_uses(tmp_path):
    db, nm = _write(tmp_path, {64501: "EXAMPLE-U - Example University, US", 64500: "BIGISP"})
    t = load_asn_table(db, nm)
    ips = np.array(["198.18.0.1", "198.18.1.1", "10.0.0.1"], dtype=object)
    # account 0: 3 of 4 requests on the campus; 1: 2 of 4 (not more than half); 2: none; 3: all
    acc = np.array([0, 0, 0, 0, 1, 1, 1, 1, 2, 3])
    codes = np.array([0, 0, 0, 1, 0, 0, 2, -1, 2, 0])
    out, report = account_academic_network(acc, codes, ips, 5, t)
    assert out.tolist() == [64501, -1, -1, 64501, -1]
    assert report["addresses_mapped"] == 3 and report["academic_network_accounts"] == 2


def test_hosting_ranges_are_read_merged_and_looked_up(tmp_path):
    """CIDR lists (comments, bare addresses, IPv6 and junk lines skipped; host bits cleared) become
    disjoint intervals: overlapping and adjacent ranges merge."""
    (tmp_path / "dc.txt").write_text("# datacenter\n198.18.0.0/24\n198.18.0.128/25\n2001:db8::/32\nAS64500\n"
                                     "198.18.1.7/24 # host bits\n")
    sub = tmp_path / "cloud" / "example"
    sub.mkdir(parents=True)
    (sub / "ipv4_merged.txt").write_bytes(b"203.0.113.9\r\n10.0.0.0/8\r\n")  # Windows line ends
    files = resolve_hosting_files(f"{tmp_path / 'dc.txt'},{tmp_path / 'cloud'}")
    assert files == [tmp_path / "dc.txt", sub / "ipv4_merged.txt"]
    r = load_hosting_ranges(files)
    # 198.18.0.0/24 + its half + the adjacent 198.18.1.0/24 -> one interval; 10/8; one address
    assert r.source["ranges"] == 3 and r.source["addresses"] == 512 + 2 ** 24 + 1 and len(r.source["sha256"]) == 64
    ips = ipv4_to_int(pd.Series(["198.18.0.5", "198.18.1.255", "198.18.2.0", "10.200.0.1", "203.0.113.9",
                                 "203.0.113.10", "2001:db8::1", None]))
    assert r.contains(ips).tolist() == [True, True, False, True, True, False, False, False]


def test_a_hosting_list_without_a_usable_range_is_read_as_empty_with_a_warning(tmp_path, caplog):
    (tmp_path / "junk.txt").write_text("not a cidr\n\n300.1.1.1/8\n10.0.0.0/40\n")
    (tmp_path / "empty.txt").write_text("")
    with caplog.at_level("WARNING", logger="graphhunt.asn"):
        r = load_hosting_ranges([tmp_path / "junk.txt", tmp_path / "empty.txt"])
    assert r.source["ranges"] == 0 and not r.contains(ipv4_to_int(pd.Series(["10.0.0.1"]))).any()
    assert "junk.txt holds no IPv4 range" in caplog.text and "empty.txt holds no IPv4 range" in caplog.text


def test_a_hosting_range_overrules_a_stale_academic_as(tmp_path):
    """An address block the table still gives a university but a provider's published list says is
    hosting (sold since the table was made): its accounts are not that university's people."""
    db, nm = _write(tmp_path, {64501: "EXAMPLE-U - Example University, US", 64500: "BIGISP"})
    t = load_asn_table(db, nm)
    (tmp_path / "dc.txt").write_text("198.18.0.0/25\n")
    hosting = load_hosting_ranges([tmp_path / "dc.txt"])
    ips = np.array(["198.18.0.1", "198.18.0.200"], dtype=object)  # both in the university's /24
    acc = np.array([0, 0, 1, 1])
    codes = np.array([0, 0, 1, 1])
    out, report = account_academic_network(acc, codes, ips, 2, t, hosting=hosting)
    assert out.tolist() == [-1, 64501]
    assert report["academic_addresses_in_hosting_ranges"] == 1 and report["hosting_ranges"]["ranges"] == 1
    out, report = account_academic_network(acc, codes, ips, 2, t)
    assert out.tolist() == [64501, 64501] and report["hosting_ranges"] is None


def test_where_the_hosting_ranges_come_from(tmp_path, monkeypatch):
    (tmp_path / "dc.txt").write_text("198.18.0.0/24\n")
    assert resolve_hosting_files("off") is None and resolve_hosting_files("") is None
    monkeypatch.setenv("GRAPHHUNT_HOSTING_RANGES", str(tmp_path / "dc.txt"))
    assert resolve_hosting_files("auto") == [tmp_path / "dc.txt"]
    with pytest.raises(FileNotFoundError, match="input.hosting_ranges"):
        resolve_hosting_files(str(tmp_path / "missing.txt"))
    with pytest.raises(ConfigError, match="input.hosting_ranges: no file or directory"):
        gh.load_config(overrides=[f"input.hosting_ranges={tmp_path / 'dc.txt'},{tmp_path / 'missing'}"])


def test_where_the_table_comes_from(tmp_path, monkeypatch):
    db, nm = _write(tmp_path, {64501: "EXAMPLE-U"})
    assert resolve_asn_files("off") is None and resolve_asn_files("") is None
    (tmp_path / "asnames.json.gz").write_bytes(gzip.compress(b"{}"))
    assert resolve_asn_files(str(db)) == (db, tmp_path / "asnames.json.gz")  # the names beside it
    assert resolve_asn_files(str(db), str(nm)) == (db, nm)
    monkeypatch.setenv("GRAPHHUNT_ASN_DB", str(db))
    monkeypatch.setenv("GRAPHHUNT_ASN_NAMES", str(nm))
    assert resolve_asn_files("auto") == (db, nm)
    with pytest.raises(FileNotFoundError, match="input.asn_db"):
        resolve_asn_files(str(tmp_path / "missing.dat"))
    # a path that does not exist is a configuration error before anything runs
    with pytest.raises(ConfigError, match="input.asn_db: no file"):
        gh.load_config(overrides=[f"input.asn_db={tmp_path / 'missing.dat'}"])


@pytest.mark.parametrize("as_name, overrides, explained", [
    ("EXAMPLE-U - Example University, US", [], True),
    ("EXAMPLE-U - Example University, US", ["scoring.academic_network_org=false"], False),
    ("EXAMPLE-HOST - Example Hosting Ltd, US", [], False),  # a hosting company's addresses explain nothing
    ("EXAMPLE-U - Example University, US", ["input.hosting_ranges=HOSTED"], False),  # a block sold since
])
def test_apps_on_a_university_network_are_the_universitys_people(world, tmp_path, as_name, overrides, explained):
    """Four apps on one set of addresses (a ring unless something explains them) whose addresses a
    university's autonomous system announces, signed up with webmail: they are that institution's people
    (``scoring.academic_network_org``), and their shared addresses are explained. The same addresses under
    a hosting company's AS are a ring's, and so are they when a hosting provider's published ranges hold
    them (``input.hosting_ranges``), whatever the AS table says. The ring elsewhere stays flagged."""
    db, nm = _write(tmp_path, {64501: as_name, 64500: "BIGISP"})
    (tmp_path / "hosted.txt").write_text("198.18.0.0/24\n")
    ev2, ac2, names, ring = _four_apps_on_one_network(world)
    overrides = [o.replace("HOSTED", str(tmp_path / "hosted.txt")) for o in overrides]
    if not any(o.startswith("input.hosting_ranges") for o in overrides):
        overrides.append("input.hosting_ranges=off")  # the same on every machine, whatever lists "auto" finds
    cfg = gh.load_config(None, [f"input.asn_db={db}", f"input.asn_names={nm}", *overrides])
    res = fit(ev2, ac2, config=cfg)
    acc = res.accounts.set_index("account_id")
    assert acc.loc[sorted(ring), "flagged"].all()
    assert (not acc.loc[names, "flagged"].any()) == explained, acc.loc[names]
    info = res.run_info["asn"]
    if "scoring.academic_network_org=false" in overrides:
        assert info is None and "academic_network" not in res.run_info["email_organisations"]
    else:
        assert info["path"] == str(db) and info["addresses_mapped"] >= 3
        assert res.run_info["email_organisations"]["academic_network"] == (4 if explained else 0)
        hosted = any(o.startswith("input.hosting_ranges=/") for o in overrides)
        assert info["academic_addresses_in_hosting_ranges"] == (3 if hosted and "Univ" in as_name else 0)
        assert (info["hosting_ranges"] is not None) == hosted


def test_no_table_no_enrichment(world):
    """``input.asn_db = "off"``: nothing is looked up, run.json says so, and results are as without the rule."""
    ev2, ac2, names, ring = _four_apps_on_one_network(world)
    res = fit(ev2, ac2, config=gh.load_config(None, ["input.asn_db=off"]))
    assert res.run_info["asn"]["path"] is None
    acc = res.accounts.set_index("account_id")
    assert acc.loc[names, "flagged"].all() and acc.loc[sorted(ring), "flagged"].all()


def test_a_run_json_repeats_the_as_tables_that_auto_found(world, tmp_path, monkeypatch, caplog):
    """A fresh-eyes tester (session 50): run.json stores ``asn_db = "auto"`` (and ``hosting_ranges``), so
    ``--config OUT/run.json`` in a shell without $GRAPHHUNT_ASN_DB silently resolved "auto" to another table
    (or none) and gave another result. The tables the run recorded are used again while their files are
    unchanged; otherwise a warning names the table and says the result may differ."""
    import logging

    from graphhunt.sinks.files import write_result

    db, nm = _write(tmp_path, {64501: "EXAMPLE-U - Example University, US", 64500: "BIGISP"})
    (tmp_path / "hosted.txt").write_text("192.0.2.0/24\n")
    monkeypatch.setenv("GRAPHHUNT_ASN_DB", str(db))
    monkeypatch.setenv("GRAPHHUNT_ASN_NAMES", str(nm))
    monkeypatch.setenv("GRAPHHUNT_HOSTING_RANGES", str(tmp_path / "hosted.txt"))
    ev2, ac2, names, ring = _four_apps_on_one_network(world)
    first = fit(ev2, ac2)  # the default config: "auto" everywhere
    assert first.config.input.asn_db == "auto" and first.run_info["asn"]["path"] == str(db)
    assert not first.accounts.set_index("account_id").loc[names, "flagged"].any()  # the university's people
    write_result(first, tmp_path / "det")
    run_json = tmp_path / "det" / "run.json"

    for var in ("GRAPHHUNT_ASN_DB", "GRAPHHUNT_ASN_NAMES", "GRAPHHUNT_HOSTING_RANGES"):
        monkeypatch.delenv(var)
    cfg = gh.load_config(run_json)
    assert (cfg.input.asn_db, cfg.input.asn_names, cfg.input.hosting_ranges) == (
        str(db), str(nm), str(tmp_path / "hosted.txt"))
    again = fit(ev2, ac2, config=run_json)
    pd.testing.assert_frame_equal(again.accounts, first.accounts)
    assert again.run_info["asn"]["sha256"] == first.run_info["asn"]["sha256"]
    # a --set still wins
    assert gh.load_config(run_json, ["input.asn_db=off"]).input.asn_db == "off"

    # the table changed since: "auto" stays, and a warning says the result may differ
    with gzip.open(db, "at") as fh:
        fh.write("203.0.113.0/24\t64505\n")
    with caplog.at_level(logging.WARNING, logger="graphhunt.config"):
        cfg = gh.load_config(run_json)
    assert cfg.input.asn_db == "auto"
    assert str(db) in caplog.text and "may differ" in caplog.text and "input.asn_db" in caplog.text

    # a run under "auto" that found no table is repeated without one (an AS table found since is not used)
    info = json.loads(run_json.read_text())
    info["asn"] = {"path": None, "note": "no AS table (input.asn_db): no address enriched"}
    (tmp_path / "none.json").write_text(json.dumps(info))
    monkeypatch.setenv("GRAPHHUNT_ASN_DB", str(db))
    assert gh.load_config(tmp_path / "none.json").input.asn_db == "off"
