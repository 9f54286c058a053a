package se.finsam.synth;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Municipalities and samordningsförbund (seed 001): a fixed number of municipality codes with
 * population sizes, each joining one förbund in a year of {@code join-from..join-to} or never. Its size
 * does not depend on the number of persons, so it is built on the driver and shipped to the executors.
 */
final class Geography implements Serializable {
  private static final long PURPOSE = 0x6E06L;
  private static final String[] COUNTIES = {"01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13",
      "14", "17", "18", "19", "20", "21", "22", "23", "24", "25"};

  record Municipality(String code, int population, String forbundId, int joinYear) implements Serializable {
    boolean member() {
      return forbundId != null;
    }
  }

  private final Municipality[] municipalities;
  private final int[] experimentMembers;
  private final int[] members;
  private final int[] nonMembers;
  private final List<String> experimentForbund;

  private Geography(Municipality[] municipalities, List<String> experimentForbund) {
    this.municipalities = municipalities;
    this.experimentForbund = experimentForbund;
    this.experimentMembers = IntStream.range(0, municipalities.length)
        .filter(i -> municipalities[i].member() && experimentForbund.contains(municipalities[i].forbundId())).toArray();
    this.members = IntStream.range(0, municipalities.length).filter(i -> municipalities[i].member()).toArray();
    this.nonMembers = IntStream.range(0, municipalities.length).filter(i -> !municipalities[i].member()).toArray();
    if (experimentMembers.length == 0 || nonMembers.length == 0) {
      throw new IllegalArgumentException("geography needs members of the experiment förbund and municipalities outside any förbund");
    }
  }

  static Geography generate(SynthSettings s) {
    int n = s.municipalities();
    if (n > COUNTIES.length * 90) {
      throw new IllegalArgumentException("at most " + COUNTIES.length * 90 + " municipalities can be coded");
    }
    SplittableRandom random = Rng.stream(s.seed(), -1, PURPOSE);
    // A random order decides who never joins and which förbund the others join (round robin, so each has members).
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      keys[i] = random.nextLong();
    }
    Arrays.sort(order, Comparator.comparingLong(i -> keys[i]));
    int never = (int) Math.round(n * s.neverShare());
    int[] forbundStart = new int[s.forbund()];
    for (int f = 0; f < forbundStart.length; f++) {
      forbundStart[f] = s.joinFrom() + random.nextInt(s.joinTo() - s.joinFrom() + 1);
    }
    Municipality[] out = new Municipality[n];
    for (int rank = 0; rank < n; rank++) {
      int i = order[rank];
      String code = COUNTIES[i % COUNTIES.length] + String.format("%02d", 10 + i / COUNTIES.length);
      int population = (int) Math.max(2500, Math.round(Math.exp(Math.log(15000) + random.nextGaussian())));
      if (rank < never) {
        out[i] = new Municipality(code, population, null, 0);
      } else {
        int f = (rank - never) % s.forbund();
        int join = Math.min(s.joinTo(), forbundStart[f] + (random.nextDouble() < 0.2 ? 1 : 0));
        out[i] = new Municipality(code, population, forbundId(f), join);
      }
    }
    List<String> experiment = new ArrayList<>();
    for (int f = 0; f < s.experimentForbund(); f++) {
      experiment.add(forbundId(f));
    }
    return new Geography(out, experiment);
  }

  static String forbundId(int f) {
    return String.format("SF%03d", f + 1);
  }

  List<Municipality> municipalities() {
    return List.of(municipalities);
  }

  List<String> experimentForbund() {
    return experimentForbund;
  }

  Municipality experimentHome(double u) {
    return pick(experimentMembers, u);
  }

  Municipality memberHome(double u) {
    return pick(members, u);
  }

  /** Any municipality, by population: where the general population lives. */
  Municipality anyHome(double u) {
    return pick(IntStream.range(0, municipalities.length).toArray(), u);
  }

  Municipality nonMemberHome(double u) {
    return pick(nonMembers, u);
  }

  /**
   * Where a resident of {@code home} moves: another municipality with the same joining year (0 = outside
   * every förbund), by population, so that the mover's exposure is the same in both; null when there is
   * none.
   */
  Municipality moveFrom(Municipality home, double u) {
    int[] sameClass = IntStream.range(0, municipalities.length)
        .filter(i -> municipalities[i].joinYear() == home.joinYear() && !municipalities[i].code().equals(home.code()))
        .toArray();
    return sameClass.length == 0 ? null : pick(sameClass, u);
  }

  /** A municipality of the subset, with probability proportional to its population. */
  private Municipality pick(int[] subset, double u) {
    long total = 0;
    for (int i : subset) {
      total += municipalities[i].population();
    }
    double target = u * total;
    long cumulative = 0;
    for (int i : subset) {
      cumulative += municipalities[i].population();
      if (target < cumulative) {
        return municipalities[i];
      }
    }
    return municipalities[subset[subset.length - 1]];
  }
}
