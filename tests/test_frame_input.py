"""Frames passed to ``Detector.fit`` / ``gh.detect`` get the loaders' checks (analysts in Jupyter).

A frame that did not come from ``load_events`` (``pd.read_csv``, built by hand) goes through
``validate_events`` / ``validate_accounts``; so does a loaded frame edited afterwards (its
``attrs`` fingerprint no longer matches, :func:`graphhunt.io.is_validated`), while an unchanged
loaded frame (or copy) is not checked twice. ``_prepare``'s cheap checks stay as a second line.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import graphhunt as gh
from conftest import make_world
from graphhunt.errors import InputError


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    ev, ac, ring = make_world(seed=3, n_benign=60, office=12, ring_size=8)
    d = tmp_path_factory.mktemp("frames")
    ev.to_csv(d / "events.csv", index=False)
    ac.to_csv(d / "accounts.csv", index=False)
    loaded = gh.load_events(d / "events.csv"), gh.load_accounts(d / "accounts.csv")
    raw = pd.read_csv(d / "events.csv"), pd.read_csv(d / "accounts.csv")
    base = gh.detect(*loaded, seed=42).accounts
    assert base["flagged"].sum() >= len(ring) // 2  # the world has a ring to find
    return loaded, raw, base


def _same(res, base) -> None:
    pd.testing.assert_frame_equal(res.accounts.reset_index(drop=True), base.reset_index(drop=True))


def test_a_raw_frame_gives_what_the_loaded_file_gives(world):
    (ev, ac), (rev, rac), base = world
    before = rev.copy()
    _same(gh.detect(rev, rac, seed=42), base)
    pd.testing.assert_frame_equal(rev, before)  # the caller's frame is not modified
    # a column written with spaces or in another case, padded ids, naive datetimes at any unit
    _same(gh.detect(rev.rename(columns={"ip": " IP "}), rac, seed=42), base)
    _same(gh.detect(rev.assign(account_id=" " + rev["account_id"] + " "), rac, seed=42), base)
    naive = pd.to_datetime(rev["timestamp"].str.rstrip("Z"))
    for unit in ("s", "us", "ns"):
        _same(gh.detect(rev.assign(timestamp=naive.astype(f"datetime64[{unit}]")), rac, seed=42), base)
        _same(gh.detect(ev.assign(timestamp=ev["timestamp"].dt.tz_localize(None).astype(f"datetime64[{unit}]")),
                        ac, seed=42), base)
    # set_index("timestamp") undone
    _same(gh.detect(rev.assign(timestamp=pd.to_datetime(rev["timestamp"])).set_index("timestamp"), rac, seed=42), base)


def test_the_loaders_take_a_frame_in_memory(world):
    # gh.load_events(df) read a frame as a list of paths ("account_id: file not found"); it is checked and cleaned as
    # a file is, and gives what detect then uses
    (ev, ac), (rev, rac), base = world
    got_ev, got_ac = gh.load_events(rev), gh.load_accounts(rac)
    pd.testing.assert_frame_equal(got_ev.reset_index(drop=True), ev.reset_index(drop=True))
    pd.testing.assert_frame_equal(got_ac.reset_index(drop=True), ac.reset_index(drop=True))
    _same(gh.detect(got_ev, got_ac, seed=42), base)
    with pytest.raises(InputError, match=r"column 'ip'.*index label 1 \('999\.1\.1\.1'\)"):
        gh.load_events(rev.assign(ip=rev["ip"].where(rev.index != 1, "999.1.1.1")))
    with pytest.raises(InputError, match="account_id"):
        gh.load_accounts(rac.assign(account_id=rac["account_id"].where(rac.index != 0, "")))
    with pytest.raises(InputError, match=r"found a DataFrame among them.*pd\.concat"):
        gh.load_events([rev, rev])


def test_whole_number_float_ids_join_integer_account_ids(world):
    _, (rev, rac), _ = world
    ids = {a: i + 1000 for i, a in enumerate(sorted(set(rev["account_id"]) | set(rac["account_id"])))}
    ev = rev.assign(account_id=rev["account_id"].map(ids).astype("float64"))  # as Parquet int with nulls arrives
    ac = rac.assign(account_id=rac["account_id"].map(ids))
    res = gh.detect(ev, ac, seed=42)
    assert len(res.accounts) == len(ids) and set(res.accounts["account_id"]) == {str(v) for v in ids.values()}


@pytest.mark.parametrize("edit, match", [
    (lambda e: e.assign(account_id=e["account_id"].where(e.index > 2, None)), r"account_id.*3 row\(s\).*\[index label 0"),
    (lambda e: e.assign(timestamp=20261101), r"timestamp.*epoch number before 2001"),
    (lambda e: e.assign(timestamp=e["timestamp"].where(e.index != 4, "not a time")), r"timestamp.*\[index label 4 \('not a time'\)"),
    (lambda e: e.iloc[:0], r"no events"),
    (lambda e: e.drop(columns="timestamp").set_index(pd.DatetimeIndex(pd.to_datetime(e["timestamp"]), name="t")),
     r"the times are the frame's index.*reset_index"),
])
def test_bad_raw_frames_are_input_errors_naming_column_and_rows(world, edit, match):
    _, (rev, rac), _ = world
    with pytest.raises(InputError, match=match):
        gh.detect(edit(rev), rac)


def test_a_loaded_frame_edited_afterwards_is_still_checked(world):
    """attrs (and with them the mark of a loaded frame) survive copies and edits; an edited frame gets a
    raw frame's checks: a missing account id was silently counted against the last account before."""
    (ev, ac), _, base = world
    e = ev.copy()
    e.loc[:4, "account_id"] = None
    with pytest.raises(InputError, match=r"account_id.*5 row\(s\) with an empty account_id \[index label 0"):
        gh.detect(e, ac)
    e = ev.copy()
    e.loc[3, "timestamp"] = pd.NaT
    with pytest.raises(InputError, match=r"timestamp.*1 row\(s\) with an unparseable.*\[index label 3"):
        gh.detect(e, ac)
    with pytest.raises(InputError, match="no events"):
        gh.detect(ev.iloc[:0], ac)
    # duplicate account rows keep the first, as load_accounts does
    _same(gh.detect(ev, pd.concat([ac, ac.head(3)]), seed=42), base)
    a = ac.copy()
    a.loc[[1, 2], "account_id"] = None
    with pytest.raises(InputError, match=r"2 row\(s\) with an empty account_id \[index label 1 \(missing\), index label 2 \(missing\)\]"):
        gh.detect(ev, a)


