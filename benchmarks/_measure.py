"""Wall time and peak memory per stage, without extra dependencies.

Peak RSS per stage uses Linux's resettable high-water mark: writing ``5`` to
``/proc/self/clear_refs`` resets ``VmHWM`` in ``/proc/self/status``, so the
peak read at the end of a stage is that stage's own peak (exact for this
process and all its threads). Elsewhere it falls back to ``resource.getrusage``
(peak since process start, so per-stage figures are upper bounds).

Child processes (graphhunt's forked dense-core workers) have their own address
spaces, which ``VmHWM`` does not see: a light thread samples their private
memory (``smaps_rollup`` Private_Clean + Private_Dirty; the pages they share
with this process are already in its RSS) every 0.5 s, and a stage's peak is
counted as this process's peak plus the workers' sampled peak (an upper bound).

``StageMeter(from_process_start=True)`` opens a first stage, ``start``, at the
moment the process started (``/proc/self/stat``), so interpreter start, imports
and set-up are timed too, as a user running the command waits for them.
"""
from __future__ import annotations

import json
import os
import platform
import resource
import sys
import threading
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


def process_age_s() -> float | None:
    """Seconds since this process started (Linux, 10 ms resolution); None elsewhere."""
    try:
        stat = Path("/proc/self/stat").read_text()
        start_ticks = int(stat[stat.rindex(")") + 2:].split()[19])  # field 22, starttime
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return max(0.0, uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return None


def _children(pid: int | str = "self") -> list[int]:
    out: list[int] = []
    try:
        for t in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{t}/children") as f:
                    out += [int(x) for x in f.read().split()]
            except OSError:
                continue
    except OSError:
        pass
    return out


def _private_kb(pid: int) -> int:
    kb = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith(("Private_Clean:", "Private_Dirty:")):
                    kb += int(line.split()[1])
    except (OSError, ValueError):
        pass
    return kb


def descendants_private_kb() -> int:
    """Private memory (kB) of all this process's descendants, now."""
    total, stack = 0, _children()
    while stack:
        c = stack.pop()
        total += _private_kb(c)
        stack += _children(c)
    return total


class _ChildSampler(threading.Thread):
    """Peak private memory of the child processes, sampled; ``take()`` returns and resets it."""

    # 0.5 s: reading smaps_rollup walks a worker's page tables; at 25 ms the sampler cost the 100k run's
    # score stage 3.3 s of system time (session 57), charged to the detect it measures
    def __init__(self, interval: float = 0.5) -> None:
        super().__init__(daemon=True, name="bench-child-memory")
        self.interval = interval
        self._peak_kb = 0
        self._lock = threading.Lock()
        self._halt = threading.Event()  # not _stop: Thread._stop is a method the forked children call

    def run(self) -> None:
        while not self._halt.wait(self.interval):
            kb = descendants_private_kb()
            with self._lock:
                self._peak_kb = max(self._peak_kb, kb)

    def take(self) -> int:
        kb = descendants_private_kb()
        with self._lock:
            kb, self._peak_kb = max(self._peak_kb, kb), 0
        return kb

    def stop(self) -> None:
        self._halt.set()


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
    rss_start_mb, children_private_mb}`` (``cpu_s``: process CPU time, user + system, all threads, plus
    finished child processes -- the figure to compare when the machine is shared; ``sys_s`` and
    ``minor_faults``: this process's kernel time and page faults, the cost of touching fresh memory;
    ``peak_rss_mb`` is this process (all threads); ``children_private_mb`` the sampled peak of its child
    processes' own pages, e.g. forked workers);
    ``meter.overall_peak_mb`` is the largest stage peak of the two together.

    ``from_process_start``: the first stage, ``start``, begins when the process started (interpreter,
    imports, set-up), so ``total_seconds`` is what a user of the command waits for.
    """

    def __init__(self, from_process_start: bool = False) -> None:
        self.stages: list[dict] = []
        self._name: str | None = None
        self._t0 = 0.0
        self._c0 = 0.0
        self._rss0 = 0.0
        self._sampler = _ChildSampler() if Path("/proc/self/task").is_dir() else None
        if self._sampler is not None:
            self._sampler.start()
        age = process_age_s() if from_process_start else None
        if age is not None:
            # no reset of the peak here: the start stage's peak is the process's since it began
            self._name = "start"
            self._t0 = time.perf_counter() - age
            self._c0 = 0.0  # process_time() counts from the process's start
            self._k0 = (0.0, 0)
            self.exact = Path("/proc/self/clear_refs").exists()
        else:
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
        kids_kb = self._sampler.take() if self._sampler is not None else 0
        self.stages.append({"stage": self._name, "seconds": round(time.perf_counter() - self._t0, 2),
                            "cpu_s": round(cpu_seconds() - self._c0, 2),
                            "sys_s": round(sys_s - self._k0[0], 2), "minor_faults": faults - self._k0[1],
                            "peak_rss_mb": round(peak_mb()), "rss_start_mb": round(self._rss0),
                            "children_private_mb": round(kids_kb / 1024)})
        self._name = None

    def finish(self) -> None:
        """Close the last stage and stop the child-memory sampler."""
        self.close()
        if self._sampler is not None:
            self._sampler.stop()

    @property
    def overall_peak_mb(self) -> float:
        """The largest stage peak of this process plus its child processes' (an upper bound for the two)."""
        return max((s["peak_rss_mb"] + s.get("children_private_mb", 0) for s in self.stages), default=0)

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
