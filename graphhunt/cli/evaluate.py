"""`graphhunt evaluate`: precision, recall, F1 against ground truth."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from ._common import guarded, setup_logging

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    @app.command("evaluate")
    @guarded
    def evaluate_cmd(
        truth: Annotated[Path, typer.Option("--truth", help="truth.csv from `graphhunt simulate`.")],
        pred: Annotated[Path, typer.Option("--pred", help="accounts.csv from `graphhunt detect`.")],
        json_out: Annotated[Optional[Path], typer.Option("--json", help="Also write the metrics as JSON here.")] = None,
    ) -> None:
        """Score a run's accounts.csv against truth.csv."""
        setup_logging()
        from ..evaluate import evaluate_files
        from ..sinks.files import atomic_write

        m = evaluate_files(truth, pred)
        typer.echo(f"precision {m['precision']:.3f}  recall {m['recall']:.3f}  F1 {m['f1']:.3f}  "
                   f"(tp {m['tp']}, fp {m['fp']}, fn {m['fn']}; rings found {m['rings_found']}/{m['rings_total']})")
        if m["cohorts"]:
            typer.echo(f"{'cohort':<28}{'accounts':>10}{'flagged':>10}{'rate':>8}")
            for c in m["cohorts"]:
                typer.echo(f"{c['cohort']:<28}{c['accounts']:>10}{c['flagged']:>10}{c['rate']:>8.3f}")
        if json_out:
            with atomic_write(json_out) as tmp:
                tmp.write_text(json.dumps(m, indent=2))