def test_errors_about_a_frame_name_its_index_labels_and_a_fix_for_python(world, tmp_path):
    """A tester: a missing time at index label 6 of a frame was reported as "row 7" (the 1-based position,
    as for a file; label 36293 of a filtered frame as "row 4"), with a fix to replace it with a missing
    value (it was one) and the command line's --set. Now a frame's rows are named by index label (what
    df.loc finds), a missing time is told to be filled in or dropped, and the option is the config's."""
    _, (rev, rac), _ = world
    ev = rev.assign(timestamp=pd.to_datetime(rev["timestamp"], utc=True))
    ev.loc[6, "timestamp"] = pd.NaT
    with pytest.raises(InputError) as e:
        gh.detect(ev, rac)
    msg = str(e.value)
    assert e.value.column == "timestamp" and e.value.index_labels == [6]
    assert "[index label 6 (missing)]" in msg and "row 7" not in msg, msg
    assert "fill in the missing times, or drop those rows" in msg and "missing values" not in msg, msg
    assert 'input.bad_rows="drop"' in msg and 'gh.detect(df, input__bad_rows="drop")' in msg and "--set" not in msg
    # a filtered frame: its labels, not its positions
    sub = ev.iloc[30:]
    sub = sub[sub.index % 3 == 0].copy()
    sub.loc[39, "timestamp"] = pd.NaT  # the fourth row
    with pytest.raises(InputError, match=r"\[index label 39 \(missing\)\]"):
        gh.detect(sub, rac)
    # the same in an accounts frame, and an index of ids (set_index("account_id")): the id is the label
    acc = rac.set_index("account_id")
    ev2 = rev.set_index("account_id")
    ev2.iloc[2, ev2.columns.get_loc("ip")] = "not-an-ip"
    with pytest.raises(InputError, match=rf"ip.*\[index label {ev2.index[2]!r} \('not-an-ip'\)\]"):
        gh.detect(ev2, acc)
    # the option the message names drops the row and counts it
    res = gh.detect(ev, rac, input__bad_rows="drop", seed=42)
    assert res.run_info["input_report"]["dropped_rows"] == {"timestamp": 1}
    # a file keeps its 1-based data rows and the command line's option
    ev.to_csv(tmp_path / "e.csv", index=False)
    with pytest.raises(InputError) as e:
        gh.load_events(tmp_path / "e.csv")
    msg = str(e.value)
    assert "[row 7 (missing)]" in msg and "index label" not in msg and "--bad-rows drop" in msg, msg
    assert e.value.rows == [7] and e.value.index_labels == []


