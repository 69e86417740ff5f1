"""Input contract, loading and validation.

Events (one row per API request), CSV / TSV / Parquet / JSON Lines / JSON array, gzip, bz2, xz or
zstd allowed:

=================  ========  ==================================================
column             required  meaning
=================  ========  ==================================================
``account_id``     yes       the account that sent the request
``timestamp``      yes       ISO 8601 (``2026-11-01T12:00:00Z``) or epoch s/ms/us/ns
``ip``             no        client IPv4 / IPv6 address
``payment_method`` no        opaque payment-method token
``prompt``         no        raw prompt text (never written out)
``user_agent``     no        client user agent
``output_tokens``  no        tokens in the response
``api_key_id``     no        API key used
``model``          no        model requested
=================  ========  ==================================================

Accounts (optional): ``account_id`` plus any of ``created_at``,
``payment_method``, ``email_domain``, ``country``, ``org_id``.

Unknown extra columns are kept; they can be declared as link attributes with
``links.generic_columns``. Column names can be mapped with
``input.column_map`` / ``--map canonical=theirs``. Without a map, a column equal to a canonical
name up to case and surrounding spaces is read as it, and so is the only column with one of its
common names (:data:`EVENT_ALIASES`, :data:`ACCOUNT_ALIASES`: ``client_ip``, ``user_id``,
``completion_tokens``, ...; warned; ``input.column_aliases = false`` turns this off).

Bad input raises :class:`~graphhunt.errors.InputError` naming the file, the
column, a few offending rows (1-based data rows, header excluded; for a DataFrame, their index
labels) and the fix.
"""
from __future__ import annotations

import csv
import functools
import hashlib
import ipaddress
import json
import logging
import os
import re
import zlib
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from .errors import ConfigError, EmptyInputError, InputError, _short, named_as_in_file

__all__ = [
    "EVENT_COLUMNS",
    "ACCOUNT_COLUMNS",
    "EVENT_ALIASES",
    "ACCOUNT_ALIASES",
    "load_events",
    "load_accounts",
    "read_table",
    "file_fingerprint",
    "account_overlap",
]

log = logging.getLogger(__name__)

EVENT_REQUIRED = ("account_id", "timestamp")
EVENT_OPTIONAL = ("ip", "payment_method", "prompt", "user_agent", "output_tokens", "api_key_id", "model")
EVENT_COLUMNS = EVENT_REQUIRED + EVENT_OPTIONAL
ACCOUNT_REQUIRED = ("account_id",)
ACCOUNT_OPTIONAL = ("created_at", "payment_method", "email_domain", "country", "org_id", "plan")
ACCOUNT_COLUMNS = ACCOUNT_REQUIRED + ACCOUNT_OPTIONAL

_ACCOUNT_ID_ALIASES = ("accountid", "account", "acctid", "acct", "userid", "customerid")
_PAYMENT_ALIASES = ("paymentmethodid", "paymentid", "paymentfingerprint", "cardfingerprint", "cardid", "card",
                    "cardhash", "paymenttoken", "pmid", "billingid")
#: common names of the canonical columns in exports, compared without case, spaces, ``_`` or ``-``
#: (``Client-IP`` is ``clientip``). A file without the canonical column but with exactly one of its
#: aliases reads that column (warned, and listed in the load report as ``column_aliases``); with
#: two or more it reads none and says which to map. ``input.column_aliases = false`` turns this off;
#: ``--map`` always wins. Each table names every alias once: no column can stand for two columns.
EVENT_ALIASES: dict[str, tuple[str, ...]] = {
    "account_id": _ACCOUNT_ID_ALIASES,
    "timestamp": ("ts", "time", "datetime", "eventtime", "eventtimestamp", "requesttime", "requestedat",
                  "requesttimestamp", "createdat", "timestamputc", "occurredat"),
    "ip": ("ipaddress", "ipaddr", "clientip", "clientipaddress", "srcip", "sourceip", "sourceipaddress",
           "remoteaddr", "remoteip", "requestip", "callerip"),
    "payment_method": _PAYMENT_ALIASES,
    "prompt": ("prompttext", "inputtext", "requesttext", "userprompt", "usermessage", "content", "input"),
    "user_agent": ("ua", "useragentstring", "httpuseragent", "client", "clientname", "sdk"),
    "output_tokens": ("completiontokens", "responsetokens", "tokensout", "outputtokencount",
                      "completiontokencount", "generatedtokens", "noutputtokens",
                      "usagecompletiontokens", "usageoutputtokens"),  # chat APIs' usage objects
    "api_key_id": ("apikey", "keyid", "apikeyhash"),
    "model": ("modelname", "modelid", "engine"),
}
#: names read only when no alias of the column above is in the file, and only as text (or lists): a chat
#: request's ``messages`` is its prompt, but beside ``input`` or ``content`` it is the whole conversation, and a
#: number of that name is a count
FALLBACK_ALIASES: dict[str, tuple[str, ...]] = {"prompt": ("messages", "chatmessages", "requestmessages")}
ACCOUNT_ALIASES: dict[str, tuple[str, ...]] = {
    "account_id": _ACCOUNT_ID_ALIASES,
    "created_at": ("signupat", "signuptime", "signedupat", "registeredat", "registrationtime", "registrationdate",
                   "accountcreatedat", "created", "creationtime", "signupdate"),
    "payment_method": _PAYMENT_ALIASES,
    "email_domain": ("emaildomainname", "maildomain", "domain", "email", "emailaddress", "mail"),
    "country": ("countrycode", "geocountry", "billingcountry"),
    "org_id": ("organizationid", "organisationid", "orgid", "org", "organization", "organisation"),
    "plan": ("tier", "planname", "planid", "plantier", "subscription", "subscriptionplan", "subscriptiontier",
             "pricingplan", "pricingtier", "accounttier", "accountplan", "billingplan", "usagetier", "ratelimittier"),
}


def _norm_name(name: Any) -> str:
    return re.sub(r"[^0-9a-z]", "", str(name).casefold())


def _alias_of(name: Any, names: tuple[str, ...]) -> bool:
    """``name`` is one of the common ``names`` of a column, as a whole or by its last parts after a ``.`` (a
    nested JSON object's key: ``response.usage.completion_tokens`` by ``usage.completion_tokens``).

    >>> _alias_of("response.usage.completion_tokens", ("completiontokens",)), _alias_of("usage", ("completiontokens",))
    (True, False)
    """
    parts = str(name).split(".")
    return any(_norm_name(".".join(parts[i:])) in names for i in range(len(parts)))


_MAX_SHOWN = 5


def _rows_at(pos: Any, labels: pd.Index | None) -> dict[str, list]:
    """:class:`InputError`'s ``rows`` (1-based) for the first :data:`_MAX_SHOWN` of the 0-based positions
    ``pos``, and for a DataFrame (``labels``: its index; None for a file) their ``index_labels``, which the
    message names instead: a notebook user finds a row with ``df.loc[label]``, not by its position."""
    pos = [int(i) for i in np.asarray(pos).ravel()[:_MAX_SHOWN]]
    got: dict[str, list] = {"rows": [i + 1 for i in pos]}
    if labels is not None:
        got["index_labels"] = [labels[i] for i in pos]
    return got


def _row_name(pos: int, labels: pd.Index | None) -> str:
    """One row as messages name it: ``row 7`` (1-based) in a file, ``index label 6`` in a DataFrame."""
    return f"row {int(pos) + 1}" if labels is None else f"index label {_short(labels[int(pos)])!r}"


#: what a DataFrame user sets instead of the command line's ``--set input.bad_rows="drop"``
_DROP_FRAME = ('or set the config option input.bad_rows="drop", e.g. gh.detect(df, input__bad_rows="drop"), to '
               'drop such rows and count them in the input report')


#: compressed text files pandas reads by suffix (.zst needs the ``zstandard`` package)
_COMPRESSIONS = (".gz", ".bz2", ".xz", ".zst")


def _fmt_name(path: Path) -> str:
    """The file name, lower case, without a compression suffix."""
    name = path.name.lower()
    for comp in _COMPRESSIONS:
        if name.endswith(comp):
            return name[: -len(comp)]
    return name


def _fmt(path: Path) -> str:
    name = _fmt_name(path)
    for suffix, fmt in ((".csv", "csv"), (".tsv", "tsv"), (".parquet", "parquet"), (".pq", "parquet"),
                        (".jsonl", "jsonl"), (".ndjson", "jsonl"), (".json", "jsonl")):
        if name.endswith(suffix):
            return fmt
    raise InputError(
        "unknown file format",
        file=str(path),
        fix="use .csv, .tsv, .parquet, .jsonl, .ndjson or .json (optionally .gz, .bz2, .xz or .zst)",
    )


_MAGIC = ((b"\x1f\x8b", "gzip"), (b"BZh", "bz2"), (b"\xfd7zXZ\x00", "xz"), (b"\x28\xb5\x2f\xfd", "zstd"))


_SUFFIX_COMPRESSION = {".gz": "gzip", ".bz2": "bz2", ".xz": "xz", ".zst": "zstd"}
_WARNED_PLAIN: set = set()  # (path, mtime): a file read several times is warned about once


def _compression(p: Path) -> str | None:
    """The file's compression: from its suffix (``.gz`` ...), else from its first bytes (a gzip file
    named ``.csv`` gave a misleading 'check quoting and delimiters' parser error); None when plain."""
    named = _SUFFIX_COMPRESSION.get(p.name.lower()[len(_fmt_name(p)):])
    with open(p, "rb") as f:
        head = f.read(6)
    if named is not None:
        if not head or any(head.startswith(m) for m, k in _MAGIC if k == named):
            if named == "zstd":
                _need_zstandard(p)
            return "infer"
        # a plain file under a compressed name: a download that decompressed it on the way (gsutil's and
        # browsers' decompressive transcoding of a Content-Encoding: gzip object keep the .gz name). A tester:
        # "Not a gzipped file (b'ac')", with no fix
        seen = (str(p), p.stat().st_mtime_ns)
        if seen not in _WARNED_PLAIN:
            _WARNED_PLAIN.add(seen)
            log.warning("%s: named as %s-compressed, but its first bytes are not (decompressed on download?); "
                        "reading it as it is", p, named)
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            if kind == "zstd":
                _need_zstandard(p)
            log.info("%s: %s-compressed although its name does not say so; reading it as such", p, kind)
            return kind
    return None


def _need_zstandard(p: Path) -> None:
    """pandas reads Zstandard text through the optional ``zstandard`` package: without it a ``.zst`` export
    stopped the run with pandas' ImportError and a traceback (exit 1, tester 58). Parquet's own zstd
    compression is pyarrow's and needs nothing."""
    import importlib.util

    if importlib.util.find_spec("zstandard") is None:
        raise InputError("the file is Zstandard-compressed, and reading that needs the zstandard package, "
                         "which is not installed", file=str(p),
                         fix="python3 -m pip install zstandard, or decompress the file first (zstd -d FILE) "
                             "or compress it with gzip")


