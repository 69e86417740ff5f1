"""`graphhunt evaluate` and :func:`graphhunt.evaluate.evaluate` on ground truths written by hand: the
spellings of is_ring, blanks, predicted accounts missing from the truth, ids that do not match, no ring_id."""
from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from graphhunt.cli import app
from graphhunt.errors import InputError
from graphhunt.evaluate import evaluate

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]

IDS = [f"acct_{i:03d}" for i in range(12)]
RING = IDS[:4]  # ring R1; the detector below flags it and one benign account (acct_011)


def _truth(is_ring=None, **cols) -> pd.DataFrame:
    t = pd.DataFrame({"account_id": IDS, "is_ring": [a in RING for a in IDS] if is_ring is None else is_ring,
                      "ring_id": ["R1" if a in RING else "" for a in IDS],
                      "cohort": ["ring" if a in RING else "user" for a in IDS]})
    for k, v in cols.items():
        t[k] = v
    return t


def _pred() -> pd.DataFrame:
    flagged = [a in RING or a == "acct_011" for a in IDS]
    return pd.DataFrame({"account_id": IDS, "ring_id": ["ring-1" if f else "" for f in flagged],
                         "risk_score": [0.9 if f else 0.1 for f in flagged], "flagged": flagged, "reasons": ""})


def _spell(yes, no) -> list:
    return [yes if a in RING else no for a in IDS]


def _files(tmp_path: Path, truth: pd.DataFrame, pred: pd.DataFrame | None = None) -> tuple[str, str]:
    tp, pp = tmp_path / "truth.csv", tmp_path / "accounts.csv"
    truth.to_csv(tp, index=False)
    (_pred() if pred is None else pred).to_csv(pp, index=False)
    return str(tp), str(pp)


def _run(tmp_path, truth, pred=None, *extra):
    t, p = _files(tmp_path, truth, pred)
    return runner.invoke(app, ["evaluate", "--truth", t, "--pred", p, *extra])


# 1. the common spellings of a boolean are read as such; anything else, and blanks, are refused

SPELLINGS = {"float": (1.0, 0.0), "float-text": ("1.0", "0.0"), "Y/N": ("Y", "N"), "y/n": ("y", "n"),
             "padded": (" Y ", " n ")}


@pytest.mark.parametrize("name", SPELLINGS)
def test_is_ring_spellings_are_read_as_booleans(name):
    m = evaluate(_truth(_spell(*SPELLINGS[name])), _pred())
    assert (m["tp"], m["fp"], m["fn"], m["ring_accounts"]) == (4, 1, 0, 4), m
    assert m["rings_found"] == 1


def test_is_ring_mixed_spellings_and_a_float_column_through_the_cli(tmp_path):
    truth = _truth(["TRUE", "t", "Yes", "1.0", "False", "F", "no", "N", "0", "0.0", "FALSE", "n"])
    r = _run(tmp_path, truth)
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0] == ("precision 0.800  recall 1.000  F1 0.889  (tp 4, fp 1, fn 0; rings found 1/1)")
    truth = _truth(_spell(1.0, 0.0))  # a float column: written as 1.0 / 0.0
    r = _run(tmp_path, truth)
    assert r.exit_code == 0 and "(tp 4, fp 1, fn 0;" in r.output, r.output


def test_flagged_spellings_are_read_as_booleans():
    pred = _pred()
    pred["flagged"] = pred["flagged"].map({True: 1.0, False: 0.0})
    m = evaluate(_truth(), pred)
    assert (m["tp"], m["fp"], m["fn"]) == (4, 1, 0), m


def test_other_is_ring_values_are_refused_with_rows_and_the_fix(tmp_path):
    truth = _truth(_spell("ring", "benign"))
    truth.loc[6, "is_ring"] = "maybe"
    with pytest.raises(InputError) as e:
        evaluate(truth, _pred(), _files=("truth.csv", "accounts.csv"))
    assert e.value.column == "is_ring" and e.value.file == "truth.csv"
    assert 1 in e.value.rows and 5 in e.value.rows and 7 in e.value.rows, e.value.rows  # one of each value
    r = _run(tmp_path, truth)
    assert r.exit_code == 2, r.output
    for words in ("truth.csv", "'is_ring'", "12 of 12 rows", "'ring', 'benign', 'maybe'", "row 1 ('ring')",
                  "row 7 ('maybe')", "y/n", "Fix:", "map ring/benign to true/false"):
        assert words in r.output, (words, r.output)
    # a number other than 0 or 1 is no yes/no either (a score passed as is_ring)
    with pytest.raises(InputError, match="not a yes/no"):
        evaluate(_truth(_spell(0.9, 0.1)), _pred())


