package se.finsam.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A person's months in two potential worlds, d = 0 (never treated) and d = 1 (treated from the treatment
 * month), driven by the same random draws. Each latent state (work, ekonomiskt bistånd, sickness, ...)
 * follows a stationary Gaussian AR(1) z_t per person; the state is on in month t when Phi(z_t) is below
 * p_t(d) = base(population) + person effect + common trend + effect(d, event time). Before treatment
 * p_t(1) = p_t(0), so the worlds coincide (no anticipation) and E[Y_t(0)] depends on calendar time and
 * the person only (parallel trends). The observed world is 1 for treated persons, 0 otherwise.
 */
final class LifeCourse {
  /** Latent states; the name is the key of finsam.synth.base and finsam.synth.effects. */
  enum State {
    WORK(0.90, 0.08, 0.004), FS(0.93, 0.20, -0.004), SJP(0.80, 0.06, 0), REHAB(0.80, 0.02, 0),
    SA(0.98, 0.10, 0), AF(0.90, 0.25, -0.003), STUDY(0.90, 0.04, 0), SUBSID(0.90, 0.02, 0),
    MINSATS(0.70, 0.05, 0);

    final double rho;
    final double personSd;
    final double trendPerYear;

    State(double rho, double personSd, double trendPerYear) {
      this.rho = rho;
      this.personSd = personSd;
      this.trendPerYear = trendPerYear;
    }

    String key() {
      return name().toLowerCase();
    }
  }

  static final long LATENT = 100, SPELLS = 200, FP_DRAWS = 300;
  static final String[] OUTCOMES = {"lon_kr", "har_lon", "har_fs", "fs_kr", "sjp_dagar_netto", "offentlig_forsorjning"};

  /** One potential world. */
  static final class World {
    final boolean[][] on = new boolean[State.values().length][];
    double[] wage;
    double[] householdAmount;

    boolean[] get(State state) {
      return on[state.ordinal()];
    }

    boolean employed(int m) {
      return get(State.WORK)[m] || get(State.SUBSID)[m];
    }
  }

  final SynthSettings s;
  final Person p;
  final Window w;
  final int n;
  final boolean[] present;
  final boolean[] fp;
  final World[] worlds = new World[2];

  LifeCourse(SynthSettings s, Person p) {
    this.s = s;
    this.p = p;
    this.w = s.window();
    this.n = w.months();
    present = new boolean[n];
    int deathAbs = p.deathDate == null ? Integer.MAX_VALUE : p.deathDate.getYear() * 12 + p.deathDate.getMonthValue() - 1;
    int emigrationAbs = p.emigrationDate == null ? Integer.MAX_VALUE
        : p.emigrationDate.getYear() * 12 + p.emigrationDate.getMonthValue() - 1;
    for (int m = 0; m < n; m++) {
      int age = p.age(w.year(m));
      present[m] = w.absolute(m) <= Math.min(deathAbs, emigrationAbs) && age >= 18 && age <= 64;
    }
    worlds[0] = new World();
    worlds[1] = p.treated() ? new World() : worlds[0];
    String population = p.population.name().toLowerCase();
    boolean resident = p.population == Person.Population.BEFOLKNING;
    // The general population carries only the municipal effect (finsam.synth.kommun-effect), the same for both sexes.
    double sexFactor = resident ? 1 : s.effect(p.female ? "women-factor" : "men-factor");
    double buildUp = Math.max(1, s.effect("build-up-months"));
    for (State state : State.values()) {
      SplittableRandom random = Rng.stream(s.seed(), p.pid, LATENT + state.ordinal());
      double personEffect = state.personSd * random.nextGaussian();
      double base = s.base(population, state.key());
      double effect = resident ? s.kommunEffect(state.key()) : s.effect(state.key());
      double z = random.nextGaussian();
      double innovation = Math.sqrt(1 - state.rho * state.rho);
      boolean[] on0 = new boolean[n];
      boolean[] on1 = p.treated() ? new boolean[n] : on0;
      for (int m = 0; m < n; m++) {
        z = state.rho * z + innovation * random.nextGaussian();
        if (!present[m]) {
          continue;
        }
        double u = Rng.phi(z);
        double p0 = clamp(base + personEffect + state.trendPerYear * (w.year(m) - 2017));
        on0[m] = u < p0;
        if (p.treated()) {
          int event = w.absolute(m) - p.treatmentAbs;
          double p1 = event < 0 ? p0 : clamp(p0 + effect * Math.min(1, (event + 1) / buildUp) * sexFactor);
          on1[m] = u < p1;
        }
      }
      worlds[0].on[state.ordinal()] = on0;
      worlds[1].on[state.ordinal()] = on1;
    }
    fp = new boolean[n];
    SplittableRandom fpDraws = Rng.stream(s.seed(), p.pid, FP_DRAWS);
    for (int m = 0; m < n; m++) {
      double u = fpDraws.nextDouble();
      fp[m] = present[m] && hasInfant(w.year(m)) && u < (p.female ? 0.6 : 0.2);
    }
    for (World world : p.treated() ? List.of(worlds[0], worlds[1]) : List.of(worlds[0])) {
      finish(world, world == worlds[1] && p.treated(), sexFactor, buildUp);
    }
  }

