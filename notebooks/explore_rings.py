# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Exploring coordinated account rings with graphhunt
#
# This notebook walks through an investigation on the sample data with the public
# Python API only: load the logs, detect rings, inspect one ring and why it was
# flagged, tune the community resolution and see what it changes, and plot.
#
# It is stored as a jupytext "percent" script so it diffs cleanly; open it in
# Jupyter with jupytext installed, or convert it:
# `jupytext --to notebook notebooks/explore_rings.py`. The test suite executes it
# end to end (`tests/test_notebook.py`).

# %%
import os
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

import graphhunt as gh

pd.set_option("display.width", 160)
pd.set_option("display.max_colwidth", 80)

# %% [markdown]
# ## Load the data
#
# `data/sample/` holds a small simulated world (`events.csv.gz`, `accounts.csv`
# and the ground truth `truth.csv`). The notebook finds it from its own location
# when run as a script, and otherwise (a Jupyter kernel has no `__file__`) by
# searching upward from the working directory, so it works from the repository
# root as well as from `notebooks/`. Point `GRAPHHUNT_SAMPLE_DIR` at a directory
# with an events file (`events.csv`, `events.csv.gz` or `events.parquet`,
# optionally `accounts.csv` and `truth.csv`) to use your own export. Only when no
# sample is found does it simulate a world instead; it says so, and puts that
# world in a temporary directory that is removed when the kernel exits.

# %%
def events_file(d):
    return next((d / n for n in ("events.csv", "events.csv.gz", "events.parquet") if (d / n).exists()), None)


def find_sample():
    """data/sample of this repository: next to this file when run as a script, else above the working directory."""
    starts = [Path(__file__).resolve().parent] if "__file__" in globals() else []
    for start in starts + [Path.cwd().resolve()]:
        for d in (start, *start.parents):
            if events_file(d / "data" / "sample") is not None:
                return d / "data" / "sample"
    return None


if os.environ.get("GRAPHHUNT_SAMPLE_DIR"):
    DATA = Path(os.environ["GRAPHHUNT_SAMPLE_DIR"]).expanduser()
    if events_file(DATA) is None:
        raise FileNotFoundError(f"GRAPHHUNT_SAMPLE_DIR={DATA}: no events.csv, events.csv.gz or events.parquet there")
else:
    DATA = find_sample()
if DATA is None:
    from graphhunt.simulate import simulate, write_scenario

    _simulated = tempfile.TemporaryDirectory(prefix="graphhunt-sample-")  # removed when the kernel exits
    DATA = Path(_simulated.name)
    print(f"no data/sample found above this notebook or the working directory ({Path.cwd()}), and "
          f"GRAPHHUNT_SAMPLE_DIR is not set: SIMULATING a 3,000-account world instead, in {DATA}")
    write_scenario(simulate(n_accounts=3000, seed=7), DATA)

events = gh.load_events(events_file(DATA))
accounts = gh.load_accounts(DATA / "accounts.csv") if (DATA / "accounts.csv").exists() else None
truth = pd.read_csv(DATA / "truth.csv") if (DATA / "truth.csv").exists() else None
print(f"data: {DATA}")
print(f"{len(events):,} events from {events['account_id'].nunique():,} accounts")
events.head()

# %% [markdown]
# ## Detect rings
#
# `Detector` follows scikit-learn conventions: parameters in the constructor,
# `fit` computes, the result is `result_`. Fix the seed to make the community
# search reproducible.

# %%
det = gh.Detector(seed=42).fit(events, accounts)
result = det.result_
result.run_info["counts"]

# %%
result.rings[["ring_id", "size", "risk_score", "flagged", "reasons", "volume_accounts_worth"]].head(10)

# %% [markdown]
# ## Inspect one ring
#
# The top-ranked ring (rings are ordered by risk, highest first): why it scored
# as it did, who is in it, and what its members share. `explain()` returns the
# text `graphhunt explain` prints: each feature's contribution to the evidence
# sum, then the shared attributes of every link type, strongest first within the
# type (held by the most ring members and the fewest accounts overall), at most
# five per type (`top=` changes that). The `result.shared` table further down
# holds the same rows (its `shared_of_type` column counts each type's rows).
# `result.explain(account_id)` explains one account.

# %%
assert len(result.rings), "no rings found in this data"
ring_id = result.rings["ring_id"].iloc[0]
print(result.explain(ring_id))

# %%
result.ring_members(ring_id).sort_values("risk_score", ascending=False).head(10)

# %%
result.shared[result.shared["ring_id"] == ring_id][["link_type", "attribute", "members", "n_accounts", "weight"]]

# %% [markdown]
# The ring's member graph as networkx (edge attributes carry the evidence
# weight per link type). Edges are coloured by their strongest link type.

# %%
import networkx as nx

g = result.to_networkx(ring_id)
wcols = [c for c in result.edges.columns if c.startswith("w_")]
strongest = {(u, v): max(wcols, key=lambda c: d.get(c, 0.0))[2:] for u, v, d in g.edges(data=True)}
types = sorted(set(strongest.values()))
colors = dict(zip(types, plt.cm.tab10.colors))
fig, ax = plt.subplots(figsize=(6, 5))
pos = nx.spring_layout(g, seed=1, weight="weight")
nx.draw_networkx_nodes(g, pos, node_size=60, ax=ax,
                       node_color=["#D55E00" if g.nodes[n]["flagged"] else "white" for n in g], edgecolors="black")