def _text_encoding(p: Path) -> str:
    """``utf-16`` for a text file that starts with a UTF-16 byte-order mark (SQL Server ``bcp -w``,
    PowerShell ``Out-File``, Excel "Unicode text"), ``utf-8-sig`` for one that starts with a UTF-8 mark
    (PowerShell 5's ``-Encoding utf8``, .NET: pandas' CSV reader skipped it, its JSON reader failed on it),
    else ``utf-8``."""
    from pandas.io.common import get_handle

    with get_handle(p, "rb", compression=_compression(p), is_text=False) as h:
        head = h.handle.read(3)
    return ("utf-16" if head[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig" if head == b"\xef\xbb\xbf"
            else "utf-8")


def _json_is_array(p: Path, encoding: str) -> bool:
    """True when a .json file holds one JSON array of records (``[{...}, ...]``), not JSON Lines."""
    from pandas.io.common import get_handle

    with get_handle(p, "r", compression=_compression(p), encoding=encoding, errors="replace") as h:
        head = h.handle.read(4096)
    return head.lstrip("\ufeff \t\r\n").startswith("[")


def _json_document(p: Path, encoding: str) -> Any:
    """The JSON value a .json file holds when it is one document written over several lines (an API's
    export ``{"data": [{...}, ...], "next": null}``, pretty-printed), else None: the file is read as JSON
    Lines when its first line is a JSON value of its own, or when the whole file is not one JSON value."""
    from pandas.io.common import get_handle

    with get_handle(p, "r", compression=_compression(p), encoding=encoding, errors="replace") as h:
        first = ""
        for line in h.handle:
            if line.strip():
                first = line.lstrip("\ufeff")
                break
        if not first.lstrip().startswith("{"):
            return None
        try:
            json.loads(first)
            return None
        except (ValueError, RecursionError):
            pass
        # a document's first line opens it ("{", '{"data": [', '"key": {' ...); a JSON Lines file whose first
        # record is broken (a raw line break inside a text) is not read whole for nothing
        if not first.rstrip().endswith(("{", "[", ",", ":")):
            return None
        try:
            return json.loads(first + h.handle.read())
        except (ValueError, RecursionError):
            return None


def _record_lists(doc: Any, path: tuple[str, ...] = (), depth: int = 3) -> list[tuple[tuple[str, ...], list]]:
    """The lists of JSON objects inside ``doc`` (objects nested at most ``depth`` levels), with their key paths.

    >>> _record_lists({"data": [{"a": 1}], "meta": {"page": 1, "items": [{"b": 2}]}, "tags": ["x"]})
    [(('data',), [{'a': 1}]), (('meta', 'items'), [{'b': 2}])]
    """
    out: list[tuple[tuple[str, ...], list]] = []
    if isinstance(doc, dict) and depth > 0:
        for k, v in doc.items():
            if isinstance(v, list) and v and all(isinstance(r, dict) for r in v):
                out.append(((*path, str(k)), v))
            elif isinstance(v, dict):
                out.extend(_record_lists(v, (*path, str(k)), depth - 1))
    return out


def _empty_lists(doc: Any) -> list[str]:
    """The keys of a JSON object whose value is an empty list (``{"data": [], "next": null}``: a page of none)."""
    return [str(k) for k, v in doc.items() if isinstance(v, list) and not v] if isinstance(doc, dict) else []


def _names_event(doc: Any) -> bool:
    """True when a JSON object's own keys (nested objects' included) name an account id or an event time."""
    return _names_account(doc) or _names_account(doc, names=(("timestamp",) + EVENT_ALIASES["timestamp"]))


def _jq_path(key: tuple[str, ...]) -> str:
    """A key path as jq writes it: ``.data``, ``.result.events``, ``.["result-set"]``."""
    return "".join(f".{k}" if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", k) else f'.[{json.dumps(k)}]' for k in key)


def _names_account(doc: Any, prefix: str = "", names: tuple[str, ...] | None = None) -> bool:
    """True when a JSON object has an account id (or one of ``names``) among its keys (nested objects' keys by their
    dotted names, ``user.id``)."""
    names = names or (("accountid",) + _ACCOUNT_ID_ALIASES)
    return isinstance(doc, dict) and any(
        _alias_of(prefix + str(k), tuple(_norm_name(n) for n in names))
        or _names_account(v, f"{prefix}{k}.", names) for k, v in doc.items())


def _wrapped_records(doc: Any, p: Path, named_only: bool = False) -> list:
    """The records of a JSON document: its list of objects when it is one (``[{...}, ...]``) or when it is an
    object holding one such list (``{"data": [...]}``, ``{"result": {"events": [...]}}``, read with a
    warning); the document itself as one record otherwise. A list whose records name an account wins (ClickHouse
    keeps column descriptions in ``meta`` beside ``data``); without one, an object that names an account or an
    event time is one record (its lists are its chat messages or tool calls), and with ``named_only`` (a line
    of a .jsonl file) so is any object. One empty list and no other (``{"data": []}``) is an empty page:
    :class:`EmptyInputError`. A review in session 75: such a file was refused as missing every column
    (``found: data, next``) or as "line 1 is not a JSON record"."""
    if isinstance(doc, list):
        return doc
    lists = _record_lists(doc)
    # lists whose records name an account are the records, even in an object that names one itself (a
    # customer's export: {"user_id": ..., "events": [...]}); otherwise an object that names an account or a
    # time is one record (whose lists are its chat messages or tool calls)
    named = [(k, v) for k, v in lists if _names_account(v[0])]
    if named:
        lists = named
    elif named_only or _names_event(doc):
        return [doc]
    if not lists:
        if len(empty := _empty_lists(doc)) == 1:
            raise EmptyInputError(f"the JSON document's list {empty[0]!r} holds no records", file=str(p),
                                  fix="provide at least one record")
        return [doc] if isinstance(doc, dict) else []
    if len(lists) > 1:
        names = ", ".join(repr(".".join(k)) for k, _ in lists)
        raise InputError(f"the JSON document holds several lists of records ({names}); which are the events?",
                         file=str(p), fix=f"extract one as JSON Lines, e.g. jq -c '{_jq_path(lists[0][0])}[]' "
                         f"{p.name} > records.jsonl")
    key, recs = lists[0]
    log.warning("%s: the records are read from the document's key %r (%d records)", p, ".".join(key), len(recs))
    return recs


def _extra_fields(p: Path, kw: dict, columns: list[str] | None, shifted: pd.DataFrame) -> pd.DataFrame:
    """A delimited file whose first data row has more fields than the header.

    pandas then takes the first column as the index and shifts every value one column to the left
    (a QA pass: prompt text read as the account id, the good rows refused or dropped). When the extra
    field is empty on every row (a separator at the end of each line, as some exporters write), the
    file is read without it, with a warning; otherwise the rows with an extra field are named.
    """
    # the shifted frame, every column of it (``shifted`` when it was read whole): its last column holds
    # each row's extra field
    whole = shifted if columns is None else pd.read_csv(p, **kw)
    extra = whole.iloc[:, -1].notna().to_numpy()
    if not extra.any():
        log.warning("%s: every row ends with an extra separator (one more field than the header, always empty); "
                    "read without it", p)
        return pd.read_csv(p, index_col=False, usecols=(lambda c: c in columns) if columns else None, **kw)
    rows = np.flatnonzero(extra)
    n_header = whole.shape[1]
    raise InputError(f"{len(rows)} row(s) have {n_header + 1} fields where the header has {n_header}: every column "
                     f"after the first would be read from its neighbour", file=str(p),
                     rows=[int(i) + 1 for i in rows[:_MAX_SHOWN]],
                     fix="quote values that contain the separator (\"Hello, world\"), or remove the extra field")


def _unquoted_tsv(p: Path, kw: dict, columns: list[str] | None, df: pd.DataFrame | None) -> pd.DataFrame | None:
    """A tab-separated file read as RFC 4180 whose values span lines, read again without quoting when that is
    what it is: every line has the header's number of tabs, and a value that merely begins with ``"`` opened a
    quote that swallowed the lines after it (``psql -At``, ``mysql -B`` and Hive write tab-separated values
    without quoting or escaping, and a prompt that begins with a quotation mark is common: a review found 33 of
    39,960 sample rows merged into others, exit 0, no warning). None when the file is not like that (a quoted
    value with a line break in it, as a CSV writer quotes it, leaves a line with fewer tabs). ``df`` None: the
    quoted read failed (a quote that nothing closes before the end of the file)."""
    if df is not None and not any(df[c].str.contains("[\r\n]", regex=True, na=False).any()
                                  for c in df.columns if df[c].dtype == object or pd.api.types.is_string_dtype(df[c])):
        return None
    n_lines = 0
    with pd.io.common.get_handle(p, "r", compression=kw["compression"], encoding=kw["encoding"],
                                 errors="replace") as h:
        fh = h.handle
        for _ in range(kw.get("skiprows") or 0):
            fh.readline()
        tabs = fh.readline().rstrip("\r\n").count("\t")
        for line in fh:
            line = line.rstrip("\r\n")
            if not line:
                continue
            if line.count("\t") != tabs:
                return None
            n_lines += 1
    out = pd.read_csv(p, usecols=(lambda c: c in columns) if columns else None, quoting=csv.QUOTE_NONE, **kw)
    if len(out) != n_lines or (df is not None and len(out) <= len(df)):
        return None
    log.warning("%s: read without quoting: %d value(s) begin with a quotation mark, which read as quoted text "
                "merged %d line(s) into others; every line has the header's %d tab(s), as unquoted tab-separated "
                "exports write them", p, int(out.apply(
                    lambda c: c.astype("string").str.startswith('"', na=False)).to_numpy().sum()),
                len(out) - (len(df) if df is not None else 0), tabs)
    return out


def read_table(path: str | Path, columns: list[str] | None = None,
               kind: str = "events") -> tuple[pd.DataFrame, dict[str, Any]]:
    """Read a CSV / Parquet / JSON Lines file into string-typed columns.

    Returns the frame and a small report (``non_utf8_rows``). Raises
    :class:`InputError` for a missing, empty or unreadable file; ``kind`` (``"events"``, ``"accounts"`` or
    ``"reviews"``) is what its fix asks for (at least one event, one account, one review row).
    """
    p = Path(path)
    one = {"accounts": "account", "reviews": "review row"}.get(kind, "event")
    report: dict[str, Any] = {"non_utf8_rows": 0}
    if not p.exists():
        raise InputError("file not found", file=str(p), fix="check the path" + (
            "; wildcards are not expanded here: pass the directory, or the files (sorted(glob.glob(...)) in Python)"
            if any(c in p.name for c in "*?[") else ""))
    if p.is_dir():
        raise InputError("is a directory, expected a file", file=str(p),
                         fix=f"pass one {kind} file (join a directory's parts into one file)" if kind != "events"
                         else "pass a file")
    fmt = _fmt(p)
    if p.stat().st_size == 0:
        if fmt not in ("parquet", "csv", "tsv"):
            # JSON Lines has no header: 0 bytes is how an exporter writes "no events" (an empty slice for
            # refresh, bad input for detect)
            raise EmptyInputError("file is empty (no JSON records)", file=str(p), fix=f"provide at least one {one}")
        raise InputError("file is empty", file=str(p), fix=f"provide a file with a header row and at least one {one}"
                         if fmt != "parquet" else f"provide a Parquet file with at least one {one} (0 bytes is no "
                         "Parquet file: an interrupted export?)")
    sep, skip = "", 0
    try:
        if fmt == "parquet":
            df = _read_parquet(p, columns)
        elif fmt in ("csv", "tsv"):
            sep, skip, how = _separator(p, fmt)
            if how == "declared":  # Excel's "sep=;" first line: the separator, then the header
                log.info("%s: the first line declares the separator %r (Excel's sep= line); read with it", p, sep)
            elif how == "sniffed":
                log.warning("%s: the header is %s-separated, not %s; read with %r", p, _SEP_NAMES[sep],
                            _SEP_NAMES[","] if fmt == "csv" else _SEP_NAMES["\t"], sep)
            kw = dict(sep=sep, skiprows=skip, dtype=str, keep_default_na=False, na_values=[""],
                      encoding=_text_encoding(p), encoding_errors="replace", compression=_compression(p))
            try:
                df = pd.read_csv(p, usecols=(lambda c: c in columns) if columns else None, **kw)
            except pd.errors.ParserError:
                alt = _unquoted_tsv(p, kw, columns, None) if sep == "\t" else None
                if alt is not None:
                    df = alt
                    kw["quoting"] = csv.QUOTE_NONE  # (read so already: not checked again below)
                elif not _escapes_quotes_with_backslash(p, kw):
                    raise
                else:
                    # MySQL's SELECT ... INTO OUTFILE, PostgreSQL's COPY with ESCAPE '\', Hive and many loggers
                    # write a quote inside a quoted value as \" instead of doubling it: read as RFC 4180, a
                    # prompt with a quote and a comma stopped the run with "Expected 8 fields in line 53, saw 9"
                    # and a fix to "check quoting" (tester 58). A parse error first, so an RFC 4180 file, whose
                    # backslashes are text, is never read this way
                    kw["escapechar"] = "\\"
                    df = pd.read_csv(p, usecols=(lambda c: c in columns) if columns else None, **kw)
                    log.warning("%s: quotes inside values are escaped with a backslash (\\\"), not doubled (\"\"); "
                                "read that way", p)
            if not isinstance(df.index, pd.RangeIndex):
                df = _extra_fields(p, kw, columns, df)
            elif sep == "\t" and "escapechar" not in kw and "quoting" not in kw:
                alt = _unquoted_tsv(p, kw, columns, df)
                df = df if alt is None else alt
                if alt is not None:
                    kw["quoting"] = csv.QUOTE_NONE
            if "quoting" in kw or "escapechar" in kw:  # how the file was read (the short-row check reads it so)
                report["csv_quoting"] = "none" if "quoting" in kw else "backslash_escapes"
        else:
            # JSON Lines, or one array of records in a .json file (dtype=False: no type or date guessing;
            # parse_timestamps reads the times)
            enc = _text_encoding(p)
            array = _fmt_name(p).endswith(".json") and _json_is_array(p, enc)
            kw = dict(dtype=False, compression=_compression(p), encoding=enc, encoding_errors="replace")
            doc = None if array or not _fmt_name(p).endswith(".json") else _json_document(p, enc)
            if array:
                df = pd.read_json(p, orient="records", **kw)
            elif doc is not None:
                df = pd.DataFrame.from_records(_wrapped_records(doc, p))
            else:
                df = _read_json_lines(p, kw)
                if len(df) == 1:
                    # one line: a document written without line breaks? (in a .jsonl file only when a list's
                    # records name an account: one record is that record, whatever lists it holds)
                    rec = df.iloc[0].to_dict()
                    recs = (_wrapped_records(rec, p, named_only=not _fmt_name(p).endswith(".json"))
                            if _record_lists(rec) or _empty_lists(rec) else [rec])
                    if not (len(recs) == 1 and recs[0] is rec):
                        df = pd.DataFrame.from_records(recs)
            df = _flatten_objects(df, p)
            if columns:
                df = df[[c for c in df.columns if c in columns]]
    except pd.errors.EmptyDataError:
        if fmt not in ("csv", "tsv"):
            raise EmptyInputError("file holds no JSON records", file=str(p), fix=f"provide at least one {one}") from None
        raise InputError("file is empty", file=str(p), fix=f"provide a header row and at least one {one}") from None
    except pd.errors.ParserError as e:
        hint = None
        if sep in (",", "\t"):  # read with the format's own separator: was the file split on another?
            try:
                with pd.io.common.get_handle(p, "r", compression=_compression(p), encoding=_text_encoding(p),
                                             errors="replace") as h:
                    hint = _delimiter_hint([h.handle.readline().rstrip("\r\n")], p)
            except (OSError, ValueError, EOFError):
                pass
        m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(e))
        if m is not None and hint is None:
            # pandas counts the header (and a sep= line) as lines and its records, not the file's lines: say it
            # as the other bad-row messages do, by data row (an operator, session 76: "line 52" was file line 155)
            row = int(m.group(2)) - 1 - skip
            raise InputError(f"row {row} has {m.group(3)} fields where the header has {m.group(1)} (the first such "
                             "row; a separator inside a value that is not quoted)", file=str(p), rows=[row],
                             fix=f"quote values that contain the separator {sep!r} (\"tell me, in detail\"), or "
                                 "export with quoting") from None
        raise InputError(f"cannot parse as {fmt}: {str(e).strip()}", file=str(p),
                         fix=hint or f"check quoting; every row must have the header's fields, separated by {sep!r}"
                         ) from None
    except InputError:
        raise
    except (ValueError, OSError) as e:
        fix = None
        if fmt == "parquet":
            # (a review, session 75: `events.parquet.gz` said "Parquet magic bytes not found" and no more)
            with open(p, "rb") as f:
                head = f.read(6)
            kind = next((k for m, k in _MAGIC if head.startswith(m)), None)
            if kind is not None:
                fix = (f"the file is {kind}-compressed as a whole; Parquet compresses inside the file, so decompress "
                       "it first (gunzip, bunzip2, unxz or unzstd) and pass the .parquet file")
        raise InputError(f"cannot read as {fmt}: {str(e).strip()[:300]}", file=str(p), fix=fix) from None
    except EOFError as e:  # gzip / bz2 / lzma: the stream ends early (an interrupted copy or download)
        raise InputError(f"the compressed file is truncated ({str(e).strip()[:200]})", file=str(p),
                         fix="copy or download the file again") from None
    if len(df) == 0:
        if fmt not in ("parquet", "csv", "tsv"):  # (JSON Lines of blank lines: no header to speak of)
            raise EmptyInputError("file holds no JSON records", file=str(p), fix=f"provide at least one {one}")
        raise EmptyInputError("file has a header but no rows", file=str(p), fix="provide at least one row")
    if fmt in ("csv", "tsv"):
        # pandas renames a repeated header "ip", "ip" to "ip", "ip.1": which one holds the addresses?
        cols = set(map(str, df.columns))
        bases = {m.group(1) for c in cols if (m := re.fullmatch(r"(.+)\.\d+", c))}
        twice = sorted(bases & cols & (set(EVENT_COLUMNS) | set(ACCOUNT_COLUMNS)))
        if twice:
            raise InputError(f"the header names column {twice[0]!r} more than once", file=str(p), column=twice[0],
                             fix="keep one column of that name (rename or drop the others)")
    # count replacement characters produced by non-UTF-8 bytes (text formats only: Parquet
    # strings are validated UTF-8, nothing is replaced on read)
    bad = np.zeros(len(df), dtype=bool)
    for c in (df.columns if fmt != "parquet" else []):
        if df[c].dtype == object or pd.api.types.is_string_dtype(df[c]):
            s = df[c]
            try:
                bad |= s.str.contains("\ufffd", regex=False, na=False).to_numpy()
            except AttributeError:
                pass
    report["non_utf8_rows"] = int(bad.sum())
    if report["non_utf8_rows"]:
        log.warning("%s: %d rows had bytes that are not UTF-8; they were replaced with U+FFFD",
                    p, report["non_utf8_rows"])
    parts = _hive_partitions(p)
    added = [k for k in parts if k not in df.columns and (not columns or k in columns)]
    if added:
        for k in added:
            df[k] = pd.array([parts[k]] * len(df), dtype="string")
        report["partition_columns"] = added
        log.info("%s: columns %s read from the file's partition directories", p, ", ".join(added))
    return df, report


#: JSON Lines records parsed at a time. pandas parses a whole file into Python objects before it makes a
#: frame: a 1.7 GB, 3M-record file of events took 20.7 GB and was killed by the kernel (world31 s1, session
#: 63). Read in chunks, the peak is one chunk's objects plus the frame being built.
JSON_LINES_CHUNK = 100_000


def _read_json_lines(p: Path, kw: Mapping[str, Any]) -> pd.DataFrame:
    """A JSON Lines file as one frame, parsed :data:`JSON_LINES_CHUNK` records at a time. The frame is the
    one ``pd.read_json(p, lines=True, **kw)`` gives: each chunk is parsed the same way (``dtype=False``: no
    type guessing), ``pd.concat`` unites the columns (a field no record of a chunk has is missing there),
    and the columns that only the concatenation made objects get back the type one read gives them (a
    chunk with no address and one with addresses: text; whole numbers in one chunk and missing values in
    another: floats). One difference remains: a chunk in which a column holds only numbers reads a whole
    number there as a float (``1`` as ``"1.0"``), as one read of a file whose column holds only numbers does,
    where one read of the whole file keeps ``"1"`` when the column holds text elsewhere (a JSON number in a
    text column, written both as ``1`` and ``1.0`` in one chunk)."""
    chunks: list[pd.DataFrame] = []
    with pd.read_json(p, lines=True, chunksize=JSON_LINES_CHUNK, **kw) as reader:
        try:
            for chunk in reader:
                chunks.append(chunk)
        except (ValueError, RecursionError) as e:  # (a record nested thousands of levels deep: RecursionError)
            # pandas names a position in the chunk's joined text: name the line instead
            _raise_bad_json_line(p, kw, len(chunks) * JSON_LINES_CHUNK, e)
    if len(chunks) <= 1:
        return chunks[0] if chunks else pd.DataFrame()
    df = pd.concat(chunks, ignore_index=True)
    # a column all missing in one chunk (floats) and text or numbers in another is objects after concat,
    # text or floats in one read
    obj = [c for c in df.columns if df[c].dtype == object]
    if obj:
        df[obj] = df[obj].infer_objects()
    return df


def _raise_bad_json_line(p: Path, kw: Mapping[str, Any], first: int, err: Exception) -> None:
    """Raise :class:`InputError` naming the first line from line ``first + 1`` on that is not one JSON value
    (the chunk pandas could not parse); the error pandas gave when no single line is at fault."""
    import itertools

    with pd.io.common.get_handle(p, "r", compression=kw["compression"], encoding=kw["encoding"],
                                 errors="replace") as h:
        for i, line in enumerate(itertools.islice(h.handle, first, first + JSON_LINES_CHUNK), start=first + 1):
            if not line.strip():
                continue
            try:
                json.loads(line)
            except RecursionError:
                raise InputError(f"line {i} nests objects or lists too deeply to read", file=str(p), rows=[i],
                                 fix="write each record with its fields at most a few levels deep") from None
            except ValueError as e:
                raise InputError(f"line {i} is not a JSON record ({e.msg}, column {e.colno})", file=str(p), rows=[i],
                                 fix="write one JSON object per line (JSON Lines), or pass a CSV or Parquet file"
                                 ) from None
    raise InputError(f"cannot read as jsonl: {str(err).strip()[:300]}", file=str(p)) from None


def _flatten_objects(df: pd.DataFrame, p: Any) -> pd.DataFrame:
    """JSON records with nested objects (a chat API's ``"usage": {"completion_tokens": 512}``): each
    object column becomes one column per key, named ``usage.completion_tokens`` (at any depth:
    ``response.usage.completion_tokens``; a review in session 75 found a log nested two levels deep that
    ``--map`` could not reach), which the column aliases then read (``output_tokens``, also by the name's
    last parts). Columns of lists (chat messages) and the canonical columns are left as they are. A QA pass:
    the hint for such a file was ``--map output_tokens=usage``, which read nothing."""
    for c in list(df.columns):
        if df[c].dtype != object or str(c) in EVENT_COLUMNS or str(c) in ACCOUNT_COLUMNS:
            continue
        col = df[c]
        first = col.loc[col.first_valid_index()] if col.first_valid_index() is not None else None
        if not isinstance(first, dict):
            continue
        flat = pd.json_normalize([v if isinstance(v, dict) else {} for v in col]).add_prefix(f"{c}.")
        flat = flat.drop(columns=[k for k in flat.columns if k in df.columns]).set_axis(df.index)
        df = pd.concat([df.drop(columns=[c]), flat], axis=1)
        log.info("%s: the objects in column %r are read as columns %s", p, c, ", ".join(flat.columns))
    return df


def _escapes_quotes_with_backslash(p: Path, kw: Mapping[str, Any]) -> bool:
    """True when a delimited file that failed to parse holds a backslash-escaped quote (``\\"``)."""
    with pd.io.common.get_handle(p, "r", compression=kw["compression"], encoding=kw["encoding"],
                                 errors="replace") as h:
        tail = ""
        while chunk := h.handle.read(1 << 20):
            if '\\"' in tail + chunk:
                return True
            tail = chunk[-1:]
    return False


def _declared_separator(p: Path) -> str | None:
    """The separator an Excel ``sep=X`` first line declares (``sep=,``, ``sep=;``, ``sep=|``), else None.
    A QA pass: such a file was refused as missing every required column, with a ``--map`` fix."""
    try:
        with pd.io.common.get_handle(p, "r", compression=_compression(p), encoding=_text_encoding(p),
                                     errors="replace") as h:
            first = h.handle.readline(256)
    except (OSError, ValueError, EOFError):
        return None
    m = re.fullmatch(r"\ufeff?[\"']?sep=(.)[\"']?[,;\t]*\s*", first)
    return m.group(1) if m else None


_SEP_NAMES = {",": "comma", ";": "semicolon", "|": "pipe", "\t": "tab"}


def _separator(p: Path, fmt: str) -> tuple[str, int, str]:
    """The separator a CSV or TSV file is read with, the lines before its header (1 after Excel's ``sep=``
    line) and how it was found: ``"declared"`` (``sep=``), ``"sniffed"`` (:func:`_sniffed_separator`) or
    ``"format"`` (comma for .csv, tab for .tsv)."""
    sep = "," if fmt == "csv" else "\t"
    if (declared := _declared_separator(p)) is not None:
        return declared, 1, "declared"
    if (sniffed := _sniffed_separator(p, sep)) is not None:
        return sniffed, 0, "sniffed"
    return sep, 0, "format"


def _sniffed_separator(p: Path, expected: str) -> str | None:
    """The separator of a text file whose header holds none of the ``expected`` separator but splits on
    another into two or more names (a semicolon export from a European spreadsheet, a pipe dump, tabs in
    a ``.csv``), else None. Only the header decides: a comma-separated header is read with commas even
    when values hold semicolons. The session-54 tester: such a file was refused with "export with commas"."""
    try:
        with pd.io.common.get_handle(p, "r", compression=_compression(p), encoding=_text_encoding(p),
                                     errors="replace") as h:
            first = h.handle.readline(4096).lstrip("\ufeff").rstrip("\r\n")
    except (OSError, ValueError, EOFError):
        return None
    if not first or expected in first:
        return None
    for sep in ("\t", ";", "|"):
        if sep != expected and len([f for f in first.split(sep) if f.strip()]) >= 2:
            return sep
    return None


def _hive_partitions(p: Path) -> dict[str, str | None]:
    """``key=value`` directories right above a file, as Spark, Hive and ``pyarrow.parquet.write_to_dataset``
    write a partitioned dataset (``events/model=halo-3/day=2026-11-01/part-0.parquet``): the partition
    columns are not stored in the file itself. Read from the innermost directory up to the first that is not
    ``key=value``; values are URL-decoded, and Hive's ``__HIVE_DEFAULT_PARTITION__`` is missing.

    >>> _hive_partitions(Path("/data/events/model=halo%2D3/day=2026-11-01/part-0.parquet"))
    {'day': '2026-11-01', 'model': 'halo-3'}
    """
    from urllib.parse import unquote

    out: dict[str, str | None] = {}
    for d in p.parent.parts[::-1]:
        m = re.fullmatch(r"([^=]+)=(.*)", d)
        if m is None:
            break
        v = unquote(m.group(2))
        out.setdefault(unquote(m.group(1)), None if v == "__HIVE_DEFAULT_PARTITION__" else v)
    return out


def _read_parquet(p: Path, columns: list[str] | None) -> pd.DataFrame:
    """``pd.read_parquet`` without its second copy: each Arrow column is freed as soon as it is
    converted (``self_destruct``), so the peak is about one copy of the data, not two.
    Same frame (dtypes and values) as ``pd.read_parquet``."""
    import pyarrow.parquet as pq

    table = pq.read_table(p, columns=columns)
    nested = [f.name for f in table.schema if pa.types.is_struct(f.type)]
    if nested:
        # a struct column (a request object: request.ip, request.prompt) becomes one column per field at any depth,
        # as nested JSON objects do (:func:`_flatten_objects`); the aliases read a field by its last parts. A
        # review (session 75): such a file was read without its addresses and prompts, with no hint. Lists (chat
        # messages as list<struct<role, content>>) stay as they are
        while any(pa.types.is_struct(f.type) for f in table.schema):
            table = table.flatten()
        log.info("%s: the struct columns %s are read as columns %s", p, ", ".join(map(repr, nested)),
                 ", ".join(n for n in table.schema.names if "." in n))
    # an integer column with a missing value would arrive as float64, and ids of 2^53 or more (card
    # fingerprints, 64-bit keys) would lose digits and merge: such columns become exact text first
    cast = []
    for i, f in enumerate(table.schema):
        if pa.types.is_integer(f.type) and table.column(i).null_count:
            table = table.set_column(i, f.name, table.column(i).cast(pa.string()))
            cast.append(f.name)
    meta = table.schema.metadata or {}
    if cast and b"pandas" in meta:
        # a pandas-written file says "Int64" for such a column: tell pandas it is text now
        pm = json.loads(meta[b"pandas"])
        for c in pm.get("columns", []):
            if c.get("name") in cast:
                c.update(pandas_type="unicode", numpy_type="object", metadata=None)
        table = table.replace_schema_metadata({**meta, b"pandas": json.dumps(pm).encode()})
    df = table.to_pandas(self_destruct=True, split_blocks=True)
    del table
    return df


def _take_rows(df: pd.DataFrame, rows: np.ndarray, replace: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """``df.iloc[rows].reset_index(drop=True)`` one column at a time.

    Each column's old data is released right after its reordered copy is
    made, so the transient is one column (the prompt column at most), not a
    second copy of the whole frame. Same values, dtypes and attrs. ``replace``
    gives columns already taken (``{name: array}``, same length as ``rows``).
    """
    from ._arrays import release_memory

    out: dict[str, Any] = {}
    names = list(df.columns)
    attrs = dict(df.attrs)
    for c in names:
        out[c] = replace[c] if replace and c in replace else _take_column(df[c].array, rows)
        del df[c]
        release_memory()
    res = pd.DataFrame(out, columns=names, copy=False)
    res.attrs.update(attrs)
    return res


def _rows_of(df: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    """``df.iloc[rows]`` (index reset) without touching ``df``, for a few rows of a big frame.

    pandas' row take on a multi-chunk Arrow string column concatenates the
    whole column first (2 s for the prompt column at 100k accounts, to read 62 rows).
    """
    return pd.DataFrame({c: _take_column(df[c].array, rows) for c in df.columns}, columns=list(df.columns), copy=False)


def _take_column(arr: Any, rows: np.ndarray) -> Any:
    """``arr.take(rows)``; multi-chunk Arrow string arrays through :func:`_take_chunked`."""
    pa_arr = getattr(arr, "_pa_array", None)
    if isinstance(pa_arr, pa.ChunkedArray) and pa_arr.num_chunks > 1 and isinstance(arr, pd.arrays.ArrowStringArray):
        return type(arr)(_take_chunked(pa_arr, rows), dtype=arr.dtype)
    return arr.take(rows)


def _take_chunked(col: "pa.ChunkedArray", rows: np.ndarray, step: int = 1 << 17) -> "pa.ChunkedArray":
    """``col.take(rows)`` without concatenating ``col`` first.

    Arrow's take on a chunked array concatenates all chunks into one array
    (for the prompt column at 1M accounts, a 3.3 GB copy on top of the input
    and the output). Here each slice of ``rows`` is gathered chunk by chunk
    and put back in order: the transient is one slice. Same values as
    ``col.take(rows)``, returned as one chunk per slice.
    """
    lens = np.array([len(c) for c in col.chunks], dtype=np.int64)
    starts = np.r_[0, np.cumsum(lens)[:-1]]
    out = []
    for lo in range(0, len(rows), step):
        r = np.asarray(rows[lo:lo + step], dtype=np.int64)
        ch = np.searchsorted(starts, r, side="right") - 1
        order = np.argsort(ch, kind="stable")
        ch_sorted = ch[order]
        bounds = np.flatnonzero(np.r_[True, ch_sorted[1:] != ch_sorted[:-1], True])
        pieces = []
        for b0, b1 in zip(bounds[:-1], bounds[1:]):
            j = int(ch_sorted[b0])
            pieces.append(col.chunk(j).take(pa.array(r[order[b0:b1]] - starts[j])))
        got = pa.concat_arrays(pieces) if pieces else pa.array([], col.type)
        inv = np.empty(len(r), np.int64)
        inv[order] = np.arange(len(r))
        out.append(got.take(pa.array(inv)))
        del pieces, got
    return pa.chunked_array(out, type=col.type)


def _apply_map(df: pd.DataFrame, column_map: Mapping[str, str], path: Path,
               known: tuple[str, ...] = (), report: dict | None = None,
               aliases: Mapping[str, tuple[str, ...]] | None = None) -> pd.DataFrame:
    """Rename the file's columns to canonical names: ``column_map`` (``{canonical: theirs}``) first,
    then any of ``known`` that is missing but present up to case and surrounding spaces
    (``Account_ID``, `` ip ``). A mapped column the file does not have is a warning when its
    canonical name is in ``known`` (one map serves the events and the accounts file), also when the
    file has the canonical column itself (``--map ip=clientip`` on a file with ``ip``: a typo, and the
    file's own column is read). ``report["column_map_found"]`` lists the canonical names whose mapped
    column the file has (:func:`check_mapped_columns`). ``aliases`` (``EVENT_ALIASES``/``ACCOUNT_ALIASES``):
    a canonical column still missing is read from the only column with one of its common names
    (``report["column_aliases"]``)."""
    if isinstance(df.columns, pd.MultiIndex):
        # (a frame straight out of ``groupby().agg`` or a pivot: names are tuples, and pandas' own matching
        # failed with a ValueError about tuple lengths)
        raise InputError(f"the columns are a MultiIndex ({', '.join(map(repr, list(df.columns)[:3]))}, ...): "
                         "graphhunt reads one name per column", file=str(path),
                         fix="flatten them first, e.g. df.columns = [c[-1] for c in df.columns] or "
                             "['_'.join(map(str, c)) for c in df.columns]")
    by_key: dict[str, list] = {}
    by_norm: dict[str, list] = {}
    for c in df.columns:
        by_key.setdefault(str(c).strip().casefold(), []).append(c)
        by_norm.setdefault(_norm_name(c), []).append(c)

    def find(name: str, loose: bool = False) -> Any:
        """The file's column for ``name``: exact, else the only one equal up to case and spaces; ``loose``
        (a canonical name): else the only one equal up to case, spaces, ``_`` and ``-`` (``paymentMethod``,
        ``Payment Method`` and ``payment-method`` are ``payment_method``)."""
        if name in df.columns:
            return name
        got = by_key.get(str(name).strip().casefold(), [])
        if not got and loose:
            got = by_norm.get(_norm_name(name), [])
        return got[0] if len(got) == 1 else None

    column_map = {k: (find(v) if find(v) is not None else v) for k, v in (column_map or {}).items()}
    if report is not None:
        report["column_map_found"] = sorted(k for k, v in column_map.items() if v in df.columns)
    inverse = {}
    for canonical, theirs in column_map.items():
        if theirs in df.columns:
            if canonical in df.columns and canonical != theirs and canonical not in column_map.values():
                raise InputError(
                    f"the file has a column {canonical!r} and the column map also maps {theirs!r} to it",
                    file=str(path), column=canonical,
                    fix=f"drop or rename the file's {canonical!r} column, or do not map {canonical}={theirs}")
            inverse[theirs] = canonical
        elif canonical not in df.columns:
            if canonical in known:
                log.warning("%s: the column map names %r for %s, but the file has no such column (found: %s)",
                            path, theirs, canonical, ", ".join(map(str, df.columns[:20])))
            else:
                log.debug("%s: mapped column %r not present", path, theirs)
        elif canonical in known:
            log.warning("%s: the column map names %r for %s, but the file has no such column; its own %r "
                        "column is read", path, theirs, canonical, canonical)
    mapped = set(inverse.values())
    for canonical in known:
        if canonical in mapped or canonical in df.columns:
            continue
        theirs = find(canonical, loose=True)
        if theirs is not None and theirs not in inverse and theirs not in known:
            inverse[theirs] = canonical
            log.info("%s: reading column %r as %s", path, theirs, canonical)
    if aliases:
        taken = set(inverse) | set(df.columns[df.columns.isin(known)])
        used: dict[str, str] = {}
        for canonical, names in aliases.items():
            if canonical in column_map or canonical in df.columns or canonical in inverse.values():
                continue
            cands = [c for c in df.columns if c not in taken and _alias_of(c, (*names, _norm_name(canonical)))]
            if not cands and canonical in FALLBACK_ALIASES:
                cands = [c for c in df.columns if c not in taken and _alias_of(c, FALLBACK_ALIASES[canonical])
                         and not pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])]
            if len(cands) == 1:
                used[canonical] = cands[0]
                inverse[cands[0]] = canonical
                taken.add(cands[0])
                log.warning("%s: no %r column; reading %r as %s (a common name for it; --map %s=COLUMN reads "
                            "another, input.column_aliases = false turns this off)", path, canonical, cands[0],
                            canonical, canonical)
            elif len(cands) > 1:
                log.warning("%s: no %r column, and %s could each be it; none is read as %s: pass --map %s=%s "
                            "(or the one you mean)", path, canonical, ", ".join(map(repr, cands)), canonical,
                            canonical, cands[0])
        if report is not None and used:
            report["column_aliases"] = {k: str(v) for k, v in used.items()}
    if report is not None and inverse:
        # every column read under another name (map, case or spacing, alias): errors name the file's (session 77)
        report["columns_read_as"] = {str(canonical): str(theirs) for theirs, canonical in inverse.items()}
    return df.rename(columns=inverse) if inverse else df


def _delimiter_hint(header: list[str], path: Path) -> str | None:
    """What to say when a text file's header looks split on the wrong delimiter (a ';'- or tab-separated
    export read as comma-separated), else None."""
    text = " ".join(map(str, header[:3]))
    if len(header) > 2 or "account_id" not in text.replace(" ", "_").casefold():
        return None
    if "\t" in text:
        return ("the header looks tab-separated: name the file .tsv (or .tsv.gz) so it is read with tabs"
                if _fmt(Path(path)) == "csv" else None)
    for sep, name in ((";", "semicolon"), ("|", "pipe")):
        if sep in text:
            return (f"the header looks {name}-separated: graphhunt reads .csv with commas and .tsv with tabs; "
                    "export with commas (or tabs, as .tsv)")
    return None


def _require(df: pd.DataFrame, required: tuple[str, ...], path: Path,
             aliases: Mapping[str, tuple[str, ...]] | None = None, frame: bool = False) -> None:
    """``frame``: ``df`` is a caller's DataFrame, not a file: the fix names Python's way to map a column
    (``df.rename``, the config's ``input.column_map``), not the command line's ``--map``."""
    missing = [c for c in required if c not in df.columns]
    if missing:
        found = ", ".join(map(str, df.columns[:20]))
        hint = None if frame else _delimiter_hint(list(map(str, df.columns)), path)
        cands = [c for c in df.columns if _norm_name(c) in (aliases or {}).get(missing[0], ())]
        example = str(cands[0]) if cands else "<your column name>"
        if frame:
            # (a tester: a notebook user was told to pass the command line's --map)
            fix = (f"rename the column, df.rename(columns={{{example!r}: {missing[0]!r}}}), or map it with the "
                   f"config option input.column_map, e.g. gh.detect(df, input__column_map={{{missing[0]!r}: "
                   f"{example!r}}})")
        else:
            fix = hint or f"rename the column or map it, e.g. --map {missing[0]}={example}"
        raise InputError(
            f"missing required column(s) {', '.join(missing)}; found: {found}",
            file=str(path),
            column=missing[0],
            fix=fix,
        )


def _bad_rows(mask: np.ndarray, path: Path, column: str, values: pd.Series, what: str, fix: str,
              policy: str, report: dict[str, Any], labels: pd.Index | None = None,
              pending: list[InputError] | None = None) -> np.ndarray:
    """Raise or record rows flagged bad; returns the keep-mask. ``labels``: a DataFrame's index (its rows
    are named by their labels, and the fix names the config option, not the command line's ``--set``).
    ``pending``: with the policy ``error``, the error is added to this list instead of raised, and the rows are
    left out of the checks that follow (:func:`_raise_pending` raises them all as one error)."""
    n_bad = int(mask.sum())
    if not n_bad:
        return np.ones(len(mask), dtype=bool)
    idx = np.flatnonzero(mask)[:_MAX_SHOWN]
    if policy == "error":
        short = _short_rows(path, idx, report.get("csv_quoting")) if labels is None else []
        if short:
            # (a review, session 75: a line break inside an unquoted value, as `psql -At` writes, split a row in
            # two; the second part was refused for an empty account_id and the fix offered to drop it. An operator,
            # session 76: a row missing its ip field was refused for a "malformed IP address" that was the start of
            # its prompt, printed in the error: a short row's cells are not shown, they are other columns' text)
            what += "; " + ", ".join(f"row {r} has {k} of the header's {m} fields" for r, k, m in short)
            fix = ("rows with fewer fields than the header: a line break inside a value that is not quoted splits its "
                   "row in two, and a field left out moves the next ones into the wrong columns; export with quoting "
                   "(psql --csv rather than -At, or values in double quotes) or remove line breaks from the values. "
                   "Otherwise, " + fix)
        err = InputError(
            f"{n_bad} row(s) with {what}",
            file=str(path),
            column=column,
            **_rows_at(idx, labels),
            values=[] if short else [values.iloc[i] for i in idx],
            fix=fix + ("" if pending else
                       " (or pass --bad-rows drop, or bad_rows=\"drop\" to gh.load_events, to drop such rows and "
                       "count them in run.json)" if labels is None else f" ({_DROP_FRAME})"),
        )
        if pending is None:
            raise err
        pending.append(err)
        return ~mask
    dropped = report.setdefault("dropped_rows", {})
    dropped[column] = dropped.get(column, 0) + n_bad
    log.warning("%s: dropped %d row(s) with %s in %s", path, n_bad, what, _column_named(column, report, labels))
    return ~mask


def _share_text(part: int, whole: int) -> str:
    """``part`` of ``whole`` as a percentage a reader does not take for none: ``"0.01%"``, ``"2.5%"``, ``"50%"``.

    >>> _share_text(1, 10_000), _share_text(1, 40), _share_text(2, 4), _share_text(4, 4), _share_text(1, 10**9)
    ('0.01%', '2.5%', '50%', '100%', '<0.001%')
    """
    pct = 100.0 * part / max(1, whole)
    return "<0.001%" if 0 < pct < 0.001 else f"{pct:.0f}%" if pct >= 10 else f"{pct:.2g}%"


#: a share of exact duplicate rows at or above which dropping them is a warning, not an INFO note. A repeated export
#: or overlapping files repeat a whole stretch of the log (a day of a month is 3%); a few identical requests in the
#: same second (a CI job or a retry loop sending one test prompt twice, seen in generated worlds: 1 row in 190,000)
#: are real traffic at the timestamp's resolution and no reason for an operator to look at the export
DUPLICATE_WARN_SHARE = 0.001


def _log_duplicates(msg: str, *args: Any, n_rows: int) -> None:
    """Log that exact duplicate rows were dropped: ``msg`` gets ``args`` with the share of ``n_rows`` the last one
    (the count) makes put after it; a WARNING from :data:`DUPLICATE_WARN_SHARE` of the rows, an INFO note below."""
    n_dup = args[-1]
    level = logging.WARNING if n_dup >= DUPLICATE_WARN_SHARE * n_rows else logging.INFO
    log.log(level, msg, *args, _share_text(n_dup, n_rows))


def _raise_pending(pending: list[InputError]) -> None:
    """The bad rows :func:`_bad_rows` collected in ``pending``, as one :class:`InputError`: the first problem, and
    each further one after it (``also``), so that one run names every column with bad rows."""
    if len(pending) == 1:
        raise pending[0]
    if pending:
        first = pending[0]
        raise InputError(first.message, file=first.file, column=first.column, rows=first.rows, values=first.values,
                         fix=first.fix, index_labels=first.index_labels, also=pending[1:])


def _read_as(column: str, report: Mapping[str, Any] | None, labels: Any = None) -> str:
    """`` ('ClientAddr' in the file)`` where the input names ``column`` otherwise (the load report's
    ``columns_read_as``), else ``""``: what a warning adds to the column's name, as :class:`InputError` does.
    ``labels``: given for a DataFrame (``in the frame``)."""
    theirs = ((report or {}).get("columns_read_as") or {}).get(column)
    where = "file" if labels is None else "frame"
    return f" ({theirs!r} in the {where})" if theirs and theirs != column else ""


def _column_named(column: str, report: Mapping[str, Any] | None, labels: Any = None) -> str:
    """``column 'ip'``, or ``column 'ip' ('ClientAddr' in the file)`` (:func:`_read_as`)."""
    return f"column {column!r}{_read_as(column, report, labels)}"


def _short_rows(p: Path, pos: np.ndarray, quoting: str | None = None) -> list[tuple[int, int, int]]:
    """(1-based row, its fields, the header's fields) for the data rows at 0-based positions ``pos`` of a CSV
    or TSV file that have fewer fields than the header (pandas fills the missing ones in silently). Read with
    Python's csv module as far as the last of them, as :func:`read_table` read the file (``quoting``: its load
    report's ``csv_quoting``): an error path only."""
    import csv as _csv
    import sys

    opts: dict[str, Any] = ({"quoting": _csv.QUOTE_NONE} if quoting == "none" else
                            {"escapechar": "\\"} if quoting == "backslash_escapes" else {})
    limit = _csv.field_size_limit()
    try:
        _csv.field_size_limit(sys.maxsize)  # (a prompt of 1M characters is a field; restored below)
        if _fmt(p) not in ("csv", "tsv") or not len(pos):
            return []
        sep, skip, _ = _separator(p, _fmt(p))
        want, last, out = {int(i) for i in pos}, int(max(pos)), []
        with pd.io.common.get_handle(p, "r", compression=_compression(p), encoding=_text_encoding(p),
                                     errors="replace") as h:
            # pandas skips blank lines, and lines of spaces only
            rows = (r for r in _csv.reader(h.handle, delimiter=sep, **opts) if r and (len(r) > 1 or r[0].strip()))
            for _ in range(skip):
                next(rows, None)
            n_head = len(next(rows, []))
            for i, rec in enumerate(rows):
                if i in want and len(rec) < n_head:
                    out.append((i + 1, len(rec), n_head))
                if i >= last:
                    break
        return out
    except (OSError, ValueError, EOFError, OverflowError, _csv.Error):
        return []
    finally:
        _csv.field_size_limit(limit)


#: epoch magnitudes: above 1e17 nanoseconds, above 1e14 microseconds, above 1e11 milliseconds, else
#: seconds (for times after 1973 these ranges do not overlap; 1e11 s is the year 5138)
_EPOCH_SCALES = ((1e17, 1e9), (1e14, 1e6), (1e11, 1e3))
#: event times given as epoch numbers must be after this (1e9 s); see load_events
_EARLIEST_EPOCH = pd.Timestamp(10**9, unit="s", tz="UTC")
#: event times given as text must lie in this range (the upper end is where nanoseconds end)
_TEXT_TIME_RANGE = (np.datetime64("1970-01-01", "us"), np.datetime64("2262-04-11", "us"))
#: the end of that range as epoch seconds: epoch numbers at or past it are no event time either
_EPOCH_S_END = float(_TEXT_TIME_RANGE[1].astype("datetime64[s]").astype(np.int64))


def parse_timestamps(values: pd.Series) -> pd.Series:
    """Parse ISO 8601 strings or epoch numbers into UTC datetimes; NaT where unparseable.

    Epoch numbers are seconds, or milliseconds / microseconds / nanoseconds when larger than
    1e11 / 1e14 / 1e17. Text without an offset is UTC; a trailing `` UTC`` / `` GMT`` (BigQuery's
    ``2026-11-01 12:00:00 UTC``) is read as ``Z``; ``t`` and ``z`` may be lower case (RFC 3339).
    """
    return _parse_timestamps(values)[0]


def _parse_timestamps(values: pd.Series) -> tuple[pd.Series, np.ndarray | None]:
    """:func:`parse_timestamps` and the mask of rows read as epoch numbers (None: none were)."""
    s = values
    if isinstance(s.dtype, pd.ArrowDtype) and pa.types.is_timestamp(s.dtype.pyarrow_dtype):
        # pyarrow-backed times (dtype_backend="pyarrow"): numpy datetimes in the column's own unit first
        # (no .asi8 on Arrow arrays; in nanoseconds a 9999-12-31 placeholder would overflow)
        t = s.dtype.pyarrow_dtype
        s = s.astype(f"datetime64[{t.unit}, {t.tz}]" if t.tz else f"datetime64[{t.unit}]")
    if pd.api.types.is_datetime64_any_dtype(s):
        # a datetime column (Parquet, or a frame built by hand) in any unit: the same range as text, so
        # that a placeholder (9999-12-31, 1900-01-01) is a bad row, not a crash in nanoseconds or a
        # century-long timeline
        s = pd.to_datetime(s, utc=True)
        v = s.dt.tz_localize(None).to_numpy().copy()
        v[(v < _TEXT_TIME_RANGE[0]) | (v >= _TEXT_TIME_RANGE[1])] = np.datetime64("NaT")
        return pd.Series(pd.to_datetime(v.astype("datetime64[ns]"), utc=True), index=s.index), None
    if pd.api.types.is_numeric_dtype(s):
        num = pd.to_numeric(s, errors="coerce").astype("float64")
    else:
        s = s.astype("string")
        num = pd.to_numeric(s, errors="coerce")
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns, UTC]")
    is_num = num.notna().to_numpy()
    if is_num.any():
        raw = num[is_num].to_numpy(dtype="float64")
        scale = np.select([np.abs(raw) > above for above, _ in _EPOCH_SCALES], [sc for _, sc in _EPOCH_SCALES], 1.0)
        n = raw / scale
        # seconds past the nanosecond range (2262-04-11 up to 1e10: a 9999999999 or 9999999999999 "no date"
        # placeholder) crashed the conversion below (a traceback, exit 1) instead of being a bad row
        ok = np.isfinite(n) & (np.abs(n) < 1e10) & (n < _EPOCH_S_END)
        # whole numbers in integer nanoseconds: through float seconds an epoch in milliseconds lost its last
        # digits (1793491200123 read as ...00.122999907; a review, session 76); an integer column exactly, also
        # in nanoseconds past 2**53
        n_ok = np.where(ok, n, 0)
        sec = np.floor(n_ok)
        ns = sec.astype(np.int64) * 1_000_000_000 + np.round((n_ok - sec) * 1e9).astype(np.int64)
        whole = ok & (raw == np.floor(raw)) & (np.abs(raw) < 2.0**53)
        iraw = np.where(whole, raw, 0).astype(np.int64)
        if pd.api.types.is_integer_dtype(s.dtype):
            whole, iraw = ok.copy(), s[is_num].to_numpy(dtype=np.int64)
        elif not pd.api.types.is_numeric_dtype(s.dtype):
            # digits only (an epoch in nanoseconds has 19): read as integers, not through float
            txt = s[is_num].str.strip()
            digits = txt.str.fullmatch(r"-?[0-9]{1,19}").fillna(False).to_numpy(bool) & ok
            if digits.any():
                v = pd.to_numeric(txt[digits], errors="coerce")
                if pd.api.types.is_integer_dtype(v.dtype) and v.dtype != np.uint64:
                    whole = whole | digits
                    iraw[digits] = v.to_numpy(dtype=np.int64)
        per = (1e9 / scale).astype(np.int64)
        ns[whole] = iraw[whole] * per[whole]
        conv = pd.to_datetime(np.where(ok, ns, np.iinfo(np.int64).min).view("datetime64[ns]"), utc=True)
        out.iloc[np.flatnonzero(is_num)] = conv
    rest = ~is_num & s.notna().to_numpy()
    if rest.any():
        txt = s[rest]

        def iso(t: pd.Series) -> np.ndarray:
            # pandas parses to microseconds (years 1-9999); a time outside 1970 - 2262 (9999-12-31 or
            # 0001-01-01 as a "no date" placeholder) is no event time, and would wrap around in the
            # nanoseconds below (9999 read as 1816): NaT, reported as a bad row
            v = pd.to_datetime(t, utc=True, errors="coerce", format="ISO8601").dt.tz_localize(None).to_numpy()
            v = v.copy()  # its own unit (ns text keeps its nanoseconds)
            v[(v < _TEXT_TIME_RANGE[0]) | (v >= _TEXT_TIME_RANGE[1])] = np.datetime64("NaT")
            return v.astype("datetime64[ns]")

        conv = iso(txt)
        retry = np.isnat(conv)
        if retry.any():
            # spaces around, a zone written as a word ("2026-11-01 12:00:00 UTC"), or a lower-case t or z
            # ("2026-11-01t12:00:00z", which RFC 3339 allows and pandas' ISO 8601 format refuses); upper case
            # changes nothing else an ISO 8601 time holds
            again = txt[retry].str.strip().str.upper().str.replace(r"\s*\b(?:UTC|GMT)$", "Z", regex=True)
            conv[retry] = iso(again)
        out.iloc[np.flatnonzero(rest)] = pd.to_datetime(conv, utc=True)
    return out, is_num


