#!/usr/bin/env python3
"""Checks every DAG file of conf/airflow/ with Python's standard library only (Airflow is not installed).

It loads each DAG file against small stand-ins for the Airflow classes it uses (the same import paths for
Airflow 2 and 3), then checks: the task ids and their order match the job chain of its design in
./finsam run (finsam.run.designs.<design> minus synth, which is local only; see DAGS); every task runs spark-submit of the shaded jar with the cluster profile;
and every command names an existing main class with options the job accepts — run through the
launcher as `./finsam <main class> <options> --help`, which fails with exit 2 on any unknown option.

The monthly DAG's re-run parameter is also run for real: its ingest task, rendered as Airflow renders
it (with the local profile and a warehouse whose deliveries are all loaded in place of the cluster's),
must stop the run (exit 99, the chain skipped) when nothing is new and no period is given, and reload the
period's deliveries (exit 0, the chain runs) when one is. That warehouse is a small synthetic one made
and loaded here: a few persons and two registers, since what is checked is the task's command and its
exit codes, not the loading of every table (chain-check and the ingest tests cover that).

Usage: ci/check-airflow-dag.py
"""
import ast
import os
import re
import shlex
import subprocess
import sys
import tempfile
import types
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Every DAG file with its dag id and the design (finsam.run.designs.<design>) whose chain it runs.
DAGS = {"finsam_monthly.py": ("finsam_monthly", "seed002"), "finsam_kommun.py": ("finsam_kommun", "kommun"),
        "finsam_matched.py": ("finsam_matched", "matched"), "finsam_followup.py": ("finsam_followup", "sus-followup")}
# Values for the DAG parameters other than period when a command is rendered.
PARAMS = {"base_year": "2012", "before_year": "", "followup_years": "", "method": "exact", "year": "2019"}
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


class Task:
    def __init__(self, task_id, **kwargs):
        self.task_id = task_id
        self.kwargs = kwargs
        self.downstream = []
        Dag.current.tasks.append(self)

    def __rshift__(self, other):
        self.downstream.append(other)
        return other


class Dag:
    current = None

    def __init__(self, dag_id, **kwargs):
        self.dag_id = dag_id
        self.kwargs = kwargs
        self.tasks = []

    def __enter__(self):
        Dag.current = self
        return self

    def __exit__(self, *exc):
        return False


def install_stand_ins():
    def module(name, **attrs):
        m = types.ModuleType(name)
        m.__dict__.update(attrs)
        sys.modules[name] = m
    param = lambda default=None, **kw: default
    module("airflow", DAG=Dag)
    module("airflow.sdk", DAG=Dag, Param=param)
    module("airflow.providers")
    module("airflow.providers.standard")
    module("airflow.providers.standard.operators")
    module("airflow.providers.standard.operators.bash", BashOperator=Task)


def render(template, period):
    """Renders the few Jinja expressions the DAG uses, with the Variables' defaults."""
    out = re.sub(r"\{\{ var\.value\.get\('[^']+', '([^']*)'\) \}\}", r"\1", template)
    out = out.replace("{{ params.period }}", period)
    for name, value in PARAMS.items():
        out = out.replace("{{ params.%s }}" % name, value)
    out = re.sub(r"\{\{ run_id[^}]*\}\}", "scheduled__20240105T060000", out)
    check("template fully rendered", "{{" not in out, out)
    return out


def design_chain(design):
    """The design's steps from reference.conf, minus synth."""
    conf = (ROOT / "jobs/src/main/resources/reference.conf").read_text()
    steps = re.search(r"\n\s*" + re.escape(design) + r" = \[([^\]]*)\]", conf)
    check(f"design {design} in finsam.run.designs", steps is not None)
    return [s.strip() for s in steps.group(1).split(",") if s.strip() != "synth"] if steps else []


