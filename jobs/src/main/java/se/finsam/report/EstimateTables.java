package se.finsam.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import se.finsam.did.EstimationMethod;
import se.finsam.disclosure.Line;
import se.finsam.disclosure.OutputChecker;
import se.finsam.disclosure.TableDraft;
import se.finsam.disclosure.TableDraft.DraftCell;
import se.finsam.report.ReportTable.Cell;
import se.finsam.results.ResultSchemas;

/**
 * The effect tables of seed 002: per outcome family the headline estimate of every outcome under the
 * five models (Tables 1-9), the before/after averages (Tables B8-B16) and the pre-test of parallel
 * trends, as drafts for the output checker. An estimate cell is an {@code ESTIMATE} statistic (treated
 * and comparison persons) under {@link Estimate#key()}, the key the event-study figures use too; the
 * relative effect, the pre-test and the observations follow the estimates they belong to.
 */
public final class EstimateTables {
  private static final String SIGNIFICANCE = "Standardfel inom parentes. * p<0,05, ** p<0,01, *** p<0,001 "
      + "(tvåsidigt test av skattning/standardfel mot normalfördelningen). ";

  private final ReportSettings settings;
  private final Map<Key, Estimate> estimates;

  record Key(String outcome, String model, String type, Integer egt) {}

  public EstimateTables(ReportSettings settings, List<Estimate> estimates) {
    this.settings = settings;
    this.estimates = estimates.stream().collect(Collectors.toMap(
        e -> new Key(e.outcome(), e.model(), e.type(), e.egt()), Function.identity(), (a, b) -> {
          throw new IllegalStateException("results/aggte has two rows for " + a.outcome() + " " + a.model()
              + " " + a.type() + " " + a.egt());
        }, LinkedHashMap::new));
  }

  Optional<Estimate> find(String outcome, String model, String type, Integer egt) {
    return Optional.ofNullable(estimates.get(new Key(outcome, model, type, egt)));
  }

  private List<String> modelLabels() {
    return settings.models().stream().map(ReportSettings.Model::label).toList();
  }

  private List<ReportSettings.Outcome> outcomesOf(ReportSettings.Family family) {
    return settings.outcomes().stream().filter(o -> o.family() == family.id())
        .filter(o -> settings.models().stream().anyMatch(m -> find(o.name(), m.code(), settings.headline(), null).isPresent()
            || find(o.name(), m.code(), ResultSchemas.POST_AVERAGE, null).isPresent()))
        .toList();
  }

  /** Seed 002 Tables 1-9 under the seed's captions: one per family (its id the seed's number) that has estimates. */
  public List<TableDraft> headlineTables() {
    List<TableDraft> tables = new ArrayList<>();
    for (ReportSettings.Family family : settings.families()) {
      List<ReportSettings.Outcome> outcomes = outcomesOf(family);
      if (outcomes.isEmpty()) {
        continue;
      }
      String number = "Tabell " + family.id();
      TableDraft table = new TableDraft("tabell_" + family.id(), settings.catalogue().caption(number),
          note() + "Skattningen är " + headlineText() + ". Relativ effekt = effekt / deltagarnas "
          + "medelvärde under förperioden (" + settings.prePeriod() + "). Observationer = personmånader i skattningen."
          + settings.catalogue().differs(number), modelLabels());
      for (ReportSettings.Outcome outcome : outcomes) {
        table.row(outcome.label(), estimateRow(outcome.name(), settings.headline()));
        table.row("  relativ effekt (förperiodens medel)", relativeRow(outcome.name()));
      }
      tables.add(table.row("Observationer", observationsRow(outcomes, settings.headline())));
    }
    return tables;
  }

  /** Seed 002 Tables B8-B16: the averages of the pre- and post-treatment event-time estimates. */
  public List<TableDraft> beforeAfterTables() {
    List<TableDraft> tables = new ArrayList<>();
    for (ReportSettings.Family family : settings.families()) {
      List<ReportSettings.Outcome> outcomes = outcomesOf(family);
      if (outcomes.isEmpty()) {
        continue;
      }
      String number = "Tabell B" + (7 + family.id());
      TableDraft table = new TableDraft("tabell_b" + (7 + family.id()), settings.catalogue().caption(number),
          note() + "Före/efter = medelvärdet av händelsetidsskattningarna före respektive från och med "
          + "den första månaden med stöd." + settings.catalogue().differs(number), modelLabels());
      for (ReportSettings.Outcome outcome : outcomes) {
        table.heading(outcome.label());
        table.row("Före", estimateRow(outcome.name(), ResultSchemas.PRE_AVERAGE));
        table.row("Efter", estimateRow(outcome.name(), ResultSchemas.POST_AVERAGE));
      }
      tables.add(table.row("Observationer", observationsRow(outcomes, ResultSchemas.POST_AVERAGE)));
    }
    return tables;
  }

