"""finsam municipality panel (seed 001, ISF 2019) for Apache Airflow 2.x and 3.x, yearly.

One task per job of the `kommun` design (finsam.run.designs.kommun minus synth, which is local only):
ingest -> kommunpanel -> kommun-estimate -> kommun-report, each a spark-submit of the shaded jar with
the cluster profile; see finsam_tasks. As in finsam_monthly, the first task short-circuits when raw/
holds nothing new, and the parameter `period` (YYYY-MM) re-runs the deliveries of one period and
everything downstream.
"""
from __future__ import annotations

from finsam_tasks import INGEST, RUN_ID, finsam_dag

# Yearly, after the year's registers (LISA-like scb_bakgrund_ar) have arrived.
dag = finsam_dag(
    "finsam_kommun",
    "finsam: municipality panel (seed 001): ingest, aggregate to municipality x year, estimate, report",
    "0 6 15 3 *", ["kommun"],
    [INGEST,
     ("kommunpanel", "se.finsam.kommun.KommunPanelJob", ""),
     ("kommun-estimate", "se.finsam.kommun.KommunEstimateJob", RUN_ID),
     ("kommun-report", "se.finsam.kommun.KommunReportJob", RUN_ID)])
