"""Address enrichment: which autonomous system (network operator) announces an IPv4 address.

A university's network is its own: students, labs and courses reach the platform through addresses
their institution's autonomous system announces, and so does nobody else. ``scoring.academic_network_org``
reads an account that sends most of its requests from one academic AS (its name says university,
college, institute of technology, research and education network, ...) as a member of that
institution, as an academic e-mail domain does (``scoring.academic_domain_org``).

The table is the user's own (``input.asn_db``): a prefix -> AS number file in the format the ``pyasn``
package reads (``; comment`` lines, then ``a.b.c.d/len<TAB>asn``; gzip or plain) and a JSON file of AS
names (``{"64500": "EXAMPLE-U - Example University, US"}``). ``"auto"`` uses ``$GRAPHHUNT_ASN_DB`` (and
``$GRAPHHUNT_ASN_NAMES``, else ``asnames.json.gz`` beside it) or, failing that, the reference data beside a
development checkout (``ip/pyasn/`` under :func:`graphhunt.simulate.default_data_dir`); without either,
no address is enriched and run.json says so. Lookup is vectorised: one ``searchsorted`` per prefix length
present, longest prefix first.

An AS table ages: address blocks change hands (MIT's 18.0.0.0/8 went to a cloud provider in 2017), and a
stale table would place a ring on rented servers in a university. ``input.hosting_ranges`` lists the
published ranges of hosting, cloud and VPN providers (one CIDR per line; files or directories of ``*.txt``
files): an address in one of them is never read as academic, whatever the AS table says. ``"auto"`` uses
``$GRAPHHUNT_HOSTING_RANGES`` or the reference lists beside a development checkout (``ip/vpn/`` and
``ip/cloud/``).
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import io
import json
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

log = logging.getLogger(__name__)

__all__ = ["AsnTable", "ACADEMIC_AS_NAME", "HostingRanges", "OFF_SETTINGS", "account_academic_network",
           "cached_asn_table", "cached_hosting_ranges", "hosting_paths", "ipv4_to_int", "load_asn_table", "load_hosting_ranges",
           "resolve_asn_files", "resolve_hosting_files"]

#: an AS name that says the network is an academic institution's (or a national research and education
#: network's): its users are the institution's people
ACADEMIC_AS_NAME = (r"universit|\bcolleges?\b|institute of technology|polytechn|hochschule|universidad|universidade|"
                    r"uniwersytet|research and education|research & education|academic network|\bnren\b|"
                    r"\bsunet\b|\bjanet\b|renater|rediris|\bdfn\b|internet2|\bgarr\b|\bsurfnet\b|\baarnet\b|"
                    r"\bcernet\b|\bcanarie\b|\bredclara\b|\bgeant\b")


#: ``input.asn_db`` / ``input.asn_names`` values that mean "no file" (anything else but "auto" is a path)
OFF_SETTINGS = ("", "off", "none")

_TO_TABS = str.maketrans({".": "\t", "/": "\t"})


@dataclass
class AsnTable:
    """IPv4 prefixes (start address, length, AS number) and AS names, with where they came from."""

    start: np.ndarray  # uint32 network addresses
    plen: np.ndarray  # prefix lengths
    asn: np.ndarray  # int64 AS numbers
    names: dict[int, str]
    source: dict
    _index: list | None = field(default=None, repr=False, compare=False)
    _academic: dict = field(default_factory=dict, repr=False, compare=False)

    def lookup(self, ips: np.ndarray) -> np.ndarray:
        """AS number per address (int64; -1 for an address no prefix covers or that is not IPv4).

        ``ips`` holds integer IPv4 addresses (-1 for none), as :func:`ipv4_to_int` gives them.

        >>> t = AsnTable(np.array([167772160, 167837696], np.int64), np.array([8, 16]), np.array([1, 2]), {}, {})
        >>> t.lookup(ipv4_to_int(pd.Series(["10.1.2.3", "10.2.0.1", "11.0.0.1"]))).tolist()
        [2, 1, -1]
        """
        ips = np.asarray(ips, np.int64)
        out = np.full(len(ips), -1, np.int64)
        for p, starts, asns in self._by_length():  # longest prefix first
            todo = np.flatnonzero((out < 0) & (ips >= 0))
            if not len(todo):
                break
            key = ips[todo] & ((0xFFFFFFFF << (32 - int(p))) & 0xFFFFFFFF)
            pos = np.minimum(np.searchsorted(starts, key), len(starts) - 1)
            hit = starts[pos] == key
            out[todo[hit]] = asns[pos[hit]]
        return out

    def _by_length(self) -> list[tuple[int, np.ndarray, np.ndarray]]:
        """Per prefix length, longest first: the sorted network addresses and their AS numbers (built once
        per table: a table kept by :func:`cached_asn_table` serves every run of a process)."""
        if self._index is None:
            index = []
            for p in np.unique(self.plen)[::-1]:
                sel = self.plen == p
                order = np.argsort(self.start[sel], kind="stable")
                index.append((int(p), self.start[sel][order], self.asn[sel][order]))
            self._index = index
        return self._index

    def academic(self, pattern: str = ACADEMIC_AS_NAME) -> np.ndarray:
        """The AS numbers whose names match ``pattern`` (case-insensitive), sorted (kept per pattern)."""
        if pattern not in self._academic:
            import pyarrow as pa
            import pyarrow.compute as pc

            # RE2 over all names at once (77,586 names: 0.02 s, against 1.2 s for a Python loop with re)
            numbers = np.fromiter(self.names.keys(), np.int64, len(self.names))
            hit = pc.match_substring_regex(pa.array(list(self.names.values()), pa.string()), pattern, ignore_case=True)
            self._academic[pattern] = np.sort(numbers[hit.to_numpy(zero_copy_only=False)])
        return self._academic[pattern]


def ipv4_to_int(ips: pd.Series) -> np.ndarray:
    """Dotted IPv4 text -> int64 (-1 for anything else: IPv6, missing, malformed).

    >>> ipv4_to_int(pd.Series(["10.0.0.1", "2001:db8::1", None, "300.1.1.1", "1.2.3"])).tolist()
    [167772161, -1, -1, -1, -1]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(pd.Series(ips, dtype="string").to_numpy(object), type=pa.string(), from_pandas=True)
    from .io import _CANON_V4  # the loader's canonical IPv4 form: the addresses events arrive in

    arr = pc.utf8_trim_whitespace(arr)
    ok = pc.fill_null(pc.match_substring_regex(arr, _CANON_V4), False)
    parts = pc.split_pattern(pc.if_else(ok, arr, "0.0.0.0"), ".")
    o = pc.cast(pc.list_flatten(parts), pa.int64()).to_numpy().reshape(-1, 4)
    ok = ok.to_numpy(zero_copy_only=False)
    val = (o[:, 0] << 24) | (o[:, 1] << 16) | (o[:, 2] << 8) | o[:, 3]
    return np.where(ok, val, -1).astype(np.int64)


