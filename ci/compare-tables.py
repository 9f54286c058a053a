#!/usr/bin/env python3
"""Compares the published CSV tables of two report folders: same files, same rows and columns, text
fields equal, numbers equal within a relative 1e-9 (sums over differently partitioned data differ in
the last bits, nothing more). Provenance tables (run ids, times) are left out, also their lines in
checked_outputs.csv (the number of audit records differs between two warehouses).
Usage: ci/compare-tables.py <report dir A> <report dir B>"""
import csv
import math
import sys
from pathlib import Path


def number(text):
    try:
        return float(text)
    except ValueError:
        return None


def same(a, b):
    x, y = number(a), number(b)
    if x is None or y is None:
        return a == b
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12) or (math.isnan(x) and math.isnan(y))


def published(path):
    """The rows of a CSV, without those about a provenance table (checked_outputs.csv names the table)."""
    return [r for r in csv.reader(path.open(encoding="utf-8")) if not any(f.startswith("proveniens") for f in r[:2])]


def main(a_dir, b_dir):
    a_dir, b_dir = Path(a_dir), Path(b_dir)
    names = sorted(p.name for p in a_dir.glob("*.csv") if not p.name.startswith("proveniens"))
    problems = []
    for name in names:
        b = b_dir / name
        if not b.exists():
            problems.append(f"{name}: missing in {b_dir}")
            continue
        rows_a = published(a_dir / name)
        rows_b = published(b)
        if len(rows_a) != len(rows_b):
            problems.append(f"{name}: {len(rows_a)} rows vs {len(rows_b)}")
            continue
        for i, (ra, rb) in enumerate(zip(rows_a, rows_b)):
            if len(ra) != len(rb) or not all(same(x, y) for x, y in zip(ra, rb)):
                problems.append(f"{name} row {i}: {ra} vs {rb}")
                break
    for p in problems:
        print("  differs: " + p)
    print(f"compared {len(names)} tables, {len(problems)} differ")
    return 1 if problems or not names else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