_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
#: dotted IPv4 already in canonical form (no leading zeros): str(ip_address(x)) == x
_CANON_V4 = rf"^(?:{_OCTET}\.){{3}}{_OCTET}$"


#: canonical addresses that stand for "no client address": unspecified, loopback and link-local (169.254.0.0/16,
#: fe80::/10, with or without a zone such as ``%eth0``), IPv4 and IPv6. A link-local address is valid only on one
#: network segment: a server sees one from its own side of a proxy, never from an internet client, and unrelated
#: hosts use the same ones (fe80::1)
_NO_CLIENT_ADDRESS = (r"^(?:(?:0|127)\.[0-9]+\.[0-9]+\.[0-9]+|::1?|169\.254\.[0-9]+\.[0-9]+"
                      r"|fe[89ab][0-9a-f]:[0-9a-f:]*(?:%.*)?)$")

#: an IPv6 address with a zone (``2001:db8::1%eth0``, ``[fe80::1%25en0]:443``): the zone names an interface of the
#: host that logged it, not part of the address, and is dropped as a port is (:func:`_ip_codes`, on the distinct
#: values at once); groups: the address (with its opening bracket) and what follows the zone (``]:443``)
_ZONE = r"^(\[?[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*)%[^%\[\]]+(\](?::[0-9]*)?)?$"

