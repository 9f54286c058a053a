"""finsam matched design (seed 000, Försäkringskassan 2016) for Apache Airflow 2.x and 3.x, yearly.

One task per job of the `matched` design (finsam.run.designs.matched minus synth, which is local only):
when the year's registers (PGI, CSN, MiDaS, AF, SUS) are delivered, ingest what is new, then run the
matched comparison for the base year (`./finsam matched`), which writes reports/<run>/matchning.html.
Each task is a spark-submit of the shaded jar with the cluster profile; see finsam_tasks. As in
finsam_monthly, the first task short-circuits when raw/ holds nothing new, and `period` (YYYY-MM)
re-runs the deliveries of one period.

DAG parameters besides `period`: base_year (the year of the insats; the follow-up and before years come
from finsam.matched in the configuration), method (exact | nearest).
"""
from __future__ import annotations

from finsam_tasks import INGEST, RUN_ID, Param, finsam_dag

dag = finsam_dag(
    "finsam_matched",
    "finsam: seed 000's matched comparison (exact matching, tables 1-12, logit) once a year",
    "0 6 1 12 *", ["seed000"],
    [INGEST,
     ("matched", "se.finsam.matched.MatchedJob",
      f"{RUN_ID} --base-year '{{{{ params.base_year }}}}' --method '{{{{ params.method }}}}'")],
    params={
        "base_year": Param(2012, type="integer", description="the year of the insats (follow-up per finsam.matched)"),
        "method": Param("exact", enum=["exact", "nearest"],
                        description="exact matching or nearest neighbour on the propensity score"),
    })
