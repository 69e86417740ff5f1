"""write_result moves its files in under a journal: a run killed while moving them in (SIGKILL, a power
cut) never leaves a directory that mixes two runs' files (QA, session 23: 4 of 6 kills in the move step
left the new edges.parquet beside the previous run's other files, and export/report read them silently)."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import graphhunt as gh
from graphhunt.sinks.files import JOURNAL, PREVIOUS, read_result, recover_publish, write_result


def _digests(d: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(d.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def two_results():
    from conftest import make_world

    ev, ac, _ = make_world(seed=2, n_benign=60, office=8, ring_size=6)
    a = gh.detect(ev, ac)
    b = gh.detect(ev, ac, resolution=0.3, seed=7)
    return a, b, ev, ac


_CHILD = r"""
import os, sys, pickle
import graphhunt as gh
from graphhunt.sinks import files
from conftest import make_world
ev, ac, _ = make_world(seed=2, n_benign=60, office=8, ring_size=6)
res = gh.detect(ev, ac, resolution=0.3, seed=7)
stop_after, real = int(sys.argv[2]), os.replace
n = [0]
def replace(a, b):
    if str(b).endswith(files.JOURNAL):
        return real(a, b)
    if n[0] == stop_after:
        os._exit(9)   # killed: no cleanup, no rollback
    n[0] += 1
    real(a, b)
    if stop_after < 0 and str(b).endswith("run.json"):
        os._exit(9)   # killed right after the new run.json went in
files.os.replace = replace
files.write_result(res, sys.argv[1])
"""


def _killed_writer(out: Path, stop_after: int) -> subprocess.CompletedProcess:
    """A child process that publishes the second result into ``out`` and dies (``os._exit(9)``) at the
    move ``stop_after`` (-1: right after the new run.json)."""
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parent) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-c", _CHILD, str(out), str(stop_after)], env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.parametrize("stop_after", [0, 3, 9, -1])
def test_a_run_killed_while_moving_its_files_in_leaves_one_result(two_results, tmp_path, stop_after):
    a, b, _, _ = two_results
    out = tmp_path / "out"
    write_result(a, out)
    (out / "report.html").write_text("previous report")
    before = _digests(out)
    p = _killed_writer(out, stop_after)
    assert p.returncode == 9, p.stderr
    assert (out / JOURNAL).exists() and (out / PREVIOUS).is_dir()
    assert (out / "run.json").exists() == (stop_after < 0)  # no run.json while mixed
    r = read_result(out)  # repairs first
    assert not (out / JOURNAL).exists() and not (out / PREVIOUS).exists()
    assert not list(out.glob(".*.tmp"))
    if stop_after >= 0:  # killed before the new run.json: the previous result, byte for byte
        assert _digests(out) == before
    else:  # the new run.json was in place: the new result stands, without the previous report
        assert not (out / "report.html").exists()
        assert r["run"]["config"]["communities"]["resolution"] == 0.3
        assert len(r["accounts"]) == len(b.accounts)


def test_the_next_write_repairs_first_and_dead_writers_temporaries_go(two_results, tmp_path):
    a, b, _, _ = two_results
    out = tmp_path / "out"
    write_result(a, out)
    _killed_writer(out, 2)
    # a temporary file of a writer killed before its journal (pid 2**22 + 1 is not running)
    from graphhunt.sinks.files import writer_token

    stray = out / f".rings.csv.gh{2**22 + 1}x123.abcd.tmp"
    stray.write_text("x")
    reused = out / f".edges.parquet.gh{os.getpid()}x1.abcd.tmp"  # this pid, another process's start time
    reused.write_text("x")
    mine = out / f".rings.csv.{writer_token()}.abcd.tmp"  # a live writer's is left alone
    mine.write_text("x")
    user = out / ".notes.123.tmp"  # not a writer's: never touched
    user.write_text("x")
    write_result(b, out)
    assert not stray.exists() and not reused.exists() and mine.exists() and user.exists()
    assert not (out / JOURNAL).exists()
    assert json.loads((out / "run.json").read_text())["config"]["communities"]["resolution"] == 0.3
    assert recover_publish(out) is None


def test_ctrl_c_during_the_moves_puts_the_previous_result_back(two_results, tmp_path, monkeypatch):
    from graphhunt.sinks import files

    a, b, _, _ = two_results
    out = tmp_path / "out"
    write_result(a, out)
    before = _digests(out)
    real, n = os.replace, [0]

    def replace(x, y):
        if not str(y).endswith(JOURNAL):
            n[0] += 1
            if n[0] == 4:
                raise KeyboardInterrupt
        return real(x, y)

    monkeypatch.setattr(files.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        write_result(b, out)
    monkeypatch.setattr(files.os, "replace", real)
    assert _digests(out) == before and not list(out.glob(".*"))


def test_a_reader_never_repairs_a_publish_that_is_still_running(two_results, tmp_path, monkeypatch):
    """read_result took any journal for a dead writer's: a report or explain run during a live publish put
    the previous files back under the writer's feet and left the directory mixed (review, session 23)."""
    import threading

    from graphhunt.errors import InputError
    from graphhunt.sinks import files

    a, b, _, _ = two_results
    out = tmp_path / "out"
    write_result(a, out)
    _killed_writer(out, 3)
    assert (out / JOURNAL).exists()
    mixed = _digests(out)
    monkeypatch.setattr(files, "READ_WAIT_S", 0.5)
    with files.publish_lock(out):  # a writer holds the directory (flock: a second open of it conflicts)
        with pytest.raises(InputError, match="another process is writing"):
            read_result(out)
        assert _digests(out) == mixed and (out / JOURNAL).exists()  # untouched
        # a second writer waits for the first instead of interleaving with it
        done = threading.Event()
        t = threading.Thread(target=lambda: (write_result(b, out), done.set()))
        t.start()
        t.join(1.0)
        assert not done.is_set()
    t.join(120)
    assert done.is_set() and not (out / JOURNAL).exists()
    assert json.loads((out / "run.json").read_text())["config"]["communities"]["resolution"] == 0.3


