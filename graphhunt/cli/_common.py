"""Helpers shared by CLI command modules: error handling, logging, progress."""
from __future__ import annotations

import functools
import logging
import os
import sys
from typing import Any, Callable

import typer

from ..errors import EXIT_SINK, GraphhuntError

__all__ = ["guarded", "setup_logging", "Progress", "parse_map", "Terminated", "terminate_as_interrupt", "terminal_safe",
           "with_dedicated"]


class Terminated(KeyboardInterrupt):
    """SIGTERM (a scheduler's timeout or stop): unwinds like Ctrl-C, so temporary files are removed and a
    result being moved in is put back, then exits 143."""


def terminate_as_interrupt() -> None:
    """Turn SIGTERM into :class:`Terminated` in this process (main thread only; refresh, which is built to
    be killed at any point, keeps the default action)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return
    main_pid = os.getpid()

    def handler(signum, frame):
        if os.getpid() != main_pid:  # a forked worker: die as before (the parent unwinds)
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise Terminated()

    signal.signal(signal.SIGTERM, handler)


#: control characters (C0 but tab and newline, DEL, C1) and bidirectional overrides: in text printed to a
#: terminal, an account id holding ``ESC ] 0 ; ... BEL`` set the window title (found by a QA pass), and an
#: ``ESC [ 2 J`` would clear the screen
_CONTROL = dict.fromkeys([*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0),
                          *range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def terminal_safe(text: str) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``, ``\\u202e``), so data
    printed to a terminal (account ids, attribute values) cannot drive it."""
    if not any(ord(c) in _CONTROL for c in text):
        return text
    return "".join(c.encode("unicode_escape").decode("ascii") if ord(c) in _CONTROL else c for c in text)


#: help of every command's --quiet
QUIET_HELP = "No progress and no summary; warnings and errors still go to stderr."


def setup_logging(verbose: bool = False) -> None:
    # --quiet hides progress and the summary, not warnings: a scheduled job run with -q was told nothing
    # when no account matched the accounts file or the ip column was missing (found by a QA pass)
    level = logging.DEBUG if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr, force=True)
    # the Neo4j driver warns when it retries a transaction (a deadlock between the push's parallel
    # writers, which it resolves by itself) with the server's whole message; a push that does fail is
    # reported by graphhunt. Its messages stay visible with --verbose.
    logging.getLogger("neo4j").setLevel(logging.DEBUG if verbose else logging.ERROR)


def guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn graphhunt errors into a one-line message on stderr and the error's exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except GraphhuntError as e:
            typer.echo(f"error: {e}", err=True)
            raise typer.Exit(e.exit_code) from None
        except BrokenPipeError:
            # the reader went away (`graphhunt evaluate ... | head`): no error message, and the exit status
            # of a process killed by SIGPIPE, as other command-line tools give; stdout is pointed at
            # /dev/null so the interpreter's final flush does not complain again
            try:
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            except OSError:
                pass
            raise typer.Exit(141) from None
        except (KeyboardInterrupt, SystemError) as e:
            if isinstance(e, SystemError):
                # a C extension that was running Python code when the signal came (igraph reading a
                # generator) reports the interruption as a SystemError chained to it
                cause = e.__cause__ or e.__context__
                if not isinstance(cause, KeyboardInterrupt):
                    raise
                e = cause
            # (a command that got past writing its result says what is on disk: graphhunt_message)
            what = "terminated (SIGTERM)" if isinstance(e, Terminated) else "interrupted"
            typer.echo(f"{what}; " + getattr(e, "graphhunt_message", "previous outputs are unchanged"), err=True)
            raise typer.Exit(143 if isinstance(e, Terminated) else 130) from None
        except OSError as e:  # disk full, a path that is a file or a directory, no permission
            where = f" {e.filename}" if getattr(e, "filename", None) else ""
            typer.echo(f"error: cannot read or write{where}: {e.strerror or e}; previous outputs are unchanged",
                       err=True)
            raise typer.Exit(EXIT_SINK) from None

    return wrapper


def parse_map(items: list[str] | None) -> dict[str, str]:
    out = {}
    for it in items or []:
        if "=" not in it:
            raise typer.BadParameter(f"--map expects canonical=column, got {it!r}")
        k, _, v = it.partition("=")
        if "=" in v or "," in k:
            raise typer.BadParameter(f"--map takes one canonical=column, got {it!r}; repeat --map for each "
                                     "column (--map account_id=user_id --map timestamp=request_time)")
        out[k.strip()] = v.strip()
    return out


def with_dedicated(overrides: list[str] | None, dedicated: list[tuple[str, str, Any]]) -> list[str]:
    """The ``--set`` overrides followed by the dedicated options that set the same settings
    (``(setting, option, value)``, e.g. ``("scoring.threshold", "--threshold", 0.3)``; None: not given).

    A dedicated option is applied after ``--set`` and wins (README, Configuration); when a ``--set`` of
    the same setting says something else, a warning says which value is used (``detect --threshold 0.3
    --set scoring.threshold=0.7`` used 0.3 without a word).
    """
    from ..config import _parse_value

    out = list(overrides or [])
    for key, opt, val in dedicated:
        if val is None:
            continue
        for o in overrides or []:
            k, sep, raw = o.partition("=")
            if not sep or k.strip() != key:
                continue
            given = _parse_value(raw.strip())
            same = (float(given) == float(val) if isinstance(given, (int, float)) and not isinstance(given, bool)
                    and isinstance(val, (int, float)) else str(given) == str(val))
            if not same:
                logging.getLogger("graphhunt.cli").warning(
                    "%s %s and --set %s disagree: %s %s is used (a dedicated option wins over --set)",
                    opt, val, o.strip(), opt, val)
        out.append(f'{key}="{val}"' if isinstance(val, str) else f"{key}={val}")
    return out


class Progress:
    """Stage-by-stage progress on stderr when it is a terminal; silent otherwise."""

    def __init__(self, enabled: bool | None = None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._status = None
        if self.enabled:
            from rich.console import Console

            self._console = Console(stderr=True)

    def __call__(self, stage: str) -> None:
        if not self.enabled:
            return
        if self._status is None:
            self._status = self._console.status(f"graphhunt: {stage} ...")
            self._status.start()
        else:
            self._status.update(f"graphhunt: {stage} ...")

    def close(self) -> None:
        if self._status is not None:
            self._status.stop()
            self._status = None
