"""finsam monthly chain (seed 002) for Apache Airflow 2.x and 3.x.

One task per job of the `seed002` design (finsam.run.designs.seed002 minus synth, which is local only):
ingest -> panel -> estimate -> report, each a spark-submit of the shaded jar with the cluster profile
(conf/cluster.conf, packaged in the jar); see finsam_tasks. The first task is the short-circuit for "new
deliveries have arrived": `ingest --all --require-new` exits with code 99 when raw/ holds no delivery
that is not loaded yet, and Airflow then skips the rest of the run. Re-run one delivery period with the
DAG parameter `period` (YYYY-MM): ingest reloads that period's deliveries and the steps downstream run
again.
"""
from __future__ import annotations

from finsam_tasks import INGEST, RUN_ID, finsam_dag

dag = finsam_dag(
    "finsam_monthly", "finsam: ingest new register deliveries, rebuild the panel, estimate, report",
    "0 6 5 * *", [],
    [INGEST,
     ("panel", "se.finsam.linkage.PanelJob", ""),
     ("estimate", "se.finsam.estimate.EstimateJob", RUN_ID),
     ("report", "se.finsam.report.ReportJob", RUN_ID)])
