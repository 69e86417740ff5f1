"""Small array helpers for hot paths.

numpy 2.4's ``np.unique(x)`` (no extra outputs) takes a hash-based path that
was measured 50-60x slower than sorting on 2M int64 keys (2.4-2.8 s against
0.04 s); with ``return_counts=True`` it sorts and is fast. :func:`unique_sorted`
always sorts.
"""
from __future__ import annotations

import os

import numpy as np

__all__ = ["unique_sorted", "stable_argsort", "release_memory", "memory_tight", "str_array", "mix64", "mix64_inplace"]


def stable_argsort(keys: np.ndarray, return_sorted: bool = False):
    """``np.argsort(keys, kind="stable")`` for non-negative integer keys, 4-6x faster.

    Sorts ``key * n + position`` with numpy's default (SIMD, unstable) sort: equal keys come out
    in position order, so the order is exactly the stable one (5M keys: 0.13 s against 0.69 s).
    Falls back to the stable argsort when the packed value would not fit in int64.
    ``return_sorted=True`` also returns ``keys[order]`` (as int64), which the packing gives for free.

    >>> stable_argsort(np.array([3, 1, 3, 0, 1])).tolist()
    [3, 1, 4, 0, 2]
    >>> stable_argsort(np.array([70_000, 1, 70_000, 0, 1])).tolist()
    [3, 1, 4, 0, 2]
    """
    keys = np.asarray(keys)
    n = len(keys)
    ints = n > 1 and keys.dtype.kind in "iu" and int(keys.min()) >= 0
    top = int(keys.max()) if ints else 0
    if ints and top < 2**16:
        # 16-bit keys (community labels of 100k accounts): numpy's stable sort of uint16 is a radix
        # sort, the same order (3.5M keys: 0.14 s against 0.27 s packed; keys that come sorted ~0)
        order = np.argsort(keys.astype(np.uint16), kind="stable")
        return (order, keys[order].astype(np.int64)) if return_sorted else order
    fits = ints and top < (2**63 - 1) // n - 1
    if not fits:
        order = np.argsort(keys, kind="stable")
        return (order, keys[order].astype(np.int64, copy=False)) if return_sorted else order
    packed = keys.astype(np.int64) * np.int64(n)
    packed += np.arange(n, dtype=np.int64)
    packed.sort()
    order = packed % n
    if not return_sorted:
        return order
    packed //= n
    return order, packed