def test_blank_is_ring_is_refused_not_read_as_benign(tmp_path):
    r = _run(tmp_path, _truth(_spell("1", "")))
    assert r.exit_code == 2, r.output
    assert "'is_ring'" in r.output and "8 of 12 rows" in r.output and "have no value" in r.output, r.output
    assert "row 5" in r.output and "Fix:" in r.output, r.output
    for col in (pd.Series(_spell(1.0, np.nan)), pd.Series(_spell(True, pd.NA), dtype="boolean")):
        with pytest.raises(InputError, match="8 of 12 rows of the ground truth have no value"):
            evaluate(_truth(col), _pred())


# 2. flagged accounts that the truth does not list: said, and countable as benign


def _rings_only() -> pd.DataFrame:
    return _truth().iloc[:4]


def test_flagged_accounts_missing_from_the_truth_are_warned_about(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="graphhunt.evaluate"):
        m = evaluate(_rings_only(), _pred())
    assert m["precision"] == 1.0 and m["unlabelled_flagged"] == 1
    assert ("1 flagged accounts are not in the truth file and are not counted; if the truth file lists only "
            "rings, pass --unlabelled benign") in caplog.text
    with caplog.at_level(logging.WARNING):
        r = _run(tmp_path, _rings_only())
    assert r.exit_code == 0, r.output
    assert "1 flagged accounts are not in the truth file" in r.output + caplog.text


def test_unlabelled_benign_counts_them_as_false_positives(tmp_path):
    m = evaluate(_rings_only(), _pred(), unlabelled="benign")
    assert (m["tp"], m["fp"], m["fn"], m["accounts"]) == (4, 1, 0, 12), m
    assert m["precision"] == 0.8 and m["rings_found"] == 1
    assert evaluate(_rings_only(), _pred(), unlabelled="ignore")["fp"] == 0
    r = _run(tmp_path, _rings_only(), None, "--unlabelled", "benign")
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0] == "precision 0.800  recall 1.000  F1 0.889  (tp 4, fp 1, fn 0; rings found 1/1)"
    r = _run(tmp_path, _rings_only(), None, "--unlabelled", "everything")
    assert r.exit_code != 0 and "--unlabelled" in r.output


# 3. no truth account among the predictions: an error, not F1 0


def test_no_shared_account_is_an_error_with_an_example_of_each(tmp_path):
    truth = pd.DataFrame({"account_id": [f"{119982 + i}.0" for i in range(6)], "is_ring": [1, 1, 0, 0, 0, 0]})
    pred = pd.DataFrame({"account_id": [str(119982 + i) for i in range(6)], "flagged": [True, True] + [False] * 4})
    with pytest.raises(InputError) as e:
        evaluate(truth, pred)
    assert e.value.exit_code == 2 and e.value.column == "account_id"
    r = _run(tmp_path, truth, pred)
    assert r.exit_code == 2, r.output
    for words in ("'119982.0'", "'119982'", "truth.csv", "accounts.csv", "formatted differently", "leading zeros",
                  "6 truth ids match once"):
        assert words in r.output, (words, r.output)


# 4. no ring_id: rings found is n/a, not 0/0


def test_without_ring_id_rings_found_is_na(tmp_path):
    truth = _truth().drop(columns=["ring_id"])
    m = evaluate(truth, _pred())
    assert m["truth_has_ring_id"] is False and evaluate(_truth(), _pred())["truth_has_ring_id"] is True
    r = _run(tmp_path, truth)
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0] == ("precision 0.800  recall 1.000  F1 0.889  "
                                        "(tp 4, fp 1, fn 0; rings found n/a (truth has no ring_id))")


# 5. the truth format and --unlabelled are documented


def test_help_and_readme_describe_the_truth_format():
    r = runner.invoke(app, ["evaluate", "--help"], terminal_width=200)
    assert r.exit_code == 0
    text = " ".join(r.output.split())
    for words in ("is_ring", "y/n", "ring_id", "cohort", "--unlabelled", "benign"):
        assert words in text, (words, r.output)
    readme = " ".join((ROOT / "README.md").read_text().split())
    for words in ("`account_id` and `is_ring`", "`y`/`n`", "`ring_id`", "`cohort`", "--unlabelled benign"):
        assert words in readme, words


