"""`graphhunt simulate`: a scenario with benign look-alikes, rings and ground truth."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._common import guarded, setup_logging

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    @app.command("simulate")
    @guarded
    def simulate_cmd(
        out: Annotated[Path, typer.Option("--out", "-o", help="Output directory.")],
        accounts: Annotated[int, typer.Option("--accounts", "-n", min=1, help="Number of accounts.")] = 20000,
        seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
        profile: Annotated[str, typer.Option(help="World profile (see graphhunt.simulate.PROFILES).")] = "default",
        fmt: Annotated[str, typer.Option("--format", help="csv or parquet.")] = "csv",
        verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
    ) -> None:
        """Write events, accounts and truth.csv for a simulated world."""
        setup_logging(verbose)
        from ..simulate import PROFILES, simulate, write_scenario

        if fmt not in ("csv", "parquet"):  # before minutes of generating
            raise typer.BadParameter(f"unknown format {fmt!r}; choose csv or parquet", param_hint="--format")
        if profile not in PROFILES:
            raise typer.BadParameter(f"unknown profile {profile!r}; choose from {', '.join(PROFILES)}")
        from ..errors import InputError
        from ..io import _graphhunt_dir

        if out.is_dir() and _graphhunt_dir(out):  # its accounts.csv is the result's (a QA pass)
            raise InputError("is a graphhunt result or refresh state directory; a simulated world would replace "
                             "its files", file=str(out), fix="write the world to another directory")
        sc = simulate(n_accounts=accounts, seed=seed, profile=profile)
        write_scenario(sc, out, fmt=fmt)
        n_ring = int(sc.truth["is_ring"].astype(str).str.lower().isin(["true", "1"]).sum())
        typer.echo(f"wrote {out}/: {len(sc.accounts)} accounts ({n_ring} in rings), {len(sc.events)} events")
