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

  /** Kinds of {@link Sums} the generation adds up: rows written by (table, delivery, flaw), then the truths. */
  static final String ROWS = "rows", ATT = "att", MATCHED = "matched", FOLLOWUP_FK = "followup_fk", KOMMUN = "kommun";

  /**
   * Generates and writes every delivery in one pass (see {@link PartFiles}) and returns the number of rows
   * written by table, delivery and flaw ({@link #ROWS}) with the truths' sums by their keys ({@link #ATT},
   * {@link #MATCHED}, {@link #FOLLOWUP_FK}, {@link #KOMMUN}), added up over the partitions: each person's life
   * course gives its registers and its potential outcomes in the same pass.
   */
  public Sums write(SparkSession spark, Map<String, PartFiles.Target> targets) {
    SynthSettings s = settings;
    Geography geo = geography;
    HashMap<String, PartFiles.Target> deliveries = new HashMap<>(targets);
    HashMap<String, String> hadoop = new HashMap<>();
    spark.sparkContext().hadoopConfiguration().forEach(e -> hadoop.put(e.getKey(), e.getValue()));
    List<Sums> partitions = persons(spark).mapPartitions((MapPartitionsFunction<Long, Sums>) ids -> {
      Configuration conf = new Configuration(false);
      hadoop.forEach(conf::set);
      Sums sums = new Sums();
      try (PartFiles files = new PartFiles(s, deliveries, conf, TaskContext.getPartitionId())) {
        List<Flaws.Out> rows = new ArrayList<>();
        if (TaskContext.getPartitionId() == 0) {
          // The municipalities' membership rows do not grow with N: the first partition carries them.
          new RegisterRows(s, rows).municipalities(geo);
          write(s, rows, files, sums);
        }
        while (ids.hasNext()) {
          LifeCourse life = new LifeCourse(s, new Person(s, geo, ids.next()));
          rows.clear();
          new RegisterRows(s, rows).person(life);
          write(s, rows, files, sums);
          addTruth(life, sums);
        }
      }
      return List.of(sums).iterator();
    }, Encoders.javaSerialization(Sums.class)).collectAsList();
    Sums total = new Sums();
    partitions.forEach(total::merge);
    return total;
  }

  private static void write(SynthSettings s, List<Flaws.Out> rows, PartFiles files, Sums sums) {
    for (Flaws.Out row : rows) {
      if (s.delivers(row.table())) {
        files.write(row);
        sums.add(ROWS, Arrays.asList(row.table(), row.delivery(), row.flaw()));
      }
    }
  }

  /** The person's contributions to each truth, keyed as the truth's tables group them. */
  private static void addTruth(LifeCourse life, Sums sums) {
    for (Row r : potentialOutcomes(life)) {
      double y0 = r.getDouble(6);
      double y1 = r.getDouble(7);
      sums.add(ATT, List.of(r.get(0), r.get(3), r.get(5)), y1 - y0, y0, y1);
    }
    matchedOutcomes(life, sums);
    FollowupFkTruth.add(life, sums);
    kommunOutcomes(life, sums);
  }

  /** Y(0) and Y(1) of every truth outcome for treated persons in the truth's event window. */
  public Dataset<Row> potentialOutcomes(SparkSession spark) {
    SynthSettings s = settings;
    Geography geo = geography;
    return persons(spark).mapPartitions((MapPartitionsFunction<Long, Row>) ids ->
        flatten(ids, idx -> potentialOutcomes(new LifeCourse(s, new Person(s, geo, idx)))), Encoders.row(POTENTIAL_OUTCOMES));
  }

  private static List<Row> potentialOutcomes(LifeCourse life) {
    Person p = life.p;
    SynthSettings s = life.s;
    String design = p.design();
    if (design == null) {
      return Collections.emptyList();
    }
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
   * with (y1) the joining, by years since the municipality joined.
   */
  private static void kommunOutcomes(LifeCourse life, Sums sums) {
    Person p = life.p;
    if (p.population != Person.Population.BEFOLKNING || !p.treated()) {
      return;
    }
    LifeCourse.State state = LifeCourse.State.valueOf(life.s.kommunEffectState().toUpperCase(java.util.Locale.ROOT));
    boolean[] on0 = life.worlds[0].get(state);
    boolean[] on1 = life.worlds[1].get(state);
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
      double y0 = any0 ? 1.0 : 0.0;
      double y1 = any1 ? 1.0 : 0.0;
      sums.add(KOMMUN, List.of(year - p.home.joinYear()), y1 - y0, y0, y1);
    }
  }

  /**
   * Seed 000's yearly 0/1 outcomes of SUS participants (with pid) in both potential worlds, for those the
   * matched design can take as treated: AE (the SA state below 30) in some month of their treatment year,
   * alive at its end. The outcomes are the registers' yearly measures as se.finsam.matched reads them:
   * inkomst = the year's wages or small income above 0 (scb_inkomst_ar.pgioai), csn = a study month at 20 or older
   * (studiemedel), sa = a month of AE or SE, sjp = a month of sjukpenning or rehabiliteringspenning. Keyed by
   * (treatment year, year, outcome).
   */
  private static void matchedOutcomes(LifeCourse life, Sums sums) {
    Person p = life.p;
    if (!"SUS".equals(p.design())) {
      return;
    }
    int treatmentYear = p.treatmentAbs / 12;
    if (p.deathDate != null && p.deathDate.getYear() <= treatmentYear) {
      return;
    }
    boolean[] ae = life.saByAge(life.worlds[1], true);
    boolean aeThatYear = false;
    for (int m = 0; m < life.n; m++) {
      aeThatYear |= ae[m] && life.w.year(m) == treatmentYear;
    }
    if (!aeThatYear) {
      return;
    }
    double[][] y0 = yearly(life, life.worlds[0]);
    double[][] y1 = yearly(life, life.worlds[1]);
    for (int k = 0; k < MATCHED_OUTCOME_NAMES.length; k++) {
      for (int i = 0; i < y0[k].length; i++) {
        if (!Double.isNaN(y0[k][i])) {
          sums.add(MATCHED, List.of(treatmentYear, life.w.fromYear() + i, MATCHED_OUTCOME_NAMES[k]),
              y1[k][i] - y0[k][i], y0[k][i], y1[k][i]);
        }
      }
    }
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
