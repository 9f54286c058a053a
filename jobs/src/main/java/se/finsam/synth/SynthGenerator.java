package se.finsam.synth;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The generation as Spark transformations: persons come from {@code spark.range(N)} and are generated
 * inside the partitions, each from (seed, pid) alone, so the rows do not depend on the partitioning.
 * Nothing on the driver grows with N.
 */
public final class SynthGenerator {
  /** Potential outcomes of treated persons by event month: the input of the truth. */
  public static final StructType POTENTIAL_OUTCOMES = new StructType()
      .add("design", DataTypes.StringType, false)
      .add("pid", DataTypes.LongType, false)
      .add("kon", DataTypes.StringType, false)
      .add("outcome", DataTypes.StringType, false)
      .add("period", DataTypes.IntegerType, false)
      .add("event_month", DataTypes.IntegerType, false)
      .add("y0", DataTypes.DoubleType, false)
      .add("y1", DataTypes.DoubleType, false);

  private final SynthSettings settings;
  private final Geography geography;

  public SynthGenerator(SynthSettings settings) {
    this.settings = settings;
    this.geography = Geography.generate(settings);
  }

  public SynthSettings settings() {
    return settings;
  }

  private Dataset<Long> persons(SparkSession spark) {
    int partitions = settings.partitionsOr(spark.sparkContext().defaultParallelism());
    return spark.range(0, settings.persons(), 1, partitions);
  }

  /**
   * Generates and writes every delivery in one pass (see {@link PartFiles}) and returns the number of
   * rows written by table, delivery and flaw ({@link #COUNTS}), summed over the partitions.
   */
  public Dataset<Row> write(SparkSession spark, Map<String, PartFiles.Target> targets) {
    SynthSettings s = settings;
    Geography geo = geography;
    HashMap<String, PartFiles.Target> deliveries = new HashMap<>(targets);
    HashMap<String, String> hadoop = new HashMap<>();
    spark.sparkContext().hadoopConfiguration().forEach(e -> hadoop.put(e.getKey(), e.getValue()));
    return persons(spark).mapPartitions((MapPartitionsFunction<Long, Row>) ids -> {
      Configuration conf = new Configuration(false);
      hadoop.forEach(conf::set);
      // Counts by (table, delivery, flaw) in a map per table, keyed by two interned strings: cheap per row.
      Map<String, Map<List<String>, long[]>> counts = new HashMap<>();
      try (PartFiles files = new PartFiles(s, deliveries, conf, TaskContext.getPartitionId())) {
        Iterator<List<Flaws.Out>> people = withMunicipalities(ids, s, geo);
        while (people.hasNext()) {
          for (Flaws.Out row : people.next()) {
            if (!s.delivers(row.table())) {
              continue;
            }
            files.write(row);
            counts.computeIfAbsent(row.table(), t -> new HashMap<>())
                .computeIfAbsent(Arrays.asList(row.delivery(), row.flaw()), k -> new long[1])[0]++;
          }
        }
      }
      List<Row> out = new ArrayList<>();
      counts.forEach((table, byKind) -> byKind.forEach((k, n) -> out.add(RowFactory.create(table, k.get(0), k.get(1), n[0]))));
      return out.iterator();
    }, Encoders.row(COUNTS)).groupBy("table", "delivery", "flaw").sum("rows").withColumnRenamed("sum(rows)", "rows");
  }

  /** Row counts of a write. */
  public static final StructType COUNTS = new StructType()
      .add("table", DataTypes.StringType, false)
      .add("delivery", DataTypes.StringType, false)
      .add("flaw", DataTypes.StringType, true)
      .add("rows", DataTypes.LongType, false);

