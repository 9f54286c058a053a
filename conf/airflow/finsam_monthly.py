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

from datetime import datetime

try:  # Airflow 3
    from airflow.sdk import DAG
except ImportError:  # Airflow 2
    from airflow import DAG

from finsam_tasks import DEFAULT_ARGS, INGEST, RUN_ID, chain, period_param

with DAG(
    dag_id="finsam_monthly",
    description="finsam: ingest new register deliveries, rebuild the panel, estimate, report",
    schedule="0 6 5 * *",
    start_date=datetime(2024, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    params={"period": period_param()},
    tags=["finsam", "spark"],
) as dag:
    chain([
        INGEST,
        ("panel", "se.finsam.linkage.PanelJob", ""),
        ("estimate", "se.finsam.estimate.EstimateJob", RUN_ID),
        ("report", "se.finsam.report.ReportJob", RUN_ID),
    ])