def _open_text(path: Path):
    with open(path, "rb") as fh:
        gz = fh.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rt", encoding="utf-8") if gz else open(path, encoding="utf-8")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def resolve_asn_files(setting: str, names_setting: str = "auto") -> tuple[Path, Path | None] | None:
    """The prefix table and names file ``input.asn_db`` / ``input.asn_names`` point to, or None (off).

    ``""`` or ``"off"``: none. ``"auto"``: ``$GRAPHHUNT_ASN_DB`` if set, else the reference data beside a
    development checkout, else none. A names setting of ``"auto"`` takes ``$GRAPHHUNT_ASN_NAMES``, else
    ``asnames.json.gz`` (or ``.json``) beside the table. An explicit path that does not exist is an error
    (the caller reports it with the setting's name)."""
    setting = (setting or "").strip()
    if setting.lower() in OFF_SETTINGS:
        return None
    if setting.lower() == "auto":
        env = os.environ.get("GRAPHHUNT_ASN_DB")
        if env:
            db = Path(env)
        else:
            from .simulate import default_data_dir

            base = default_data_dir()
            db = base / "ip" / "pyasn" / "ipasn_20140513.dat.gz" if base is not None else None
            if db is None or not db.is_file():
                return None
    else:
        db = Path(setting).expanduser()
    if not db.is_file():
        raise FileNotFoundError(f"input.asn_db: no file {db} (a pyasn-format prefix table; \"off\" to run without)")
    names_setting = (names_setting or "").strip()
    if names_setting.lower() == "auto":
        env = os.environ.get("GRAPHHUNT_ASN_NAMES")
        if env:
            names = Path(env)
        else:
            names = next((db.parent / n for n in ("asnames.json.gz", "asnames.json") if (db.parent / n).is_file()), None)
    elif names_setting.lower() in OFF_SETTINGS:
        names = None
    else:
        names = Path(names_setting).expanduser()
    if names is not None and not names.is_file():
        raise FileNotFoundError(f"input.asn_names: no file {names} (a JSON object of AS number -> name)")
    return db, names


