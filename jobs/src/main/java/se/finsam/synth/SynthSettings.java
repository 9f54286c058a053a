package se.finsam.synth;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import se.finsam.schemas.CodeLists;
import se.finsam.schemas.Contracts;

/**
 * The generator's settings, read once on the driver from {@code finsam.synth.*} and shipped to the
 * executors with the generation functions. Code lists come from {@code finsam.codes.*}.
 */
public record SynthSettings(
    long persons,
    long seed,
    String format,
    String delimiter,
    int partitions,
    boolean personnummer,
    double samordningsnummerShare,
    double flawRate,
    String out,
    Window window,
    double shareExperiment,
    double shareSus,
    double shareBefolkning,
    int askedFrom,
    int askedTo,
    double consentRate,
    double treatmentShare,
    int maxLagMonths,
    int controlWaitMonths,
    int experimentForbund,
    int teamsPerForbund,
    int susStartFrom,
    int susStartTo,
    double anonymShare,
    double volymShare,
    int maxInsatser,
    int municipalities,
    int forbund,
    double neverShare,
    int joinFrom,
    int joinTo,
    double moveShare,
    HashMap<String, HashMap<String, Double>> base,
    HashMap<String, Double> effects,
    List<String> afOpenCodes,
    List<String> afProgramCodes,
    List<String> afEmploymentCodes,
    String correctionTable,
    int correctionPeriod,
    double correctionShareChanged,
    int truthEventFrom,
    int truthEventTo,
    int truthPostFrom,
    int truthPostTo,
    boolean potentialOutcomes,
    String kommunEffectState,
    double kommunEffect,
    double smallIncomeShare,
    boolean scbHi,
    List<String> tables,
    HashMap<String, String> fkGroups,
    MatchedTruth matchedTruth,
    Codes codes) implements Serializable {

  /** The code lists the generator draws from, copied so the executors need no configuration. */
  public record Codes(List<String> inriktning, List<String> stodtyp, List<String> insatstyp,
                      List<String> utbildningsniva, List<String> diagnosgrupp) implements Serializable {}

  /**
   * The matched design's definitions of its AF classes and its SGI limit (finsam.matched, finsam.reference), for
   * the truth of those outcomes, as the follow-up's FK groups are for its truth.
   *
   * @param sgiLimit kronor by year: the income share of the year's prisbasbelopp
   */
  public record MatchedTruth(List<String> afAnstallning, List<String> afArbetslos, HashMap<Integer, Double> sgiLimit)
      implements Serializable {
    static MatchedTruth from(Config config) {
      se.finsam.matched.MatchedSettings m = se.finsam.matched.MatchedSettings.from(config);
      HashMap<Integer, Double> limit = new HashMap<>();
      m.prisbasbelopp().forEach((year, kronor) -> limit.put(year, m.incomeShareOfPrisbasbelopp() * kronor));
      return new MatchedTruth(List.copyOf(m.afAnstallning()), List.copyOf(m.afArbetslos()), limit);
    }
  }

  public static SynthSettings from(Config config) {
    Config c = config.getConfig("finsam.synth");
    CodeLists codeLists = CodeLists.from(config);
    String personId = c.getString("person-id");
    if (!personId.equals("pid") && !personId.equals("personnummer")) {
      throw new IllegalArgumentException("finsam.synth.person-id must be pid or personnummer, not '" + personId + "'");
    }
    String format = c.getString("format");
    if (!format.equals("csv") && !format.equals("parquet")) {
      throw new IllegalArgumentException("finsam.synth.format must be csv or parquet, not '" + format + "'");
    }
    String delimiter = c.getString("delimiter");
    if (!delimiter.equals(";") && !delimiter.equals(",")) {
      throw new IllegalArgumentException("finsam.synth.delimiter must be ';' or ',', not '" + delimiter + "'");
    }
    double sumShares = c.getDouble("shares.experiment") + c.getDouble("shares.sus") + c.getDouble("shares.pool")
        + c.getDouble("shares.befolkning");
    if (Math.abs(sumShares - 1) > 1e-9) {
      throw new IllegalArgumentException("finsam.synth.shares must sum to 1, they sum to " + sumShares);
    }
    for (String list : List.of("open-codes", "program-codes", "employment-codes")) {
      for (String code : c.getStringList("af." + list)) {
        if (!codeLists.codes("sokandekategori").contains(code)) {
          throw new IllegalArgumentException("finsam.synth.af." + list + ": " + code + " is not in finsam.codes.sokandekategori");
        }
      }
    }
    HashMap<String, HashMap<String, Double>> base = new HashMap<>();
    for (String population : List.of("experiment", "sus", "pool", "befolkning")) {
      base.put(population, doubles(c.getConfig("base." + population)));
    }
    Window window = new Window(c.getInt("from"), c.getInt("to"));
    List<String> tables = c.getStringList("tables");
    for (String table : tables) {
      try {
        Contracts.byName(table);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("finsam.synth.tables: " + e.getMessage(), e);
      }
    }
    return new SynthSettings(
        c.getLong("persons"), c.getLong("seed"), format, delimiter, c.getInt("partitions"),
        personId.equals("personnummer"), c.getDouble("samordningsnummer-share"), c.getDouble("flaw-rate"),
        c.getString("out"), window,
        c.getDouble("shares.experiment"), c.getDouble("shares.sus"), c.getDouble("shares.befolkning"),
        c.getInt("experiment.asked-from"), c.getInt("experiment.asked-to"), c.getDouble("experiment.consent-rate"),
        c.getDouble("experiment.treatment-share"), c.getInt("experiment.max-lag-months"),
        c.getInt("experiment.control-wait-months"), c.getInt("experiment.forbund"),
        c.getInt("experiment.teams-per-forbund"),
        c.getInt("sus.start-from"), c.getInt("sus.start-to"), c.getDouble("sus.anonym-share"),
        c.getDouble("sus.volym-share"), c.getInt("sus.max-insatser"),
        c.getInt("geography.municipalities"), c.getInt("geography.forbund"), c.getDouble("geography.never-share"),
        c.getInt("geography.join-from"), c.getInt("geography.join-to"), share(c, "geography.move-share"),
        base, doubles(c.getConfig("effects")),
        c.getStringList("af.open-codes"), c.getStringList("af.program-codes"), c.getStringList("af.employment-codes"),
        c.getString("correction.table"), c.getInt("correction.period"), c.getDouble("correction.share-changed"),
        c.getInt("truth.event-from"), c.getInt("truth.event-to"), c.getInt("truth.post-from"),
        c.getInt("truth.post-to"), c.getBoolean("truth.potential-outcomes"),
        kommunEffectState(c.getString("kommun-effect.state")), c.getDouble("kommun-effect.effect"),
        share(c, "small-income-share"), c.getBoolean("scb-hi"), List.copyOf(tables), fkGroups(config),
        MatchedTruth.from(config),
        new Codes(List.copyOf(codeLists.codes("inriktning")), List.copyOf(codeLists.codes("stodtyp")),
            List.copyOf(codeLists.codes("insatstyp")), List.copyOf(codeLists.codes("utbildningsniva")),
            List.copyOf(codeLists.codes("diagnosgrupp"))));
  }

  /**
   * The benefit group (sjp, ae, se) of each förmån as the follow-up counts its FK days (finsam.followup.fk-dagar), for
   * the truth of those days; other förmåner have none.
   */
  private static HashMap<String, String> fkGroups(Config config) {
    Config fk = config.getConfig("finsam.followup.fk-dagar");
    HashMap<String, String> groups = new HashMap<>();
    for (String group : FollowupFkTruth.GROUPS) {
      fk.getStringList(group).forEach(forman -> groups.put(forman, group));
    }
    return groups;
  }

  private static double share(Config c, String path) {
    double v = c.getDouble(path);
    if (v < 0 || v > 1) {
      throw new IllegalArgumentException("finsam.synth." + path + " must lie in 0..1, not " + v);
    }
    return v;
  }

  private static String kommunEffectState(String state) {
    if (!List.of("work", "fs", "sjp", "rehab", "sa", "af", "study", "subsid", "minsats").contains(state)) {
      throw new IllegalArgumentException("finsam.synth.kommun-effect.state: '" + state + "' is not a latent state");
    }
    return state;
  }

  /** The planted effect of the home municipality's joining on a general-population resident's state. */
  public double kommunEffect(String state) {
    return state.equals(kommunEffectState) ? kommunEffect : 0;
  }

  private static HashMap<String, Double> doubles(Config config) {
    HashMap<String, Double> out = new HashMap<>();
    for (Map.Entry<String, ?> e : config.root().unwrapped().entrySet()) {
      out.put(e.getKey(), ((Number) e.getValue()).doubleValue());
    }
    return out;
  }

  public double effect(String name) {
    Double value = effects.get(name);
    return value == null ? 0 : value;
  }

  public double base(String population, String state) {
    Double value = base.get(population).get(state);
    if (value == null) {
      throw new IllegalArgumentException("finsam.synth.base." + population + "." + state + " is missing");
    }
    return value;
  }

  /** Whether the table's deliveries are written: the listed tables (all when none are listed), SCB's HI only with scb-hi. */
  public boolean delivers(String table) {
    if (!scbHi && (table.equals(Contracts.SCB_HI_MANAD.name()) || table.equals(Contracts.SCB_HI_AR.name()))) {
      return false;
    }
    return tables.isEmpty() || tables.contains(table);
  }

  public int partitionsOr(int defaultParallelism) {
    return partitions > 0 ? partitions : Math.max(1, defaultParallelism);
  }
}
