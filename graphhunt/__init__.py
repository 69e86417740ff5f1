"""graphhunt: find coordinated account rings (distillation rings) on an LLM API platform.

>>> import graphhunt as gh
>>> events = gh.load_events("data/sample/events.csv.gz")          # doctest: +SKIP
>>> result = gh.Detector(seed=42).fit(events).result_          # doctest: +SKIP
>>> result.rings.head()                                        # doctest: +SKIP
"""
from __future__ import annotations

__version__ = "0.1.0"

from ._memory import tune_memory  # noqa: E402
from .config import Config, load_config  # noqa: E402
from .detector import DetectionResult, Detector, detect  # noqa: E402
from .errors import ConfigError, GraphhuntError, InputError  # noqa: E402
from .io import load_accounts, load_events  # noqa: E402
from .refresh import RefreshResult, refresh  # noqa: E402

__all__ = [
    "__version__",
    "Config",
    "load_config",
    "Detector",
    "DetectionResult",
    "detect",
    "load_events",
    "load_accounts",
    "refresh",
    "RefreshResult",
    "GraphhuntError",
    "InputError",
    "ConfigError",
    "tune_memory",
]
