package se.finsam.cli;

import java.util.List;
import se.finsam.jobs.Job;
import se.finsam.jobs.JobContext;
import se.finsam.jobs.JobOption;
import se.finsam.jobs.JobRunner;

/** Creates the warehouse root, its zones and the audit table; the first step on a new warehouse. */
public final class InitJob implements Job {
  @Override
  public String name() {
    return "init";
  }

  @Override
  public String summary() {
    return "create the warehouse root, its zones and the audit table";
  }

  @Override
  public List<JobOption> options() {
    return List.of(JobOption.of("warehouse", "finsam.warehouse", "warehouse root (folder or hdfs://, s3a://, abfss:// URI)"));
  }

  @Override
  public void run(JobContext context) {
    // Starting the session makes the runner create the zones; the audit row it appends after this creates
    // the audit table (a Delta commit, so the session is needed even though this job reads nothing).
    context.spark();
    context.metrics().wrote("warehouse zones at " + context.warehouse().root(), se.finsam.warehouse.Zone.values().length);
  }

  public static void main(String[] args) {
    JobRunner.exit(new InitJob(), args);
  }
}
