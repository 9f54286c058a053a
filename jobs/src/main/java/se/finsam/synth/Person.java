package se.finsam.synth;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.SplittableRandom;

/**
 * One generated person: who they are (drawn once from (seed, pid)), which population they belong to
 * and, for participants, when they were treated. Everything that varies by month is in {@link LifeCourse}.
 */
final class Person {
  /** BEFOLKNING: ordinary residents of every municipality (seed 001's municipality panel). */
  enum Population { EXPERIMENT, SUS, POOL, BEFOLKNING }

  /** Draw purposes; each gets its own stream so that adding draws to one does not shift another. */
  static final long DEMOGRAPHY = 1, TIMING = 2, HOUSEHOLD = 3, EXIT = 4, ECONOMY = 5, RESIDENCE = 6;
  /** pid space of household members who are not generated persons, and of household ids. */
  static final long CO_MEMBER_PID = 1_000_000_000_000L;
  static final long HOUSEHOLD_ID = 2_000_000_000_000L;
  static final double DEATH_RATE = 0.003;
  static final double EMIGRATION_RATE = 0.01;

  final long idx;
  final long pid;
  final Population population;
  final boolean female;
  final LocalDate birthDate;
  final String personnummer;
  final boolean foreignBorn;
  final boolean foreignBackground;
  final String education;
  final boolean partner;
  final boolean married;
  final int[] kidBirthYears;
  /** Municipality of residence up to {@link #moveYear} (for life when the person does not move). */
  final Geography.Municipality home;
  /** Municipality of residence from the end of {@link #moveYear} on; null when the person does not move. */
  final Geography.Municipality movedTo;
  final int moveYear;
  /** Absolute month of treatment (first team meeting, first insats), or -1. */
  final int treatmentAbs;
  final LocalDate treatmentDate;
  // Experiment (seed 002).
  final LocalDate askedDate;
  final boolean consent;
  final String arm;
  final String teamId;
  // SUS (seeds 000, 003): PERSONUPPGIFTER, ANONYM or VOLYM.
  final String registration;
  final LocalDate deathDate;
  final LocalDate emigrationDate;
  // Economy: full-time monthly wage in 2010 kronor, part-time factor, benefit eligibilities.
  final double wageBase;
  final double partTime;
  final boolean akassa;
  final boolean bostadsbidrag;

