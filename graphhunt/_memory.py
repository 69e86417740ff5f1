"""Process-wide memory settings for a command-line run: fresh pages without huge-page advice, freed
memory kept for reuse.

A run allocates and frees gigabytes of short-lived arrays (tokens and shingles per chunk of prompts,
sort keys, edge lists). On the 2-core virtual machine the targets are set on, how those pages reach
the process costs more than the work on them (docs/PERFORMANCE.md, "Session 29"):

- numpy advises the kernel to back every array of 4 MB or more with transparent huge pages
  (``madvise(MADV_HUGEPAGE)``), and pyarrow's default allocator (mimalloc) does the same for its
  segments. With the kernel's THP ``defrag`` setting ``madvise`` (the default of many distributions),
  each such fault compacts memory synchronously to find 2 MB of contiguous pages: first-touching 1 GB
  took 13-16 s of system time there, against 0.4-0.5 s with ordinary pages;
- glibc returns a freed array of more than 32 MB to the kernel at once (``munmap``), so the next array
  of that size faults its pages in again; on a VM whose balloon reports free pages to the host, each
  such page is a host fault too.

:func:`tune_memory` turns numpy's huge-page advice off, makes Arrow allocate from jemalloc (else the
system allocator), and tells glibc to serve arrays up to 1 GB from its heap and to keep up to 2 GB of
freed heap for reuse. The 100k-account benchmark (``bench_detect.py 100000``, back to back) went from
107-110 s to 62-66 s in one host period at the same peak memory (2.5-2.6 GB). The settings change this process's
allocators, so the command line applies them (:func:`graphhunt.cli.main`) and the library does not: a
notebook may call ``graphhunt.tune_memory()`` itself, once, before its large runs. ``GRAPHHUNT_MEMORY_TUNING=0`` leaves everything as it is.
"""
from __future__ import annotations

import ctypes
import logging
import os
import sys
from typing import Any

log = logging.getLogger(__name__)

__all__ = ["tune_memory", "applied"]

#: glibc mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
#: arrays up to this size come from the heap (and are reused there) rather than their own mapping
MMAP_THRESHOLD = 1 << 30
#: freed memory at the top of the heap kept for reuse before it is returned to the kernel
TRIM_THRESHOLD = (1 << 31) - 1

_APPLIED: dict[str, Any] = {}


def applied() -> dict[str, Any]:
    """What :func:`tune_memory` set in this process (empty if it did not run); stored in run.json."""
    return dict(_APPLIED)


def tune_memory() -> dict[str, Any]:
    """Apply the settings described in the module doc to this process; returns what was set.

    Each setting is independent and skipped where the platform lacks it (numpy without its huge-page
    switch, a pyarrow without jemalloc, a C library other than glibc). Idempotent.
    """
    if os.environ.get("GRAPHHUNT_MEMORY_TUNING", "1").strip().lower() in ("0", "false", "no", "off"):
        return {}
    done: dict[str, Any] = {}
    try:
        try:
            from numpy._core import multiarray as _ma  # numpy 2
        except ImportError:  # pragma: no cover - numpy 1.x
            from numpy.core import multiarray as _ma  # type: ignore[no-redef]
        _ma._set_madvise_hugepage(False)
        done["numpy_hugepages"] = False
    except (ImportError, AttributeError):  # pragma: no cover - a numpy without the switch
        pass
    try:
        import pyarrow as pa

        try:
            pool = pa.jemalloc_memory_pool()
        except NotImplementedError:  # pragma: no cover - a pyarrow built without jemalloc
            pool = pa.system_memory_pool()
        pa.set_memory_pool(pool)
        done["arrow_pool"] = pool.backend_name
    except ImportError:  # pragma: no cover - pyarrow is a core dependency
        pass
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None)
            if hasattr(libc, "gnu_get_libc_version"):  # glibc (musl has mallopt as a no-op stub)
                ok = (libc.mallopt(_M_MMAP_THRESHOLD, ctypes.c_int(MMAP_THRESHOLD)) == 1
                      and libc.mallopt(_M_TRIM_THRESHOLD, ctypes.c_int(TRIM_THRESHOLD)) == 1)
                if ok:
                    done["glibc_mmap_threshold"] = MMAP_THRESHOLD
                    done["glibc_trim_threshold"] = TRIM_THRESHOLD
        except (OSError, AttributeError):  # pragma: no cover
            pass
    _APPLIED.update(done)
    log.debug("memory settings: %s", done)
    return done