  /**
   * The rows of each person of the partition, person by person; the first partition also carries the
   * municipalities' membership rows (they do not grow with N).
   */
  private static Iterator<List<Flaws.Out>> withMunicipalities(Iterator<Long> ids, SynthSettings s, Geography geo) {
    boolean first = TaskContext.getPartitionId() == 0;
    return new Iterator<>() {
      private boolean municipalitiesDone = !first;

      @Override
      public boolean hasNext() {
        return !municipalitiesDone || ids.hasNext();
      }

      @Override
      public List<Flaws.Out> next() {
        List<Flaws.Out> out = new ArrayList<>();
        if (!municipalitiesDone) {
          municipalitiesDone = true;
          new RegisterRows(s, out).municipalities(geo);
        } else {
          new RegisterRows(s, out).person(new LifeCourse(s, new Person(s, geo, ids.next())));
        }
        return out;
      }
    };
  }

  /** Y(0) and Y(1) of every truth outcome for treated persons in the truth's event window. */
  public Dataset<Row> potentialOutcomes(SparkSession spark) {
    SynthSettings s = settings;
    Geography geo = geography;
    return persons(spark).mapPartitions((MapPartitionsFunction<Long, Row>) ids ->
        flatten(ids, idx -> potentialOutcomes(s, new Person(s, geo, idx))), Encoders.row(POTENTIAL_OUTCOMES));
  }

  private static List<Row> potentialOutcomes(SynthSettings s, Person p) {
    String design = p.design();
    if (design == null) {
      return Collections.emptyList();
    }
    LifeCourse life = new LifeCourse(s, p);
    double[][] y0 = life.outcomes(0);
    double[][] y1 = life.outcomes(1);
    List<Row> out = new ArrayList<>();
    String kon = p.female ? "K" : "M";
    for (int m = 0; m < life.n; m++) {
      int event = life.w.absolute(m) - p.treatmentAbs;
      if (event < s.truthEventFrom() || event > s.truthEventTo() || !life.present[m]) {
        continue;
      }
      for (int k = 0; k < LifeCourse.OUTCOMES.length; k++) {
        out.add(RowFactory.create(design, p.pid, kon, LifeCourse.OUTCOMES[k], life.w.period(m), event, y0[k][m], y1[k][m]));
      }
    }
    return out;
  }

  /**
   * The municipal effect's potential outcomes (seed 001): for every general-population resident of a
   * member municipality and every year in which they are resident at its end and aged 19-64, whether
   * the state of {@code finsam.synth.kommun-effect} is on in any month of the year without (y0) and
   * with (y1) the joining, with the municipality's joining year.
   */
  public Dataset<Row> kommunOutcomes(SparkSession spark) {
    SynthSettings s = settings;
    Geography geo = geography;
    return persons(spark).mapPartitions((MapPartitionsFunction<Long, Row>) ids ->
        flatten(ids, idx -> kommunOutcomes(s, new Person(s, geo, idx))), Encoders.row(KOMMUN_OUTCOMES));
  }

  public static final StructType KOMMUN_OUTCOMES = new StructType()
      .add("anslutningsar", DataTypes.IntegerType, false)
      .add("ar", DataTypes.IntegerType, false)
      .add("y0", DataTypes.DoubleType, false)
      .add("y1", DataTypes.DoubleType, false);

  private static List<Row> kommunOutcomes(SynthSettings s, Person p) {
    if (p.population != Person.Population.BEFOLKNING || !p.treated()) {
      return Collections.emptyList();
    }
    LifeCourse life = new LifeCourse(s, p);
    LifeCourse.State state = LifeCourse.State.valueOf(s.kommunEffectState().toUpperCase(java.util.Locale.ROOT));
    boolean[] on0 = life.worlds[0].get(state);
    boolean[] on1 = life.worlds[1].get(state);
    List<Row> out = new ArrayList<>();
    for (int year = life.w.fromYear(); year <= life.w.toYear(); year++) {
      java.time.LocalDate end = java.time.LocalDate.of(year, 12, 31);
      boolean resident = (p.deathDate == null || p.deathDate.isAfter(end))
          && (p.emigrationDate == null || p.emigrationDate.isAfter(end)) && p.age(year) >= 19 && p.age(year) <= 64;
      if (!resident) {
        continue;
      }
      boolean any0 = false;
      boolean any1 = false;
      for (int m = 0; m < life.n; m++) {
        if (life.w.year(m) == year) {
          any0 |= on0[m];
          any1 |= on1[m];
        }
      }
      out.add(RowFactory.create(p.home.joinYear(), year, any0 ? 1.0 : 0.0, any1 ? 1.0 : 0.0));
    }
    return out;
  }