  Person(SynthSettings s, Geography geo, long idx) {
    this.idx = idx;
    this.pid = idx + 1;
    long seed = s.seed();
    SplittableRandom demo = Rng.stream(seed, pid, DEMOGRAPHY);
    double u = demo.nextDouble();
    // Without a general population the rest is the pool, as before it existed (so rounding cannot move anyone).
    population = u < s.shareExperiment() ? Population.EXPERIMENT
        : u < s.shareExperiment() + s.shareSus() ? Population.SUS
        : s.shareBefolkning() == 0 || u < 1 - s.shareBefolkning() ? Population.POOL : Population.BEFOLKNING;
    boolean befolkning = population == Population.BEFOLKNING;
    boolean experiment = population == Population.EXPERIMENT;
    female = demo.nextDouble() < (experiment ? 0.59 : population == Population.SUS ? 0.55 : befolkning ? 0.50 : 0.52);
    foreignBorn = demo.nextDouble() < (experiment ? 0.38 : 0.25);
    foreignBackground = foreignBorn || demo.nextDouble() < 0.10;
    double e = demo.nextDouble();
    education = e < 0.04 ? "SAKNAS" : e < (experiment ? 0.40 : 0.30) ? "FORGYMNASIAL" : e < 0.80 ? "GYMNASIAL" : "EFTERGYMNASIAL";

    SplittableRandom timing = Rng.stream(seed, pid, TIMING);
    LocalDate asked = null;
    LocalDate treated = null;
    boolean consented = false;
    String assignedArm = null;
    String team = null;
    String reg = null;
    int referenceYear;
    int age;
    if (experiment) {
      int askedAbs = uniformMonth(timing, s.askedFrom(), s.askedTo());
      asked = YearMonth.of(askedAbs / 12, askedAbs % 12 + 1).atDay(1 + timing.nextInt(28));
      consented = timing.nextDouble() < s.consentRate();
      int lag = timing.nextInt(s.maxLagMonths() + 1);
      boolean treatmentArm = timing.nextDouble() < s.treatmentShare();
      if (consented) {
        assignedArm = treatmentArm ? "BEHANDLING" : "KONTROLL";
        int meetingAbs = askedAbs + lag + (treatmentArm ? 0 : s.controlWaitMonths());
        YearMonth month = YearMonth.of(meetingAbs / 12, meetingAbs % 12 + 1);
        int firstDay = meetingAbs == askedAbs ? asked.getDayOfMonth() : 1;
        treated = month.atDay(firstDay + timing.nextInt(month.lengthOfMonth() - firstDay + 1));
      }
      referenceYear = asked.getYear();
      age = (int) Math.round(Math.max(19, Math.min(64, 39 + 11 * demo.nextGaussian())));
    } else if (befolkning) {
      // Ages 5-64 at the start of the calendar, so that the register years hold every age 19-64.
      referenceYear = s.window().year(0);
      age = 5 + demo.nextInt(60);
    } else {
      boolean young = demo.nextDouble() < 0.35;
      age = young ? 19 + demo.nextInt(11) : 30 + demo.nextInt(35);
      if (population == Population.SUS) {
        int startAbs = uniformMonth(timing, s.susStartFrom(), s.susStartTo());
        YearMonth month = YearMonth.of(startAbs / 12, startAbs % 12 + 1);
        treated = month.atDay(1 + timing.nextInt(month.lengthOfMonth()));
        double r = timing.nextDouble();
        reg = r < s.anonymShare() ? "ANONYM" : r < s.anonymShare() + s.volymShare() ? "VOLYM" : "PERSONUPPGIFTER";
        referenceYear = treated.getYear();
      } else {
        referenceYear = 2017;
      }
    }
    double where = Rng.uniform(seed, pid, HOUSEHOLD, 20);
    home = experiment ? geo.experimentHome(where)
        : population == Population.SUS ? geo.memberHome(where)
        : befolkning ? geo.anyHome(where) : geo.nonMemberHome(where);
    if (befolkning && home.member()) {
      // A resident is exposed from the first of January of the year the municipality joins (seed 001).
      treated = LocalDate.of(home.joinYear(), 1, 1);
    }
    // Moves (finsam.synth.geography.move-share): a general-population or pool person moves once, in a year
    // after the calendar's first, to a municipality with the same joining year (pool: outside every
    // förbund), so that every design's treatment and truth are those of the home municipality.
    // Participants stay: their förbund is where they take part.
    Geography.Municipality to = null;
    int moved = 0;
    Window calendar = s.window();
    int years = calendar.toYear() - calendar.fromYear();
    if ((befolkning || population == Population.POOL) && years > 0
        && Rng.uniform(seed, pid, RESIDENCE, 0) < s.moveShare()) {
      to = geo.moveFrom(home, Rng.uniform(seed, pid, RESIDENCE, 1));
      moved = calendar.fromYear() + 1 + Rng.below(seed, pid, RESIDENCE, 2, years);
    }
    movedTo = to;
    moveYear = to == null ? 0 : moved;
    askedDate = asked;
    consent = consented;
    arm = assignedArm;
    treatmentDate = treated;
    treatmentAbs = treated == null ? -1 : treated.getYear() * 12 + treated.getMonthValue() - 1;
    registration = reg;

    boolean samordning = demo.nextDouble() < s.samordningsnummerShare();
    long slot = idx;
    int blocks = Personnummer.blocks(samordning ? 4 * s.persons() : s.persons());
    int year = Personnummer.nudgeYear(referenceYear - age, slot, blocks);
    birthDate = Personnummer.birthDate(year, slot);
    personnummer = Personnummer.format(birthDate, Personnummer.serial(slot, !female), samordning);

    double h = Rng.uniform(seed, pid, HOUSEHOLD, 0);
    partner = h < 0.30;
    married = partner && Rng.uniform(seed, pid, HOUSEHOLD, 1) < 0.7;
    int kids = Rng.uniform(seed, pid, HOUSEHOLD, 2) < 0.5 ? 0 : Rng.uniform(seed, pid, HOUSEHOLD, 3) < 0.6 ? 1 : 2;
    kidBirthYears = new int[kids];
    for (int k = 0; k < kids; k++) {
      int earliest = year + 20;
      int span = Math.max(1, Math.min(2023, year + 42) - earliest + 1);
      int wanted = earliest + Rng.below(seed, pid, HOUSEHOLD, 10 + k, span);
      kidBirthYears[k] = Personnummer.nudgeYear(wanted, coMemberSlot(s, k + 1), Personnummer.blocks(4 * s.persons()));
    }
    teamId = experiment ? home.forbundId() + "-T" + (1 + Rng.below(seed, pid, HOUSEHOLD, 21, s.teamsPerForbund())) : null;

    SplittableRandom exit = Rng.stream(seed, pid, EXIT);
    Window w = s.window();
    LocalDate earliestExit = w.firstDay();
    if (asked != null) {
      earliestExit = (treated != null ? treated : asked).plusMonths(6);
    } else if (treated != null && !befolkning) {
      earliestExit = treated.plusMonths(6);
    }
    double x = exit.nextDouble();
    LocalDate exitDate = randomDate(exit, earliestExit, w.lastDay());
    deathDate = x < DEATH_RATE ? exitDate : null;
    emigrationDate = x >= DEATH_RATE && x < DEATH_RATE + EMIGRATION_RATE ? exitDate : null;

    SplittableRandom economy = Rng.stream(seed, pid, ECONOMY);
    wageBase = Math.exp(Math.log(24000) + 0.3 * economy.nextGaussian());
    partTime = 0.5 + 0.5 * economy.nextDouble();
    akassa = economy.nextDouble() < 0.3;
    bostadsbidrag = kids > 0 && economy.nextDouble() < 0.4;
  }

