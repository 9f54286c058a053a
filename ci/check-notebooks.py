#!/usr/bin/env python3
"""Checks an executed notebook against the CSVs it read.
The analyst notebook against its report: every HEADLINE and POINT line the notebook printed (the
numbers it tabled and plotted) must equal the same cell of the report's CSV (within a relative 1e-12),
every published event-study figure must have been drawn (one PNG per figure), and there must be
something to compare.
The data-engineer notebook (--sql) against the CSVs of its ./finsam sql call, re-read here with the
csv module: the totals it printed (CHECK lines) equal the query's CSV and the row counts of the
listing (views.csv), two different queries; the means it printed (MEAN lines) equal the CSV's cells.
Standard library only.
Usage: ci/check-notebooks.py <executed.ipynb> <report dir>
       ci/check-notebooks.py --sql <executed.ipynb> <sql output dir>"""
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


def outputs(notebook):
    """The printed lines, the number of PNG figures and the errors of an executed notebook."""
    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    lines, pngs, errors = [], 0, []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                lines += "".join(out["text"]).splitlines()
            elif out.get("output_type") == "error":
                errors.append(out.get("ename"))
            pngs += "image/png" in out.get("data", {})
    return lines, pngs, errors


def report_problems(problems, summary):
    for p in problems:
        print(f"check-notebooks: {p}", file=sys.stderr)
    print(summary if not problems else f"check-notebooks: {len(problems)} problems")
    return 1 if problems else 0


def main(notebook, report):
    report = Path(report)
    lines, pngs, errors = outputs(notebook)
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
    return report_problems(problems, f"check-notebooks: {Path(notebook).name}: {headline} headline estimates and "
                           f"{points} plotted points ({len(figures)} figures) equal the report's CSVs")


def rows(folder, name):
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def main_sql(notebook, folder):
    folder = Path(folder)
    lines, pngs, errors = outputs(notebook)
    problems = [f"the notebook raised {e}" for e in errors]
    views = {r["view"]: int(r["rows"]) for r in rows(folder, "views")}
    # Each total two ways: the sum over a query's CSV and the view's row count in the listing.
    expected = {
        "views": (len(views), len(views)),
        "quarantine_total": (sum(int(r["n_rows"]) for r in rows(folder, "quarantine_by_rule")), views.get("quarantine_rows")),
        "panel_person_months": (sum(int(r["person_months"]) for r in rows(folder, "panel_by_group_month")),
                                views.get("panel_person_month")),
    }
    means = {(r["period"], r["arm"]): r for r in rows(folder, "outcomes_by_arm_month")}
    checked, compared = set(), 0
    for line in lines:
        kind, *rest = line.split("\t")
        if kind == "CHECK":
            name, value = rest
            summed, listed = expected.get(name, (None, None))
            if summed is None or int(value) != summed or int(value) != listed:
                problems.append(f"{name}: notebook {value}, CSV {summed}, listing {listed}")
            checked.add(name)
        elif kind == "MEAN":
            period, arm, column, value = rest
            cell = means.get((period, arm))
            if cell is None or not same(value, cell[column]):
                problems.append(f"mean {column} {period} {arm}: notebook {value}, CSV {cell and cell[column]}")
            compared += 1
    problems += [f"the notebook printed no {name} total" for name in expected if name not in checked]
    if compared == 0:
        problems.append("the notebook printed no mean")
    if pngs < 4:
        problems.append(f"4 figures expected, {pngs} drawn")
    return report_problems(problems, f"check-notebooks: {Path(notebook).name}: {len(checked)} totals and {compared} "
                           f"means equal the CSVs of {folder} ({pngs} figures)")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--sql":
        sys.exit(main_sql(sys.argv[2], sys.argv[3]))
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
