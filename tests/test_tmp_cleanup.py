"""The suite's temporary directories do not pile up (tests/_tmp_cleanup.py): a module's are deleted when it
is done, a failed module's are kept, and no session-scoped fixture makes one the cleanup would delete."""
from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MODULE = '''
import pytest

@pytest.fixture(scope="module")
def world(tmp_path_factory):
    d = tmp_path_factory.mktemp("{name}")
    (d / "events.parquet").write_bytes(b"x" * 1000)
    return d

def test_uses_world(world, tmp_path):
    (tmp_path / "out.csv").write_text("a,b")
    assert {ok}
'''


def test_module_directories_removed_unless_failed(tmp_path):
    tests = tmp_path / "t"
    tests.mkdir()
    (tests / "test_a.py").write_text(MODULE.format(name="world_a", ok="True"))
    (tests / "test_b.py").write_text(MODULE.format(name="world_b", ok="False"))
    (tests / "test_c.py").write_text(MODULE.format(name="world_c", ok="True")
                                     + "\ndef test_a_is_gone(tmp_path_factory):\n"
                                       "    names = [p.name for p in tmp_path_factory.getbasetemp().iterdir() if p.is_dir()]\n"
                                       "    assert not [n for n in names if n.startswith('world_a')], names\n")
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    base = tmp_path / "base"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    r = subprocess.run([sys.executable, "-m", "pytest", "-p", "tests._tmp_cleanup", "-p", "no:cacheprovider",
                        "-p", "no:xdist", "-c", str(tmp_path / "pytest.ini"), "--rootdir", str(tmp_path),
                        f"--basetemp={base}", "-q", str(tests)],
                       cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    # test_b fails on purpose; the others pass, test_c sees test_a's directories gone
    assert r.returncode == 1, r.stdout + r.stderr
    assert "1 failed, 3 passed" in r.stdout, r.stdout
    # (pytest 9 also makes a `world_acurrent` symlink to the newest `world_a<N>`: left dangling, not a directory)
    left = sorted(p.name for p in base.iterdir() if p.is_dir())
    assert any(n.startswith("world_b") for n in left), left          # the failed module's world is kept
    assert any(n.startswith("test_uses_world") for n in left), left  # ... and its test's tmp_path
    assert not any(n.startswith(("world_a", "world_c")) for n in left), left


def _fixture_scope(dec: ast.expr) -> str | None:
    if isinstance(dec, ast.Call):
        for kw in dec.keywords:
            if kw.arg == "scope" and isinstance(kw.value, ast.Constant):
                return kw.value.value
    return None


def test_no_session_fixture_makes_a_temporary_directory():
    """A session-scoped fixture's directory would be deleted at the end of the module that first asked for it,
    while later modules still use it."""
    offenders = []
    for path in sorted((ROOT / "tests").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            if any(_fixture_scope(d) == "session" for d in fn.decorator_list):
                names = {a.arg for a in fn.args.args}
                if names & {"tmp_path_factory", "tmpdir_factory"}:
                    offenders.append(f"{path.name}:{fn.name}")
    assert not offenders, f"session-scoped fixtures making temporary directories: {offenders}"