#: an address with a port, as access logs write it: ``203.0.113.7:443``, ``[2001:db8::1]:443``, ``[2001:db8::1]``
_WITH_PORT = re.compile(r"^(?:(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}|\[([0-9A-Fa-f:.]+(?:%[^\]]+)?)\](?::\d{1,5})?)$")


def _ip_slow(u: str) -> tuple[str | None, str | None]:
    """Canonical text and network of one address (IPv6, mapped, with a port, odd forms); (None, None) if invalid."""
    try:
        a = ipaddress.ip_address(u)
    except ValueError:
        m = _WITH_PORT.match(u)
        if m is None:
            return None, None
        port = u.rpartition("]")[2].lstrip(":") if u.startswith("[") else u.rpartition(":")[2]
        if port and int(port) > 65535:
            return None, None
        return _ip_slow(m.group(1) or m.group(2))
    if a.version == 6 and a.scope_id is not None:  # a zone _ZONE did not take (an odd character in it)
        a = ipaddress.IPv6Address(u.partition("%")[0])
    if a.version == 6 and a.ipv4_mapped is not None:
        a = a.ipv4_mapped
    if a.version == 4:
        return str(a), str(ipaddress.ip_network(f"{a}/24", strict=False))
    return str(a), str(ipaddress.ip_network(f"{a}/48", strict=False))


def _as_text(values: pd.Series, column: str | None = None, source: Any = None,
             labels: pd.Index | None = None) -> pd.Series:
    """An id column as text. Whole-number floats print without ``.0``: an integer column with a
    missing value can arrive as float64, and ``123.0`` must join with ``123`` from another file.
    Whole numbers of 2^53 or more are refused: as floats they have already lost digits (distinct card
    fingerprints or 64-bit keys would print as one ``9e+18`` and merge). ``labels``: a DataFrame's
    index (rows named by label, as :func:`_rows_at`)."""
    if pd.api.types.is_float_dtype(values.dtype):
        v = values.to_numpy(dtype="float64", na_value=np.nan)
        fin = v[np.isfinite(v)]
        whole = len(fin) and (fin == np.round(fin)).all()
        if whole and (np.abs(fin) >= 2.0**53).any():
            raise InputError(
                f"ids stored as floating-point numbers reach {np.abs(fin).max():.4g}; above 2^53 they cannot be "
                "told apart (distinct ids would merge)", file=str(source) if source else None, column=column,
                fix="store the column as text (quoted in JSON, string or int64 in Parquet); e.g. pandas: "
                    "df[col] = df[col].astype('Int64').astype('string') before the values become floats")
        if whole:
            return pd.Series(pd.array(values, dtype="Int64"), index=values.index).astype("string")
    if column == "account_id" and values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) not in (
            "string", "empty", "integer", "floating", "mixed-integer-float", "decimal", "boolean"):
        # a JSON list or object is no account id: as text it would be its Python repr (['x']). (Other columns
        # keep their text form: a structured user agent, {"name": "sdk", ...}, still names one client)
        nested = values.map(lambda v: isinstance(v, (list, dict, tuple, set, np.ndarray))).to_numpy(bool)
        if nested.any():
            rows = np.flatnonzero(nested)
            raise InputError(f"{len(rows)} value(s) are lists or objects, not text or numbers (e.g. "
                             f"{_row_name(rows[0], labels)}: {str(values.iloc[rows[0]])[:60]!r})",
                             file=str(source) if source else None, column=column,
                             **_rows_at(rows, labels),
                             fix="write one text or number per cell (in JSON, a string such as \"x\", not [\"x\"])")
    return values.astype("string")


def _refuse_replaced(acc: pd.Series, source: Any, labels: pd.Index | None = None) -> None:
    """Account ids are join keys: bytes that are not UTF-8 became U+FFFD when the file was read, and ids
    differing only there (``müller``/``möller`` in cp1252) would merge into one account."""
    bad = acc.str.contains("\ufffd", regex=False).fillna(False).to_numpy()
    if bad.any():
        rows = np.flatnonzero(bad)
        raise InputError(
            f"{len(rows)} account_id value(s) hold bytes that are not UTF-8 (e.g. {_row_name(rows[0], labels)}: "
            f"{str(acc.iloc[rows[0]])!r}); read with replacement, different ids could merge",
            file=str(source), column="account_id",
            fix="re-encode the file as UTF-8, e.g. iconv -f cp1252 -t utf-8 in.csv > out.csv")


#: text an export writes where a column has no value; read as missing (and counted in a warning) in the
#: link and organisation columns, where one such value held by a few accounts would link them as a shared
#: card or address, and an ``org_id`` of "none" would declare every such account one organisation
PLACEHOLDERS = frozenset({"na", "n/a", "nan", "null", "none", "nil", "-", "--", "?", "unknown", "undefined",
                          "(null)", "<null>", "<na>", "#n/a"})


