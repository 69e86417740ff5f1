"""What fresh memory costs this process: first touch of 1 GB with and without huge-page advice.

graphhunt/_memory.py turns numpy's transparent-huge-page advice off for command-line runs. This script
shows why on a given machine: each case runs in a fresh process, allocates a 1 GB numpy array of ones
(every page touched once) three times, and reports wall time, system time and page faults. With
``/sys/kernel/mm/transparent_hugepage/defrag`` at ``madvise`` a huge-page-advised fault may compact
memory synchronously; on the 2-core VM of docs/PERFORMANCE.md that made the first gigabyte cost
13-16 s of system time instead of 0.4 s.

    python benchmarks/bench_memory.py [--gb 1] [--pause 15]

``--pause`` seconds between cases lets the kernel (and a VM's balloon) settle, so a case does not
reuse the pages the previous one just freed.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
import numpy as np
try:
    from numpy._core import multiarray as ma
except ImportError:
    from numpy.core import multiarray as ma
ma._set_madvise_hugepage(sys.argv[1] == "1")
n = int(float(sys.argv[2]) * (1 << 27))  # float64 elements
out = []
for i in range(3):
    r0 = resource.getrusage(resource.RUSAGE_SELF); t = time.perf_counter()
    x = np.ones(n)
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    out.append({"wall_s": round(time.perf_counter() - t, 3), "sys_s": round(r1.ru_stime - r0.ru_stime, 3),
                "user_s": round(r1.ru_utime - r0.ru_utime, 3), "faults": r1.ru_minflt - r0.ru_minflt})
    del x
print(json.dumps(out))
"""


def _read(path: str) -> str:
    try:
        return Path(path).read_text().strip()
    except OSError:
        return "n/a"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gb", type=float, default=1.0)
    ap.add_argument("--pause", type=float, default=15.0)
    a = ap.parse_args()
    res = {"thp_enabled": _read("/sys/kernel/mm/transparent_hugepage/enabled"),
           "thp_defrag": _read("/sys/kernel/mm/transparent_hugepage/defrag"), "gb": a.gb, "cases": {}}
    for i, (name, flag) in enumerate((("no advice", "0"), ("huge-page advice (numpy default)", "1"),
                                      ("no advice, again", "0"))):
        if i:
            time.sleep(a.pause)
        p = subprocess.run([sys.executable, "-c", CHILD, flag, str(a.gb)], capture_output=True, text=True, check=True)
        res["cases"][name] = json.loads(p.stdout)
        first = res["cases"][name][0]
        print(f"{name:34s} first touch: wall {first['wall_s']:6.2f} s  sys {first['sys_s']:6.2f} s  "
              f"faults {first['faults']:>8,}   (then {res['cases'][name][1]['wall_s']:.2f} s, "
              f"{res['cases'][name][2]['wall_s']:.2f} s)", flush=True)
    print(json.dumps(res))


if __name__ == "__main__":
    main()
