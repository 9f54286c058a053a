package se.finsam.synth;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import se.finsam.schemas.ColumnSpec;
import se.finsam.schemas.CrossColumn;
import se.finsam.schemas.Rule;
import se.finsam.schemas.TableContract;

/**
 * Known flaws planted in generated rows, each kind at {@code flaw-rate} per row. A flawed row breaks
 * exactly one validation rule (the column chosen avoids keys, the time column and interval columns where
 * touching them would break a second rule); when a kind cannot apply to a row, the row stays clean.
 * Kinds besides the rules: exact duplicates (identical extra row) and overlapping spells (an extra valid
 * spell of the same kind starting one day later). R07 adds a row with the same business key and another
 * value; both rows of such a pair are counted under R07. R10 empties the condition of a cross-column
 * constraint whose ruled column holds a value (a kind of work without sysselsattning); it comes last in
 * the kinds, so adding it left the rows of the other kinds as they were.
 */
final class Flaws {
  static final String DUPLICATE = "DUP";
  static final String OVERLAP = "OVERLAP";
  private static final String[] KINDS = {"R01", "R02", "R03", "R04", "R05", "R06", "R07", "R08", DUPLICATE, OVERLAP, "R10"};
  private static final long PURPOSE = 0xF1A3L;

  static {
    // The rule kinds are the codes of se.finsam.schemas.Rule; fail early if the enum is renumbered.
    for (String kind : KINDS) {
      if (kind.startsWith("R") && java.util.Arrays.stream(Rule.values()).noneMatch(r -> r.code().equals(kind))) {
        throw new IllegalStateException("flaw kind " + kind + " is not a code of " + Rule.class.getName());
      }
    }
  }

  /** A row as written: which delivery, which flaw (null when clean), its values. */
  record Out(String table, String delivery, String flaw, String[] values) {}

  private final SynthSettings s;

  Flaws(SynthSettings s) {
    this.s = s;
  }

  void apply(Deliveries.Fields row, long key, List<Out> out) {
    TableContract t = row.contract;
    String[] v = row.values;
    double u = Rng.uniform(s.seed(), key, PURPOSE, 0);
    int kind = s.flawRate() <= 0 ? -1 : (int) (u / s.flawRate());
    if (kind < 0 || kind >= KINDS.length) {
      out.add(new Out(t.name(), Deliveries.MAIN, null, v));
      return;
    }
    String flaw = KINDS[kind];
    long salt = Rng.hash(s.seed(), key, PURPOSE, 1);
    String[] flawed = v.clone();
    boolean applied;
    switch (flaw) {
      case DUPLICATE -> {
        out.add(new Out(t.name(), Deliveries.MAIN, null, v));
        out.add(new Out(t.name(), Deliveries.MAIN, DUPLICATE, v.clone()));
        return;
      }
      case OVERLAP -> {
        String[] extra = overlapping(t, v);
        out.add(new Out(t.name(), Deliveries.MAIN, null, v));
        if (extra != null) {
          out.add(new Out(t.name(), Deliveries.MAIN, OVERLAP, extra));
        }
        return;
      }
      case "R07" -> {
        int c = conflictColumn(t, v);
        if (c < 0) {
          out.add(new Out(t.name(), Deliveries.MAIN, null, v));
        } else {
          flawed[c] = otherValue(t.columns().get(c), v[c]);
          out.add(new Out(t.name(), Deliveries.MAIN, flaw, v));
          out.add(new Out(t.name(), Deliveries.MAIN, flaw, flawed));
        }
        return;
      }
      case "R01" -> applied = requiredNull(t, flawed);
      case "R02" -> applied = unparseable(t, flawed, salt);
      case "R03" -> applied = badCode(t, flawed);
      case "R04" -> applied = outOfRange(t, flawed);
      case "R05" -> applied = endBeforeStart(t, flawed);
      case "R06" -> applied = outsidePeriod(t, flawed);
      case "R08" -> applied = badPersonnummer(t, flawed);
      case "R10" -> applied = ruledOut(t, flawed);
      default -> throw new IllegalStateException(flaw);
    }
    out.add(new Out(t.name(), Deliveries.MAIN, applied ? flaw : null, applied ? flawed : v));
  }

