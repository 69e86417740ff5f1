"""report.html in a real headless Chromium: no console errors, table and graphs present, sorting and paging work.

Skips (with the reason) when Chromium is not installed: `apt-get install -y chromium`.
"""
from __future__ import annotations

import json

import pytest

from _cdp import Browser, find_chromium
from _report_world import STANDARD, detect_into, shared_run
from graphhunt.sinks.report import write_report

pytestmark = pytest.mark.skipif(find_chromium() is None,
                                reason="chromium not installed (apt-get update && apt-get install -y chromium)")


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("browser")
    (base / "run").symlink_to(shared_run(**STANDARD), target_is_directory=True)
    detect_into(base / "w0", base / "empty", n_benign=40, ring_sizes=(), n_office=0,
                overrides=["prompts.enabled=false"])  # benign users share no payment or IP
    return base


@pytest.fixture(scope="module")
def browser():
    with Browser(width=1200, height=900) as b:
        yield b


def _visible_rows(b):
    return b.eval("Array.from(document.querySelectorAll('#rings-table tbody tr')).filter(r => !r.hidden)"
                  ".map(r => r.cells[1].textContent)")


def test_problem_detection_can_fail(browser, tmp_path):
    """The console/exception capture is real: a broken page is caught."""
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body><script>console.error('boom'); undefinedFunction();</script></body></html>")
    browser.open(bad.as_uri())
    probs = browser.problems
    assert any("boom" in p for p in probs) and any("undefinedFunction" in p for p in probs)


def test_report_renders_without_errors(browser, runs):
    browser.open((runs / "run" / "report.html").as_uri())
    assert browser.problems == []
    assert browser.eval("document.documentElement.getAttribute('data-report-ready')") == "1"  # script ran to the end
    n_rings = browser.eval("document.querySelectorAll('#rings-table tbody tr').length")
    assert n_rings >= 3
    assert browser.eval("document.querySelectorAll('svg.graph').length") == n_rings
    assert browser.eval("document.querySelectorAll('svg.graph circle').length") > 10
    # every chart is labelled for screen readers; decorative legend swatches are hidden from them
    assert browser.eval("document.querySelectorAll('svg:not([aria-hidden])').length") == \
        browser.eval("document.querySelectorAll('svg[role=img]').length")
    # laid out, not collapsed: the first member graph has a real size on screen
    box = browser.eval("JSON.stringify(document.querySelector('svg.graph').getBoundingClientRect())")
    assert json.loads(box)["width"] > 200


def test_sorting_paging_and_filtering(browser, runs):
    write_report(runs / "run", runs / "paged.html", page_size=2)  # beside the run, not inside it
    browser.open((runs / "paged.html").as_uri())
    assert browser.problems == []
    n = browser.eval("document.querySelectorAll('#rings-table tbody tr').length")
    first = _visible_rows(browser)
    assert len(first) == 2
    status = browser.eval("document.querySelector('#rings-pager .status').textContent")
    assert status.startswith(f"rows 1\u20132 of {n}")
    browser.eval("document.querySelector('#rings-pager [data-act=next]').click()")
    second = _visible_rows(browser)
    assert len(second) == min(2, n - 2) and not set(second) & set(first)
    # sort by size, ascending then descending (keyboard-reachable buttons in the headers)
    sizes = "Array.from(document.querySelectorAll('#rings-table tbody tr')).map(r => +r.cells[4].getAttribute('data-v'))"
    browser.eval("document.querySelectorAll('#rings-table th button')[4].click()")
    asc = browser.eval(sizes)
    assert asc == sorted(asc)
    assert browser.eval("document.querySelectorAll('#rings-table th')[4].getAttribute('aria-sort')") == "ascending"
    browser.eval("document.querySelectorAll('#rings-table th button')[4].click()")
    assert browser.eval(sizes) == sorted(asc, reverse=True)
    # flagged-only and a text filter
    browser.eval("var c = document.getElementById('rings-flagged-only'); c.checked = true;"
                 "c.dispatchEvent(new Event('change'))")
    browser.eval("var s = document.getElementById('rings-size'); s.value = '100'; s.dispatchEvent(new Event('change'))")
    vis = browser.eval("Array.from(document.querySelectorAll('#rings-table tbody tr')).filter(r => !r.hidden)"
                       ".map(r => r.cells[2].textContent)")
    assert vis and all("FLAGGED" in v for v in vis)
    browser.eval("var f = document.getElementById('rings-filter'); f.value = 'no-such-ring';"
                 "f.dispatchEvent(new Event('input'))")
    assert _visible_rows(browser) == []
    assert browser.eval("document.querySelector('#rings-pager .status').textContent") == "no matching rings"
    assert browser.problems == []


def test_zero_ring_report(browser, runs):
    browser.open((runs / "empty" / "report.html").as_uri())
    assert browser.problems == []
    assert "No rings found" in browser.eval("document.getElementById('rings-table').textContent")


def test_screenshot(browser, runs, tmp_path):
    browser.open((runs / "run" / "report.html").as_uri())
    png = browser.screenshot(tmp_path / "report.png")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