for t in types:
    es = [e for e, tt in strongest.items() if tt == t]
    nx.draw_networkx_edges(g, pos, edgelist=es, edge_color=[colors[t]], alpha=0.6, ax=ax, label=t)
ax.legend(title="strongest link", loc="best", fontsize=8)
ax.set_title(f"{ring_id}: {g.number_of_nodes()} accounts, {g.number_of_edges()} links")
ax.axis("off")
plt.show()

# %% [markdown]
# ## Why is one account in (or out of) a ring?
#
# Write the result to a run directory (what `graphhunt detect --out` writes),
# then ask for an account-level explanation, with the evidence and its weights.
# The same directory gives the self-contained HTML report. The run directory is
# a new temporary directory (`graphhunt-run-*`), left in place so you can open
# the report; delete it when you are done.

# %%
from graphhunt.explain import explain_account
from graphhunt.sinks.files import write_result
from graphhunt.sinks.report import write_report

run_dir = Path(tempfile.mkdtemp(prefix="graphhunt-run-"))
write_result(result, run_dir)
report = write_report(run_dir)
member = result.ring_members(ring_id)["account_id"].iloc[0]
print(explain_account(run_dir, member).text)  # the same works on `result` directly, without a directory
print(f"\nreport: {report} ({report.stat().st_size / 1024:.0f} kB)")

# %% [markdown]
# ## Tune the resolution
#
# With the CPM objective, the resolution is the mean evidence per member pair a
# community must reach. Raising it breaks loosely linked groups apart: there are
# more communities, more accounts end up alone or in pairs, and once the
# resolution is high few groups still reach `communities.min_ring_size`, so the
# number of candidate rings changes a lot across the sweep. Sweep a few values
# and compare the number of rings, the flagged rings and accounts and, when
# ground truth is present, precision and recall.
#
# On the bundled sample the flagged result does not move: the same number of
# flagged rings, the same flagged accounts, the same precision and recall at
# every resolution; only the unflagged candidates and, slightly, the largest
# ring change. The planted
# rings share more evidence per pair than even the highest value swept here, so
# they hold together, and the later steps of the pipeline (README, "What it
# does") absorb the rest: the dense-core search inside unflagged communities,
# the behaviour split and the rescoring of weak members carve a ring out of a
# community that merged it with a looser crowd (the `formed_by` column of
# `result.rings` says which step formed each ring), and an account's own fit
# keeps a loosely attached member of a flagged ring from being flagged. On other
# data, a ring whose members share less evidence per pair than the resolution
# can fall apart below the minimum ring size, so sweep it there too.

# %%
from graphhunt.evaluate import evaluate


def score(res):
    row = {"rings": len(res.rings), "flagged rings": int(res.rings["flagged"].sum()),
           "flagged accounts": int(res.accounts["flagged"].sum()),
           "largest ring": int(res.rings["size"].max()) if len(res.rings) else 0}
    if truth is not None:
        m = evaluate(truth, res.accounts)
        row.update(precision=round(m["precision"], 3), recall=round(m["recall"], 3))
    return row


sweep = pd.DataFrame([{"resolution": r, **score(gh.Detector(seed=42, resolution=r).fit(events, accounts).result_)}
                      for r in (0.1, 0.35, 0.8, 1.5)]).set_index("resolution")
sweep

# %%
fig, ax = plt.subplots(1, 2, figsize=(10, 3.5))
sweep[["rings", "flagged rings"]].plot(ax=ax[0], marker="o", logx=True, title="rings found")
cols = [c for c in ("precision", "recall") if c in sweep] or ["flagged accounts"]
sweep[cols].plot(ax=ax[1], marker="o", logx=True, title=" / ".join(cols))
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Plots of the whole run
#
# Risk is bimodal when rings are clear-cut: most communities sit near zero,
# rings near one. Size against risk shows whether big benign communities
# (offices behind one NAT, shared cloud egress) stay below the threshold.

# %%
fig, ax = plt.subplots(1, 2, figsize=(10, 3.5))
result.rings["risk_score"].plot.hist(bins=20, range=(0, 1), ax=ax[0], title="ring risk")
ax[0].axvline(result.config.scoring.threshold, color="k", linestyle="--", label="threshold")
ax[0].legend()
fl = result.rings["flagged"].astype(bool)
ax[1].scatter(result.rings.loc[~fl, "size"], result.rings.loc[~fl, "risk_score"], marker="o",
              facecolors="none", edgecolors="C0", label="not flagged")
ax[1].scatter(result.rings.loc[fl, "size"], result.rings.loc[fl, "risk_score"], marker="^", color="C1",
              label="flagged")
ax[1].set(xscale="log", xlabel="ring size", ylabel="risk", title="size vs risk")
ax[1].legend()
plt.tight_layout()
plt.show()