  /**
   * Seed 000's yearly 0/1 outcomes of SUS participants (with pid) in both potential worlds, for those the
   * matched design can take as treated: AE (the SA state below 30) in some month of their treatment year,
   * alive at its end. The outcomes are the registers' yearly measures as se.finsam.matched reads them:
   * inkomst = the year's wages or small income above 0 (scb_inkomst_ar.pgioai), csn = a study month at 20 or older
   * (studiemedel), sa = a month of AE or SE, sjp = a month of sjukpenning or rehabiliteringspenning.
   */
  public Dataset<Row> matchedOutcomes(SparkSession spark) {
    SynthSettings s = settings;
    Geography geo = geography;
    return persons(spark).mapPartitions((MapPartitionsFunction<Long, Row>) ids ->
        flatten(ids, idx -> matchedOutcomes(s, new Person(s, geo, idx))), Encoders.row(MATCHED_OUTCOMES));
  }

  public static final StructType MATCHED_OUTCOMES = new StructType()
      .add("behandlingsar", DataTypes.IntegerType, false)
      .add("ar", DataTypes.IntegerType, false)
      .add("utfall", DataTypes.StringType, false)
      .add("y0", DataTypes.DoubleType, false)
      .add("y1", DataTypes.DoubleType, false);

  private static List<Row> matchedOutcomes(SynthSettings s, Person p) {
    if (!"SUS".equals(p.design())) {
      return Collections.emptyList();
    }
    int treatmentYear = p.treatmentAbs / 12;
    if (p.deathDate != null && p.deathDate.getYear() <= treatmentYear) {
      return Collections.emptyList();
    }
    LifeCourse life = new LifeCourse(s, p);
    boolean[] ae = life.saByAge(life.worlds[1], true);
    boolean aeThatYear = false;
    for (int m = 0; m < life.n; m++) {
      aeThatYear |= ae[m] && life.w.year(m) == treatmentYear;
    }
    if (!aeThatYear) {
      return Collections.emptyList();
    }
    double[][] y0 = yearly(life, life.worlds[0]);
    double[][] y1 = yearly(life, life.worlds[1]);
    List<Row> out = new ArrayList<>();
    for (int k = 0; k < MATCHED_OUTCOME_NAMES.length; k++) {
      for (int i = 0; i < y0[k].length; i++) {
        if (!Double.isNaN(y0[k][i])) {
          out.add(RowFactory.create(treatmentYear, life.w.fromYear() + i, MATCHED_OUTCOME_NAMES[k], y0[k][i], y1[k][i]));
        }
      }
    }
    return out;
  }

  /** The follow-up's FK days per participant with personal data and year of ending ({@link FollowupFkTruth}). */
  public Dataset<Row> followupFkDays(SparkSession spark) {
    SynthSettings s = settings;
    Geography geo = geography;
    return persons(spark).mapPartitions((MapPartitionsFunction<Long, Row>) ids ->
        flatten(ids, idx -> FollowupFkTruth.rows(s, new Person(s, geo, idx))), Encoders.row(FollowupFkTruth.PERSONS));
  }

  /**
   * The matched design's yearly outcomes (its {@code YearlyOutcomes} columns): income from work above 0 and above
   * the SGI limit, CSN, the AF class of the year's first registration (exclusive; none = ej inskriven), the three
   * parts of förstärkt samarbete, SA, SJP/REHAB and neither.
   */
  static final String[] MATCHED_OUTCOME_NAMES = {"inkomst", "inkomst_sgi", "csn", "af_anstallning", "af_arbetslos",
      "af_ovriga", "af_ej_inskriven", "gk_kartlaggning", "gk_arbetslivsinriktad", "gk_arbetsforberedande", "sa", "sjp",
      "ingen_forman"};
  private static final List<String> SAMARBETE = List.of("GEMENSAM_KARTLAGGNING", "ARBETSLIVSINRIKTAD", "ARBETSFORBEREDANDE");

