package se.finsam.kommun;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Treatment timing of municipalities from {@code forbund_medlemskap} (seed 001: the year a municipality
 * joins a samordningsförbund). Rules:
 * <ul>
 *   <li>the treatment year is the calendar year of the earliest {@code fran_datum} over all of the
 *       municipality's memberships: a municipality that is a member on any day of a year is treated
 *       from that year;</li>
 *   <li>treatment is absorbing: moving to another förbund, a merger of förbund (one membership ends,
 *       another starts) and leaving and re-joining do not change the treatment year;</li>
 *   <li>a municipality that is not a member on the last day of the panel ({@code lastYear}-12-31) and
 *       has no later membership has left; {@code lamnatAr} is the year its last membership ended.
 *       Whether leavers are kept (intention to treat) or dropped is {@code finsam.kommun.lamnat};</li>
 *   <li>municipalities without any membership are never treated (they are absent from this list).</li>
 * </ul>
 */
public final class Anslutning {
  private Anslutning() {}

  /** One row of forbund_medlemskap; {@code till} null while a member. */
  public record Medlemskap(String kommun, String forbund, LocalDate fran, LocalDate till) {
    public Medlemskap {
      if (till != null && till.isBefore(fran)) {
        throw new IllegalArgumentException("forbund_medlemskap " + kommun + "/" + forbund + ": till_datum " + till
            + " before fran_datum " + fran);
      }
    }
  }

  /** A municipality's timing: first year as a member; the year it left, or null. */
  public record Status(String kommun, int anslutningsar, Integer lamnatAr) {}

  /** Every municipality with a membership, by kommun code. */
  public static List<Status> of(List<Medlemskap> memberships, int lastYear) {
    Map<String, List<Medlemskap>> byKommun = new TreeMap<>();
    for (Medlemskap m : memberships) {
      byKommun.computeIfAbsent(m.kommun(), k -> new ArrayList<>()).add(m);
    }
    LocalDate panelEnd = LocalDate.of(lastYear, 12, 31);
    List<Status> out = new ArrayList<>();
    for (Map.Entry<String, List<Medlemskap>> e : byKommun.entrySet()) {
      List<Medlemskap> spells = e.getValue();
      int first = spells.stream().map(Medlemskap::fran).min(Comparator.naturalOrder()).orElseThrow().getYear();
      boolean memberAtEnd = spells.stream()
          .anyMatch(m -> !m.fran().isAfter(panelEnd) && (m.till() == null || !m.till().isBefore(panelEnd)));
      boolean laterMembership = spells.stream().anyMatch(m -> m.fran().isAfter(panelEnd));
      Integer left = memberAtEnd || laterMembership ? null
          : spells.stream().map(Medlemskap::till).max(Comparator.naturalOrder()).orElseThrow().getYear();
      out.add(new Status(e.getKey(), first, left));
    }
    return out;
  }
}
