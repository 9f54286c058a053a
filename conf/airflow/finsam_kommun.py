"""finsam municipality panel (seed 001, ISF 2019) for Apache Airflow 2.x and 3.x, yearly.

One task per job of the `kommun` design's chain (finsam.run.designs.kommun minus synth, which is local
only): ingest -> kommunpanel -> kommun-estimate -> kommun-report, each a spark-submit of the shaded jar
with the cluster profile. As in finsam_monthly, the first task short-circuits: `ingest --all
--require-new` exits with code 99 when raw/ holds no delivery that is not loaded yet, and Airflow skips
the rest. The parameter `period` (YYYY-MM) re-runs the deliveries of one period and everything downstream.

Settings come from the same Airflow Variables as finsam_monthly (with defaults): finsam_jar,
finsam_warehouse, finsam_spark_submit, finsam_master, finsam_spark_conf.
"""
from __future__ import annotations

from datetime import datetime, timedelta

try:  # Airflow 3
    from airflow.sdk import DAG, Param
except ImportError:  # Airflow 2
    from airflow import DAG
    from airflow.models.param import Param

try:  # Airflow 3 ships the standard operators in a provider
    from airflow.providers.standard.operators.bash import BashOperator
except ImportError:  # Airflow 2
    from airflow.operators.bash import BashOperator

NOTHING_NEW_EXIT_CODE = 99
RUN_ID = "--run-id '{{ run_id | replace(':', '') | replace('+', '') }}'"

# (task id, main class, job options) in chain order; the options are templated with the DAG params.
CHAIN = [
    ("ingest", "se.finsam.ingest.IngestJob", "--all --require-new --period '{{ params.period }}'"),
    ("kommunpanel", "se.finsam.kommun.KommunPanelJob", ""),
    ("kommun-estimate", "se.finsam.kommun.KommunEstimateJob", RUN_ID),
    ("kommun-report", "se.finsam.kommun.KommunReportJob", RUN_ID),
]


def spark_submit(main_class: str, options: str) -> str:
    """The command a task runs: spark-submit of the shaded jar with the cluster profile (as finsam_monthly)."""
    return (
        "{{ var.value.get('finsam_spark_submit', 'spark-submit') }}"
        " --master {{ var.value.get('finsam_master', 'yarn') }} --deploy-mode cluster"
        " {{ var.value.get('finsam_spark_conf', '') }}"
        f" --class {main_class}"
        " {{ var.value.get('finsam_jar', '/opt/finsam/finsam-jobs-0.1.0.jar') }}"
        " --profile cluster --warehouse {{ var.value.get('finsam_warehouse', 'hdfs:///finsam/warehouse') }}"
        f" {options}"
    ).rstrip()


default_args = {
    "owner": "finsam",
    "retries": 3,
    "retry_delay": timedelta(minutes=10),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(hours=2),
}

with DAG(
    dag_id="finsam_kommun",
    description="finsam: municipality panel (seed 001): ingest, aggregate to municipality x year, estimate, report",
    schedule="0 6 15 3 *",  # yearly, after the year's registers (LISA-like scb_bakgrund_ar) have arrived
    start_date=datetime(2024, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=default_args,
    params={"period": Param("", type="string", description="YYYY-MM: re-run the deliveries of one period")},
    tags=["finsam", "spark", "kommun"],
) as dag:
    previous = None
    for task_id, main_class, options in CHAIN:
        task = BashOperator(
            task_id=task_id,
            bash_command=spark_submit(main_class, options),
            skip_on_exit_code=NOTHING_NEW_EXIT_CODE if task_id == "ingest" else None,
        )
        if previous is not None:
            previous >> task
        previous = task