  /**
   * Columns a flaw may touch without breaking another rule: not key, not time, not in an interval, not in
   * a cross-column constraint.
   */
  private static boolean free(TableContract t, ColumnSpec c) {
    return !t.businessKey().contains(c.name()) && !t.timeColumn().map(c.name()::equals).orElse(false)
        && t.intervals().stream().noneMatch(pair -> pair.contains(c.name()))
        && t.crossColumn().stream().noneMatch(x -> x.column().equals(c.name()) || x.condition().equals(c.name()));
  }

  private boolean requiredNull(TableContract t, String[] v) {
    int fallback = -1;
    for (int i = 0; i < v.length; i++) {
      ColumnSpec c = t.columns().get(i);
      if (c.nullable() || v[i] == null) {
        continue;
      }
      if (free(t, c)) {
        v[i] = null;
        return true;
      }
      if (fallback < 0 && !t.timeColumn().map(c.name()::equals).orElse(false)) {
        fallback = i;
      }
    }
    if (fallback >= 0) {
      v[fallback] = null;
      return true;
    }
    return false;
  }

  private boolean unparseable(TableContract t, String[] v, long salt) {
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < v.length; i++) {
      ColumnSpec c = t.columns().get(i);
      // Not a coded column: an unparseable code would also fail the code list (two rules).
      if (v[i] != null && c.type() != DataTypes.StringType && c.codeList().isEmpty() && free(t, c)
          && !c.name().equals(t.personColumn())) {
        candidates.add(i);
      }
    }
    if (candidates.isEmpty()) {
      return false;
    }
    int i = candidates.get((int) Math.floorMod(salt, (long) candidates.size()));
    v[i] = "?" + v[i];
    return true;
  }

  private boolean badCode(TableContract t, String[] v) {
    for (int i = 0; i < v.length; i++) {
      ColumnSpec c = t.columns().get(i);
      if (v[i] != null && c.codeList().isPresent() && free(t, c)) {
        v[i] = c.type() == DataTypes.StringType ? "OKAND_KOD" : "0.33";
        return true;
      }
    }
    return false;
  }

  private boolean outOfRange(TableContract t, String[] v) {
    for (int i = 0; i < v.length; i++) {
      ColumnSpec c = t.columns().get(i);
      if (v[i] == null || !free(t, c) || (c.min().isEmpty() && c.max().isEmpty())) {
        continue;
      }
      double bad = c.max().isPresent() ? c.max().get() + 1 : c.min().get() - 1;
      v[i] = c.type() == DataTypes.IntegerType || c.type() == DataTypes.LongType
          ? Long.toString((long) bad) : Deliveries.formatAmount(bad);
      return true;
    }
    return false;
  }

  private boolean endBeforeStart(TableContract t, String[] v) {
    for (List<String> pair : t.intervals()) {
      int a = Deliveries.position(t, pair.get(0));
      int b = Deliveries.position(t, pair.get(1));
      if (v[a] == null || v[b] == null) {
        continue;
      }
      if (t.columns().get(a).type() == DataTypes.DateType) {
        v[b] = LocalDate.parse(v[a]).minusDays(1).toString();
      } else {
        int from = Integer.parseInt(v[a]);
        int to = Integer.parseInt(v[b]);
        if (from > 1) {
          v[b] = Integer.toString(from - 1);
        } else if (to < 12) {
          v[a] = Integer.toString(to + 1);
        } else {
          v[a] = "12";
          v[b] = "11";
        }
      }
      return true;
    }
    return false;
  }

  /**
   * Moves the time column out of the delivery by the delivery's own length, so two moved rows of one
   * person never meet on one key (the shift is injective) and the value stays within its range.
   */
  private boolean outsidePeriod(TableContract t, String[] v) {
    if (t.timeColumn().isEmpty()) {
      return false;
    }
    int i = Deliveries.position(t, t.timeColumn().get());
    if (v[i] == null) {
      return false;
    }
    Window w = s.window();
    int from = Deliveries.periodFrom(t, w);
    int to = Deliveries.periodTo(t, w);
    int years = to / 100 - from / 100 + 1;
    DataType type = t.columns().get(i).type();
    if (type == DataTypes.DateType) {
      v[i] = LocalDate.parse(v[i]).minusYears(years).toString();
      // The spell moves whole (its end too), or it would reach into the period and overlap others.
      for (List<String> pair : t.intervals()) {
        int end = Deliveries.position(t, pair.get(1));
        if (pair.get(0).equals(t.timeColumn().get()) && v[end] != null) {
          v[end] = LocalDate.parse(v[end]).minusYears(years).toString();
        }
      }
    } else if (t.columns().get(i).isPeriod()) {
      int months = Window.toAbsolute(to) - Window.toAbsolute(from) + 1;
      v[i] = Integer.toString(Window.toPeriod(Window.toAbsolute(Integer.parseInt(v[i])) + months));
    } else {
      v[i] = Integer.toString(Integer.parseInt(v[i]) - years);
    }
    return true;
  }

  /** Empties the condition of the first constraint whose ruled column holds a value (it was allowed, so it was set). */
  private static boolean ruledOut(TableContract t, String[] v) {
    for (CrossColumn x : t.crossColumn()) {
      int ruled = Deliveries.position(t, x.column());
      int condition = Deliveries.position(t, x.condition());
      if (v[ruled] != null && v[condition] != null) {
        v[condition] = null;
        return true;
      }
    }
    return false;
  }

  private boolean badPersonnummer(TableContract t, String[] v) {
    if (!s.personnummer() || t.personColumn().isEmpty()) {
      return false;
    }
    int i = Deliveries.position(t, t.personColumn());
    if (v[i] == null) {
      return false;
    }
    v[i] = Personnummer.breakCheckDigit(v[i]);
    return true;
  }

  private static int conflictColumn(TableContract t, String[] v) {
    for (int i = 0; i < v.length; i++) {
      ColumnSpec c = t.columns().get(i);
      // An amount with an upper bound (a share 0..1) would leave its range when raised: R04, not R07.
      if (v[i] != null && free(t, c) && c.codeList().isEmpty()
          && (c.type() == DataTypes.StringType || (c.type() == DataTypes.DoubleType && c.max().isEmpty()))) {
        return i;
      }
    }
    return -1;
  }

  /** Another valid value: an amount 100 higher or a changed free text. */
  private static String otherValue(ColumnSpec c, String value) {
    if (c.type() == DataTypes.DoubleType) {
      return Deliveries.formatAmount(Double.parseDouble(value) + 100);
    }
    return value + "B";
  }

  /** A second spell of the same kind starting one day later, same end: valid, but overlapping. */
  private static String[] overlapping(TableContract t, String[] v) {
    if (t.intervals().isEmpty() || t.timeColumn().isEmpty() || t.personColumn().isEmpty()) {
      return null;
    }
    List<String> pair = t.intervals().get(0);
    // Only spells keyed by their start (MiDaS, AF): a shifted start must give a new key, not a conflict.
    if (!pair.get(0).equals(t.timeColumn().get()) || !t.businessKey().contains(pair.get(0))) {
      return null;
    }
    int a = Deliveries.position(t, pair.get(0));
    int b = Deliveries.position(t, pair.get(1));
    if (v[a] == null || t.columns().get(a).type() != DataTypes.DateType) {
      return null;
    }
    LocalDate start = LocalDate.parse(v[a]).plusDays(1);
    if (v[b] != null && LocalDate.parse(v[b]).isBefore(start)) {
      return null;
    }
    String[] extra = v.clone();
    extra[a] = start.toString();
    return extra;
  }
}