def load_asn_table(db: str | Path, names: str | Path | None = None) -> AsnTable:
    """Read a pyasn-format prefix table (IPv4 rows; others skipped) and an optional AS-names JSON."""
    db = Path(db)
    with _open_text(db) as fh:
        text = fh.read()
    # one C parse of six integer columns: "a.b.c.d/len<TAB>asn" with the dots and the slash as tabs;
    # comment lines and anything that is not an IPv4 row (an IPv6 prefix) are dropped first
    text = re.sub(r"(?m)^(?:;|[^\n]*:)[^\n]*\n?", "", text).translate(_TO_TABS)
    cols = pd.read_csv(io.StringIO(text), sep="\t", header=None, names=["a", "b", "c", "d", "plen", "asn"],
                       engine="c", on_bad_lines="skip")
    cols = cols.apply(pd.to_numeric, errors="coerce").dropna()
    v = cols.to_numpy(np.int64)
    good = (v[:, :4] <= 255).all(axis=1) & (v >= 0).all(axis=1) & (v[:, 4] <= 32)
    v = v[good]
    start = (v[:, 0] << 24) | (v[:, 1] << 16) | (v[:, 2] << 8) | v[:, 3]
    plen, asn = v[:, 4], v[:, 5]
    start = start & ((0xFFFFFFFF << (32 - plen)) & 0xFFFFFFFF)  # a prefix written with host bits set
    name_map: dict[int, str] = {}
    if names is not None:
        with _open_text(Path(names)) as fh:
            data = json.load(fh)
        name_map = {int(k): str(v) for k, v in data.items() if str(k).isdigit() and v is not None}
    # (the SHA-256s: --config OUT/run.json reads the same files again only while they are unchanged)
    source = {"path": str(db), "sha256": _sha256(db), "prefixes": int(len(start)),
              "names": str(names) if names is not None else None, "n_names": len(name_map),
              "names_sha256": _sha256(Path(names)) if names is not None else None}
    return AsnTable(start=start, plen=plen, asn=asn, names=name_map, source=source)


@functools.lru_cache(maxsize=2)
def _cached(db: str, mtime: float, names: str | None, names_mtime: float) -> AsnTable:
    return load_asn_table(db, names)


def cached_asn_table(db: Path, names: Path | None) -> AsnTable:
    """:func:`load_asn_table`, kept while the files are unchanged (a refresh job or a notebook that runs
    detect again does not parse the table again)."""
    return _cached(str(db), db.stat().st_mtime, str(names) if names is not None else None,
                   names.stat().st_mtime if names is not None else 0.0)


