"""Frames passed to ``Detector.fit`` / ``gh.detect`` get the loaders' checks (analysts in Jupyter).

A frame that did not come from ``load_events`` (``pd.read_csv``, built by hand) goes through
``validate_events`` / ``validate_accounts``; a loaded frame edited afterwards still gets the cheap
checks in ``_prepare`` (missing account ids or times, naive datetimes, duplicate account rows).
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


def test_whole_number_float_ids_join_integer_account_ids(world):
    _, (rev, rac), _ = world
    ids = {a: i + 1000 for i, a in enumerate(sorted(set(rev["account_id"]) | set(rac["account_id"])))}
    ev = rev.assign(account_id=rev["account_id"].map(ids).astype("float64"))  # as Parquet int with nulls arrives
    ac = rac.assign(account_id=rac["account_id"].map(ids))
    res = gh.detect(ev, ac, seed=42)
    assert len(res.accounts) == len(ids) and set(res.accounts["account_id"]) == {str(v) for v in ids.values()}


@pytest.mark.parametrize("edit, match", [
    (lambda e: e.assign(account_id=e["account_id"].where(e.index > 2, None)), r"account_id.*3 row\(s\).*\[row 1"),
    (lambda e: e.assign(timestamp=20261101), r"timestamp.*epoch number before 2001"),
    (lambda e: e.assign(timestamp=e["timestamp"].where(e.index != 4, "not a time")), r"timestamp.*\[row 5"),
    (lambda e: e.iloc[:0], r"no events"),
    (lambda e: e.drop(columns="timestamp").set_index(pd.DatetimeIndex(pd.to_datetime(e["timestamp"]), name="t")),
     r"the times are the frame's index.*reset_index"),
])
def test_bad_raw_frames_are_input_errors_naming_column_and_rows(world, edit, match):
    _, (rev, rac), _ = world
    with pytest.raises(InputError, match=match):
        gh.detect(edit(rev), rac)


def test_a_loaded_frame_edited_afterwards_is_still_checked(world):
    """attrs (and with them the mark of a loaded frame) survive copies and edits; the cheap checks
    still run: a missing account id was silently counted against the last account before."""
    (ev, ac), _, base = world
    e = ev.copy()
    e.loc[:4, "account_id"] = None
    with pytest.raises(InputError, match=r"5 event\(s\) without an account_id.*\[row 1, row 2"):
        gh.detect(e, ac)
    e = ev.copy()
    e.loc[3, "timestamp"] = pd.NaT
    with pytest.raises(InputError, match=r"missing or unparseable timestamp.*\[row 4\]"):
        gh.detect(e, ac)
    with pytest.raises(InputError, match="no events"):
        gh.detect(ev.iloc[:0], ac)
    # duplicate account rows keep the first, as load_accounts does
    _same(gh.detect(ev, pd.concat([ac, ac.head(3)]), seed=42), base)
    a = ac.copy()
    a.loc[[1, 2], "account_id"] = None
    with pytest.raises(InputError, match=r"2 account row\(s\) without an account_id \[row 2, row 3\]"):
        gh.detect(ev, a)


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
