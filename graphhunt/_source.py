"""Which code made a run: a digest of the package's own source files.

``graphhunt_version`` names a release; between releases (an editable install, a checkout of
another commit) the same version number covers different code. ``run.json`` therefore also
records ``graphhunt_source``, a SHA-256 over the package's ``.py`` files (their paths and
contents), so a reviewer can tell whether two runs came from the same code.
"""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path


def source_digest(root: str | Path | None = None) -> str:
    """``sha256:<first 16 hex digits>`` over every ``.py`` file under ``root`` (default: the installed
    package; computed once, a few ms)."""
    return _digest(Path(root).resolve()) if root is not None else _installed()


@functools.lru_cache(maxsize=1)
def _installed() -> str:
    return _digest(Path(__file__).resolve().parent)


def _digest(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*.py")):
        h.update(p.relative_to(root).as_posix().encode() + b"\0")
        h.update(p.read_bytes() + b"\0")
    return "sha256:" + h.hexdigest()[:16]
