package se.finsam.did.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The R did 2.5.0 reference files in shared/reference (see its README.md): the simulated panel, the scenarios
 * 1-10 of make_sim_reference.R as model settings, and a reader for the result CSVs. Public so that the engine's
 * tests compare against the same scenarios.
 */
public final class SimReference {
  /**
   * One att_gt call of make_sim_reference.R.
   *
   * @param covariates the formula's variables; x2 (a factor with levels a, b, c) becomes the dummies x2b, x2c
   * @param weighted weightsname = "w"
   */
  public record Scenario(String name, String data, List<String> covariates, boolean weighted, Settings settings) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final Settings.Comparison NEV = Settings.Comparison.NEVER_TREATED;
  private static final Settings.Comparison NYT = Settings.Comparison.NOT_YET_TREATED;
  private static final Settings.BasePeriod VARYING = Settings.BasePeriod.VARYING;

  public static final List<Scenario> SCENARIOS = List.of(
      new Scenario("sim_nyt_dr_x1x2", "sim_panel.csv", List.of("x1", "x2"), false,
          new Settings(NYT, VARYING, 0, Settings.Method.DR, false, false, 2)),
      new Scenario("sim_nev_dr_x1x2_universal", "sim_panel.csv", List.of("x1", "x2"), false,
          new Settings(NEV, Settings.BasePeriod.UNIVERSAL, 0, Settings.Method.DR, false, false, 2)),
      new Scenario("sim_nev_ipw_x1", "sim_panel.csv", List.of("x1"), false,
          new Settings(NEV, VARYING, 0, Settings.Method.IPW, false, false, 1)),
      new Scenario("sim_nyt_reg_x1x2", "sim_panel.csv", List.of("x1", "x2"), false,
          new Settings(NYT, VARYING, 0, Settings.Method.REG, false, false, 2)),
      new Scenario("sim_w_nev_dr_x1", "sim_panel.csv", List.of("x1"), true,
          new Settings(NEV, VARYING, 0, Settings.Method.DR, false, false, 1)),
      new Scenario("sim_cl_nev_dr_x1", "sim_panel.csv", List.of("x1"), false,
          new Settings(NEV, VARYING, 0, Settings.Method.DR, false, true, 1)),
      new Scenario("sim_nyt_drimp_x1x2", "sim_panel.csv", List.of("x1", "x2"), false,
          new Settings(NYT, VARYING, 0, Settings.Method.DRIMP, false, false, 2)),
      new Scenario("sim_nyt_dr_x1_antic1", "sim_panel.csv", List.of("x1"), false,
          new Settings(NYT, VARYING, 1, Settings.Method.DR, false, false, 1)),
      new Scenario("sim_nev_dr_x3", "sim_panel.csv", List.of("x3"), false,
          new Settings(NEV, VARYING, 0, Settings.Method.DR, false, false, 1)),
      new Scenario("sim_unbal_nev_dr_x1", "sim_panel_unbalanced.csv", List.of("x1"), false,
          new Settings(NEV, VARYING, 0, Settings.Method.DR, true, false, 1)));

  private SimReference() {}