  /** Rules linking the states, then the amounts of the world. */
  private void finish(World world, boolean treatedWorld, double sexFactor, double buildUp) {
    boolean[] af = world.get(State.AF);
    boolean[] subsid = world.get(State.SUBSID);
    boolean[] minsats = world.get(State.MINSATS);
    boolean[] fs = world.get(State.FS);
    boolean[] sa = world.get(State.SA);
    // Copies, so that the untreated world's arrays are never changed through the treated world.
    if (treatedWorld) {
      af = af.clone();
      minsats = minsats.clone();
      sa = sa.clone();
    }
    world.wage = new double[n];
    world.householdAmount = new double[n];
    for (int m = 0; m < n; m++) {
      af[m] = af[m] && !subsid[m];
      minsats[m] = minsats[m] && fs[m];
      sa[m] = sa[m] && p.age(w.year(m)) >= 19;
      if (world.employed(m)) {
        int event = w.absolute(m) - p.treatmentAbs;
        double effect = treatedWorld && event >= 0 && p.population != Person.Population.BEFOLKNING
            ? s.effect("wage-kr") * Math.min(1, (event + 1) / buildUp) * sexFactor : 0;
        world.wage[m] = Math.round(Math.max(1000, p.wageBase * p.partTime * Math.pow(1.025, w.year(m) - 2010) + effect));
      }
      int year = w.year(m);
      double need = (6800 + 3500 * (p.partner ? 1 : 0) + 2200 * childrenUnder18(year)) * Math.pow(1.015, year - 2010);
      world.householdAmount[m] = Math.round(Math.max(800, need - 0.4 * world.wage[m]));
    }
    world.on[State.AF.ordinal()] = af;
    world.on[State.MINSATS.ordinal()] = minsats;
    world.on[State.SA.ordinal()] = sa;
  }

  private static double clamp(double p) {
    return Math.max(0.005, Math.min(0.95, p));
  }

  boolean hasInfant(int year) {
    for (int b : p.kidBirthYears) {
      if (year - b == 0 || year - b == 1) {
        return true;
      }
    }
    return false;
  }

  int childrenUnder18(int year) {
    return childrenAged(year, 0, 17);
  }

  int childrenAged(int year, int lo, int hi) {
    int count = 0;
    for (int b : p.kidBirthYears) {
      if (year - b >= lo && year - b <= hi) {
        count++;
      }
    }
    return count;
  }

  int householdMembers(int year) {
    return 1 + (p.partner ? 1 : 0) + childrenUnder18(year);
  }

  static boolean[] employment(World world) {
    boolean[] out = new boolean[world.wage.length];
    for (int m = 0; m < out.length; m++) {
      out[m] = world.employed(m);
    }
    return out;
  }

  World observed() {
    return worlds[p.treated() ? 1 : 0];
  }