def test_not_a_frame_is_an_input_error(world):
    (ev, _), _, _ = world
    with pytest.raises(InputError, match="events must be a pandas DataFrame"):
        gh.detect(None)
    with pytest.raises(InputError, match="accounts must be a pandas DataFrame"):
        gh.detect(ev, [1, 2])
    with pytest.raises(InputError, match="account_id"):
        gh.detect(ev, pd.DataFrame({"id": ["a"]}))
    assert np.isfinite(gh.detect(ev).accounts["risk_score"]).all()  # no accounts frame at all is fine


def test_sklearn_params_and_a_short_repr(world):
    (ev, ac), _, base = world
    det = gh.Detector(seed=1)
    assert det.get_params(deep=False) == {"config": None, "seed": 1}
    assert det.set_params(seed=42) is det and det.get_params() == {"config": None, "seed": 42}
    # a misspelt name fails at once (as a misspelt keyword does), not at fit; values are checked by fit
    with pytest.raises(TypeError, match="'resolutoin'"):
        gh.Detector(resolutoin=0.5)
    with pytest.raises(TypeError, match="'scoring__nope'"):
        det.set_params(scoring__nope=1)
    assert det.get_params() == {"config": None, "seed": 42}
    assert gh.Detector(communities__resolution=0.5, links__weights__payment=2.0).get_params()["links__weights__payment"] == 2.0
    res = det.fit(ev, ac).result_
    _same(res, base)
    text = repr(res)
    assert text.startswith("<DetectionResult: ") and len(text) < 300 and f"{len(res.rings):,} rings" in text


def _network_edges(res) -> int:
    return int((res.edges["w_network"] > 0).sum()) if "w_network" in res.edges else 0


def test_a_loaded_frame_with_a_bad_ip_written_in_is_refused(world):
    """attrs carry the loaders' mark through copies and edits; the mark's fingerprint no longer
    matches an edited frame, so it gets a raw frame's checks: a malformed IP was a link attribute."""
    (ev, ac), (rev, rac), _ = world
    for frame in (ev, rev):
        e = frame.copy()
        e.loc[e.index[:3], "ip"] = "not-an-ip"
        with pytest.raises(InputError, match=r"ip.*3 row\(s\) with a malformed IP address"):
            gh.detect(e, ac)
    e = ev.copy()
    e.loc[e.index[5], "ip"] = "not-an-ip"  # in place on the copy, one cell
    assert not gh.io.is_validated(e) and gh.io.is_validated(ev)
    with pytest.raises(InputError, match="malformed IP"):
        gh.detect(e, ac)
    # an edit in a NumPy column (times) is seen too
    e = ev.copy()
    e.loc[e.index[0], "timestamp"] = e["timestamp"].iloc[0] + pd.Timedelta(seconds=1)
    assert not gh.io.is_validated(e)


def test_switching_ip_off_in_a_loaded_frame_drops_its_network_evidence(world):
    """The network column load_events derived from ip followed ip being blanked or dropped only in a
    raw frame: a loaded frame kept it (network edges and flagged accounts with no IP evidence)."""
    (ev, ac), (rev, rac), base = world
    assert _network_edges(gh.detect(ev, ac, seed=42)) > 0  # the world has network evidence to lose
    for edit in (lambda f: f.assign(ip=None), lambda f: f.drop(columns="ip")):
        raw = gh.detect(edit(rev), rac, seed=42)
        loaded = gh.detect(edit(ev), ac, seed=42)
        assert _network_edges(raw) == _network_edges(loaded) == 0
        assert not loaded.attributes["link_type"].astype(str).str.startswith("network").any()
        _same(loaded, raw.accounts)
    e = ev.copy()
    e["ip"] = None  # column replacement in place
    res = gh.detect(e, ac, seed=42)
    assert _network_edges(res) == 0 and "network" in e.columns  # the caller's frame is not modified