  private static int uniformMonth(SplittableRandom random, int fromPeriod, int toPeriod) {
    int from = Window.toAbsolute(fromPeriod);
    return from + random.nextInt(Window.toAbsolute(toPeriod) - from + 1);
  }

  private static LocalDate randomDate(SplittableRandom random, LocalDate from, LocalDate to) {
    if (to.isBefore(from)) {
      return null;
    }
    return from.plusDays(random.nextLong(to.toEpochDay() - from.toEpochDay() + 1));
  }

  boolean treated() {
    return treatmentAbs >= 0;
  }

  /** True for the persons whose treatment the truth describes: consenting participants, SUS with pid. */
  String design() {
    if (!treated()) {
      return null;
    }
    return population == Population.EXPERIMENT ? "EXPERIMENT" : "PERSONUPPGIFTER".equals(registration) ? "SUS" : null;
  }

  /** The municipality the person lives in at the end of {@code year}. */
  Geography.Municipality homeIn(int year) {
    return movedTo != null && year >= moveYear ? movedTo : home;
  }

  int age(int year) {
    return year - birthDate.getYear();
  }

  /** Household member k (0 = partner, 1.. = children) of this person. */
  long coMemberPid(int k) {
    return CO_MEMBER_PID + 3 * idx + k;
  }

  long householdId() {
    return HOUSEHOLD_ID + idx;
  }

  /** Co-members share the samordningsnummer name space with the persons who have one (4 slots per person). */
  long coMemberSlot(SynthSettings s, int k) {
    return s.persons() + 3 * idx + k;
  }

  String coMemberPersonnummer(SynthSettings s, int k, int birthYear, boolean male) {
    long slot = coMemberSlot(s, k);
    return Personnummer.format(Personnummer.birthDate(birthYear, slot), Personnummer.serial(slot, male), true);
  }

  /** Partner's birth year (same age band as the person). */
  int partnerBirthYear(SynthSettings s) {
    int wanted = birthDate.getYear() - 3 + Rng.below(s.seed(), pid, HOUSEHOLD, 30, 7);
    return Personnummer.nudgeYear(wanted, coMemberSlot(s, 0), Personnummer.blocks(4 * s.persons()));
  }
}
