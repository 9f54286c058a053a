package se.finsam.disclosure;

import com.typesafe.config.Config;

/**
 * The output checker's rules ({@code finsam.disclosure.*}, defaults and sources in the package README),
 * validated when read. {@code enabled = false} (the replication profile, {@code conf/replication.conf})
 * publishes every cell and skips the audit, to reproduce the seeds' published figures.
 *
 * @param minPersons the frequency threshold: fewer persons withhold a cell (0 also turns the checker off)
 * @param suppressZeroCells withhold counts of zero persons too (a zero reveals nobody's value; SCB publishes them)
 * @param groupDisclosure withhold shares of 0 % and 100 %
 * @param dominance the magnitude rule
 * @param estimateComparison an estimate also needs {@code minPersons} comparison persons
 * @param protectionPercent the audit: a withheld cell's interval must be at least this percent of its value wide
 * @param protectionPersons the audit, for cells counting persons: at least this many persons wide
 */
public record DisclosureSettings(boolean enabled, int minPersons, boolean suppressZeroCells, boolean groupDisclosure,
                                 Dominance dominance, boolean estimateComparison, double protectionPercent,
                                 int protectionPersons) {

  /**
   * The magnitude rule: {@code nk} withholds a cell whose {@code n} largest contributions exceed {@code k}
   * of its total; {@code p-percent} withholds it when the rest of the total (beyond the two largest) is less
   * than {@code p} percent of the largest, so the second largest contributor could estimate the largest
   * to within p %.
   */
  public record Dominance(String rule, int n, double k, double p) {
    public Dominance {
      if (!rule.equals("nk") && !rule.equals("p-percent") && !rule.equals("off")) {
        throw new IllegalArgumentException("finsam.disclosure.dominance.rule must be nk, p-percent or off, not '" + rule + "'");
      }
      if (n < 1 || !(k > 0 && k <= 1) || !(p >= 0)) {
        throw new IllegalArgumentException("finsam.disclosure.dominance: n >= 1, 0 < k <= 1 and p >= 0 (n=" + n
            + ", k=" + k + ", p=" + p + ")");
      }
    }

    /** True when the contributions dominate the total. */
    public boolean dominates(double total, double[] largest) {
      if (rule.equals("off") || largest.length == 0 || !(total > 0)) {
        return false;
      }
      if (rule.equals("nk")) {
        double top = 0;
        for (int i = 0; i < Math.min(n, largest.length); i++) {
          top += largest[i];
        }
        return top > k * total;
      }
      double rest = total - largest[0] - (largest.length > 1 ? largest[1] : 0);
      return rest < p / 100.0 * largest[0];
    }
  }

  public DisclosureSettings {
    if (minPersons < 0 || protectionPersons < 0 || !(protectionPercent >= 0)) {
      throw new IllegalArgumentException("finsam.disclosure: min-persons, audit.protection-persons and "
          + "audit.protection-percent must be >= 0");
    }
  }

  /** Whether any rule applies: enabled and a positive threshold. */
  public boolean active() {
    return enabled && minPersons > 0;
  }

  public static DisclosureSettings from(Config config) {
    Config d = config.getConfig("finsam.disclosure");
    int minPersons = d.getInt("min-persons");
    return new DisclosureSettings(d.getBoolean("enabled"), minPersons, d.getBoolean("suppress-zero-cells"),
        d.getBoolean("group-disclosure"),
        new Dominance(d.getString("dominance.rule"), d.getInt("dominance.n"), d.getDouble("dominance.k"),
            d.getDouble("dominance.p")),
        d.getBoolean("estimate-comparison"), d.getDouble("audit.protection-percent"),
        d.getIsNull("audit.protection-persons") ? minPersons : d.getInt("audit.protection-persons"));
  }

  /** The defaults of the README with another threshold (tests, benchmarks). */
  public static DisclosureSettings defaults(int minPersons) {
    return new DisclosureSettings(true, minPersons, false, true, new Dominance("nk", 2, 0.9, 10), true, 10,
        minPersons);
  }
}