def test_an_unedited_loaded_frame_is_not_validated_again(world, monkeypatch):
    (ev, ac), _, base = world
    calls = []
    real = gh.io.validate_events

    def counting(*a, **k):
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(gh.io, "validate_events", counting)
    _same(gh.detect(ev, ac, seed=42), base)
    _same(gh.detect(ev.copy(), ac.copy(), seed=42), base)  # an unchanged copy keeps the mark
    assert calls == []
    # rows filtered or a frame concatenated with itself (pandas keeps equal attrs through concat) are
    # checked again: the duplicate rows are dropped, as load_events drops them
    _same(gh.detect(pd.concat([ev, ev], ignore_index=True), ac, seed=42), base)
    assert len(calls) == 1
    gh.detect(ev[ev["account_id"] != ev["account_id"].iloc[0]], ac, seed=42)
    assert len(calls) == 2
    assert gh.io.is_validated(ac, "accounts") and not gh.io.is_validated(ac, "events")
    a = ac.copy()
    a.loc[a.index[0], "account_id"] = " " + a["account_id"].iloc[0] + " "
    assert not gh.io.is_validated(a, "accounts")
    _same(gh.detect(ev, a, seed=42), base)  # checked again: the id is trimmed


def test_a_result_keeps_the_config_it_was_computed_with(world):
    """result.config was the caller's Config: tuning it for the next run changed what an earlier
    result said (explain: "risk 0.99 (FLAGGED at threshold 0.995)") while its run.json kept 0.5."""
    (ev, ac), _, _ = world
    cfg = gh.Config()
    results = [gh.Detector(config=cfg).fit(ev, ac).result_, gh.detect(ev, ac, config=cfg),
               gh.Detector(config=cfg, seed=42).fit(ev, ac).result_]  # overrides copy only the sections
    first = [r.explain(r.rings["ring_id"].iloc[0]) for r in results]
    cfg.scoring.threshold = 0.995
    cfg.links.weights["payment"] = 0.0
    for r, text in zip(results, first):
        assert r.config is not cfg and r.config.scoring.threshold == 0.5
        assert r.config.links.weights["payment"] != 0.0
        assert r.config.to_dict() == r.run_info["config"]
        assert r.explain(r.rings["ring_id"].iloc[0]) == text


def test_a_refresh_result_keeps_its_config(world, tmp_path):
    (ev, ac), _, _ = world
    cfg = gh.Config()
    out = gh.refresh(tmp_path / "state", ev, ac, config=cfg, report=False)
    res = out.result
    assert res is not None and res.config is not cfg
    cfg.scoring.threshold = 0.995
    assert res.config.scoring.threshold == 0.5 and res.config.to_dict() == res.run_info["config"]


def test_a_misspelt_column_map_is_a_config_error_in_python_too(world):
    """The command line refuses ``--map ip=srcadr`` when no input has that column; ``gh.detect`` ran
    with a warning and IP evidence off (a QA pass: 6 flagged accounts instead of 133)."""
    from graphhunt.errors import ConfigError

    _, (rev, rac), base = world
    renamed = rev.rename(columns={"ip": "srcaddr"})
    with pytest.raises(ConfigError, match="ip=srcadr"):
        gh.detect(renamed, rac, seed=42, input__column_map={"ip": "srcadr"})
    _same(gh.detect(renamed, rac, seed=42, input__column_map={"ip": "srcaddr"}), base)
    # a loaded frame read with the typo is refused as well (the loader only warns)
    with pytest.raises(ConfigError, match="ip=srcadr"):
        gh.detect(gh.io.validate_events(renamed, column_map={"ip": "srcadr"}), rac, seed=42)