def _blank_placeholders(text: pd.Series, counts: np.ndarray | None, column: str | None, source: Any,
                        named: str | None = None) -> pd.Series:
    """``text`` (distinct or per-row values, stripped) with :data:`PLACEHOLDERS` made ``""``; ``counts``:
    rows per value (None: one each). Warns with the number of rows and the values seen; ``named``: the column as
    the warning names it (:func:`_column_named`), ``column %r`` if not given."""
    ph = text.str.casefold().isin(PLACEHOLDERS).fillna(False).to_numpy(bool)
    if not ph.any():
        return text
    n = int(counts[ph].sum()) if counts is not None else int(ph.sum())
    seen = sorted(set(text[ph].tolist()))[:5]
    log.warning("%s: %d row(s) of %s hold a placeholder (%s) and are read as missing",
                source if source is not None else "input", n, named or f"column {column!r}", ", ".join(map(repr, seen)))
    return text.mask(ph, "")


#: one exact prompt text on more than this share of the logged prompts *and* of the accounts that log any is a
#: redaction placeholder (``[REDACTED]``, ``N/A``), not a prompt (:func:`_redacted_prompts`), in a log of at least
#: :data:`REDACTED_MIN_ACCOUNTS` accounts with prompts (a population; three test accounts may well send one text)
REDACTED_PROMPT_SHARE = 0.5
REDACTED_MIN_ACCOUNTS = 100


def _redacted_prompts(pr: pd.Series, account: pd.Series, source: Any, report: dict) -> pd.Series:
    """``pr`` with a redaction placeholder read as missing: one text that fills more than
    :data:`REDACTED_PROMPT_SHARE` of the logged prompts and is sent by more than that share of the accounts that
    log any, in a log of at least :data:`REDACTED_MIN_ACCOUNTS` of them. No population asks one question in most of
    its requests; an export that blanks the prompts writes
    one marker. Read as prompts, the marker made every account a sender of one text thousands of times over, and
    ``scoring.max_repeats_per_prompt`` counted no volume beyond its 8th send (a review, session 75: the sample
    with every prompt ``[REDACTED]`` flagged 11 accounts, without the column 130). Found on a sample of the
    rows first, so a column of real prompts costs one value count of at most 20,000 of them."""
    have = pr.notna().to_numpy()
    n = int(have.sum())
    if n < REDACTED_MIN_ACCOUNTS:  # (fewer prompts than that: fewer accounts too)
        return pr
    rows = np.flatnonzero(have)
    sample = pr.iloc[rows[np.linspace(0, n - 1, min(n, 20_000)).astype(np.int64)]]
    top = sample.value_counts()
    if top.iloc[0] <= REDACTED_PROMPT_SHARE * len(sample):
        return pr
    marker = top.index[0]
    hit = (pr == marker).fillna(False).to_numpy(bool)
    senders = account[hit].nunique()
    n_acc = account[have].nunique()
    if (n_acc < REDACTED_MIN_ACCOUNTS or hit.sum() <= REDACTED_PROMPT_SHARE * n
            or senders <= REDACTED_PROMPT_SHARE * n_acc):
        return pr
    report["redacted_prompts"] = int(hit.sum())
    log.warning("%s: %d of %d prompts (%d accounts) are one text, %r: a redaction placeholder, read as no prompt "
                "logged (template, reasoning and repeat evidence come from the other prompts)", source,
                int(hit.sum()), n, senders, _short(str(marker), 40))
    return pr.mask(hit)


_CHAT_MESSAGE = (r'\{\s*"role"\s*:\s*"(?:[^"\\]|\\.)*"\s*,\s*"content"\s*:\s*"((?:[^"\\]|\\.)*)"\s*\}',
                 r'\{\s*"content"\s*:\s*"((?:[^"\\]|\\.)*)"\s*,\s*"role"\s*:\s*"(?:[^"\\]|\\.)*"\s*\}')
#: a message's ``content`` as a list of parts (OpenAI's and Anthropic's chat APIs: ``[{"type": "text",
#: "text": ...}, {"type": "image_url", "image_url": {...}}]``; ``input_text`` / ``output_text`` in OpenAI's
#: Responses API), made one content string before :data:`_CHAT_MESSAGE`: each (pattern, replacement) in
#: turn. A text part becomes its text between \x1d marks; a part of another type whose one further key
#: holds an object or a string (an image, an audio clip: no prompt text) is dropped with its comma; the
#: texts are joined with a JSON ``\n`` escape, and a content list of nothing but such parts becomes the
#: JSON string of their texts.
_OTHER_PART = (r'\{\s*"type"\s*:\s*"(?:[^"\\]|\\.)*"\s*,\s*"(?:[^"\\]|\\.)*"\s*:\s*'
               r'(?:\{(?:[^{}"]|"(?:[^"\\]|\\.)*")*\}|"(?:[^"\\]|\\.)*")\s*\}')
_CONTENT_PARTS = (
    (r'\{\s*"type"\s*:\s*"(?:input_|output_)?text"\s*,\s*"text"\s*:\s*"((?:[^"\\\x1d]|\\.)*)"\s*\}', "\x1d\\1\x1d"),
    (r'\{\s*"text"\s*:\s*"((?:[^"\\\x1d]|\\.)*)"\s*,\s*"type"\s*:\s*"(?:input_|output_)?text"\s*\}', "\x1d\\1\x1d"),
    (_OTHER_PART + r'\s*,\s*', ""),
    (r'\s*,\s*' + _OTHER_PART, ""),
    (_OTHER_PART, "\x1d\x1d"),
    (r'\x1d\s*,\s*\x1d', "\\\\n"),  # two texts: one line each
    (r'("content"\s*:\s*)\[\s*\x1d([^\x1d]*)\x1d\s*\]', '\\1"\\2"'),
)


def _json_unescape(arr: "pa.Array | pa.ChunkedArray", rows: "pa.Array | pa.ChunkedArray",
                   batch: int = 500_000) -> pa.Array:
    r"""``arr`` with the JSON string escapes of the ``rows`` decoded (``\"``, ``\\``, ``\n``, ``\t``,
    ``\/``, ``\uXXXX`` with surrogate pairs): the text between a JSON string's quotes, as the message
    contents of :func:`chat_message_text` are. One ``json.loads`` (C) per batch of rows that hold a
    backslash; a row that is not valid JSON text keeps its text. Escapes replaced one kind after another
    read ``C:\\new`` as ``C:\`` and a new line, and kept ``\u8bf7`` as six characters.

    >>> _json_unescape(pa.array(['a\\"b', 'C:\\\\new', '\\u8bf7\\ud83d\\ude00', 'x\\q']),
    ...                pa.array([True, True, True, True])).to_pylist()
    ['a"b', 'C:\\new', '请😀', 'x\\q']
    """
    import pyarrow.compute as pc

    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks() if arr.num_chunks else pa.array([], pa.string())
    if isinstance(rows, pa.ChunkedArray):
        rows = rows.combine_chunks() if rows.num_chunks else pa.array([], pa.bool_())
    sel = pc.and_(rows, pc.fill_null(pc.match_substring(arr, "\\"), False))
    idx = np.flatnonzero(sel.to_numpy(zero_copy_only=False))
    if len(idx) == 0:
        return arr
    # only text that is one JSON string's body (every quote escaped) goes into the joined array: a row
    # with a bare quote (text around the messages: '[a",[" {...}]') could open a list in one row and
    # close it in another, and the decoded items would not be the rows' texts (review, session 26)
    body = pc.match_substring_regex(arr.take(pa.array(idx)), r'(?s)^(?:[^"\\]|\\.)*$')
    idx = idx[pc.fill_null(body, False).to_numpy(zero_copy_only=False).astype(bool)]
    if len(idx) == 0:
        return arr

    def one(t: str) -> str:
        try:
            return json.loads('"' + t + '"', strict=False)
        except ValueError:
            return t

    out: list[str] = []
    for lo in range(0, len(idx), batch):
        part = arr.take(pa.array(idx[lo:lo + batch])).to_pylist()
        try:  # the rows' texts as one JSON array of strings (strict=False: the messages' joining new lines)
            dec = json.loads('["' + '","'.join(part) + '"]', strict=False)
            if len(dec) != len(part) or not all(isinstance(t, str) for t in dec):
                raise ValueError  # (cannot happen for string bodies; row by row if it does)
        except ValueError:
            dec = [one(t) for t in part]
        out.extend(dec)
    try:
        new = pa.array(out, type=arr.type)
    except (pa.ArrowInvalid, UnicodeEncodeError):  # a lone surrogate escape (\\ud83d alone) is no character
        new = pa.array([t.encode("utf-8", "replace").decode("utf-8") for t in out], type=arr.type)
    mask = np.zeros(len(arr), bool)
    mask[idx] = True
    return pc.replace_with_mask(arr, pa.array(mask), new)


def _message_texts(arr: pa.Array) -> pa.Array | None:
    """One chunk of a list column as text: the ``content`` of each ``{role, content}`` message (or each
    string of a list of strings), one per line; None where the items are anything else."""
    import pyarrow.compute as pc

    item = arr.type.value_type
    flat = pc.list_flatten(arr)
    content = item.field("content").type if pa.types.is_struct(item) and item.get_field_index("content") >= 0 else None
    part = (content.value_type if content is not None and (pa.types.is_list(content) or pa.types.is_large_list(content))
            else None)
    if content is not None and (pa.types.is_string(content) or pa.types.is_large_string(content)
                                or pa.types.is_null(content)):  # null: every message a tool call, no text
        texts = pc.struct_field(flat, "content")
    elif (part is not None and pa.types.is_struct(part) and part.get_field_index("text") >= 0
          and (pa.types.is_string(part.field("text").type) or pa.types.is_large_string(part.field("text").type))):
        # content as a list of parts (text, image_url, ...): each message's text parts, one per line
        parts = pc.struct_field(flat, "content")
        text = pc.struct_field(pc.list_flatten(parts), "text")
        keep = pc.is_valid(text).to_numpy(zero_copy_only=False)
        parent = pc.list_parent_indices(parts).to_numpy(zero_copy_only=False)
        ends = np.cumsum(np.bincount(parent[keep], minlength=len(parts)))
        texts = pc.binary_join(pa.LargeListArray.from_arrays(pa.array(np.concatenate([[0], ends]).astype(np.int64)),
                                                             text.filter(pa.array(keep)).cast(pa.large_string())),
                               pa.scalar("\n", pa.large_string()))
    elif pa.types.is_string(item) or pa.types.is_large_string(item):
        texts = flat
    else:
        return None
    offsets = arr.offsets.to_numpy(zero_copy_only=False).astype(np.int64)
    offsets = offsets - offsets[0]  # a sliced chunk's offsets start where its slice does
    lists = pa.LargeListArray.from_arrays(pa.array(offsets), pc.fill_null(texts.cast(pa.large_string()), ""))
    joined = pc.binary_join(lists, pa.scalar("\n", pa.large_string()))
    return pc.if_else(pc.is_null(arr), pa.scalar(None, pa.large_string()), joined)


def _structured_to_text(values: pd.Series, arr: "pa.Array | pa.ChunkedArray | None") -> tuple[pd.Series, int]:
    """Structured prompts (every non-null row a list, or ``arr`` their Arrow list column) as text:
    message contents by :func:`_message_texts`, chunk by chunk (a column over 2 GiB comes as several);
    anything else as JSON text, which :func:`chat_message_text` then reads where it is a chat list."""
    if arr is not None and (pa.types.is_list(arr.type) or pa.types.is_large_list(arr.type)):
        parts = [_message_texts(c) for c in (arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr])]
        if all(p is not None for p in parts):
            col = pa.chunked_array(parts, type=pa.large_string())
            return (pd.Series(pd.arrays.ArrowStringArray(col), index=values.index, name=values.name),
                    int(len(col) - col.null_count))

    def as_json(v):
        if v is None or v is pd.NA or isinstance(v, str) or (isinstance(v, float) and np.isnan(v)):
            return v if isinstance(v, str) else None
        try:
            return json.dumps(v.tolist() if isinstance(v, np.ndarray) else v, ensure_ascii=False,
                              default=lambda o: o.tolist() if hasattr(o, "tolist") else str(o))
        except (TypeError, ValueError):
            return str(v)

    return pd.Series([as_json(v) for v in values.array], index=values.index, name=values.name,
                     dtype="string"), 0


