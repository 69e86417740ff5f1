"""`graphhunt evaluate`: precision, recall, F1 against ground truth."""
from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ._common import guarded, setup_logging

__all__ = ["register"]


class Unlabelled(str, Enum):
    ignore = "ignore"
    benign = "benign"


def register(app: typer.Typer) -> None:
    @app.command("evaluate")
    @guarded
    def evaluate_cmd(
        truth: Annotated[Path, typer.Option(
            "--truth", help="Ground truth, one row per account: account_id, is_ring (true/false, t/f, yes/no, y/n "
            "or 1/0, any case; 1.0/0.0 too; no blanks), optional ring_id and cohort. `graphhunt simulate` "
            "writes one (truth.csv).")],
        pred: Annotated[Path, typer.Option("--pred", help="accounts.csv from `graphhunt detect`, or its --out directory.")],
        json_out: Annotated[Optional[Path], typer.Option("--json", help="Also write the metrics as JSON here.")] = None,
        unlabelled: Annotated[Unlabelled, typer.Option(
            "--unlabelled",
            help="Predicted accounts not in the truth file: 'ignore' leaves them out (a warning says how many "
            "were flagged); 'benign' counts them as benign, so flagged ones are false positives (for a truth "
            "file that lists only the rings).")] = Unlabelled.ignore,
    ) -> None:
        """Score a run's accounts.csv against a ground truth (truth.csv)."""
        setup_logging()
        from ..evaluate import evaluate_files
        from ..sinks.files import atomic_write, refuse_result_file

        if json_out:
            refuse_result_file(json_out, "metrics")  # before anything is printed
        m = evaluate_files(truth, pred, unlabelled=unlabelled.value)
        if json_out:
            # written before anything is printed: a reader that closes stdout early (`| head -1`, exit 141) does
            # not lose the file it asked for
            with atomic_write(json_out) as tmp:
                tmp.write_text(json.dumps(m, indent=2))
        rings = (f"{m['rings_found']}/{m['rings_total']}" if m["truth_has_ring_id"]
                 else "n/a (truth has no ring_id)")
        typer.echo(f"precision {m['precision']:.3f}  recall {m['recall']:.3f}  F1 {m['f1']:.3f}  "
                   f"(tp {m['tp']}, fp {m['fp']}, fn {m['fn']}; rings found {rings})")
        if m["cohorts"]:
            typer.echo(f"{'cohort':<28}{'accounts':>10}{'flagged':>10}{'rate':>8}")
            for c in m["cohorts"]:
                typer.echo(f"{c['cohort']:<28}{c['accounts']:>10}{c['flagged']:>10}{c['rate']:>8.3f}")
