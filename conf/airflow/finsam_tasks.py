"""What every finsam DAG shares: the DAG's settings, the spark-submit command of a task, retries, the chain.

Not a DAG itself (listed in .airflowignore); Airflow puts the DAG folder on sys.path, so the DAG files
import it as `finsam_tasks`. Settings come from Airflow Variables (with defaults): finsam_jar,
finsam_warehouse, finsam_spark_submit, finsam_master, finsam_spark_conf. Secrets (the pseudonymisation
key) are not used by any chain; pseudonymisation runs inside the secure environment before deliveries
reach raw/.
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

# `ingest --all --require-new` exits with this code when raw/ holds nothing new; the run is then skipped.
NOTHING_NEW_EXIT_CODE = 99
RUN_ID = "--run-id '{{ run_id | replace(':', '') | replace('+', '') }}'"
INGEST = ("ingest", "se.finsam.ingest.IngestJob", "--all --require-new --period '{{ params.period }}'")

DEFAULT_ARGS = {
    "owner": "finsam",
    "retries": 3,
    "retry_delay": timedelta(minutes=10),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(hours=2),
}


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


def chain(steps):
    """One BashOperator per (task id, main class, options), each downstream of the one before; call it
    inside the DAG's context. The ingest task short-circuits the run when nothing is new."""
    previous = None
    for task_id, main_class, options in steps:
        task = BashOperator(
            task_id=task_id,
            bash_command=spark_submit(main_class, options),
            skip_on_exit_code=NOTHING_NEW_EXIT_CODE if task_id == "ingest" else None,
        )
        if previous is not None:
            previous >> task
        previous = task


def finsam_dag(dag_id: str, description: str, schedule: str, tags: list, steps: list, params: dict | None = None):
    """A design's DAG: its chain's steps in order, one run at a time, retries with back-off, and the re-run
    parameter `period` (YYYY-MM: ingest reloads that period's deliveries) besides the design's own params."""
    with DAG(
        dag_id=dag_id,
        description=description,
        schedule=schedule,
        start_date=datetime(2024, 1, 1),
        catchup=False,
        max_active_runs=1,
        default_args=DEFAULT_ARGS,
        params={"period": Param("", type="string", description="YYYY-MM: re-run the deliveries of one period"),
                **(params or {})},
        tags=["finsam", "spark", *tags],
    ) as dag:
        chain(steps)
    return dag
