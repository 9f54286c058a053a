"""finsam matched design (seed 000) for Apache Airflow 2.x and 3.x.

Yearly: when the year's registers (PGI, CSN, MiDaS, AF, SUS) are delivered, ingest what is new, then
run the matched comparison for the configured base year (`./finsam matched`), which writes
reports/<run>/matchning.html. Each task is a spark-submit of the shaded jar with the cluster profile,
like finsam_monthly. The first task short-circuits with exit code 99 when raw/ holds nothing new.

DAG parameters: base_year (the year of the insats; the follow-up and before years come from
finsam.matched in the configuration), method (exact | nearest). Settings come from the same Airflow
Variables as finsam_monthly: finsam_jar, finsam_warehouse, finsam_spark_submit, finsam_master,
finsam_spark_conf.
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
RUN_ID = "{{ run_id | replace(':', '') | replace('+', '') }}"

# (task id, main class, job options) in chain order; the options are templated with the DAG params.
CHAIN = [
    ("ingest", "se.finsam.ingest.IngestJob", "--all --require-new"),
    ("matched", "se.finsam.matched.MatchedJob",
     f"--run-id '{RUN_ID}' --base-year '{{{{ params.base_year }}}}' --method '{{{{ params.method }}}}'"),
]


def spark_submit(main_class: str, options: str) -> str:
    """The command a task runs: spark-submit of the shaded jar with the cluster profile."""
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
    "retries": 2,
    "retry_delay": timedelta(minutes=30),
}

with DAG(
    dag_id="finsam_matched",
    description="finsam: seed 000's matched comparison (exact matching, tables 1-12, logit) once a year",
    schedule="0 6 1 12 *",
    start_date=datetime(2024, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=default_args,
    params={
        "base_year": Param(2012, type="integer", description="the year of the insats (follow-up per finsam.matched)"),
        "method": Param("exact", enum=["exact", "nearest"], description="exact matching or nearest neighbour on the propensity score"),
    },
    tags=["finsam", "spark", "seed000"],
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