def str_array(values: np.ndarray):
    """An object array of ``str`` as the array pandas would infer for it, converted by Arrow.

    ``pd.DataFrame({"c": values})`` checks every element in Python before handing the strings to
    Arrow (0.21 s for 2M IP-window labels); ``pa.array`` converts them in C++ (0.09 s). Same
    dtype and values. Anything Arrow does not read as strings with at least one present (all
    missing, bytes, mixed types), or Arrow missing, is returned unchanged, so pandas infers as
    before.
    """
    import pandas as pd

    dtype = pd.Series(["x"]).dtype
    if not (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow") or values.dtype != object or not len(values):
        return values
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - the pyarrow storage above implies pyarrow
        return values
    try:
        arr = pa.array(values, from_pandas=True)  # inferred: str -> string, bytes -> binary, all None -> null
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return values
    if not pa.types.is_string(arr.type) and not pa.types.is_large_string(arr.type):
        return values
    return pd.array(arr, dtype=dtype)


def unique_sorted(x: np.ndarray) -> np.ndarray:
    """Sorted distinct values of ``x`` (same result as ``np.unique(x)`` for numeric arrays).

    >>> unique_sorted(np.array([3, 1, 3, 2])).tolist()
    [1, 2, 3]
    """
    s = np.sort(np.asarray(x).ravel())
    if len(s) == 0:
        return s
    return s[np.r_[True, s[1:] != s[:-1]]]


#: release only when the process holds at least this share of the memory it could use
#: (its resident set plus the system's available memory)
RELEASE_SHARE = 0.25


def memory_tight(share: float = RELEASE_SHARE) -> bool:
    """Whether this process's resident set is at least ``share`` of the memory it could use
    (resident + ``MemAvailable``). True where that cannot be read (not Linux)."""
    try:
        with open("/proc/self/statm", "rb") as f:
            rss = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        with open("/proc/meminfo", "rb") as f:
            avail = next(int(line.split()[1]) * 1024 for line in f if line.startswith(b"MemAvailable:"))
    except (OSError, StopIteration, ValueError, IndexError):
        return True
    avail = min(avail, _cgroup_headroom())  # a container's memory limit, when it is the tighter one
    return rss >= share * (rss + avail)


def _cgroup_headroom() -> float:
    """Bytes left under this process's cgroup memory limit, v2 or v1 (inf when there is none)."""
    try:
        with open("/proc/self/cgroup", "rb") as f:
            lines = f.read().decode().splitlines()
    except OSError:
        return float("inf")
    heads = []
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        if parts[0] == "0" and parts[1] == "":  # v2
            base = "/sys/fs/cgroup" + parts[2].rstrip("/")
            heads.append(_headroom(base + "/memory.max", base + "/memory.current"))
        elif "memory" in parts[1].split(","):  # v1
            base = "/sys/fs/cgroup/memory" + parts[2].rstrip("/")
            heads.append(_headroom(base + "/memory.limit_in_bytes", base + "/memory.usage_in_bytes"))
    return min(heads, default=float("inf"))


def _headroom(limit_file: str, usage_file: str) -> float:
    try:
        with open(limit_file, "rb") as f:
            limit = f.read().strip()
        if limit == b"max" or int(limit) >= 2**60:  # v2 "max", v1's page-rounded 2**63
            return float("inf")
        with open(usage_file, "rb") as f:
            return max(int(limit) - int(f.read().strip()), 0)
    except (OSError, ValueError):
        return float("inf")


def in_sorted(x: np.ndarray, sorted_arr: np.ndarray) -> np.ndarray:
    """``np.isin`` against a sorted array by binary search.

    numpy 2.4's ``np.isin``/``np.unique`` on large uint64 arrays were measured
    10-80x slower than sorting (hash-based path), so hot paths here avoid them.
    """
    if len(sorted_arr) == 0:
        return np.zeros(len(x), bool)
    pos = np.minimum(np.searchsorted(sorted_arr, x), len(sorted_arr) - 1)
    return sorted_arr[pos] == x


def release_memory(force: bool = False) -> None:
    """Hand freed memory back to the OS between pipeline stages, when memory is tight.

    Arrow's allocator (mimalloc/jemalloc) and glibc keep freed blocks for
    reuse: at 30k accounts the loaded events held ~330 MB of freed Arrow
    memory on top of a 400 MB resident set. Releasing them at stage ends keeps
    the next stage's peak from stacking on the previous stage's garbage.

    Releasing has a price: a full garbage collection, and every page given back
    is a fresh page for the next stage, which the kernel must zero on first
    touch (on the 2-core VM of the benchmarks that zeroing was a quarter of a
    100k-account refresh). So it runs only when the process holds at least
    ``RELEASE_SHARE`` of the memory it could use (:func:`memory_tight`), or
    when ``force`` is set. Results do not depend on it.
    """
    if not force and not memory_tight():
        return
    import gc

    gc.collect()
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except Exception:  # pragma: no cover - pyarrow missing or an allocator without the call
        pass
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        pass


def mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser, vectorised (uint64 in, uint64 out)."""
    with np.errstate(over="ignore"):
        z = np.array(x, dtype=np.uint64, copy=True)  # in place from here: one temporary at a time
        if z.ndim and len(z) > 1 << 16:
            return mix64_inplace(z)
        z += np.uint64(0x9E3779B97F4A7C15)
        z ^= z >> np.uint64(30)
        z *= np.uint64(0xBF58476D1CE4E5B9)
        z ^= z >> np.uint64(27)
        z *= np.uint64(0x94D049BB133111EB)
        z ^= z >> np.uint64(31)
        return z if z.ndim else z[()]


def mix64_inplace(z: np.ndarray, tmp: np.ndarray | None = None) -> np.ndarray:
    """:func:`mix64` of a uint64 array, written over ``z`` (returned); ``tmp``, a uint64 array of the same
    shape, is the scratch space (allocated when None). Same values as ``mix64(z)``: the shifts go to one
    reused buffer instead of a new array per step (each a fresh allocation, 40 MB per 5M values, whose
    pages are faulted in again), and the input is not copied.
    """
    if tmp is None:
        tmp = np.empty_like(z)
    with np.errstate(over="ignore"):
        z += np.uint64(0x9E3779B97F4A7C15)
        np.right_shift(z, np.uint64(30), out=tmp)
        z ^= tmp
        z *= np.uint64(0xBF58476D1CE4E5B9)
        np.right_shift(z, np.uint64(27), out=tmp)
        z ^= tmp
        z *= np.uint64(0x94D049BB133111EB)
        np.right_shift(z, np.uint64(31), out=tmp)
        z ^= tmp
    return z