def main():
    folder = ROOT / "conf" / "airflow"
    ignored = set((folder / ".airflowignore").read_text().split())
    files = sorted(p.name for p in folder.glob("*.py") if p.name not in ignored)
    check("every DAG file is listed in DAGS", files == sorted(DAGS), f"{files} != {sorted(DAGS)}")
    install_stand_ins()
    sys.path.insert(0, str(folder))  # as Airflow does with its DAG folder, for the shared finsam_tasks
    commands = []
    for name, (dag_id, design) in DAGS.items():
        commands += check_dag(ROOT / "conf" / "airflow" / name, dag_id, design)
    # One JVM per command: two at a time on the CI machine's two cores. Each lives about two seconds, so
    # C1 and the serial collector halve it (4 s -> 2 s wall each); a caller's FINSAM_JAVA_OPTS wins.
    env = dict(os.environ)
    env.setdefault("FINSAM_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda c: subprocess.run(c[1], capture_output=True, text=True, timeout=300, env=env),
                                commands))
    for (name, _), result in zip(commands, results):
        check(name, result.returncode == 0 and "Usage: ./finsam" in result.stdout,
              f"exit {result.returncode}: {result.stderr.strip()[-400:]}")
    check_period_rerun(ROOT / "conf" / "airflow" / "finsam_monthly.py")
    print(f"airflow-dag: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


def load_dag(dag_file):
    namespace = {"__name__": "finsam_dag"}
    exec(compile(dag_file.read_text(), str(dag_file), "exec"), namespace)
    return namespace["dag"]


def launcher(*args):
    return subprocess.run([str(ROOT / "finsam"), *args], capture_output=True, text=True, timeout=900)


def check_period_rerun(dag_file):
    ingest = load_dag(dag_file).tasks[0]
    with tempfile.TemporaryDirectory() as tmp:
        warehouse = str(Path(tmp) / "warehouse")
        conf = Path(tmp) / "synth.conf"
        conf.write_text("finsam.synth.tables = [scb_bakgrund_ar, midas_ersattning]\n")
        setup = launcher("synth", "--conf", str(conf), "--persons", "40", "--from", "202001", "--to", "202006",
                         "--warehouse", warehouse)
        if setup.returncode == 0:
            setup = launcher("ingest", "--all", "--warehouse", warehouse)
        check("period re-run: a small synthetic warehouse, every delivery loaded", setup.returncode == 0,
              setup.stderr[-400:])
        for period, expected in (("", 99), ("2020-03", 0)):
            words = shlex.split(render(ingest.kwargs["bash_command"], period))
            main_class = words[words.index("--class") + 1]
            job_args = words[next(i for i, w in enumerate(words) if w.endswith(".jar")) + 1:]
            job_args[job_args.index("--profile") + 1] = "local"
            job_args[job_args.index("--warehouse") + 1] = warehouse
            result = launcher(main_class, *job_args)
            reloaded = re.findall(r"(\S+-v\d+): read, validate", result.stdout + result.stderr)
            if expected == 99:
                check("period re-run: without a period nothing is new, the DAG skips the chain (exit 99)",
                      result.returncode == 99 and not reloaded, f"exit {result.returncode}: {result.stderr[-400:]}")
            else:
                check(f"period re-run: period={period} reloads that period's deliveries and the chain runs (exit 0)",
                      result.returncode == 0 and len(reloaded) > 0,
                      f"exit {result.returncode}, reloaded {reloaded}: {result.stderr[-400:]}")


def check_dag(dag_file, dag_id, design):
    """Checks a DAG's shape; returns its tasks' commands as launcher --help calls, to be run by the caller."""
    commands = []
    ast.parse(dag_file.read_text(), filename=str(dag_file))
    check(f"{dag_file.name} parses", True)
    dag = load_dag(dag_file)
    check("dag id", dag.dag_id == dag_id, dag.dag_id)
    check("retries with back-off", dag.kwargs["default_args"].get("retries", 0) > 0
          and dag.kwargs["default_args"].get("retry_exponential_backoff") is True)
    check("re-run parameter 'period'", "period" in dag.kwargs.get("params", {}))

    chain = design_chain(design)
    ids = [t.task_id for t in dag.tasks]
    check("task ids match the chain", ids == chain, f"{ids} != {chain}")
    for a, b in zip(dag.tasks, dag.tasks[1:]):
        check(f"{a.task_id} >> {b.task_id}", a.downstream == [b], str([t.task_id for t in a.downstream]))
    check("first task short-circuits when nothing is new", dag.tasks[0].kwargs.get("skip_on_exit_code") == 99)

    for task in dag.tasks:
        for period in ("", "2023-05"):
            command = render(task.kwargs["bash_command"], period)
            words = shlex.split(command)
            check(f"{task.task_id}: spark-submit with the cluster profile",
                  words[0] == "spark-submit" and "--class" in words and "--profile" in words)
            main_class = words[words.index("--class") + 1]
            jar_at = next(i for i, w in enumerate(words) if w.endswith(".jar"))
            job_args = words[jar_at + 1:]
            commands.append((f"{task.task_id}: ./finsam {main_class} {' '.join(job_args)} --help",
                             [str(ROOT / "finsam"), main_class, *job_args, "--help"]))
    return commands


if __name__ == "__main__":
    sys.exit(main())
