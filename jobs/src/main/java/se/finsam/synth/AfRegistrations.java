package se.finsam.synth;

import static se.finsam.synth.LifeCourse.State.AF;
import static se.finsam.synth.LifeCourse.State.SJP;
import static se.finsam.synth.LifeCourse.State.SUBSID;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import se.finsam.synth.LifeCourse.World;

/**
 * A world's AF registrations with their sökandekategori ({@code af_sokandekategori}) and the förstärkt samarbete
 * they open ({@code fk_af_samarbete}), as the registers deliver them without flaws: one definition for the
 * register rows ({@link RegisterRows}) and the matched design's truth ({@link SynthGenerator#matchedOutcomes}).
 */
final class AfRegistrations {
  private AfRegistrations() {}

  /** A registration spell and its sökandekategori; {@code support} for a spell of employment support. */
  record Registration(Spell spell, String code, boolean support) {}

  /** A part of förstärkt samarbete; {@code tom} is null while it runs at the window's end. */
  record Part(String del, LocalDate from, LocalDate tom) {}

  /** The AF spells (open unemployment or a programme) and the employment-support spells, in that order. */
  static List<Registration> registrations(LifeCourse life, World world) {
    SynthSettings s = life.s;
    List<Registration> out = new ArrayList<>();
    for (Spell spell : life.spells(world, AF)) {
      List<String> codes = spell.uniform(1) < 0.55 ? s.afOpenCodes() : s.afProgramCodes();
      out.add(new Registration(spell, codes.get(spell.pick(codes.size(), 2)), false));
    }
    for (Spell spell : life.spells(world, SUBSID)) {
      out.add(new Registration(spell, s.afEmploymentCodes().get(spell.pick(s.afEmploymentCodes().size(), 2)), true));
    }
    return out;
  }

  /**
   * Förstärkt samarbete AF/FK: an AF registration that starts while the person has sickness or activity
   * compensation opens a joint mapping (three months); one in two then continues with preparatory or
   * work-oriented measures. Treatment moves AF registration, so it moves these too.
   */
  static List<Part> samarbete(LifeCourse life, World world) {
    List<Part> out = new ArrayList<>();
    LocalDate busyUntil = LocalDate.MIN;
    for (Spell spell : life.spells(world, AF)) {
      int m = spell.startM();
      // One round of samarbete at a time: a registration during a running one opens nothing new.
      if (!(world.get(LifeCourse.State.SA)[m] || world.get(SJP)[m]) || !spell.from().isAfter(busyUntil)) {
        continue;
      }
      LocalDate from = spell.from();
      LocalDate mapped = from.plusMonths(3).minusDays(1);
      out.add(new Part("GEMENSAM_KARTLAGGNING", from, mapped.isAfter(life.w.lastDay()) ? null : mapped));
      busyUntil = mapped;
      LocalDate next = mapped.plusDays(1);
      // The continuation must start inside the window (ingest rule R06 on fran_datum).
      if (!next.isAfter(life.w.lastDay()) && spell.uniform(11) < 0.5) {
        LocalDate end = next.plusMonths(6).minusDays(1);
        out.add(new Part(spell.uniform(12) < 0.5 ? "ARBETSFORBEREDANDE" : "ARBETSLIVSINRIKTAD", next,
            end.isAfter(life.w.lastDay()) ? null : end));
        busyUntil = end;
      }
    }
    return out;
  }
}