def test_a_restore_that_was_itself_interrupted_is_finished_as_a_restore(two_results, tmp_path):
    """Whether the new result was complete was judged by its temporary run.json being gone; a restore
    interrupted after putting the previous run.json back was then 'completed' and its report removed."""
    a, _, _, _ = two_results
    out = tmp_path / "out"
    write_result(a, out)
    (out / "report.html").write_text("previous report")
    before = _digests(out)
    _killed_writer(out, 3)
    j = json.loads((out / JOURNAL).read_text())
    # half a restore: the previous run.json back, the temporaries gone, then killed
    os.replace(out / PREVIOUS / "run.json", out / "run.json")
    for t in j["temps"]:
        (out / t).unlink(missing_ok=True)
    assert recover_publish(out) == "restored"
    assert _digests(out) == before


def test_a_report_built_while_another_run_publishes_is_built_again(two_results, tmp_path, monkeypatch):
    """`graphhunt report OUT` overlapping a detect into OUT moved the previous result's report in beside
    the new result's files (QA, session 23)."""
    from graphhunt.sinks import report as report_mod

    a, b, _, _ = two_results
    out = tmp_path / "out"
    write_result(a, out)
    real, calls = report_mod.build_report, []

    def build(run_dir, **kw):
        html = real(run_dir, **kw)
        calls.append(json.loads((Path(run_dir) / "run.json").read_text())["config"]["communities"]["resolution"])
        if len(calls) == 1:
            write_result(b, out)  # another run publishes while this report is being built
        return html

    monkeypatch.setattr(report_mod, "build_report", build)
    report_mod.write_report(out)
    assert calls == [a.config.communities.resolution, 0.3]  # built again, from the new result
    assert not list(out.glob(".*.tmp"))


def test_a_reader_removes_a_killed_writers_leftovers(two_results, tmp_path):
    """A kill between removing the journal and the previous files' copy left .graphhunt-previous/ for
    good (only the next detect removed it; QA, session 23)."""
    from graphhunt.sinks.files import writer_token

    a, _, _, _ = two_results
    out = tmp_path / "out"
    write_result(a, out)
    (out / PREVIOUS).mkdir()
    (out / PREVIOUS / "rings.csv").write_text("old")
    dead = out / f".rings.csv.gh{2**22 + 3}x9.zz.tmp"
    dead.write_text("x")
    read_result(out)
    assert not (out / PREVIOUS).exists() and not dead.exists()
    assert writer_token().startswith("gh")


@pytest.mark.parametrize("field", ["added", "replaced", "temps"])
def test_a_journal_naming_files_outside_its_directory_is_refused_and_they_are_left_alone(two_results, tmp_path,
                                                                                          field):
    """A privacy and security review (tester 59): the names in a publish journal were joined to the
    directory unchecked, so a run directory received from someone else whose journal named
    ``../precious.txt`` made `graphhunt explain` (any reader) delete that file, or move one over it. Such a
    journal is refused as unreadable, and nothing outside the directory is touched."""
    from graphhunt.cli import app
    from graphhunt.errors import EXIT_INPUT, InputError
    from typer.testing import CliRunner

    a, _, _, _ = two_results
    out = tmp_path / "out"
    write_result(a, out)
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me\n")
    (out / PREVIOUS).mkdir()
    (out / "precious.txt").write_text("planted\n")  # what a "replaced" entry moves from .graphhunt-previous/..
    j = {"pid": 1, "replaced": [], "added": [], "temps": [], "run_json_sha256": "0" * 64}
    j[field] = ["../precious.txt"]
    (out / JOURNAL).write_text(json.dumps(j))
    with pytest.raises(InputError, match="unreadable publish journal.*not a file of this directory"):
        read_result(out)
    r = CliRunner().invoke(app, ["explain", "ring-0001", "--run", str(out)])
    assert r.exit_code == EXIT_INPUT and "not a file of this directory" in r.output
    assert victim.read_text() == "keep me\n"