def _structured_prompts(values: pd.Series) -> tuple[pd.Series, int]:
    r"""The prompt column as text, where it arrives as structured values: a JSON Lines list of message
    objects (``"prompt": [{"role": "user", "content": "..."}]``), a Parquet ``list<struct<role,
    content>>`` column (also as a pyarrow-backed frame) becomes the messages' content texts, one per
    line (as a chat list written as JSON text does in :func:`chat_message_text`), a list of strings its
    strings. ``astype("string")`` made Python reprs of them (``[{'role': 'user', ...``), which the
    template stage read as text. Text rows among structured ones stay as they are. Returns the column
    and how many rows were converted; text columns are returned unchanged.

    >>> _structured_prompts(pd.Series([[{"role": "system", "content": "Be brief"},
    ...                                 {"role": "user", "content": "Solve 2+2"}], "plain", None]))[0].tolist()
    ['Be brief\nSolve 2+2', 'plain', <NA>]
    """
    if not len(values):
        return values.astype("string"), 0
    if isinstance(values.dtype, pd.ArrowDtype):  # a pyarrow-backed frame: the list column as it is
        t = values.dtype.pyarrow_dtype
        if pa.types.is_list(t) or pa.types.is_large_list(t):
            return _structured_to_text(values, values.array._pa_array)
        return values.astype("string"), 0
    if values.dtype != object or pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        return values.astype("string"), 0  # (infer_dtype: one C scan, 0.02 s per 2M prompts)
    structured = np.fromiter((isinstance(v, (list, tuple, dict, np.ndarray)) for v in values.array), bool,
                             count=len(values))  # (only for a column that is not all text)
    if not structured.any():
        return values.astype("string"), 0
    sub = values[structured]
    try:
        arr = pa.array(sub.array, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        arr = None  # lists Arrow cannot type as one column: JSON text
    text, n = _structured_to_text(sub, arr)
    if structured.all():
        return text, n
    out = values.where(~structured, None).astype("string")
    out[structured] = text.to_numpy(dtype=object, na_value=None)
    return out, n


def chat_message_text(prompts: pd.Series) -> tuple[pd.Series, int]:
    r"""Prompts written as a JSON list of chat messages (``[{"role": "system", "content": ...}, {"role":
    "user", "content": ...}]``, as chat-API logs store them) as the messages' content texts, one per line;
    other prompts unchanged. Returns the prompts and how many were converted. The messages are found
    with Arrow regex kernels; their JSON escapes (``\"``, ``\\``, ``\n``, ``\uXXXX``) are decoded by
    :func:`_json_unescape`. Skipped unless some prompt starts like such a list. A content given as a list
    of parts (``[{"type": "text", "text": ...}, {"type": "image_url", ...}]``) is its text parts' texts, one
    per line (:data:`_CONTENT_PARTS`; an image or audio part has no text).
    Messages with other keys than ``role`` and ``content`` stay as they are.

    >>> s = pd.Series(['[{"role": "user", "content": "Solve \\"x+1\\" step by step"}]', 'plain', None], dtype="string")
    >>> chat_message_text(s)[0].tolist(), chat_message_text(s)[1]
    (['Solve "x+1" step by step', 'plain', <NA>], 1)
    >>> chat_message_text(pd.Series(['{"role": "user", "content": "Solve x"}', '{"content": "Hi", "role": "user"}']))[0].tolist()
    ['Solve x', 'Hi']
    >>> chat_message_text(pd.Series([json.dumps([{"role": "user", "content": "C:\\new \u8bf7"}])], dtype="string"))[0][0]
    'C:\\new 请'
    >>> chat_message_text(pd.Series([json.dumps([{"role": "user", "content": [{"type": "text", "text": "Solve"},
    ...     {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBO"}}, {"type": "text", "text": "x+1"}]}])],
    ...     dtype="string"))[0][0]
    'Solve\nx+1'
    """
    import pyarrow.compute as pc

    arr = pa.array(prompts.array, type=pa.string()) if not isinstance(getattr(prompts.array, "_pa_array", None),
                                                                        pa.ChunkedArray) else prompts.array._pa_array
    # every row, not a sample: chat lists after the first rows were left as JSON text (review, session 26);
    # the anchored regex costs 0.24 s per 2M prompts
    if len(arr) == 0:
        return prompts, 0
    x = arr
    if pc.any(pc.match_substring_regex(arr, r'^\s*\{\s*"(?:role|content)"\s*:')).as_py():
        # one message object, not a list of them ({"role": "user", "content": ...}): read as a list of one
        # (an analyst, session 76: kept as JSON text, its quoted content was masked away with the templates)
        x = pc.replace_substring_regex(x, r'^(\s*\{\s*"(?:role|content)"\s*:[\s\S]*\})\s*$', "[\\1]")
    if not pc.any(pc.match_substring_regex(x, r"^\s*\[\s*\{")).as_py():
        return prompts, 0
    if pc.any(pc.match_substring_regex(arr, r'"content"\s*:\s*\[')).as_py():
        for pat, rep in _CONTENT_PARTS:
            x = pc.replace_substring_regex(x, pat, rep)
    for pat in _CHAT_MESSAGE:
        x = pc.replace_substring_regex(x, pat, "\\1\x1e")
    # a whole list of converted messages: drop the brackets and commas, unescape the JSON text
    whole = pc.fill_null(pc.match_substring_regex(x, r"^\s*\[\s*[^\x1e]*\x1e(\s*,\s*[^\x1e]*\x1e)*\s*\]\s*$"), False)
    y = pc.replace_substring_regex(x, r"^\s*\[\s*", "")
    y = pc.replace_substring_regex(y, r"\x1e\s*\]\s*$", "")
    y = pc.replace_substring_regex(y, r"\x1e\s*,\s*", "\n")
    y = _json_unescape(y, whole)
    out = pc.if_else(whole, y, arr)
    n = int(pc.sum(whole.cast(pa.int64())).as_py() or 0)
    if n == 0:
        return prompts, 0
    return pd.Series(pd.arrays.ArrowStringArray(out if isinstance(out, pa.ChunkedArray) else pa.chunked_array([out])),
                     index=prompts.index, name=prompts.name), n


def _text_codes(values: pd.Series, column: str | None = None, source: Any = None,
                named: str | None = None) -> tuple[np.ndarray, pd.Series]:
    """Per-row codes (-1 where missing) into the column's distinct values, stripped of whitespace.

    Cleaning then runs once per distinct value, and the rows keep the codes until their final order
    is known: a gather from the distinct values instead of from a column of all rows. Values that
    are not text (typed JSON / Parquet) become text first: factorize would merge 1, 1.0 and True.
    Codes are int32 when they fit (half the memory of a per-row int64 array).
    """
    if not isinstance(values.dtype, pd.StringDtype):
        values = _as_text(values, column, source)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if len(codes) and codes.max() < np.iinfo(np.int32).max:
        codes = codes.astype(np.int32)
    text = pd.Series(uniques, dtype="string").str.strip()
    if column is not None:
        text = _blank_placeholders(text, np.bincount(codes[codes >= 0], minlength=len(text)), column, source, named)
    return codes, text


def _ip_codes(values: pd.Series, source: Any = None, named: str = "column 'ip'"
              ) -> tuple[np.ndarray, pa.Array, pa.Array, np.ndarray]:
    """Per-row codes into the distinct IP values (:func:`_text_codes`), their canonical text and
    network (missing where invalid or a placeholder such as "-" or "unknown"), and the mask of non-empty
    rows that are not valid addresses. ``named``: the column as warnings name it (:func:`_column_named`)."""
    import pyarrow.compute as pc

    codes, text = _text_codes(values, "ip", source, named)
    u = pa.array(text.array, type=pa.string())
    if len(u) and pc.any(pc.match_substring(u, "%")).as_py():
        u = pc.replace_substring_regex(u, _ZONE, r"\1\2")  # the zone of an IPv6 address, as a port: dropped
    fast = pc.match_substring_regex(u, _CANON_V4).to_numpy(zero_copy_only=False).astype(bool) if len(u) else \
        np.zeros(0, bool)
    canon = u
    nets = pc.replace_substring_regex(u, r"\.[0-9]+$", ".0/24")
    bad_u = np.zeros(len(u), dtype=bool)
    slow = np.flatnonzero(~fast)
    if len(slow):  # distinct non-canonical values only
        res = [_ip_slow(x) for x in u.take(pa.array(slow)).to_pylist()]
        c_slow = pa.array([r[0] for r in res], type=pa.string())
        n_slow = pa.array([r[1] for r in res], type=pa.string())
        bad_u[slow] = [r[0] is None for r in res]
        mask = pa.array(~fast)
        canon = pc.replace_with_mask(canon, mask, c_slow)
        nets = pc.replace_with_mask(nets, mask, n_slow)
    bad_u &= (text != "").to_numpy(dtype=bool)  # blank cells are missing, not malformed
    if len(u):
        # the unspecified and loopback addresses (0.0.0.0/8, 127.0.0.0/8, ::, ::1) are where a logger
        # writes "no client address" (a proxy that did not forward it): no infrastructure accounts share
        # (a QA pass saw four unrelated accounts become a ring on ip 0.0.0.0)
        nowhere = pc.fill_null(pc.match_substring_regex(canon, _NO_CLIENT_ADDRESS), False)
        nowhere_np = nowhere.to_numpy(zero_copy_only=False).astype(bool)
        if nowhere_np.any():
            n = int(np.bincount(codes[codes >= 0], minlength=len(u))[nowhere_np].sum())
            seen = sorted(set(canon.filter(nowhere).to_pylist()))[:5]
            log.warning("%s: %d row(s) of %s hold an unspecified, loopback or link-local address (%s): no client "
                        "address, read as missing", source if source is not None else "input", n, named,
                        ", ".join(map(repr, seen)))
            canon = pc.if_else(nowhere, pa.scalar(None, pa.string()), canon)
            nets = pc.if_else(nowhere, pa.scalar(None, pa.string()), nets)
    has = codes >= 0
    bad = np.zeros(len(codes), dtype=bool)
    bad[has] = bad_u[codes[has]]
    return codes, canon, nets, bad


def _by_code(values: pa.Array, codes: np.ndarray) -> pd.arrays.ArrowStringArray:
    """``values[codes]`` as a pandas string array, missing where ``codes`` is -1."""
    return pd.arrays.ArrowStringArray(values.take(pa.array(codes, mask=codes < 0)))


def normalize_ips(values: pd.Series) -> tuple[pd.Series, pd.Series, np.ndarray]:
    """Validate and canonicalise IP strings.

    Returns ``(ip, network, bad_mask)``: canonical address text, its network
    prefix (/24 for IPv4, /48 for IPv6), and a mask of non-empty values that are
    not valid addresses. Work is done once per distinct value: distinct values
    that are already canonical dotted IPv4 (the common case) are checked and
    mapped to their /24 with vectorised Arrow string kernels; only the rest
    (IPv6, IPv4-mapped IPv6, malformed text) go through :mod:`ipaddress`.
    """
    codes, canon, nets, bad = _ip_codes(values)
    return (pd.Series(_by_code(canon, codes), index=values.index),
            pd.Series(_by_code(nets, codes), index=values.index), bad)


#: ``df.attrs`` key of a frame that :func:`validate_events` / :func:`validate_accounts` returned:
#: ``{"kind": "events" | "accounts", "fingerprint": ..., "derived": [...]}`` (see :func:`is_validated`)
VALIDATED_KEY = "graphhunt_validated"


def _refuse_other_kind(mark: Any, kind: str, source: Any) -> None:
    """An accounts table the loaders returned, given as the events (or events as the accounts): an analyst
    (session 76) swapped ``gh.detect(accounts, events)`` and got a finished run with nothing flagged."""
    other = mark.get("kind") if isinstance(mark, dict) else None
    if other in ("events", "accounts") and other != kind:
        raise InputError(f"this frame is the {other} table (gh.load_{other} returned it), given as the {kind}",
                         file=str(source), fix="pass the events first and the accounts second: "
                                                "gh.detect(events, accounts)")


def _column_digest(values: pd.Series) -> Any:
    """A checksum of one column's values (and dtype and layout): CRC-32 over its Arrow or NumPy
    buffers (about 4 GB/s), :func:`pandas.util.hash_pandas_object` for other storage. None when the
    values cannot be hashed (nested objects)."""
    arr = values.array
    pa_arr = getattr(arr, "_pa_array", None)
    dt = str(values.dtype)
    if isinstance(pa_arr, pa.ChunkedArray) and not (pa.types.is_dictionary(pa_arr.type)
                                                    or pa.types.is_nested(pa_arr.type)):
        # Arrow buffers are immutable and a sliced chunk is (offset, length) into them: the whole
        # buffers, offset, length and null count determine the values (a re-chunked copy of equal
        # values hashes differently: it is checked again, never wrongly passed)
        parts: list[Any] = [dt, str(pa_arr.type)]
        for ch in pa_arr.chunks:
            parts.append((ch.offset, len(ch), ch.null_count))
            parts.extend(None if b is None else (b.size, zlib.crc32(b)) for b in ch.buffers())
        return parts
    if isinstance(values.dtype, pd.DatetimeTZDtype) or (isinstance(values.dtype, np.dtype)
                                                         and values.dtype.kind in "biufcmM"):
        a = arr.asi8 if hasattr(arr, "asi8") else values.to_numpy()
        a = np.ascontiguousarray(a)
        return [dt, len(a), zlib.crc32(a.view(np.uint8))]
    try:
        h = pd.util.hash_pandas_object(values, index=False).to_numpy()
    except (TypeError, ValueError):  # unhashable cells (dicts, lists)
        return None
    return [dt, len(h), zlib.crc32(np.ascontiguousarray(h).view(np.uint8))]


def frame_fingerprint(df: pd.DataFrame, kind: str) -> str | None:
    """A fingerprint of what the loaders' checks depend on: the number of rows, the column names and
    the values of the columns they check and clean (events: :data:`EVENT_COLUMNS` and ``network``;
    accounts: every column). Any edit of those values, rows or columns changes it (up to a CRC-32
    collision per changed buffer); an unchanged copy keeps it. None when a column cannot be hashed.
    About 0.2 s for 2M events with prompts (the cost of reading the bytes once)."""
    names = [str(c) for c in df.columns]
    if len(set(names)) != len(names):
        return None  # duplicate column names: df[c] is a frame
    check = [c for c in df.columns if kind != "events" or str(c) in EVENT_COLUMNS or str(c) == "network"]
    parts: list[Any] = [kind, len(df), names]
    for c in check:
        d = _column_digest(df[c])
        if d is None:
            return None
        parts.append(d)
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def _mark_validated(df: pd.DataFrame, kind: str, derived: list[str], settings: dict[str, Any] | None = None) -> None:
    """Mark ``df`` as the loaders' output; ``settings`` are the ``input.*`` values it was read with
    (``loaded_settings``: a run on the frame records them, not the config's, in ``run.json``)."""
    df.attrs[VALIDATED_KEY] = {"kind": kind, "fingerprint": frame_fingerprint(df, kind), "derived": derived,
                               "settings": settings}


def loaded_settings(df: pd.DataFrame) -> dict[str, Any] | None:
    """The ``input.*`` settings (``column_map``, ``column_aliases``, and for events ``bad_rows`` and
    ``max_prompt_chars``) a frame from :func:`load_events`/:func:`load_accounts` (or the validators) was
    read with; None for any other frame."""
    mark = df.attrs.get(VALIDATED_KEY)
    got = mark.get("settings") if isinstance(mark, dict) else None
    return dict(got) if isinstance(got, dict) else None


def is_validated(df: pd.DataFrame, kind: str = "events") -> bool:
    """Whether ``df`` is, unchanged, a frame that :func:`load_events` / :func:`validate_events` (``kind
    "events"``) or :func:`load_accounts` / :func:`validate_accounts` (``"accounts"``) returned.

    pandas carries ``attrs`` (and so the loaders' mark) through copies, row filters, ``.loc``
    assignments, column replacements and ``concat``: the mark holds a :func:`frame_fingerprint` of the
    frame as validated, and a frame whose fingerprint no longer matches (edited after loading) is not
    validated: :meth:`graphhunt.Detector.fit` checks it again, as a frame built by hand.
    """
    mark = df.attrs.get(VALIDATED_KEY)
    if not isinstance(mark, dict) or mark.get("kind") != kind or mark.get("fingerprint") is None:
        return False
    return mark["fingerprint"] == frame_fingerprint(df, kind)


def _graphhunt_dir(d: Path) -> bool:
    """A directory graphhunt wrote: a result (``run.json``) or a refresh state (``manifest.json``)."""
    for name, key in (("run.json", "graphhunt_version"), ("manifest.json", "format")):
        f = d / name
        if f.is_file():
            try:
                with open(f, encoding="utf-8") as h:
                    head = h.read(1 << 16)
            except OSError:
                continue
            if f'"{key}"' in head and "graphhunt" in head:
                return True
    return False


#: file names (without format and compression suffixes) that a directory of events holds beside
#: them but that are no events: an accounts file and an answer key (``graphhunt simulate``'s names)
NOT_EVENTS_NAMES = frozenset({"accounts", "truth"})


def event_files(paths: str | Path | Sequence[str | Path], exclude: Sequence[str | Path | None] = ()) -> list[Path]:
    """The events files that ``paths`` names, in reading order.

    A file stands for itself. A directory stands for the events files under it, at any depth (daily
    exports, a partitioned Parquet dataset), sorted by their path inside it: files whose name ends in
    a known format (``.csv``, ``.tsv``, ``.parquet``, ``.pq``, ``.jsonl``, ``.ndjson``, optionally
    ``.gz``, ``.bz2``, ``.xz`` or ``.zst``; ``.json`` only when the directory holds no other format,
    since a folder of exports often keeps a schema or manifest ``.json`` beside them). Skipped
    inside a directory: hidden files, names starting with ``_`` (``_SUCCESS``, ``_metadata``),
    ``exclude`` (the run's accounts file, ``--out``, ``--state``), files named like an accounts file or
    an answer key (``accounts.csv``, ``truth.csv``, as ``graphhunt simulate`` writes them beside
    ``events.csv``; with a warning: an accounts file's ``created_at`` would read as one request per
    account) and folders graphhunt wrote (a result with its ``run.json``, a refresh state), which
    would otherwise be read as events on the next run. A directory with no events file, or a file named twice, is an :class:`InputError`.
    """
    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    frames = [type(it).__name__ for it in items if not isinstance(it, (str, os.PathLike))]
    if frames:  # ([df1, df2] raised a bare TypeError from Path())
        raise InputError(f"events files are paths; found a {frames[0]} among them", fix=(
            "pass one DataFrame (pd.concat([df1, df2], ignore_index=True) joins several), or the files' paths"))
    skip = {Path(x).resolve() for x in exclude if x is not None}
    out: list[Path] = []
    for it in items:
        p = Path(it)
        if not p.is_dir():
            out.append(p)
            continue
        found, skipped, not_events = [], [], []
        for root, dirs, files in os.walk(p, followlinks=False):
            r = Path(root)
            keep_dirs = []
            for d in sorted(dirs):
                sub = r / d
                if d.startswith((".", "_")):
                    continue
                if sub.resolve() in skip or _graphhunt_dir(sub):
                    skipped.append(sub)
                    continue
                keep_dirs.append(d)
            dirs[:] = keep_dirs
            for name in files:
                f = r / name
                if name.startswith((".", "_")):
                    continue
                if f.resolve() in skip:
                    skipped.append(f)
                    continue
                try:
                    fmt = _fmt(f)
                except InputError:
                    continue
                if _fmt_name(f).rsplit(".", 1)[0] in NOT_EVENTS_NAMES:
                    not_events.append(f)
                    continue
                found.append((f.relative_to(p).parts, f, _fmt_name(f).endswith(".json") and fmt == "jsonl"))
        if any(not j for _, _, j in found):
            dropped = [f for _, f, j in found if j]
            if dropped:
                log.warning("%s: %d .json file(s) beside the events files are not read as events (e.g. %s); pass "
                            "them by name to read them", p, len(dropped), dropped[0].name)
            found = [x for x in found if not x[2]]
        if skipped:
            log.info("%s: not read as events: %s", p, ", ".join(str(x) for x in skipped[:5]))
        for f in not_events:
            # an accounts file's created_at would be read as a timestamp: one fake request per account
            log.warning("%s: not read as events (an %s file by its name); %s", f,
                        "accounts" if _fmt_name(f).startswith("accounts") else "answer key",
                        "pass it with --accounts to use it" if _fmt_name(f).startswith("accounts")
                        else "pass it to `graphhunt evaluate --truth`")
        if not found:
            raise InputError("the directory holds no events files", file=str(p),
                             fix="put .csv, .tsv, .parquet or .jsonl files (optionally .gz) in it, or pass the files")
        out.extend(f for _, f, _ in sorted(found, key=lambda x: x[0]))
    if not out:
        raise InputError("no events files given", fix="pass one or more events files or a directory of them")
    seen: dict[Path, Path] = {}
    for f in out:
        key = f.resolve()
        if key in seen:
            raise InputError("this events file is given twice" + (f" (also as {seen[key]})" if seen[key] != f else ""),
                             file=str(f), fix="pass each file once (its events would count twice)")
        seen[key] = f
    return out


def _order_without_duplicates(acc_codes: np.ndarray, ts: np.ndarray, rows_of) -> tuple[np.ndarray, int]:
    """The rows in (account, time) order (a stable lexsort on integer codes: the same order as
    sort_values, far cheaper), without an exact duplicate row after its first copy, and how many were
    dropped. A duplicate repeats its (account, time), so whole rows are compared only where that key
    repeats, i.e. between neighbours in the sorted order: ``rows_of(positions)`` gives the values to
    compare for those positions."""
    o = np.lexsort((ts, acc_codes))
    same = (acc_codes[o[1:]] == acc_codes[o[:-1]]) & (ts[o[1:]] == ts[o[:-1]])
    if not same.any():
        return o, 0
    cand = np.zeros(len(acc_codes), dtype=bool)
    cand[o[1:][same]] = True
    cand[o[:-1][same]] = True
    rows = rows_of(np.flatnonzero(cand))
    dup = np.zeros(len(acc_codes), dtype=bool)
    try:
        dup[cand] = rows.duplicated(keep="first").to_numpy()
    except TypeError:  # nested JSON / Parquet values (dicts, lists, arrays) are unhashable: compare as text
        for c in rows.columns:
            if rows[c].dtype == object:
                rows[c] = rows[c].map(lambda x: x if x is None or isinstance(x, (str, int, float, bool)) else repr(x))
        dup[cand] = rows.duplicated(keep="first").to_numpy()
    n_dup = int(dup.sum())
    return (o[~dup[o]] if n_dup else o), n_dup  # (the stable order of the rows kept)


def _concat_events(frames: list[pd.DataFrame], reports: list[dict[str, Any]]) -> pd.DataFrame:
    """One validated events frame from several (one per file, each from :func:`validate_events`).

    Columns are the union of the files' (a column a file lacks is missing in its rows, with a
    warning); rows are put in the loaders' order (account, time) and an exact duplicate row in two
    files (overlapping exports) is kept once. Arrow string columns are joined without copying their
    data (chunks), and the final order is taken one column at a time, so the peak is about what
    loading one file of the combined size costs.
    """
    settings = loaded_settings(frames[0])  # every file is read with the same settings
    names: list[str] = []
    for f in frames:
        names += [c for c in f.columns if c not in names]
    for c in names:
        lacking = [r.get("file", "?") for f, r in zip(frames, reports) if c not in f.columns]
        if lacking and c in EVENT_COLUMNS:
            log.warning("%d of %d events files have no %s column (e.g. %s): their events have none",
                        len(lacking), len(frames), c, Path(lacking[0]).name)
    cols = {}
    for c in names:
        have = [f[c] for f in frames if c in f.columns]
        if len(have) < len(frames):
            # the files without the column get missing values of a type that can hold them (an int64 or
            # bool column becomes the nullable Int64 / boolean)
            dt = have[0].dtype
            if pd.api.types.is_bool_dtype(dt) and not isinstance(dt, pd.api.extensions.ExtensionDtype):
                dt = pd.BooleanDtype()
            elif pd.api.types.is_integer_dtype(dt) and not isinstance(dt, pd.api.extensions.ExtensionDtype):
                dt = pd.Int64Dtype()
            parts = [f[c].astype(dt) if c in f.columns else pd.Series(index=pd.RangeIndex(len(f)), dtype=dt)
                     for f in frames]
        else:
            parts = have
        cols[c] = pd.concat(parts, ignore_index=True).array
        del parts, have
        for f in frames:  # the caller's frames give up the column (the joined one holds its data now)
            if c in f.columns:
                del f[c]
    frames.clear()
    df = pd.DataFrame(cols, columns=names, copy=False)
    del cols
    if "output_tokens" in df.columns:
        df["output_tokens"] = df["output_tokens"].astype("float32")
    # the loaders' order and their duplicate check (validate_events), across the files
    acc_codes, acc_values = pd.factorize(df["account_id"].array, sort=True)
    # the same event exported twice agrees on what detection reads; columns beyond the contract may be
    # typed differently by two exports (Parquet 200, CSV "200") or be in one of them only
    contract = [c for c in df.columns if c in EVENT_COLUMNS or c == "network"]
    o, n_dup = _order_without_duplicates(acc_codes, df["timestamp"].array.asi8,
                                         lambda pos: _rows_of(df[contract], pos))
    del acc_codes
    if n_dup:
        _log_duplicates("dropped %d exact duplicate rows found in more than one events file (%s of the rows: files "
                        "whose time ranges overlap?); each event is counted once", n_dup, n_rows=len(df))
    df = _take_rows(df, o)
    report = _merged_reports(reports)
    report.update({
        "file": f"{reports[0].get('file', '?')} and {len(reports) - 1} more file(s)",
        "files": reports,
        "duplicate_rows": int(report.get("duplicate_rows", 0)) + n_dup,
        "duplicate_rows_across_files": n_dup,
        "rows_used": int(len(df)),
        "accounts": int(len(acc_values)),
        "columns": [str(c) for c in df.columns],
    })
    df.attrs["load_report"] = report
    _mark_validated(df, "events", ["network"] if "network" in df.columns else [], settings)
    return df


def _merged_reports(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """The files' load reports as one: counts added, per-column counts added per column, lists joined,
    mappings (column aliases) merged; anything else (a share, a file name) is left to ``files``."""
    out: dict[str, Any] = {}
    for r in reports:
        for k, v in r.items():
            if isinstance(v, bool) or k in ("file", "columns", "times_at_midnight_share"):
                continue
            if isinstance(v, int):
                out[k] = int(out.get(k, 0)) + v
            elif isinstance(v, dict):
                d = out.setdefault(k, {})
                for kk, vv in v.items():
                    d[kk] = d.get(kk, 0) + vv if isinstance(vv, int) and not isinstance(vv, bool) else vv
            elif isinstance(v, list):
                cur = out.setdefault(k, [])
                cur.extend(x for x in v if x not in cur)
    return out


def load_events(
    path: str | Path | Sequence[str | Path] | pd.DataFrame,
    *,
    column_map: Mapping[str, str] | None = None,
    bad_rows: str = "error",
    max_prompt_chars: int = 20_000,
    aliases: bool = True,
) -> pd.DataFrame:
    """Load and validate an events file.

    Parameters
    ----------
    path : str, Path, or a list of them
        CSV, TSV, Parquet or JSON Lines file, optionally gzip-compressed; or a directory of such
        files, or a list of files and directories (:func:`event_files`): each file is read and
        checked on its own (errors name it), then they are joined as one input, an exact
        duplicate row in two files kept once; a file with a header and no rows among several is
        skipped with a warning. A DataFrame already in memory is checked and cleaned the same way
        (:func:`validate_events`; its rows are named by their index labels).
    column_map : mapping, optional
        ``{canonical_name: name_in_file}``, e.g. ``{"ip": "client_ip"}``.
    bad_rows : {"error", "drop"}
        Unparseable timestamps or IPs raise (default) or are dropped and counted.
    max_prompt_chars : int
        Longer prompts are truncated (counted in the report).
    aliases : bool
        A missing canonical column is read from the only column with one of its common names
        (:data:`EVENT_ALIASES`: ``client_ip`` for ``ip``, ``user_id`` for ``account_id``, ...),
        with a warning; ``load_report["column_aliases"]`` lists what was read so.

    Returns
    -------
    pandas.DataFrame
        Canonical columns, ``timestamp`` as UTC datetimes, ``network`` derived
        from ``ip``. The load report is in ``df.attrs["load_report"]``.

    Examples
    --------
    >>> import graphhunt as gh
    >>> ev = gh.load_events("data/sample/events.csv.gz")  # doctest: +SKIP
    >>> ev.columns[:2].tolist()  # doctest: +SKIP
    ['account_id', 'timestamp']
    """
    kw = dict(column_map=column_map, bad_rows=bad_rows, max_prompt_chars=max_prompt_chars, aliases=aliases)
    if isinstance(path, pd.DataFrame):
        # (read as a list of paths, a frame's column names were "files not found": 'account_id: file not found')
        return validate_events(path, **kw)
    files = event_files(path)
    if len(files) > 1:
        frames, reports = [], []
        for f in files:
            try:
                df = load_events(f, **kw)
            except EmptyInputError as e:
                log.warning("%s; skipped (one of %d events files)", e, len(files))
                continue
            reports.append(df.attrs.pop("load_report", {}))
            frames.append(df)
            del df
        if not frames:
            raise EmptyInputError(f"none of the {len(files)} events files holds an event", file=str(files[0]),
                                  fix="provide at least one event")
        if len(frames) == 1:
            frames[0].attrs["load_report"] = reports[0]
            return frames[0]
        return _concat_events(frames, reports)
    p = files[0]
    df, report = read_table(p)
    return validate_events(df, p, **kw, report=report, from_file=True)


def _refuse_repeated_columns(df: pd.DataFrame, source: Any) -> None:
    """A frame with two columns of one name (``pd.concat([ev, ev[["ip"]]], axis=1)``, a merge) is refused
    as a file whose header repeats a name is: which one holds the values? (It failed deep inside the
    loader with an AttributeError.)"""
    names = pd.Index(df.columns.map(str))
    if names.has_duplicates:
        twice = sorted(set(names[names.duplicated()]))
        raise InputError(f"the frame has {len(twice)} column name(s) more than once: {', '.join(map(repr, twice[:5]))}",
                         file=str(source), column=twice[0],
                         fix="keep one column of each name (df.loc[:, ~df.columns.duplicated()] keeps the first)")


def _named_index_as_column(df: pd.DataFrame, source: Any) -> pd.DataFrame:
    """A frame indexed by a column (``df.set_index("account_id")``, as analysts index accounts) gets it
    back as a column; an unnamed or range index is left alone. A QA pass: ``detect(events.set_index(
    "account_id"))`` was refused as missing its account_id column, with a CLI-only ``--map`` fix."""
    names = [n for n in df.index.names if n is not None]
    if not names or isinstance(df.index, (pd.RangeIndex, pd.DatetimeIndex)) or \
            any(str(n) in map(str, df.columns) for n in names):
        return df  # (a DatetimeIndex: validate_events reads it as the times, or says how to)
    log.info("%s: the index (%s) is read as column(s)", source, ", ".join(map(str, names)))
    return df.reset_index(level=names)


def _columns_named_as_read(validate: Callable[..., pd.DataFrame]) -> Callable[..., pd.DataFrame]:
    """``validate`` (events or accounts), whose :class:`InputError` about a column read under another name (a
    map, another case, an alias) names it as the file or frame does too: ``column 'ip' ('ClientAddr' in the
    file)`` (session 77; the names are the load report's ``columns_read_as``)."""
    @functools.wraps(validate)
    def named(df: pd.DataFrame, *args: Any, report: dict[str, Any] | None = None, **kw: Any) -> pd.DataFrame:
        report = {} if report is None else report
        try:
            return validate(df, *args, report=report, **kw)
        except InputError as e:
            err = named_as_in_file(e, report.get("columns_read_as", {}), "file" if kw.get("from_file") else "frame")
            if err is e:
                raise
            raise err.with_traceback(e.__traceback__) from e.__cause__

    return named


@_columns_named_as_read
def validate_events(
    df: pd.DataFrame,
    source: str | Path = "events DataFrame",
    *,
    column_map: Mapping[str, str] | None = None,
    bad_rows: str = "error",
    max_prompt_chars: int = 20_000,
    report: dict[str, Any] | None = None,
    aliases: bool = True,
    from_file: bool = False,
) -> pd.DataFrame:
    """The checks and cleaning of :func:`load_events` on a frame already in memory.

    :meth:`graphhunt.Detector.fit` runs it on every events frame that is not, unchanged, what
    :func:`load_events` returned (:func:`is_validated`), so a frame built by hand or read
    with ``pd.read_csv`` gets the same treatment as a file: an empty account id, an unparseable or
    missing timestamp, an epoch number before 2001 or a malformed IP is an :class:`InputError`
    naming the column and rows (by their index labels, ``df.loc[label]``), ids are trimmed,
    whole-number float ids read as ``123``, naive datetimes are UTC, exact duplicate rows are
    dropped. Returns a new frame; ``df`` is not modified. ``from_file``: ``df`` is the file
    ``source`` as read (the loaders): rows are named by their 1-based data row in it instead.
    """
    p = source
    labels = None if from_file else df.index  # (before a named index becomes a column)
    prior = df.attrs.get(VALIDATED_KEY)  # a loaded frame edited afterwards: what the loaders derived
    _refuse_other_kind(prior, "events", p)
    df = _named_index_as_column(df.copy(deep=False), p)  # columns are replaced below: never in the caller's frame
    _refuse_repeated_columns(df, p)
    report = {} if report is None else report
    if len(df.columns) and len(df) == 0:
        raise EmptyInputError("no events (the frame has columns but no rows)", file=str(p),
                              fix="provide at least one event")
    df = _apply_map(df, column_map or {}, p, EVENT_COLUMNS, report, EVENT_ALIASES if aliases else None)
    if "timestamp" not in df.columns and isinstance(df.index, pd.DatetimeIndex):
        if df.index.name == "timestamp":  # df.set_index("timestamp") undone
            df = df.reset_index()
        else:
            raise InputError("missing required column timestamp (the times are the frame's index)",
                             file=str(p), column="timestamp",
                             fix="pass df.rename_axis('timestamp').reset_index()")
    _require(df, EVENT_REQUIRED, p, EVENT_ALIASES, frame=labels is not None)
    if "ip" not in df.columns and "network" in df.columns and isinstance(prior, dict) \
            and "network" in prior.get("derived", ()):
        # the ip column of a loaded frame was dropped (IP evidence switched off): the network column
        # derived from it goes too, as a frame that never had addresses has none
        df = df.drop(columns="network")
        log.info("%s: no ip column; dropped the network column derived from it when the frame was loaded", p)
    report.update({"file": str(p), "rows_read": int(len(df))})

    acc = _as_text(df["account_id"], "account_id", p, labels).str.strip()
    _refuse_replaced(acc, p, labels)
    pending: list[InputError] = []  # bad rows of every column, raised as one error after the last row check
    missing_acc = acc.isna().to_numpy() | (acc == "").fillna(True).to_numpy()
    keep = _bad_rows(missing_acc, p, "account_id", df["account_id"], "an empty account_id",
                     "every event needs an account_id", bad_rows, report, labels, pending)
    df["account_id"] = acc

    ts, is_num = _parse_timestamps(df["timestamp"])
    bad_ts = ts.isna().to_numpy() & keep
    fix_ts = "use ISO 8601 (2026-11-01T12:00:00Z) or epoch seconds (ms, us or ns), between 1970 and 2262"
    if pd.api.types.is_datetime64_any_dtype(df["timestamp"]) or (
            isinstance(df["timestamp"].dtype, pd.ArrowDtype) and pa.types.is_timestamp(df["timestamp"].dtype.pyarrow_dtype)):
        fix_ts = ("event times must lie between 1970 and 2262: a placeholder date such as 9999-12-31 or "
                  "1900-01-01 is no event time; put the real time in, or drop those rows")
    header = {"timestamp", str((column_map or {}).get("timestamp", "")).strip().casefold(),
              str(report.get("column_aliases", {}).get("timestamp", "")).strip().casefold()} - {""}
    if bad_ts.any():
        text = df["timestamp"][bad_ts].astype("string").str.strip()
        blank = (text.isna() | (text == "")).to_numpy(bool)  # no time at all: nothing to reformat or replace
        fill = "every event needs a time: fill in the missing times, or drop those rows"
        if text.str.casefold().isin(header).all():
            # files joined with `cat`: every bad value is the header's own name
            fix_ts = ("these rows repeat the header line (files concatenated with cat?): join them without their "
                      "headers, e.g. `{ head -1 a.csv; tail -q -n +2 a.csv b.csv; }`")
        elif blank.all():
            fix_ts = fill
        elif blank.any():
            fix_ts = f"{fix_ts}; {fill}"
        del text, blank
    keep &= _bad_rows(bad_ts, p, "timestamp", df["timestamp"], "an unparseable or out-of-range timestamp",
                      fix_ts, bad_rows, report, labels, pending)
    if is_num is not None and is_num.any():
        # an epoch number before 2001-09-09 (1e9 s) is no API log time: a YYYYMMDD number, a
        # spreadsheet serial day or a relative offset read as seconds since 1970
        early = is_num & (ts < _EARLIEST_EPOCH).fillna(False).to_numpy() & keep
        keep &= _bad_rows(early, p, "timestamp", df["timestamp"],
                          f"an epoch number before {_EARLIEST_EPOCH:%Y-%m-%d} (read as seconds since 1970: "
                          f"e.g. {ts[early].iloc[0] if early.any() else ''})",
                          "epoch numbers must be seconds, ms, us or ns since 1970-01-01 UTC; write dates "
                          "as ISO 8601 text (2026-11-01T12:00:00Z)", bad_rows, report, labels, pending)
    df["timestamp"] = ts
    # dates without a time of day (an export that kept the date only) put every request at midnight:
    # timing, schedule and burst evidence then read nonsense. Real times are at midnight 1 in 86,400.
    ticks = ts.array.asi8  # int64 in the column's own unit, no copy
    day = 86_400 * {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}[ts.array.unit]
    ticks = ticks[keep] if not keep.all() else ticks
    if len(ticks) >= 20:
        midnight = float(np.count_nonzero(ticks % day == 0)) / len(ticks)
        if midnight > 0.5:
            report["times_at_midnight_share"] = round(midnight, 4)
            log.warning("%s: %.0f%% of timestamps are exactly 00:00:00 (dates without a time of day?); timing, "
                        "schedule and sign-up evidence need full times: export them with the time", p, 100 * midnight)

    # string columns with few distinct values are kept as per-row codes into their cleaned distinct
    # values until the rows' final order is known, then gathered from those small arrays (see below)
    coded: dict[str, tuple[np.ndarray, pa.Array]] = {}
    if "ip" in df.columns:
        ip_codes, ip_canon, ip_nets, bad = _ip_codes(df["ip"], p, _column_named("ip", report, labels))
        coded["ip"], coded["network"] = (ip_codes, ip_canon), (ip_codes, ip_nets)
        fix = "use dotted IPv4 (203.0.113.7) or IPv6 text; leave the cell empty if unknown"
        sel = bad & keep
        if sel.any() and df["ip"][sel].astype("string").str.contains(",", regex=False).any():
            # an X-Forwarded-For chain ("client, proxy1, proxy2") holds several addresses
            fix = ("one address per row: this column holds forwarded chains ('client, proxy, ...'); keep the "
                   "address your own edge saw the request come from (the last entry your proxies did not add), "
                   "or --map ip= the column that holds it; " + fix)
        keep &= _bad_rows(sel, p, "ip", df["ip"], "a malformed IP address", fix, bad_rows, report, labels, pending)
        del sel
        del bad, ip_codes, ip_canon, ip_nets
        df["network"] = pd.arrays.ArrowStringArray(pa.nulls(len(df), pa.string()))  # filled at the end
    _raise_pending(pending)

    if "output_tokens" in df.columns:
        ot = pd.to_numeric(df["output_tokens"], errors="coerce")
        bad_ot = ot.isna() & df["output_tokens"].notna()
        if bad_ot.any() and not pd.api.types.is_numeric_dtype(df["output_tokens"]):
            # thousands separators ("1,384", "1 384", "1_384") are numbers too
            sep = df["output_tokens"].astype("string").str.replace(r"(?<=\d)[,_ \u00a0'](?=\d{3}(\D|$))", "", regex=True)
            ot = ot.where(~bad_ot, pd.to_numeric(sep.where(bad_ot), errors="coerce"))
            bad_ot = ot.isna() & df["output_tokens"].notna()
        n_bad = int(bad_ot.sum())
        if n_bad:
            report["non_numeric_output_tokens"] = n_bad
            first = int(np.flatnonzero(bad_ot.to_numpy())[0])
            log.warning("%s: %d non-numeric output_tokens%s treated as missing (e.g. %s: %r); write whole "
                        "numbers of response tokens", p, n_bad, _read_as("output_tokens", report, labels),
                        _row_name(first, labels),
                        str(df["output_tokens"].iloc[first]))
        # a negative count (-1 is a common "not recorded" marker) or an infinite one is no count: read as
        # missing, with a warning (a QA pass: -1 on 60 % of a ring's requests took a whole unit of its evidence)
        vals = ot.to_numpy(np.float64, na_value=np.nan)
        odd = ~np.isnan(vals) & ((vals < 0) | ~np.isfinite(vals) | (vals > np.finfo(np.float32).max))
        if odd.any():
            n_odd, first = int(odd.sum()), int(np.flatnonzero(odd)[0])
            report["invalid_output_tokens"] = n_odd
            log.warning("%s: %d output_tokens%s below 0 or not finite treated as missing (e.g. %s: %r); write "
                        "response token counts, and leave unknown ones blank", p, n_odd,
                        _read_as("output_tokens", report, labels), _row_name(first, labels),
                        float(vals[first]))
            ot = ot.mask(odd)
        df["output_tokens"] = ot.astype("float32")

    if "prompt" in df.columns:
        pr, n_struct = _structured_prompts(df["prompt"])
        pr, n_chat = chat_message_text(pr)
        n_chat += n_struct
        if n_chat:
            report["chat_message_prompts"] = n_chat
            log.warning("%s: %d prompt(s) are JSON chat messages ([{\"role\": ..., \"content\": ...}]); their "
                        "content texts are read as the prompt", p, n_chat)
        too_long = (pr.str.len() > max_prompt_chars).fillna(False)
        n_long = int(too_long.sum())
        if n_long:
            pr = pr.where(~too_long, pr.str.slice(0, max_prompt_chars))
            report["truncated_prompts"] = n_long
            log.warning("%s: %d prompt(s) longer than %d characters were truncated", p, n_long, max_prompt_chars)
        pr = _redacted_prompts(pr, df["account_id"], p, report)
        df["prompt"] = pr

    for c in ("payment_method", "user_agent", "api_key_id", "model"):
        if c in df.columns:
            codes, text = _text_codes(df[c], c, p, _column_named(c, report, labels))
            coded[c] = (codes, pa.array(text.replace("", pd.NA).array, type=pa.string()))
            del codes, text

    # the rows to use are selected by index and taken once, in their final order, at the end (each
    # row filter on the frame would copy every column: whole-column concatenations for Arrow strings)
    use = np.flatnonzero(keep)
    if len(use) == 0:
        # (an EmptyInputError: among several files, or as a refresh slice, such a file is skipped like one
        # with a header and no rows; alone it stops the run as before)
        raise EmptyInputError("no valid rows left after dropping bad rows", file=str(p))
    # sort by (account_id, timestamp) on integer codes (a stable lexsort: the same order as
    # sort_values, far cheaper); an exact duplicate row repeats its (account_id, timestamp), so whole
    # rows are compared only where that key repeats, i.e. between neighbours in the sorted order
    acc_use = df["account_id"].array
    ts_use = df["timestamp"].array.asi8
    if len(use) < len(df):
        acc_use, ts_use = acc_use.take(use), ts_use[use]
    acc_codes, acc_values = pd.factorize(acc_use, sort=True)
    del acc_use

    def rows_of(pos: np.ndarray, df: pd.DataFrame, use: np.ndarray, coded: dict) -> pd.DataFrame:
        rows = _rows_of(df, use[pos])
        for c, (c_codes, c_values) in coded.items():  # compare the cleaned values the output holds
            rows[c] = _by_code(c_values, c_codes[use[pos]])
        return rows

    o, n_dup = _order_without_duplicates(acc_codes, ts_use, functools.partial(rows_of, df=df, use=use, coded=coded))
    if n_dup:
        _log_duplicates("%s: dropped %d exact duplicate rows (%s of the rows: the same rows exported twice?); each "
                        "event is counted once", p, n_dup, n_rows=len(use))
    report["duplicate_rows"] = n_dup
    del ts_use
    # account ids and the coded columns are gathered in the sorted order from their distinct values
    # (small arrays), not from columns of all rows
    taken = {"account_id": acc_values.take(acc_codes[o])}
    n_accounts = len(acc_values)  # a duplicate row is dropped only after its first copy
    del acc_codes, acc_values
    order = use[o]
    del o
    for c, (c_codes, c_values) in coded.items():
        taken[c] = _by_code(c_values, c_codes[order])
    del coded
    df = _take_rows(df, order, replace=taken)
    del taken
    report["rows_used"] = int(len(df))
    report["accounts"] = n_accounts
    report["columns"] = [str(c) for c in df.columns]
    df.attrs["load_report"] = report
    _mark_validated(df, "events", ["network"] if "ip" in df.columns else [],
                    {"column_map": dict(column_map or {}), "bad_rows": bad_rows,
                     "max_prompt_chars": int(max_prompt_chars), "column_aliases": bool(aliases)})
    return df


def load_accounts(path: str | Path | pd.DataFrame, *, column_map: Mapping[str, str] | None = None,
                  aliases: bool = True, bad_rows: str = "error") -> pd.DataFrame:
    """Load and validate an accounts file (``account_id`` plus optional attributes).

    Duplicate ``account_id`` rows keep the first and are counted; an unparseable
    ``created_at`` becomes missing and is counted (it only feeds one feature). ``aliases``: as for
    :func:`load_events` (:data:`ACCOUNT_ALIASES`: ``signup_time`` for ``created_at``, ...). ``bad_rows``:
    rows without an ``account_id`` raise (``"error"``) or are dropped and counted (``"drop"``), as in
    :func:`load_events`. A DataFrame already in memory is checked and cleaned the same way
    (:func:`validate_accounts`).
    """
    if isinstance(path, pd.DataFrame):
        return validate_accounts(path, column_map=column_map, aliases=aliases, bad_rows=bad_rows)
    p = Path(path)
    df, report = read_table(p, kind="accounts")
    return validate_accounts(df, p, column_map=column_map, report=report, aliases=aliases, from_file=True,
                             bad_rows=bad_rows)


@_columns_named_as_read
def validate_accounts(df: pd.DataFrame, source: str | Path = "accounts DataFrame", *,
                      column_map: Mapping[str, str] | None = None,
                      report: dict[str, Any] | None = None, aliases: bool = True,
                      from_file: bool = False, bad_rows: str = "error") -> pd.DataFrame:
    """The checks and cleaning of :func:`load_accounts` on a frame already in memory (see
    :func:`validate_events`, also for ``from_file``). Returns a new frame; ``df`` is not modified."""
    p = source
    labels = None if from_file else df.index
    _refuse_other_kind(df.attrs.get(VALIDATED_KEY), "accounts", p)
    df = _named_index_as_column(df.copy(deep=False), p)
    _refuse_repeated_columns(df, p)
    report = {} if report is None else report
    theirs = list(df.columns)
    df = _apply_map(df, column_map or {}, p, ACCOUNT_COLUMNS, report, ACCOUNT_ALIASES if aliases else None)
    _require(df, ACCOUNT_REQUIRED, p, ACCOUNT_ALIASES, frame=labels is not None)
    report.update({"file": str(p), "rows_read": int(len(df))})
    acc = _as_text(df["account_id"], "account_id", p, labels).str.strip()
    _refuse_replaced(acc, p, labels)
    empty = (acc.isna() | (acc == "")).to_numpy(bool)
    # (a warehouse export of the accounts table holds a row of a deleted user with its id blanked: --bad-rows
    # drop drops it, as it drops such event rows; a tester: it stopped the run whatever --bad-rows said)
    keep = _bad_rows(empty, p, "account_id", acc, "an empty account_id", "every row needs an account_id",
                     bad_rows, report, labels)
    # files joined with `cat` repeat the header: its line would be an account named 'account_id' (the
    # events' loader refuses it by its timestamp; an accounts file has no required column to fail)
    header = {"account_id", str(dict(zip(df.columns, theirs)).get("account_id", "")).strip().lower()} - {""}
    repeated = acc.str.lower().isin(header).to_numpy(bool)  # (Arrow's lower; casefold loops in Python, 10x slower)
    if repeated.any():
        raise InputError(f"{int(repeated.sum())} row(s) repeat the header line", file=str(p), column="account_id",
                         **_rows_at(np.flatnonzero(repeated), labels), values=acc[repeated].head(_MAX_SHOWN).tolist(),
                         fix="files concatenated with cat? join them without their headers, e.g. "
                             "`{ head -1 a.csv; tail -q -n +2 a.csv b.csv; }`")
    if not keep.all():  # (after the checks that name rows: row numbers count the file's rows)
        if not keep.any():  # (as a header-only accounts file is)
            raise EmptyInputError("no valid rows left after dropping bad rows", file=str(p), column="account_id",
                                  fix="provide at least one account with an id, or leave the accounts file out")
        df, acc = df.loc[keep], acc.loc[keep]
    df["account_id"] = acc
    dup = df["account_id"].duplicated(keep="first")
    report["duplicate_accounts"] = int(dup.sum())
    if dup.any():
        log.warning("%s: %d duplicate account_id rows; kept the first of each and ignored the others' values "
                    "(e.g. a second payment method: give one row per account, and put further payment methods "
                    "in the events' payment_method column)", p, int(dup.sum()))
        df = df.loc[~dup.to_numpy()]
    if "created_at" in df.columns:
        df["created_at"], report["unparseable_created_at"] = parse_created_at(
            df["created_at"], str(p), _read_as("created_at", report, labels))
    for c in df.columns:
        if c not in ("account_id", "created_at") and (df[c].dtype == object or pd.api.types.is_string_dtype(df[c])
                                                      or c in ACCOUNT_OPTIONAL):
            text = _as_text(df[c], c, p).str.strip()
            if c in ("payment_method", "org_id", "email_domain", "country", "plan"):
                text = _blank_placeholders(text, None, c, p, _column_named(c, report, labels))
            if c == "plan":  # a plan column of numbers written from floats ("2.0") names the plans "2", as in a frame
                text = text.str.replace(r"^(-?\d+)\.0+$", r"\1", regex=True)
            df[c] = text.replace("", pd.NA)
    df = df.reset_index(drop=True)
    df.attrs["load_report"] = report
    _mark_validated(df, "accounts", [], {"column_map": dict(column_map or {}), "column_aliases": bool(aliases)})
    return df


def parse_created_at(values: pd.Series, source: str = "accounts", read_as: str = "") -> tuple[pd.Series, int]:
    """Sign-up times as UTC datetimes, and how many could not be read (they become missing, with a warning).

    As for events, an epoch number before 2001-09-09 (a ``YYYYMMDD`` date or a spreadsheet serial day
    read as seconds) is no sign-up time. An unparseable value only loses that account's sign-up time
    (it feeds one feature), so it does not stop the run.
    """
    ca, is_num = _parse_timestamps(values)
    if is_num is not None and is_num.any():
        ca = ca.mask(is_num & (ca < _EARLIEST_EPOCH).fillna(False).to_numpy())
    bad = (ca.isna() & values.notna()).to_numpy(bool)
    n_bad = int(bad.sum())
    if n_bad:
        first = int(np.flatnonzero(bad)[0])
        # the value and where it is: "2000 unparseable" alone did not say that 11/01/2026 is the format's fault
        log.warning("%s: %d unparseable created_at%s values (or epoch numbers before %s) treated as missing, of %d "
                    "(e.g. %r); sign-up bursts need ISO 8601 (2026-11-01T12:00:00Z) or epoch seconds (ms, us or ns)",
                    source, n_bad, read_as, f"{_EARLIEST_EPOCH:%Y-%m-%d}", len(values), _short(values.iloc[first]))
    return ca, n_bad


def _loose_id_key(ids: "pa.Array") -> "pa.Array":
    """Account ids as a spreadsheet or another system may have rewritten them: lower case, and a number
    without its leading zeros or a ``.0`` (``00123``, ``123.0`` -> ``123``). For the warning only: ids
    still join exactly."""
    import pyarrow.compute as pc

    return pc.replace_substring_regex(pc.utf8_lower(ids), pattern=r"^0*(\d+?)(?:\.0+)?$", replacement=r"\1")


def account_overlap(events: pd.DataFrame, accounts: pd.DataFrame, accounts_path: Any = None) -> dict[str, int]:
    """How many event accounts the accounts file describes; a warning when it is under half, or when
    event accounts the file misses are in it written another way.

    Ids join as exact text (after trimming spaces): ``ACCT_1`` is not ``acct_1`` and ``00123`` is not
    ``123``. A file whose ids are written differently from the events' would otherwise be ignored
    without a word (no sign-up times, no account payment methods). So would part of one: a spreadsheet
    that dropped the leading zeros of the 10 % of numeric ids that have them, or one system that writes
    some ids in upper case, leaves most ids matching and the rest silently without their accounts row;
    such ids are counted (``event_accounts_matching_only_loosely``, present when not 0) and warned about.
    """
    import pyarrow.compute as pc

    ev_ids = pd.Index(pd.unique(events["account_id"].astype("string")))
    # Arrow's hash lookup: pandas' Index.isin on strings took ~1 s per 100k ids (~10 s at 1M accounts)
    ev_arr = pa.array(ev_ids, type=pa.large_string())
    ac_arr = pa.array(accounts["account_id"].astype("string"), type=pa.large_string())
    hit = pc.is_in(ev_arr, value_set=ac_arr)
    found = int(pc.sum(hit).as_py() or 0)
    out = {"event_accounts": int(len(ev_ids)), "event_accounts_in_accounts_file": found}
    where = accounts_path or "accounts"
    if len(ev_ids) and found < 0.5 * len(ev_ids):
        log.warning("%s: only %d of the %d accounts in the events are in the accounts file (ids must match "
                    "exactly, case and leading zeros included; e.g. events %r, accounts file %r)",
                    where, found, len(ev_ids), str(ev_ids[0]),
                    str(accounts["account_id"].iloc[0]) if len(ac_arr) else "")
    if found < len(ev_ids) and len(ac_arr):
        missed = pc.filter(ev_arr, pc.invert(pc.fill_null(hit, False)))
        ac_keys = _loose_id_key(ac_arr)
        loose = pc.index_in(_loose_id_key(missed), value_set=ac_keys)
        n_loose = int(pc.sum(pc.is_valid(loose)).as_py() or 0)
        if n_loose:
            out["event_accounts_matching_only_loosely"] = n_loose
            first = int(pc.index(pc.is_valid(loose), True).as_py())
            log.warning("%s: %d of the %d accounts in the events match an account of the accounts file only "
                        "up to case, leading zeros or a '.0' (e.g. events %r, accounts file %r), and are read as "
                        "accounts the file does not describe (no sign-up time, payment method or organisation): "
                        "ids join exactly; write them the same way in both files (a spreadsheet drops the "
                        "leading zeros of ids it reads as numbers: export or import the column as text)",
                        where, n_loose, len(ev_ids), missed[first].as_py(),
                        ac_arr[loose[first].as_py()].as_py())
    return out


def check_mapped_columns(column_map: Mapping[str, str] | None,
                         frames: list[pd.DataFrame | list[pd.DataFrame] | None], source: str = "--map") -> None:
    """A mapping ``canonical=theirs`` whose column none of the loaded files has is a typo
    (``ip=clientip``): a configuration error, not a warning followed by a run without that evidence.
    ``source`` names where the mapping came from (``--map``, or the config's ``input.column_map``, which
    is checked the same way: a typo there, or a run.json reused on files without the column, ran with
    that evidence off and exit 0). ``frames`` is ``[events, accounts]``; events may be a list of frames,
    one per loaded file."""
    given_accounts = len(frames) > 1 and frames[1] is not None
    frames = [g for f in frames if f is not None for g in (f if isinstance(f, list) else [f])]

    def found(k: str, f: pd.DataFrame) -> bool:
        """The frame read its ``k`` column from the mapped one (a loaded frame's report says so; a
        frame without one counts when it has the canonical column)."""
        rep = f.attrs.get("load_report") or {}
        return k in rep["column_map_found"] if "column_map_found" in rep else k in f.columns

    # with no accounts input this run, a map for an accounts-only column (created_at=signup_time in a
    # job that passes --accounts on some runs) has nothing to apply to and is not checked
    missing = [f"{k}={v}" for k, v in (column_map or {}).items()
               if (given_accounts or k in EVENT_COLUMNS) and not any(found(k, f) for f in frames)]
    if missing:
        fix = ("" if source == "--map" else "; remove the entry if these inputs do not have the column")
        raise ConfigError(f"{source} {', '.join(missing)}: no input file has such a column; check the spelling "
                          f"(column names are matched up to case and spaces){fix}")


def file_fingerprint(path: str | Path, chunk: int = 1 << 20) -> dict[str, Any]:
    """Size, mtime and a SHA-256 of the file's bytes (for run.json)."""
    p = Path(path)
    h = hashlib.sha256()
    with open(p, "rb") as f:
        while True:
            b = f.read(chunk)
            if not b:
                break
            h.update(b)
    st = p.stat()
    return {"path": os.path.abspath(p), "bytes": st.st_size, "sha256": h.hexdigest()}