  /** The Wald pre-test of parallel trends per outcome and model; suppressed with the headline estimate. */
  public Optional<TableDraft> pretestTable(List<Pretest> pretests) {
    if (pretests.isEmpty()) {
      return Optional.empty();
    }
    TableDraft table = new TableDraft("fortest", "Tabell F Förtest av parallella trender",
        "Wald-test av att alla effektskattningar före första mötet är noll (df = antal skattningar). "
        + "Ett litet p-värde tyder på skillnader i trender före stödet.", modelLabels());
    for (ReportSettings.Outcome outcome : settings.outcomes()) {
      List<DraftCell> cells = new ArrayList<>();
      boolean any = false;
      for (ReportSettings.Model model : settings.models()) {
        Optional<Pretest> test = pretests.stream()
            .filter(p -> p.outcome().equals(outcome.name()) && p.model().equals(model.code())).findFirst();
        Optional<Estimate> headline = find(outcome.name(), model.code(), settings.headline(), null);
        if (test.isEmpty()) {
          cells.add(DraftCell.plain(Cell.empty()));
        } else {
          Pretest p = test.get();
          Map<String, Object> values = new LinkedHashMap<>();
          values.put("W", p.w());
          values.put("df", p.df());
          values.put("p_value", p.pvalue());
          // The pre-test is published with the headline estimate of its outcome and model.
          cells.add(DraftCell.following(Cell.of(List.of("p = " + SwedishFormat.pValue(p.pvalue()),
              "W = " + SwedishFormat.number(p.w()) + " (df " + p.df() + ")"), values),
              headline.map(e -> List.of(e.key())).orElse(List.of())));
          any = true;
        }
      }
      if (any) {
        table.row(outcome.label(), cells);
      }
    }
    return Optional.of(table);
  }

  public record Pretest(String outcome, String model, double w, Integer df, double pvalue) {}

  /** What the estimates are and which 2x2 estimator gave them: one for all models, or each model's. */
  String note() {
    List<EstimationMethod> methods = settings.models().stream().map(ReportSettings.Model::estimator).distinct().toList();
    String estimators = methods.size() == 1 ? MethodsSection.estimator(methods.get(0))
        : settings.models().stream().map(m -> m.label() + ": " + MethodsSection.estimator(m.estimator()))
            .collect(Collectors.joining("; "));
    return "Effektskattningar från en staggered difference-in-differences-modell (Callaway & Sant'Anna 2021), "
        + "skattare: " + estimators + ". " + SIGNIFICANCE;
  }

  private String headlineText() {
    return switch (settings.headline()) {
      case ResultSchemas.GROUP -> "ett viktat genomsnitt av startgruppernas effekter";
      case ResultSchemas.SIMPLE -> "ett viktat genomsnitt av alla effekter efter första mötet";
      case ResultSchemas.DYNAMIC -> "genomsnittet av händelsetidsskattningarna efter första mötet";
      case ResultSchemas.CALENDAR -> "genomsnittet av kalendermånadernas effekter";
      case ResultSchemas.PRE_AVERAGE -> "genomsnittet av skattningarna före första mötet";
      default -> "genomsnittet av skattningarna efter första mötet";
    };
  }

  private List<DraftCell> estimateRow(String outcome, String type) {
    List<DraftCell> cells = new ArrayList<>();
    for (ReportSettings.Model model : settings.models()) {
      cells.add(find(outcome, model.code(), type, null).map(EstimateTables::estimateCell)
          .orElse(DraftCell.plain(Cell.empty())));
    }
    return cells;
  }

