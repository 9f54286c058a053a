package se.finsam.followup;

import com.typesafe.config.Config;
import java.util.List;

/**
 * The annual SUS follow-up's settings ({@code finsam.followup}, documented in reference.conf), checked when
 * read so that a bad value fails before Spark starts.
 *
 * @param year the report year (seed 003: 2019, seed 004: 2013)
 * @param ageBands upper ages of the age bands but the last (seed: 29, 44, 59 for −29, 30–44, 45–59, 60−)
 * @param youngUnder the age below which a participant is young (seed 003 §4.2: under 30)
 * @param monthBands upper months in the insats of the bands but the last (seed: 6, 12, 18, 24)
 * @param supportYearBands upper years in public support before the insats of the bands but the last (seed 003:
 *     1, 3, 6, 9; seed 004: 1, 3, 6, 10)
 * @param sjpFormaner midas_ersattning förmåner counted as sjukpenning/rehabiliteringspenning
 * @param aeFormaner förmåner counted as aktivitetsersättning
 * @param seFormaner förmåner counted as sjukersättning
 * @param incomeCohorts the years t whose enders are followed in income (seed 003, 2019: 2012–2015)
 * @param lastIncomeYear the last year with income data (seed 003, 2019: 2017; later years show "–")
 * @param incomeAgeBands upper ages (in year t) of the income tables' age groups but the last
 * @param exclusionAge a person who turns this age in the follow-up window is excluded (seed 003: 65)
 * @param prisbasbelopp kronor by year (finsam.reference.prisbasbelopp): incomes in the last income year's prices
 */
public record FollowupSettings(int year, List<Integer> ageBands, int youngUnder, List<Integer> monthBands,
                               List<Integer> supportYearBands,
                               List<String> sjpFormaner, List<String> aeFormaner, List<String> seFormaner,
                               List<Integer> incomeCohorts, int lastIncomeYear, List<Integer> incomeAgeBands,
                               int exclusionAge, java.util.Map<Integer, Double> prisbasbelopp) {
  public FollowupSettings {
    ageBands = List.copyOf(ageBands);
    monthBands = List.copyOf(monthBands);
    supportYearBands = List.copyOf(supportYearBands);
    sjpFormaner = List.copyOf(sjpFormaner);
    aeFormaner = List.copyOf(aeFormaner);
    seFormaner = List.copyOf(seFormaner);
    incomeCohorts = List.copyOf(incomeCohorts);
    incomeAgeBands = List.copyOf(incomeAgeBands);
    prisbasbelopp = java.util.Map.copyOf(prisbasbelopp);
    increasing("inkomst.age-bands", incomeAgeBands);
    if (incomeCohorts.isEmpty() || lastIncomeYear < incomeCohorts.get(incomeCohorts.size() - 1)) {
      throw new IllegalArgumentException("finsam.followup.inkomst: cohorts " + incomeCohorts
          + " must be non-empty and not after the last income year " + lastIncomeYear);
    }
    for (int y = incomeCohorts.get(0) - 1; y <= lastIncomeYear; y++) {
      if (!prisbasbelopp.containsKey(y)) {
        throw new IllegalArgumentException("finsam.reference.prisbasbelopp has no value for " + y
            + ", a year of the income follow-up");
      }
    }
    if (year < 1990 || year > 2100) {
      throw new IllegalArgumentException("finsam.followup.year must be a year 1990..2100, not " + year);
    }
    increasing("age-bands", ageBands);
    increasing("months-in-insats-bands", monthBands);
    increasing("tid-forsorjning-bands", supportYearBands);
    if (youngUnder < 1) {
      throw new IllegalArgumentException("finsam.followup.young-under must be > 0");
    }
    if (sjpFormaner.isEmpty() || aeFormaner.isEmpty() || seFormaner.isEmpty()) {
      throw new IllegalArgumentException("finsam.followup.fk-dagar: every benefit needs at least one förmån");
    }
  }

  private static void increasing(String name, List<Integer> bounds) {
    if (bounds.isEmpty()) {
      throw new IllegalArgumentException("finsam.followup." + name + " is empty");
    }
    for (int i = 0; i < bounds.size(); i++) {
      if (bounds.get(i) < 1 || i > 0 && bounds.get(i) <= bounds.get(i - 1)) {
        throw new IllegalArgumentException("finsam.followup." + name + " must be positive and increasing: " + bounds);
      }
    }
  }

  public static FollowupSettings from(Config config) {
    Config c = config.getConfig("finsam.followup");
    List<String> known = config.getStringList("finsam.codes.forman");
    Config fk = c.getConfig("fk-dagar");
    for (String benefit : List.of("sjp", "ae", "se")) {
      for (String forman : fk.getStringList(benefit)) {
        if (!known.contains(forman)) {
          throw new IllegalArgumentException("finsam.followup.fk-dagar." + benefit + ": " + forman
              + " is not in finsam.codes.forman");
        }
      }
    }
    int year = c.getInt("year");
    Config income = c.getConfig("inkomst");
    List<Integer> cohorts = new java.util.ArrayList<>();
    for (int t = year - income.getInt("cohorts-from-years-before"); t <= year - income.getInt("cohorts-to-years-before"); t++) {
      cohorts.add(t);
    }
    java.util.Map<Integer, Double> pbb = new java.util.TreeMap<>();
    Config reference = config.getConfig("finsam.reference.prisbasbelopp");
    reference.root().keySet().forEach(k -> pbb.put(Integer.parseInt(k), reference.getDouble(k)));
    return new FollowupSettings(year, c.getIntList("age-bands"), c.getInt("young-under"),
        c.getIntList("months-in-insats-bands"), c.getIntList("tid-forsorjning-bands"), fk.getStringList("sjp"), fk.getStringList("ae"), fk.getStringList("se"),
        cohorts, year - income.getInt("last-income-years-before"), income.getIntList("age-bands"),
        income.getInt("exclusion-age"), pbb);
  }

  /** Label of the age band holding {@code age}, as the seed writes them ("- 29 år", "30 - 44 år", "60 år -"). */
  public List<String> ageLabels() {
    return labels(ageBands, "år");
  }

  /** Labels of the income tables' age groups ("0-24 år", "25-34 år", ..., "55- år"). */
  public List<String> incomeAgeLabels() {
    List<String> labels = new java.util.ArrayList<>();
    int from = 0;
    for (int upper : incomeAgeBands) {
      labels.add(from + "-" + upper + " år");
      from = upper + 1;
    }
    labels.add(from + "- år");
    return labels;
  }

  /** Labels of the months-in-insats bands ("1 - 6 mån" ... "25 - mån"). */
  public List<String> monthLabels() {
    return labels(monthBands, "mån");
  }

  /** Labels of the bands of years in public support before the insats ("Upp till 1 år" ... "Mer än 9 år"). */
  public List<String> supportYearLabels() {
    List<String> labels = new java.util.ArrayList<>();
    supportYearBands.forEach(b -> labels.add("Upp till " + b + " år"));
    labels.add("Mer än " + supportYearBands.get(supportYearBands.size() - 1) + " år");
    return labels;
  }

  private static List<String> labels(List<Integer> bounds, String unit) {
    java.util.ArrayList<String> labels = new java.util.ArrayList<>();
    int from = unit.equals("mån") ? 1 : 0;
    for (int upper : bounds) {
      labels.add((from == 0 ? "" : from + " ") + "- " + upper + " " + unit);
      from = upper + 1;
    }
    labels.add(from + " " + (unit.equals("år") ? "år -" : "- " + unit));
    return labels;
  }
}
