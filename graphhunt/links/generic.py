"""Any configured column as a link attribute (device id, API key, email domain ...)."""
from __future__ import annotations


from ..errors import ConfigError
from .base import Incidence, LinkContext, incidence_from_columns

__all__ = ["build"]


def build(ctx: LinkContext) -> list[Incidence]:
    out = []
    ev, acc = ctx.events, ctx.accounts
    for col in ctx.config.links.generic_columns:
        if col in ev.columns:
            out.append(incidence_from_columns(f"generic:{col}", ev["acc"].to_numpy(), ev[col].astype("string"),
                                              ev["ts"].to_numpy(), prefix=f"{col}:"))
        elif acc is not None and col in acc.columns:
            m = acc["acc"].to_numpy() >= 0
            out.append(incidence_from_columns(f"generic:{col}", acc["acc"].to_numpy()[m],
                                              acc[col].astype("string").to_numpy(dtype=object, na_value=None)[m],
                                              prefix=f"{col}:"))
        else:
            raise ConfigError(f"links.generic_columns: column '{col}' is in neither the events nor the accounts file")
    return out
