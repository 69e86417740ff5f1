"""A test module's temporary directories are deleted when the module is done, unless one of its tests failed.

The slow suite generates some thirty worlds in module-scoped fixtures, up to 0.5 GB each. Kept to the end of
the run they took 4.2 GB at once, and together with the directories pytest keeps from earlier runs a CI
machine's disk filled up (``No space left on device`` in the world tests). ``tests/conftest.py`` imports the
fixture and the hook from here; ``tests/test_tmp_cleanup.py`` runs them as a plugin on small test modules.
"""
from __future__ import annotations

import shutil

import pytest

#: names of the test modules with a failed test in this process: their directories are kept to look at
FAILED_MODULES: set[str] = set()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    if outcome.get_result().failed:
        FAILED_MODULES.add(item.module.__name__)


@pytest.fixture(scope="module", autouse=True)
def _module_tmp_removed(request, tmp_path_factory):
    """Delete the directories made under the basetemp while this module ran (``tmp_path_factory.mktemp`` and
    ``tmp_path`` both make them directly under it). A session-scoped fixture must therefore not make one: it
    would be deleted while later modules still use it (test_tmp_cleanup.py checks that none does)."""
    base = tmp_path_factory.getbasetemp()
    before = {p.name for p in base.iterdir()}
    yield
    if request.module.__name__ in FAILED_MODULES:
        return
    for p in base.iterdir():
        if p.name not in before and p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
