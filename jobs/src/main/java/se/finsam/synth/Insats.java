package se.finsam.synth;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One SUS insats of a participant: its index k (0.., the draws' counter; insats_id ends in k + 1), start and end, whether it is still running at the window's end
 * (delivered without slutdatum) and whether it is delivered at all (ingest rule R06 on startdatum: one that began
 * before the window is not, though it still pushes the person's later insatser forward).
 */
record Insats(int k, LocalDate start, LocalDate end, boolean ongoing, boolean delivered) {

  /** A participant's insatser from the treatment date on, one after the other, drawn from (seed, pid). */
  static List<Insats> of(SynthSettings s, Person p) {
    List<Insats> out = new ArrayList<>();
    Window w = s.window();
    LocalDate start = p.treatmentDate;
    int count = 1 + Rng.below(s.seed(), p.pid, 60, 0, s.maxInsatser());
    for (int k = 0; k < count && !start.isAfter(w.lastDay()); k++) {
      LocalDate end = start.plusMonths(2 + Rng.below(s.seed(), p.pid, 60, 1 + k, 13)).minusDays(Rng.below(s.seed(), p.pid, 61, k, 20));
      out.add(new Insats(k, start, end, end.isAfter(w.lastDay()), !start.isBefore(w.firstDay())));
      start = end.plusMonths(Rng.below(s.seed(), p.pid, 63, k, 7)).plusDays(1);
    }
    return out;
  }
}