  /**
   * Per outcome of {@link #MATCHED_OUTCOME_NAMES} and calendar year of the window: 1 when the year has it, read
   * from the world's states as the registers are written from them (NaN: inkomst_sgi of a year without a
   * prisbasbelopp).
   */
  private static double[][] yearly(LifeCourse life, LifeCourse.World world) {
    int years = life.w.toYear() - life.w.fromYear() + 1;
    double[][] y = new double[MATCHED_OUTCOME_NAMES.length][years];
    double[] wages = new double[years];
    for (int m = 0; m < life.n; m++) {
      int year = life.w.year(m);
      int i = year - life.w.fromYear();
      wages[i] += world.wage[m];
      if (world.get(LifeCourse.State.STUDY)[m] && life.p.age(year) >= 20) {
        y[2][i] = 1;
      }
      if (world.get(LifeCourse.State.SA)[m]) {
        y[10][i] = 1;
      }
      if (world.get(LifeCourse.State.SJP)[m] || world.get(LifeCourse.State.REHAB)[m]) {
        y[11][i] = 1;
      }
    }
    SynthSettings.MatchedTruth truth = life.s.matchedTruth();
    for (int i = 0; i < years; i++) {
      int year = life.w.fromYear() + i;
      double income = wages[i] + SmallIncome.kronor(life, year, wages[i]);
      y[0][i] = income > 0 ? 1 : 0;
      Double limit = truth.sgiLimit().get(year);
      y[1][i] = limit == null ? Double.NaN : Math.round(income) > limit ? 1 : 0; // scb_inkomst_ar has whole kronor
      y[12][i] = y[10][i] + y[11][i] == 0 ? 1 : 0;
    }
    // The AF class of each year's first registration (earliest start, then code), as the design reads it.
    String[] first = new String[years];
    LocalDate[] firstFrom = new LocalDate[years];
    for (AfRegistrations.Registration r : AfRegistrations.registrations(life, world)) {
      for (int year = life.w.year(r.spell().startM()); year <= life.w.year(r.spell().endM()); year++) {
        int i = year - life.w.fromYear();
        int order = firstFrom[i] == null ? -1 : r.spell().from().compareTo(firstFrom[i]);
        if (firstFrom[i] == null || order < 0 || order == 0 && r.code().compareTo(first[i]) < 0) {
          first[i] = r.code();
          firstFrom[i] = r.spell().from();
        }
      }
    }
    for (int i = 0; i < years; i++) {
      boolean anst = first[i] != null && truth.afAnstallning().contains(first[i]);
      boolean arbl = first[i] != null && !anst && truth.afArbetslos().contains(first[i]);
      y[3][i] = anst ? 1 : 0;
      y[4][i] = arbl ? 1 : 0;
      y[5][i] = first[i] != null && !anst && !arbl ? 1 : 0;
      y[6][i] = first[i] == null ? 1 : 0;
    }
    for (AfRegistrations.Part part : AfRegistrations.samarbete(life, world)) {
      int to = part.tom() == null ? life.w.toYear() : part.tom().getYear();
      for (int year = part.from().getYear(); year <= to; year++) {
        y[7 + SAMARBETE.indexOf(part.del())][year - life.w.fromYear()] = 1;
      }
    }
    return y;
  }

  /** Lazily generates person after person, so a partition never holds more than one person's rows. */
  private static <T> Iterator<Row> flatten(Iterator<T> ids, Function<T, List<Row>> generate) {
    return new Iterator<>() {
      private Iterator<Row> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && ids.hasNext()) {
          current = generate.apply(ids.next()).iterator();
        }
        return current.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }
}
