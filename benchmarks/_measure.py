"""Wall time and peak memory per stage, without extra dependencies.

Peak RSS per stage uses Linux's resettable high-water mark: writing ``5`` to
``/proc/self/clear_refs`` resets ``VmHWM`` in ``/proc/self/status``, so the
peak read at the end of a stage is that stage's own peak (exact, no sampling
thread). Elsewhere it falls back to ``resource.getrusage`` (peak since process
start, so per-stage figures are upper bounds).
"""
from __future__ import annotations

import json
import os
import platform
import resource
import sys
import time
from pathlib import Path


def _status_kb(key: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def rss_mb() -> float:
    kb = _status_kb("VmRSS")
    return (kb or 0) / 1024


def reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def peak_mb() -> float:
    kb = _status_kb("VmHWM")
    if kb is None:
        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024


def kernel_counters() -> tuple[float, int]:
    """(system CPU seconds, minor page faults) of this process so far (all threads): on a VM whose
    fresh memory is expensive (docs/PERFORMANCE.md, session 30) these explain a stage's wall time."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_stime, r.ru_minflt


def cpu_seconds() -> float:
    """CPU time of this process (all threads) plus its finished child processes (the dense-core
    search's forked Leiden workers, ``communities.workers``)."""
    t = os.times()
    return time.process_time() + t.children_user + t.children_system


class StageMeter:
    """Callable as graphhunt's ``progress(name)`` hook: each call closes the previous stage.

    ``meter.stages`` is a list of ``{stage, seconds, cpu_s, sys_s, minor_faults, peak_rss_mb,
    rss_start_mb}`` (``cpu_s``: process CPU time, user + system, all threads, plus finished child
    processes -- the figure to compare when the machine is shared; ``sys_s`` and ``minor_faults``:
    this process's kernel time and page faults, the cost of touching fresh memory;
    ``peak_rss_mb`` is this process only: forked workers share its pages);
    ``meter.overall_peak_mb`` is the largest stage peak.
    """

    def __init__(self) -> None:
        self.stages: list[dict] = []
        self._name: str | None = None
        self._t0 = 0.0
        self._c0 = 0.0
        self._rss0 = 0.0
        self.exact = reset_peak()

    def __call__(self, name: str) -> None:
        self.close()
        if self.stages:  # progress on stderr: a run killed for memory still shows how far it got
            s = self.stages[-1]
            print(f"stage {s['stage']}: {s['seconds']} s, peak {s['peak_rss_mb']} MB", file=sys.stderr, flush=True)
        print(f"stage {name} starts, rss {rss_mb():.0f} MB", file=sys.stderr, flush=True)
        self._name = name
        self._rss0 = rss_mb()
        reset_peak()
        self._t0 = time.perf_counter()
        self._c0 = cpu_seconds()
        self._k0 = kernel_counters()

    def close(self) -> None:
        if self._name is None:
            return
        sys_s, faults = kernel_counters()
        self.stages.append({"stage": self._name, "seconds": round(time.perf_counter() - self._t0, 2),
                            "cpu_s": round(cpu_seconds() - self._c0, 2),
                            "sys_s": round(sys_s - self._k0[0], 2), "minor_faults": faults - self._k0[1],
                            "peak_rss_mb": round(peak_mb()), "rss_start_mb": round(self._rss0)})
        self._name = None

    @property
    def overall_peak_mb(self) -> float:
        return max((s["peak_rss_mb"] for s in self.stages), default=0)

    @property
    def total_cpu_seconds(self) -> float:
        return round(sum(s["cpu_s"] for s in self.stages), 2)

    @property
    def total_seconds(self) -> float:
        return round(sum(s["seconds"] for s in self.stages), 2)


def machine() -> dict:
    import os

    mem_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "mem_gb": mem_gb, "cpu": cpu, "python": platform.python_version(),
            "load_avg_at_start": list(os.getloadavg())}


def save_json(obj: dict, path: str | Path) -> None:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(json.dumps(obj, indent=2, default=str))