  /** Spells of a latent state in a world (see {@link Spell#runs} for how the two worlds are kept aligned). */
  List<Spell> spells(World world, State state) {
    return spells(world, x -> x.get(state), SPELLS + 10L * state.ordinal());
  }

  List<Spell> spells(World world, java.util.function.Function<World, boolean[]> state, long purpose) {
    boolean[] other = p.treated() ? state.apply(world == worlds[0] ? worlds[1] : worlds[0]) : null;
    return Spell.runs(state.apply(world), other, w, s.seed(), p.pid, purpose);
  }

  boolean[] saByAge(World world, boolean young) {
    boolean[] out = new boolean[n];
    for (int m = 0; m < n; m++) {
      out[m] = world.get(State.SA)[m] && (p.age(w.year(m)) < 30) == young;
    }
    return out;
  }

  /** omfattning of a sjukpenning or rehabiliteringspenning spell: mostly full time. */
  static double omfattning(Spell spell) {
    double u = spell.uniform(7);
    return u < 0.6 ? 1.0 : u < 0.8 ? 0.5 : u < 0.9 ? 0.75 : 0.25;
  }

  /** A MiDaS spell of a world: its förmån (finsam.codes.forman), days and omfattning. */
  record MidasSpell(String forman, Spell spell, double omfattning) {}

  /**
   * The world's MiDaS spells in the order they are delivered: SJP, REHAB, AE (the SA state below 30), SE (from 30),
   * FP; the registers and the follow-up's FK-days truth both read them from here.
   */
  List<MidasSpell> midasSpells(World world) {
    List<MidasSpell> out = new ArrayList<>();
    for (State state : List.of(State.SJP, State.REHAB)) {
      for (Spell spell : spells(world, state)) {
        out.add(new MidasSpell(state.name(), spell, omfattning(spell)));
      }
    }
    for (boolean young : new boolean[] {true, false}) {
      for (Spell spell : spells(world, x -> saByAge(x, young), young ? 700 : 710)) {
        out.add(new MidasSpell(young ? "AE" : "SE", spell, spell.uniform(3) < 0.7 ? 1.0 : 0.5));
      }
    }
    for (Spell spell : Spell.runs(fp, w, s.seed(), p.pid, 720)) {
      out.add(new MidasSpell("FP", spell, spell.uniform(3) < 0.8 ? 1.0 : 0.5));
    }
    return out;
  }

  /**
   * The truth outcomes of a world, per month (as SPEC 5.3 defines them, from the latent states):
   * lon_kr (before 2019 the year's wages spread evenly over its employed months, as scb_jobb_ar is read),
   * har_lon, har_fs, fs_kr (household amount / members), sjp_dagar_netto, offentlig_forsorjning.
   */
  double[][] outcomes(int d) {
    World world = worlds[d];
    double[][] out = new double[OUTCOMES.length][n];
    for (int m = 0; m < n; m++) {
      if (w.period(m) < 201901 && world.employed(m)) {
        int year = w.year(m);
        double total = 0;
        int months = 0;
        for (int k = 0; k < n; k++) {
          if (w.year(k) == year && world.employed(k)) {
            total += world.wage[k];
            months++;
          }
        }
        out[0][m] = total / months;
      } else {
        out[0][m] = world.wage[m];
      }
      out[1][m] = world.employed(m) ? 1 : 0;
      boolean fs = world.get(State.FS)[m];
      out[2][m] = fs ? 1 : 0;
      out[3][m] = fs ? world.householdAmount[m] / householdMembers(w.year(m)) : 0;
      out[5][m] = fs || world.get(State.SJP)[m] || world.get(State.REHAB)[m] || world.get(State.SA)[m]
          || world.get(State.AF)[m] ? 1 : 0;
    }
    for (Spell spell : spells(world, State.SJP)) {
      double omfattning = omfattning(spell);
      for (int m = spell.startM(); m <= spell.endM(); m++) {
        out[4][m] += spell.days(m, w) * omfattning;
      }
    }
    return out;
  }
}