  public static Scenario scenario(String name) {
    return SCENARIOS.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  public static Path dir() {
    String shared = System.getProperty("finsam.shared.dir");
    return (shared != null ? Path.of(shared) : Path.of("../../shared")).resolve("reference");
  }

  /** The rows of a reference CSV without its header, quotes removed (no field contains a comma). */
  public static List<String[]> csv(String name) {
    try {
      List<String> lines = Files.readAllLines(dir().resolve(name));
      List<String[]> rows = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        rows.add(line.replace("\"", "").split(",", -1));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A text file's lines. */
  public static List<String> csvLines(String name) {
    try {
      return Files.readAllLines(dir().resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rows of a result CSV whose first column is the scenario. */
  public static List<String[]> rows(String file, String scenario) {
    return csv(file).stream().filter(r -> r[0].equals(scenario)).toList();
  }

  /** R's numbers: NA is NaN. */
  public static double number(String field) {
    return field.equals("NA") ? Double.NaN : Double.parseDouble(field);
  }

  /** The covariates of the formula of one row of sim_panel.csv (columns id,t,g,cl,w,x1,x2,x3,y). */
  public static double[] covariates(String[] r, List<String> formula) {
    List<Double> x = new ArrayList<>();
    for (String v : formula) {
      switch (v) {
        case "x1" -> x.add(Double.parseDouble(r[5]));
        case "x2" -> {
          x.add(r[6].equals("b") ? 1.0 : 0.0);
          x.add(r[6].equals("c") ? 1.0 : 0.0);
        }
        case "x3" -> x.add(Double.parseDouble(r[7]));
        default -> throw new IllegalArgumentException(v);
      }
    }
    return x.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** A scenario's data as model observations. */
  public static List<Observation> observations(Scenario s) {
    List<Observation> out = new ArrayList<>();
    for (String[] r : csv(s.data())) {
      out.add(new Observation(Long.parseLong(r[0]), Integer.parseInt(r[1]), Integer.parseInt(r[2]),
          Long.parseLong(r[3]), s.weighted() ? Double.parseDouble(r[4]) : 1.0, covariates(r, s.covariates()),
          Double.parseDouble(r[8])));
    }
    return out;
  }

  /**
   * The 2x2 anchor of sim_drdid_2x2.csv: cohort 4 against the never treated, period 3 -> 4, one row per unit
   * in increasing id order, covariates (1, x1, x2b, x2c), no weights.
   */
  public record Anchor(long[] ids, double[] y1, double[] y0, double[] d, double[][] x) {
    /** R's estimators' rows of sim_drdid_2x2.csv ({@code estimator, att, se}). */
    public static List<String[]> estimates() {
      return csv("sim_drdid_2x2.csv");
    }

    /** The influence values of sim_drdid_2x2_inf.csv ({@code estimator, id, inf}), in id order per estimator. */
    public static List<String[]> influence() {
      return csv("sim_drdid_2x2_inf.csv");
    }

    /** R's tolerance for an influence value: 1e-8 where no logit is fitted, else 1e-6 (relative above 1). */
    public static double influenceTolerance(String estimator, double value) {
      boolean logit = !estimator.equals("reg_did_panel") && !estimator.equals("drdid_imp_panel");
      return (logit ? 1e-6 : 1e-8) * Math.max(1, Math.abs(value));
    }
  }

  public static Anchor anchor() {
    Map<Long, String[]> pre = new TreeMap<>();
    Map<Long, String[]> post = new TreeMap<>();
    for (String[] r : csv("sim_panel.csv")) {
      if ((r[2].equals("0") || r[2].equals("4")) && (r[1].equals("3") || r[1].equals("4"))) {
        (r[1].equals("3") ? pre : post).put(Long.parseLong(r[0]), r);
      }
    }
    int n = post.size();
    Anchor a = new Anchor(new long[n], new double[n], new double[n], new double[n], new double[n][]);
    int i = 0;
    for (Map.Entry<Long, String[]> e : post.entrySet()) {
      String[] r = e.getValue();
      a.ids()[i] = e.getKey();
      a.y1()[i] = Double.parseDouble(r[8]);
      a.y0()[i] = Double.parseDouble(pre.get(e.getKey())[8]);
      a.d()[i] = r[2].equals("4") ? 1 : 0;
      double[] c = covariates(r, List.of("x1", "x2"));
      a.x()[i] = new double[] {1, c[0], c[1], c[2]};
      i++;
    }
    return a;
  }

  /** mpdta (columns year, countyreal, lpop, lemp, first.treat, treat) without covariates; cluster = county. */
  public static List<Observation> mpdta() {
    List<Observation> out = new ArrayList<>();
    for (String[] r : csv("mpdta.csv")) {
      out.add(new Observation(Long.parseLong(r[1]), Integer.parseInt(r[0]), Integer.parseInt(r[4]),
          Long.parseLong(r[1]), 1.0, new double[0], Double.parseDouble(r[3])));
    }
    return out;
  }
}
