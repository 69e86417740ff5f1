"""Exception hierarchy.

Every error graphhunt raises on purpose derives from :class:`GraphhuntError`, so
callers (the CLI, a scheduler wrapper, a notebook) can catch one type. Each
carries an ``exit_code`` that the CLI returns, documented in the README.
"""
from __future__ import annotations

from typing import Sequence

__all__ = [
    "GraphhuntError",
    "InputError",
    "EmptyInputError",
    "ConfigError",
    "UsageError",
    "StateLockedError",
    "StateCorruptError",
    "SinkError",
    "SinkConfigError",
    "StateWriteError",
    "NotFittedError",
    "EXIT_OK",
    "EXIT_INPUT",
    "EXIT_CONFIG",
    "EXIT_LOCKED",
    "EXIT_STATE",
    "EXIT_SINK",
    "EXIT_WRITE",
    "EXIT_INTERNAL",
]

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_INPUT = 2
EXIT_CONFIG = 3
EXIT_LOCKED = 4
EXIT_STATE = 5
EXIT_SINK = 6
EXIT_WRITE = 7


class GraphhuntError(Exception):
    """Base class of graphhunt's own errors."""

    exit_code = EXIT_INTERNAL


class InputError(GraphhuntError, ValueError):
    """Bad input data: names the file, the column, a few offending rows and the fix.

    ``rows`` are 1-based data rows (a file's header excluded; for a DataFrame, 1-based positions).
    ``index_labels``, given for a DataFrame, are those rows' index labels: the message names them
    (``index label 36293``, what ``df.loc`` finds) instead of the rows. ``file_column``: the column's name in
    the file when it was read under its canonical name (``--map ip=ClientAddr``, or an alias such as
    ``client_ip``), so the message names the column the user can find: ``column 'ip' ('ClientAddr' in the
    file)``. ``also``: further problems of the same input found in the same pass (bad rows of other columns),
    named after this one's fix, so that one run lists every kind of bad row, not one kind per run."""

    exit_code = EXIT_INPUT

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        column: str | None = None,
        rows: Sequence[int] | None = None,
        values: Sequence[object] | None = None,
        fix: str | None = None,
        index_labels: Sequence[object] | None = None,
        file_column: str | None = None,
        file_column_in: str = "file",
        also: Sequence["InputError"] = (),
    ) -> None:
        self.message = message
        self.also = list(also)
        self.file_column_in = file_column_in
        self.file = file
        self.column = column
        self.file_column = file_column
        self.rows = list(rows) if rows is not None else []
        self.values = list(values) if values is not None else []
        self.fix = fix
        self.index_labels = list(index_labels) if index_labels is not None else []
        parts = []
        if file:
            parts.append(f"{file}:")
        parts.append(self.described())
        for other in self.also:
            parts.append(f"Also: {other.described()}")
        super().__init__(" ".join(parts))

    def described(self) -> str:
        """The message without the file: the column, what is wrong, the rows and the fix."""
        column, file_column, parts = self.column, self.file_column, []
        if column:
            theirs = (f" ({file_column!r} in the {self.file_column_in})" if file_column and file_column != column
                      else "")
            parts.append(f"column '{column}'{theirs}:")
        parts.append(self.message)
        if self.rows or self.index_labels:
            where = ([f"index label {_short(x)!r}" for x in self.index_labels] if self.index_labels
                     else [f"row {r}" for r in self.rows])
            shown = ", ".join(
                w + (f" ({_short(v)!r})" if i < len(self.values) else "")
                for i, (w, v) in enumerate(zip(where, self.values + [None] * len(where)))
            )
            parts.append(f"[{shown}]")
        if self.fix:
            parts.append(f"Fix: {self.fix}")
        return " ".join(parts)


def _short(v: object, n: int = 40) -> object:
    if isinstance(v, str) and len(v) > n:
        return v[:n] + "..."
    if v is None or (isinstance(v, float) and v != v) or type(v).__name__ in ("NAType", "NaTType"):
        return _Missing()  # a missing value shows as "missing", not np.float64(nan)
    if type(v).__module__ == "numpy" and type(v).__name__.startswith(("float", "int", "uint", "bool")):
        return v.item()  # 3.5, not np.float64(3.5) (dates and times stay as they are)
    return v


def named_as_in_file(e: InputError, names: dict[str, str], where: str = "file") -> InputError:
    """``e`` again, its column (and those of the problems it lists ``also``) also named as the file (or frame:
    ``where``) names it (``names``: canonical -> the input's column), or ``e`` itself when every column was read
    under its own name."""
    also = [named_as_in_file(a, names, where) for a in e.also]
    theirs = names.get(e.column or "")
    rename = bool(theirs) and theirs != e.column and not e.file_column
    if not rename and all(a is b for a, b in zip(also, e.also)):
        return e
    out = type(e)(e.message, file=e.file, column=e.column, rows=e.rows, values=e.values, fix=e.fix,
                  index_labels=e.index_labels, file_column=theirs if rename else e.file_column,
                  file_column_in=where if rename else e.file_column_in, also=also)
    out.__cause__ = e.__cause__
    return out


class _Missing:
    def __repr__(self) -> str:
        return "missing"


class EmptyInputError(InputError):
    """A file with a header but no rows: bad input for ``detect``, an empty slice for ``refresh``."""


class UsageError(GraphhuntError, ValueError):
    """A command used wrongly (an unknown query name or format, a missing parameter): exit 3, like
    click's own usage errors, not 2, which says the input data is bad."""

    exit_code = EXIT_CONFIG

    def __init__(self, message: str, fix: str | None = None) -> None:
        super().__init__(message + (f" Fix: {fix}" if fix else ""))


class ConfigError(GraphhuntError, ValueError):
    """Invalid configuration; lists every problem found at once."""

    exit_code = EXIT_CONFIG

    def __init__(self, problems: Sequence[str] | str, source: str | None = None) -> None:
        if isinstance(problems, str):
            problems = [problems]
        self.problems = list(problems)
        where = f" in {source}" if source else ""
        if len(self.problems) == 1:
            msg = f"invalid configuration{where}: {self.problems[0]}"
        else:
            msg = f"{len(self.problems)} configuration problems{where}: " + "; ".join(self.problems)
        super().__init__(msg)


class StateLockedError(GraphhuntError):
    """Another refresh holds the state directory's lock."""

    exit_code = EXIT_LOCKED


class StateCorruptError(GraphhuntError):
    """The state directory is unreadable or written by an incompatible version."""

    exit_code = EXIT_STATE


class SinkError(GraphhuntError):
    """An output sink (e.g. Neo4j) failed."""

    exit_code = EXIT_SINK


class SinkConfigError(ConfigError, SinkError):
    """Missing or invalid connection settings of a sink (no Neo4j URI, a URI that is not Bolt or holds
    credentials): exit 3, like any other configuration error, whichever command meets them (``push`` and
    ``query`` exited 6, as if the server had failed, while ``detect --neo4j`` exited 3). Also a
    :class:`SinkError`, which Python callers catching the sink's failures expect."""

    exit_code = EXIT_CONFIG

    def __init__(self, message: str) -> None:
        self.problems = [message]
        Exception.__init__(self, message)


class StateWriteError(GraphhuntError):
    """A refresh could not write its state (disk full, permissions) and committed nothing."""

    exit_code = EXIT_WRITE


class NotFittedError(GraphhuntError, AttributeError):
    """A Detector was used before ``fit``."""
