"""Build docs/img/report.png: a screenshot of report.html in headless Chromium.

Usage (from the repository root)::

    python docs/build_screenshot.py                 # data/sample, or a generated world
    python docs/build_screenshot.py --run out/      # an existing run directory

Needs Chromium (``apt-get install -y chromium``). The screenshot shows the top
of the page (summary, plots, ring table, first ring's details).
"""
from __future__ import annotations

import argparse
import logging
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

log = logging.getLogger("build_screenshot")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def _world(tmp: Path) -> tuple[Path, Path | None]:
    sample = ROOT / "data" / "sample"
    ev = next((sample / n for n in ("events.csv", "events.csv.gz", "events.parquet") if (sample / n).exists()), None)
    if ev is not None:
        acc = sample / "accounts.csv"
        return ev, acc if acc.exists() else None
    try:
        from graphhunt.simulate import simulate, write_scenario

        write_scenario(simulate(n_accounts=3000, seed=7), tmp / "world")
        return tmp / "world" / "events.csv", tmp / "world" / "accounts.csv"
    except ImportError:  # simulator not in this checkout: the tests' small world
        sys.path.insert(0, str(ROOT / "tests"))
        from _report_world import make_world

        return make_world(tmp / "world", n_benign=300, ring_sizes=(14, 9, 30), n_office=25, n_pairs=2)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--run", type=Path, help="existing run directory (default: detect on sample data)")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "img" / "report.png")
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=2500)
    a = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    exe = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
    if not exe:
        log.error("chromium not found: apt-get install -y chromium")
        return 2
    from graphhunt.sinks.report import write_report

    with tempfile.TemporaryDirectory(prefix="gh-shot-") as t:
        tmp = Path(t)
        run = a.run
        if run is None:
            from graphhunt.cli.detect import run_detect

            ev, acc = _world(tmp)
            run = tmp / "run"
            run_detect(ev, run, acc, report=False)
        # 8 rows a page, so the first ring's details fit in the picture
        page = write_report(run, tmp / "report.html", title="graphhunt report (sample data)", page_size=8)
        a.out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([exe, *FLAGS, f"--user-data-dir={tmp / 'profile'}", f"--window-size={a.width},{a.height}",
                        f"--screenshot={a.out.resolve()}", page.as_uri()], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    log.info("wrote %s", a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
