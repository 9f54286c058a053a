#!/usr/bin/env python3
"""Checks an executed notebook against the report it read: every HEADLINE and POINT line the notebook
printed (the numbers it tabled and plotted) must equal the same cell of the report's CSV (within a
relative 1e-12), every published event-study figure must have been drawn (one PNG per figure), and
there must be something to compare. Standard library only.
Usage: ci/check-notebooks.py <executed.ipynb> <report dir>"""
import csv
import json
import math
import sys
from pathlib import Path


def cells(report, table):
    """(row, column) -> the row of the table's long-format CSV."""
    with (report / f"{table}.csv").open(encoding="utf-8") as f:
        return {(r["row"], r["column"]): r for r in csv.DictReader(f)}


def same(printed, published):
    return math.isclose(float(printed), float(published), rel_tol=1e-12, abs_tol=1e-15)


def main(notebook, report):
    report = Path(report)
    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    lines, pngs, errors = [], 0, []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                lines += "".join(out["text"]).splitlines()
            elif out.get("output_type") == "error":
                errors.append(out.get("ename"))
            pngs += "image/png" in out.get("data", {})
    with (report / "checked_outputs.csv").open(encoding="utf-8") as f:
        published = [r["table"] for r in csv.DictReader(f) if r["kind"] == "table"]
    figures = [t for t in published if t.startswith("figur_") and "event_time" in next(csv.reader((report / f"{t}.csv").open(encoding="utf-8")))]
    problems = [f"the notebook raised {e}" for e in errors]
    headline = points = 0
    for line in lines:
        kind, table, *rest = line.split("\t") if "\t" in line else ("", "")
        if kind == "HEADLINE":
            row, column, att = rest
            cell = cells(report, table).get((row, column))
            if cell is None or cell["suppressed"] == ".." or not same(att, cell["att"]):
                problems.append(f"{table} {row!r}/{column!r}: notebook {att}, report {cell and cell['att']}")
            headline += 1
        elif kind == "POINT":
            event_time, att, lower, upper = rest
            cell = next((c for c in cells(report, table).values() if c["event_time"] and int(float(c["event_time"])) == int(event_time)), None)
            if cell is None or cell["suppressed"] == ".." or not all(
                    same(a, cell[k]) for a, k in ((att, "att"), (lower, "ci_lower"), (upper, "ci_upper"))):
                problems.append(f"{table} month {event_time}: notebook {att} [{lower}, {upper}], report {cell}")
            points += 1
    if headline == 0:
        problems.append("the notebook printed no headline estimate")
    if figures and points == 0:
        problems.append("the notebook plotted no event-study point")
    if pngs < len(figures):
        problems.append(f"{len(figures)} event-study figures published, {pngs} drawn")
    for p in problems:
        print(f"check-notebooks: {p}", file=sys.stderr)
    print(f"check-notebooks: {Path(notebook).name}: {headline} headline estimates and {points} plotted points "
          f"({len(figures)} figures) equal the report's CSVs" if not problems else f"check-notebooks: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
