"""`graphhunt review`: record an analyst's verdict on a ring's members (or accounts) in a reviews file."""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ._common import guarded, setup_logging

__all__ = ["register"]


class Verdict(str, Enum):
    benign = "benign"
    ring = "ring"


def register(app: typer.Typer) -> None:
    @app.command("review")
    @guarded
    def review_cmd(
        run_dir: Annotated[Path, typer.Argument(help="A detect or refresh --out directory (its accounts.csv says "
                                                "who is in each ring).")],
        to: Annotated[Path, typer.Option("--to", help="The reviews file to append to (CSV; created with a header "
                                         "if missing). Pass it to detect/refresh --reviews.")],
        verdict: Annotated[Verdict, typer.Option("--verdict", help="benign: a legitimate group, not flagged again; "
                                                 "ring: a confirmed ring (recorded, flags unchanged).")],
        ring: Annotated[Optional[list[str]], typer.Option("--ring", help="A ring id of RUN_DIR: every member is "
                                                          "recorded (repeatable).")] = None,
        account: Annotated[Optional[list[str]], typer.Option("--account", help="An account id (repeatable).")] = None,
        reviewer: Annotated[str, typer.Option("--reviewer", help="Who reviewed (kept in the file).")] = "",
        note: Annotated[str, typer.Option("--note", help="Why (a ticket number, ...; kept in the file, never in "
                                          "a result).")] = "",
    ) -> None:
        """Record a verdict on a ring's members (or accounts) in a reviews file for later runs' --reviews."""
        setup_logging()
        from ..reviews import append_reviews, review_rows
        from ..sinks.files import refuse_result_file

        refuse_result_file(to, "reviews")
        rows = review_rows(run_dir, verdict.value, ring_ids=ring, account_ids=account, reviewer=reviewer, note=note)
        n = append_reviews(to, rows)
        what = ", ".join(ring or []) + (" and " if ring and account else "") + (
            f"{len(account)} account(s)" if account else "")
        typer.echo(f"recorded {n} account(s) of {what} as {verdict.value} in {to}")