@dataclass
class HostingRanges:
    """Disjoint, sorted IPv4 intervals ``[start, end]`` of hosting, cloud and VPN providers."""

    start: np.ndarray  # int64, sorted
    end: np.ndarray  # int64, inclusive
    source: dict

    def contains(self, ips: np.ndarray) -> np.ndarray:
        """True per integer address (:func:`ipv4_to_int`; -1 for none) that lies in a range.

        >>> r = HostingRanges(np.array([10, 20]), np.array([15, 20]), {})
        >>> r.contains(np.array([9, 10, 15, 16, 20, -1])).tolist()
        [False, True, True, False, True, False]
        """
        ips = np.asarray(ips, np.int64)
        if not len(self.start):
            return np.zeros(len(ips), bool)
        pos = np.searchsorted(self.start, ips, side="right") - 1
        ok = pos >= 0
        return ok & (ips >= 0) & (ips <= self.end[np.maximum(pos, 0)])


def _range_files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        out.extend(sorted(q for q in p.rglob("*.txt") if q.is_file()) if p.is_dir() else [p])
    return out


def hosting_paths(setting: str) -> list[Path]:
    """The paths an explicit ``input.hosting_ranges`` value names (comma-separated)."""
    return [Path(x.strip()).expanduser() for x in setting.split(",") if x.strip()]


def resolve_hosting_files(setting: str) -> list[Path] | None:
    """The CIDR list files ``input.hosting_ranges`` points to (comma-separated files or directories of
    ``*.txt``), or None (off). ``"auto"``: ``$GRAPHHUNT_HOSTING_RANGES`` if set, else the reference lists
    beside a development checkout (``ip/vpn/x4b_datacenter_ipv4.txt``, ``x4b_vpn_ipv4.txt`` and
    ``ip/cloud/``), else none. A path that does not exist is an error."""
    setting = (setting or "").strip()
    if setting.lower() in OFF_SETTINGS:
        return None
    if setting.lower() == "auto":
        env = os.environ.get("GRAPHHUNT_HOSTING_RANGES")
        if env:
            setting = env
        else:
            from .simulate import default_data_dir

            base = default_data_dir()
            if base is None:
                return None
            found = [q for q in (base / "ip" / "vpn" / "x4b_datacenter_ipv4.txt", base / "ip" / "vpn" / "x4b_vpn_ipv4.txt",
                                 base / "ip" / "cloud") if q.exists()]
            return _range_files(found) or None
    paths = hosting_paths(setting)
    missing = [str(q) for q in paths if not q.exists()]
    if missing:
        raise FileNotFoundError(f"input.hosting_ranges: no file or directory {', '.join(missing)} (CIDR lists of "
                                f"hosting, cloud and VPN ranges; \"off\" to run without)")
    return _range_files(paths) or None


def hosting_digest(files: list[Path]) -> str:
    """The SHA-256 that ``load_hosting_ranges`` records for a list of files (of their SHA-256s, in order)."""
    digest = hashlib.sha256()
    for f in files:
        digest.update(_sha256(Path(f)).encode())
    return digest.hexdigest()


