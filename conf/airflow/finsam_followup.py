"""finsam annual SUS follow-up (seeds 003 and 004, Försäkringskassan's yearly report) for Apache Airflow 2.x and 3.x.

One task per job of the `sus-followup` design (finsam.run.designs.sus-followup minus synth, which is local
only): when the year's SUS and MiDaS deliveries are in, ingest what is new, then write the follow-up of the
report year (`./finsam followup --year`), reports/<run>/followup.html and results/followup/tabeller. Each task
is a spark-submit of the shaded jar with the cluster profile; see finsam_tasks. As in finsam_monthly, the
first task short-circuits when raw/ holds nothing new, and `period` (YYYY-MM) re-runs the deliveries of one
period.

DAG parameter besides `period`: year (the report year; FK days follow those who ended an insats the year
before). Scheduled in February, when the previous year's SUS registrations are complete (seed 003 note 24:
data taken from SUS and FK's database in January).
"""
from __future__ import annotations

from finsam_tasks import INGEST, RUN_ID, Param, finsam_dag

dag = finsam_dag(
    "finsam_followup",
    "finsam: Försäkringskassan's annual follow-up of the samordningsförbund (seeds 003/004) once a year",
    "0 6 1 2 *", ["seed003", "seed004"],
    [INGEST,
     ("followup", "se.finsam.followup.FollowupJob", f"{RUN_ID} --year '{{{{ params.year }}}}'")],
    params={"year": Param(2019, type="integer", description="the report year")})
