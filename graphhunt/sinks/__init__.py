"""Output sinks: files (always), HTML report, Neo4j (driver imported only there)."""
from .files import atomic_write, write_result, read_result

__all__ = ["atomic_write", "write_result", "read_result"]
