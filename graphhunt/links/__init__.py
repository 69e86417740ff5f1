"""Link types: one module per kind of shared attribute.

``LINK_TYPES`` maps a link-type name to its builder; the CLI, config
validation and the graph stage all read this one registry.
"""
from __future__ import annotations

from typing import Callable

from . import generic, ip, payment, prompts, schedule
from .base import Incidence, LinkContext

__all__ = ["LINK_TYPES", "Incidence", "LinkContext", "build_links"]

LINK_TYPES: dict[str, Callable[[LinkContext], list[Incidence]]] = {
    "payment": payment.build,
    "ip": ip.build_ip,
    "ip_window": ip.build_ip_window,
    "network": ip.build_network,
    "template": prompts.build,
    "schedule": schedule.build,
}


def build_links(ctx: LinkContext) -> list[Incidence]:
    """Run every configured link builder (plus generic columns); empty incidences are skipped."""
    out: list[Incidence] = []
    types = list(ctx.config.links.types)
    keep = set(ctx.config.links.generic_columns)  # read by the generic builder at the end
    ip_types = {"ip", "ip_window", "network"}
    ip.academic_networks(ctx)  # before the IP builders release the address column
    if not ip_types & set(types):
        ctx.artifacts.pop("_ip_codes", None)
    for i, name in enumerate(types):
        out.extend(i for i in LINK_TYPES[name](ctx) if len(i))
        if name in ip_types and not ip_types & set(types[i + 1:]):
            ctx.artifacts.pop("_ip_codes", None)  # address and network codes shared by the IP builders
            if ctx.release is not None:
                ctx.release([c for c in ("ip", "network") if c not in keep])
    if "prompt" in ctx.events.columns and "template" not in ctx.config.links.types and ctx.config.prompts.enabled:
        # scoring still wants template families and reasoning flags
        prompts.build(ctx)
    if ctx.release is not None and "prompt" not in keep:
        ctx.release(["prompt"])
    out.extend(i for i in generic.build(ctx) if len(i))
    return out