def load_hosting_ranges(files: list[Path]) -> HostingRanges:
    """Read CIDR lists (``a.b.c.d/len`` or a bare address per line; ``#`` comments, IPv6 and other lines
    skipped) and merge them into disjoint intervals."""
    starts, ends = [], []
    for f in files:
        with _open_text(f) as fh:
            text = fh.read()
        cidr = pd.Series(re.findall(r"(?m)^[ \t]*(\d{1,3}(?:\.\d{1,3}){3})(?:/(\d{1,2}))?[ \t]*(?:#.*)?$", text),
                         dtype=object)
        addr = ipv4_to_int(pd.Series([a for a, _ in cidr], dtype=object))
        plen = np.array([int(p) if p else 32 for _, p in cidr], np.int64)
        ok = (addr >= 0) & (plen <= 32)
        addr, plen = addr[ok], plen[ok]
        if not len(addr):
            log.warning("input.hosting_ranges: %s holds no IPv4 range (a.b.c.d/len per line); nothing read from it", f)
            continue
        size = np.left_shift(np.int64(1), 32 - plen)
        start = addr & ~(size - 1)
        starts.append(start)
        ends.append(start + size - 1)
    if starts:
        start, end = np.concatenate(starts), np.concatenate(ends)
        order = np.argsort(start, kind="stable")
        start, end = start[order], end[order]
        # merge overlapping and adjacent intervals: a new run starts where no earlier range reaches
        reach = np.maximum.accumulate(end)
        new = np.r_[True, start[1:] > reach[:-1] + 1]
        m_start = start[new]
        m_end = np.maximum.reduceat(end, np.flatnonzero(new))
    else:
        m_start = m_end = np.zeros(0, np.int64)
    source = {"files": [str(f) for f in files], "sha256": hosting_digest(files), "ranges": int(len(m_start)),
              "addresses": int((m_end - m_start + 1).sum())}
    return HostingRanges(m_start.astype(np.int64), m_end.astype(np.int64), source)


@functools.lru_cache(maxsize=2)
def _cached_ranges(files: tuple[str, ...], mtimes: tuple[float, ...]) -> HostingRanges:
    return load_hosting_ranges([Path(f) for f in files])


def cached_hosting_ranges(files: list[Path]) -> HostingRanges:
    """:func:`load_hosting_ranges`, kept while the files are unchanged."""
    return _cached_ranges(tuple(str(f) for f in files), tuple(f.stat().st_mtime for f in files))


def account_academic_network(acc: np.ndarray, ip_codes: np.ndarray, ips: np.ndarray, n_accounts: int,
                             table: AsnTable, pattern: str = ACADEMIC_AS_NAME,
                             hosting: HostingRanges | None = None) -> tuple[np.ndarray, dict]:
    """Per account, the academic AS it sends more than half of its requests from (-1 for none), and a report.

    ``ip_codes`` is per event (-1 where missing) into the distinct addresses ``ips``. An address in one of
    the ``hosting`` ranges is not academic, whatever the table says (a block sold since the table was made)."""
    ip_codes = np.asarray(ip_codes)
    as_int = ipv4_to_int(pd.Series(ips))
    asn_of_ip = table.lookup(as_int)
    acad = table.academic(pattern)
    # per distinct address, its academic AS (-1 for any other); then per event by its address code
    is_acad_ip = np.isin(asn_of_ip, acad)
    overruled = 0
    if hosting is not None:
        hosted = is_acad_ip & hosting.contains(as_int)
        overruled = int(hosted.sum())
        is_acad_ip &= ~hosted
    acad_of_ip = np.where(is_acad_ip, asn_of_ip, -1)
    ev_asn = np.where(ip_codes >= 0, acad_of_ip[np.maximum(ip_codes, 0)], -1) if len(acad_of_ip) else \
        np.full(len(ip_codes), -1, np.int64)
    is_acad = ev_asn >= 0
    n_events = np.bincount(acc, minlength=n_accounts)
    out = np.full(n_accounts, -1, np.int64)
    if is_acad.any():
        per = pd.DataFrame({"acc": acc[is_acad], "asn": ev_asn[is_acad]}).value_counts().reset_index(name="c")
        per = per.sort_values(["c", "asn"], ascending=[False, True], kind="stable").drop_duplicates("acc")
        major = per[per["c"].to_numpy() * 2 > n_events[per["acc"].to_numpy()]]
        out[major["acc"].to_numpy()] = major["asn"].to_numpy()
    report = {**table.source, "addresses": int(len(ips)), "addresses_mapped": int((asn_of_ip >= 0).sum()),
              "academic_as": int(len(acad)), "academic_network_accounts": int((out >= 0).sum()),
              "hosting_ranges": hosting.source if hosting is not None else None,
              "academic_addresses_in_hosting_ranges": overruled}
    return out, report
