package se.finsam.kommun;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import se.finsam.did.UnitRecord;

/**
 * One outcome of one population group as the estimator's units: a municipality is a unit, its
 * outcome by year the group's share with the outcome, its group the joining year (0 = never a
 * member). Built on the driver from the collected panel (a few thousand municipality-year rows).
 *
 * @param units the municipalities, outcome arrays indexed like {@code years}
 * @param years the panel's years, ascending
 * @param municipalityYears observed municipality-years of the sample
 * @param treatedPersons the group's residents in the treated municipalities in their joining year
 * @param preMean the treated municipalities' population-weighted share the year before joining
 * @param droppedLeavers municipalities left out because they left every förbund ({@code lamnat = drop})
 */
public record KommunSample(List<UnitRecord> units, int[] years, long municipalityYears, long treatedPersons,
                           double preMean, int droppedLeavers) {

  /** One row of panel/kommun_ar as the estimation reads it (share NaN when not measured). */
  public record PanelRow(String kommun, int ar, String grupp, long befolkning, Map<Utfall, Double> shares,
                         int anslutningsar, Integer lamnatAr) {}

  public static KommunSample of(List<PanelRow> panel, String grupp, Utfall utfall, KommunSettings s, KommunEstimateSettings e) {
    int[] years = new int[s.toYear() - s.fromYear() + 1];
    Arrays.setAll(years, i -> s.fromYear() + i);
    Map<String, List<PanelRow>> byKommun = new TreeMap<>();
    for (PanelRow r : panel) {
      if (r.grupp().equals(grupp)) {
        byKommun.computeIfAbsent(r.kommun(), k -> new ArrayList<>()).add(r);
      }
    }
    List<UnitRecord> units = new ArrayList<>();
    long observed = 0;
    long treatedPersons = 0;
    double preSum = 0;
    double prePersons = 0;
    int dropped = 0;
    long key = 0;
    for (List<PanelRow> rows : byKommun.values()) {
      PanelRow any = rows.get(0);
      key++;
      if (any.lamnatAr() != null && s.leavers() == KommunSettings.Leavers.DROP) {
        dropped++;
        continue;
      }
      double[] y = new double[years.length];
      double[] population = new double[years.length];
      Arrays.fill(y, Double.NaN);
      for (PanelRow r : rows) {
        int i = r.ar() - s.fromYear();
        if (i >= 0 && i < years.length) {
          Double share = r.shares().get(utfall);
          y[i] = share == null ? Double.NaN : share;
          population[i] = r.befolkning();
        }
      }
      for (double v : y) {
        observed += Double.isNaN(v) ? 0 : 1;
      }
      int g = any.anslutningsar();
      if (g > s.fromYear() && g <= s.toYear()) {
        treatedPersons += (long) population[g - s.fromYear()];
        double before = y[g - 1 - s.fromYear()];
        if (!Double.isNaN(before)) {
          preSum += before * population[g - 1 - s.fromYear()];
          prePersons += population[g - 1 - s.fromYear()];
        }
      }
      double[] x = new double[1 + e.covariates().size()];
      x[0] = 1;
      for (int c = 0; c < e.covariates().size(); c++) {
        x[c + 1] = switch (e.covariates().get(c)) {
          case "befolkning" -> Math.log(Math.max(1, population[0]));
          case "utfall_forsta_aret" -> y[0];
          default -> throw new IllegalStateException(e.covariates().get(c));
        };
      }
      double weight = e.populationWeights() ? population[0] : 1;
      units.add(new UnitRecord(key, g, weight, x, y));
    }
    return new KommunSample(units, years, observed, treatedPersons, prePersons > 0 ? preSum / prePersons : Double.NaN,
        dropped);
  }
}
