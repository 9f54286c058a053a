"""finsam matched design (seed 000, Försäkringskassan 2016) for Apache Airflow 2.x and 3.x, yearly.

One task per job of the `matched` design (finsam.run.designs.matched minus synth, which is local only):
when the year's registers (PGI, CSN, MiDaS, AF, SUS) are delivered, ingest what is new, then run the
matched comparison for the base year (`./finsam matched`), which writes reports/<run>/matchning.html.
Each task is a spark-submit of the shaded jar with the cluster profile; see finsam_tasks. As in
finsam_monthly, the first task short-circuits when raw/ holds nothing new, and `period` (YYYY-MM)
re-runs the deliveries of one period.

DAG parameters besides `period`: base_year (the year of the insats), before_year and followup_years
(empty = as in seed 000 relative to base_year: base_year - 1 and base_year + 2; followup_years as
"2016,2017"), method (exact | nearest).
"""
from __future__ import annotations

from finsam_tasks import INGEST, RUN_ID, Param, finsam_dag

dag = finsam_dag(
    "finsam_matched",
    "finsam: seed 000's matched comparison (exact matching, tables 1-12, logit) once a year",
    "0 6 1 12 *", ["seed000"],
    [INGEST,
     ("matched", "se.finsam.matched.MatchedJob",
      f"{RUN_ID} --base-year '{{{{ params.base_year }}}}' --before-year '{{{{ params.before_year }}}}'"
      f" --followup-years '{{{{ params.followup_years }}}}' --method '{{{{ params.method }}}}'")],
    params={
        "base_year": Param(2012, type="integer", description="the year of the insats"),
        "before_year": Param("", type="string", description="the comparison year before it (empty: base_year - 1)"),
        "followup_years": Param("", type="string",
                                description="follow-up years, e.g. 2016,2017; the last is Tabell 12's (empty: base_year + 2)"),
        "method": Param("exact", enum=["exact", "nearest"],
                        description="exact matching or nearest neighbour on the propensity score"),
    })