  static DraftCell estimateCell(Estimate e) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("outcome", e.outcome());
    values.put("model", e.model());
    values.put("type", e.type());
    values.put("att", e.att());
    values.put("se", e.se());
    values.put("p_value", e.pValue());
    values.put("stars", e.stars());
    values.put("ci_lower", e.ciLower());
    values.put("ci_upper", e.ciUpper());
    values.put("n_obs", e.nObs());
    values.put("n_persons", e.nPersons());
    values.put("treated_persons", e.treatedPersons());
    values.put("comparison_persons", e.comparisonPersons());
    return DraftCell.of(Cell.of(List.of(SwedishFormat.number(e.att()) + e.stars(),
        "(" + SwedishFormat.number(e.se()) + ")"), values), e.statistic(), e.key());
  }

  private List<DraftCell> relativeRow(String outcome) {
    List<DraftCell> cells = new ArrayList<>();
    for (ReportSettings.Model model : settings.models()) {
      Optional<Estimate> found = find(outcome, model.code(), settings.headline(), null);
      if (found.isEmpty() || found.get().relativeEffect() == null || found.get().preMean() == null) {
        cells.add(DraftCell.plain(Cell.empty()));
      } else {
        Estimate e = found.get();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("relative_effect", e.relativeEffect());
        values.put("pre_mean", e.preMean());
        cells.add(DraftCell.following(Cell.of(List.of(SwedishFormat.percent(e.relativeEffect(), 0),
            "medel " + SwedishFormat.number(e.preMean())), values), List.of(e.key())));
      }
    }
    return cells;
  }

  /** Person-months per model; a range when the outcomes of the table differ (HI outcomes start in 2019). */
  private List<DraftCell> observationsRow(List<ReportSettings.Outcome> outcomes, String type) {
    List<DraftCell> cells = new ArrayList<>();
    for (ReportSettings.Model model : settings.models()) {
      List<Estimate> published = outcomes.stream()
          .map(o -> find(o.name(), model.code(), type, null)).flatMap(Optional::stream).toList();
      if (published.isEmpty()) {
        cells.add(DraftCell.plain(Cell.empty()));
        continue;
      }
      long min = published.stream().mapToLong(Estimate::nObs).min().orElseThrow();
      long max = published.stream().mapToLong(Estimate::nObs).max().orElseThrow();
      Map<String, Object> values = new LinkedHashMap<>();
      values.put("n_obs_min", min);
      values.put("n_obs_max", max);
      String text = min == max ? SwedishFormat.integer(min)
          : SwedishFormat.integer(min) + "–" + SwedishFormat.integer(max);
      // The range spans every estimate of the column, so it is published only when they all are.
      cells.add(DraftCell.following(Cell.of(List.of(text), values), published.stream().map(Estimate::key).toList()));
    }
    return cells;
  }

  /**
   * The before/after averages (B8-B16) are the plain means of the dynamic estimates before and from
   * event time 0 ({@code Aggregator.eventStudyAverages}). When a figure shows every one of them, a reader
   * knows that relation, so it is declared: a withheld month cannot be recovered from the average and
   * the other months. Declared only when it holds for the estimates (and all its months are in the
   * window).
   */
  public List<Line> averageLines(String outcome, String model, int[] window) {
    List<Line> lines = new ArrayList<>();
    for (boolean post : new boolean[] {false, true}) {
      Optional<Estimate> average = find(outcome, model, post ? ResultSchemas.POST_AVERAGE : ResultSchemas.PRE_AVERAGE, null);
      List<Estimate> months = estimates.values().stream()
          .filter(e -> e.outcome().equals(outcome) && e.model().equals(model) && e.type().equals(ResultSchemas.DYNAMIC)
              && e.egt() != null && (post ? e.egt() >= 0 : e.egt() < 0 && !Double.isNaN(e.se())))
          .toList();
      if (average.isEmpty() || months.isEmpty()
          || months.stream().anyMatch(e -> e.egt() < window[0] || e.egt() > window[1])) {
        continue;
      }
      List<String> keys = new ArrayList<>(months.stream().map(Estimate::key).toList());
      keys.add(average.get().key());
      double[] weights = new double[keys.size()];
      java.util.Arrays.fill(weights, 1.0);
      weights[months.size()] = -months.size();
      Line line = new Line(outcome + "/" + model, keys, weights);
      Map<String, Double> values = new LinkedHashMap<>();
      months.forEach(e -> values.put(e.key(), e.att()));
      values.put(average.get().key(), average.get().att());
      if (OutputChecker.holds(line, values)) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** The event-study points of one outcome and model inside the window, in event-time order. */
  public List<Estimate> eventStudy(String outcome, String model, int[] window) {
    return estimates.values().stream()
        .filter(e -> e.outcome().equals(outcome) && e.model().equals(model)
            && e.type().equals(ResultSchemas.DYNAMIC) && e.egt() != null
            && e.egt() >= window[0] && e.egt() <= window[1])
        .sorted(java.util.Comparator.comparing(Estimate::egt))
        .toList();
  }
}