def test_an_account_listed_twice_counts_once_and_conflicting_labels_are_refused(caplog):
    """Truth files stitched from several investigations repeat accounts: each counted once (a QA pass saw
    one benign account listed three times counted as three false positives); rows of one account that
    disagree are refused, naming the rows."""
    pred = pd.DataFrame({"account_id": ["r1", "r2", "b1", "b2"], "flagged": [True, True, True, False]})
    truth = pd.DataFrame({"account_id": ["r1", "r2", "b1", "b2"], "is_ring": [True, True, False, False]})
    base = evaluate(truth, pred)
    rep = pd.concat([truth, truth.iloc[[2, 2, 0]]], ignore_index=True)
    with caplog.at_level(logging.WARNING):
        m = evaluate(rep, pred)
    assert (m["tp"], m["fp"], m["fn"], m["precision"]) == (base["tp"], base["fp"], base["fn"], base["precision"]) \
        == (2, 1, 0, pytest.approx(2 / 3, abs=1e-4))
    assert "3 repeated row(s) of 2 account(s)" in caplog.text
    clash = pd.concat([truth, pd.DataFrame({"account_id": ["b1"], "is_ring": [True]})], ignore_index=True)
    with pytest.raises(InputError, match="different is_ring") as e:
        evaluate(clash, pred)
    assert e.value.rows == [3, 5]
    with pytest.raises(InputError, match="different flagged"):
        evaluate(truth, pd.concat([pred, pd.DataFrame({"account_id": ["b2"], "flagged": [True]})]))


def test_pred_may_be_the_run_directory(tmp_path):
    """A tester: `report`, `explain` and `export` take the run directory, but `evaluate --pred out/run`
    said only "is a directory, expected a file" (exit 2, no fix). The directory's accounts.csv is read."""
    t, p = _files(tmp_path, _truth())
    run = tmp_path / "run"
    run.mkdir()
    Path(p).rename(run / "accounts.csv")
    (run / "run.json").write_text("{}")
    r = runner.invoke(app, ["evaluate", "--truth", t, "--pred", str(run)])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0].startswith("precision 0.800  recall 1.000")
    (run / "run.json").unlink()  # no complete result: said so, with the fix
    r = runner.invoke(app, ["evaluate", "--truth", t, "--pred", str(run)])
    assert r.exit_code == 2 and "run.json" in r.output and "Fix:" in r.output


def test_truth_ids_are_read_as_the_loaders_read_them(tmp_path):
    """A tester: detect trims account ids (README, Input contract), but evaluate compared the truth's ids
    untrimmed, so a truth id written with spaces around it counted as a missed ring account (a warning
    only), and float ids from a Parquet truth with a null-holding int column read as '3.0', not '3'."""
    truth = _truth()
    truth["account_id"] = [f"  {a} " if a in RING[:2] else a for a in IDS]
    m = evaluate(truth, _pred())
    assert (m["tp"], m["fn"], m["fp"]) == (4, 0, 1), m
    num = pd.DataFrame({"account_id": [float(i) for i in range(12)], "is_ring": [i < 4 for i in range(12)]})
    pred = pd.DataFrame({"account_id": [str(i) for i in range(12)], "flagged": [i < 4 for i in range(12)]})
    m = evaluate(num, pred)
    assert (m["tp"], m["fn"], m["fp"]) == (4, 0, 0), m
    t, p = _files(tmp_path, truth)  # through the files, as the CLI reads them
    r = runner.invoke(app, ["evaluate", "--truth", t, "--pred", p])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0].startswith("precision 0.800  recall 1.000"), r.output


def test_truth_headers_are_found_up_to_case_spaces_and_underscores(tmp_path):
    """A labels sheet exported with the headers `Account ID`, `Is Ring`, `Ring ID`, `Cohort` was refused
    (exit 2, "missing column(s) account_id, is_ring") although `detect` reads `Account ID` in the events
    (tester 56). They are read as the loaders read them, and a truth file that still lacks a column is
    told which columns it has."""
    truth = _truth().rename(columns={"account_id": "Account ID", "is_ring": "Is Ring", "ring_id": "ringId",
                                     "cohort": " Cohort "})
    m = evaluate(truth, _pred())
    assert (m["tp"], m["fp"], m["fn"], m["rings_found"]) == (4, 1, 0, 1), m
    assert {c["cohort"] for c in m["cohorts"]} == {"ring", "user"}
    r = _run(tmp_path, truth)
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0].startswith("precision 0.800  recall 1.000"), r.output
    r = _run(tmp_path, _truth().rename(columns={"is_ring": "label"}))
    assert r.exit_code == 2 and "missing column(s) is_ring" in r.output and "'label'" in r.output, r.output