def test_a_loaded_frame_records_the_settings_it_was_read_with(world, caplog):
    """A frame from ``load_events`` was read with the loader's ``input.*`` settings: the result's config
    records those (with a warning where the config said otherwise), so run.json repeats the run."""
    (ev, ac), (rev, rac), _ = world
    short = gh.io.validate_events(rev, max_prompt_chars=12)
    with caplog.at_level("WARNING", logger="graphhunt.detector"):
        res = gh.detect(short, ac, seed=42)  # the config says 20,000
    assert res.config.input.max_prompt_chars == 12
    assert "input.max_prompt_chars=12" in caplog.text
    # the recorded config, given the raw frame, computes the same result
    again = gh.detect(rev, rac, config=res.config.to_dict())
    pd.testing.assert_frame_equal(again.accounts, res.accounts)
    assert again.run_info["counts"] == res.run_info["counts"]
    # and the other way round: a config's setting on a loaded frame is not recorded as applied
    caplog.clear()
    with caplog.at_level("WARNING", logger="graphhunt.detector"):
        res2 = gh.detect(ev, ac, seed=42, input__max_prompt_chars=12)
    assert res2.config.input.max_prompt_chars == 20_000 and "input.max_prompt_chars=20000" in caplog.text
    # a loaded frame read with the config's own settings: no warning
    caplog.clear()
    with caplog.at_level("WARNING", logger="graphhunt.detector"):
        gh.detect(ev, ac, seed=42)
    assert "were read by load_events" not in caplog.text


def test_a_frame_with_a_repeated_column_name_is_an_input_error(world):
    _, (rev, rac), _ = world
    with pytest.raises(InputError, match="'ip'.*more than once|more than once.*'ip'"):
        gh.detect(pd.concat([rev, rev[["ip"]]], axis=1), rac)
    with pytest.raises(InputError, match="more than once"):
        gh.detect(rev, pd.concat([rac, rac[["account_id"]]], axis=1))


def test_the_configs_column_map_still_applies_to_a_raw_frame_beside_a_loaded_one(world, tmp_path):
    """A loaded events frame (read without a map) and a raw accounts frame whose column the config maps:
    the map must still read the raw frame (the loaded frame's record must not replace it)."""
    (ev, ac), (rev, rac), base = world
    renamed = rac.rename(columns={"payment_method": "card_token"})
    res = gh.detect(ev, renamed, seed=42, input__column_map={"payment_method": "card_token"})
    _same(res, base)
    assert res.config.input.column_map == {"payment_method": "card_token"}


def test_a_frame_without_a_required_column_is_told_the_python_way_to_map_it(world, tmp_path):
    """A tester: ``gh.detect(df)`` on a frame whose times are in a column ``when`` was told to pass the
    command line's ``--map timestamp=...``, which a notebook has no way to give. A frame's fix names
    ``df.rename`` and the config option ``input.column_map`` (as ``gh.detect`` takes it); a file's keeps
    ``--map``."""
    _, (rev, rac), base = world
    ev = rev.rename(columns={"timestamp": "when"})
    with pytest.raises(InputError) as e:
        gh.detect(ev, rac)
    msg = str(e.value)
    assert e.value.column == "timestamp"
    assert "--map" not in msg, msg
    assert "input__column_map={'timestamp': " in msg and "df.rename(columns=" in msg, msg
    # an accounts frame too, with the alias it found as the example
    with pytest.raises(InputError) as e:
        gh.detect(rev, rac.rename(columns={"account_id": "id"}))
    assert "--map" not in str(e.value) and "input__column_map={'account_id': " in str(e.value), str(e.value)
    # what the message says to do works
    _same(gh.detect(ev, rac, input__column_map={"timestamp": "when"}, seed=42), base)
    # a file keeps the command line's --map
    ev.to_csv(tmp_path / "e.csv", index=False)
    with pytest.raises(InputError, match=r"--map timestamp="):
        gh.load_events(tmp_path / "e.csv")


def test_tables_given_in_each_other_s_place_are_refused(tmp_path):
    """An analyst (session 76): gh.detect(accounts, events) ran to the end and flagged nothing."""
    import graphhunt as gh
    from graphhunt.errors import InputError

    (tmp_path / "e.csv").write_text("account_id,timestamp,ip\na,2026-11-01T00:00:00Z,203.0.113.7\n"
                                    "b,2026-11-01T00:00:01Z,203.0.113.7\n")
    (tmp_path / "a.csv").write_text("account_id,created_at\na,2026-10-01T00:00:00Z\nb,2026-10-02T00:00:00Z\n")
    ev, ac = gh.load_events(tmp_path / "e.csv"), gh.load_accounts(tmp_path / "a.csv")
    with pytest.raises(InputError, match=r"the accounts table \(gh.load_accounts returned it\), given as the events"):
        gh.detect(ac, ev)
    with pytest.raises(InputError, match="the events table"):
        gh.detect(ev, ev)
    assert len(gh.detect(ev, ac).accounts) == 2
