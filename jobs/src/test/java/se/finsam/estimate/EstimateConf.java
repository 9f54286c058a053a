package se.finsam.estimate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import se.finsam.config.ConfigLoader;
import se.finsam.jobs.JobRunner;

/**
 * The estimate step's configuration over a test panel of months 2015-01 on ({@code month_index} 1 on):
 * the panel's months, outcomes measured from its first month, models over all its months, the first month
 * as the pre-period; and a run of the step on a warehouse.
 */
final class EstimateConf {
  private final int months;
  private final List<String> outcomes = new ArrayList<>();
  private final List<String> models = new ArrayList<>();
  private final List<String> settings = new ArrayList<>();

  private EstimateConf(int months) {
    this.months = months;
  }

  /** A panel of {@code months} months from 2015-01. */
  static EstimateConf months(int months) {
    return new EstimateConf(months);
  }

  EstimateConf outcomes(String... names) {
    for (String name : names) {
      outcomes.add("{ name = " + name + ", family = 1, label = " + name + ", first-period = 201501 }");
    }
    return this;
  }

  /** A model over all months and everybody; {@code settings} add to or override its entry ("covariates = [x1]"). */
  EstimateConf model(String code, String... settings) {
    models.add("{ code = " + code + ", label = " + code + ", from = 201501, to = " + (201500 + months)
        + ", covariates = [], kon = \"\"" + (settings.length == 0 ? "" : ", " + String.join(", ", settings)) + " }");
    return this;
  }

  /** A line of HOCON (e.g. "finsam.estimate.cluster = cl"). */
  EstimateConf set(String line) {
    settings.add(line);
    return this;
  }

  Path write(Path file) throws IOException {
    List<String> lines = new ArrayList<>(List.of(
        "finsam.outcomes = [" + String.join(",\n  ", outcomes) + "]",
        "finsam.panel { from = 201501, to = " + (201500 + months) + " }",
        "finsam.estimate.pre-period { from = 201501, to = 201501 }",
        "finsam.estimate.models = [" + String.join(",\n  ", models) + "]"));
    lines.addAll(settings);
    return Files.writeString(file, String.join("\n", lines));
  }

  /** The step's runner on {@code warehouse}, as {@code ./finsam estimate} runs it. */
  static JobRunner runner(SparkSession spark, String warehouse) {
    return new JobRunner(new ConfigLoader(Map.of("FINSAM_WAREHOUSE", warehouse), EstimateConf.class.getClassLoader()),
        c -> spark, System.out, System.err);
  }
}
