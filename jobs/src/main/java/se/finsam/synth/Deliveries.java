package se.finsam.synth;

import java.util.HashMap;
import java.util.Map;
import se.finsam.schemas.Contracts;
import se.finsam.schemas.TableContract;

/**
 * What each delivery covers and how its rows are laid out: column positions come from the contract
 * (never restated here), the period from the window and the table's own limits (AGI and SCB's
 * monthly HI from 2019, the yearly job register before 2019).
 */
final class Deliveries {
  static final String MAIN = "main";
  static final String CORRECTION = "correction";
  private static final Map<String, Map<String, Integer>> POSITIONS = new HashMap<>();
  private static final Map<String, Integer> TABLE_INDEX = new HashMap<>();

  static {
    for (TableContract contract : Contracts.ALL) {
      TABLE_INDEX.put(contract.name(), TABLE_INDEX.size());
      Map<String, Integer> positions = new HashMap<>();
      for (int i = 0; i < contract.columns().size(); i++) {
        positions.put(contract.columns().get(i).name(), i);
      }
      POSITIONS.put(contract.name(), positions);
    }
  }

  private Deliveries() {}

  static int position(TableContract contract, String column) {
    return position(POSITIONS.get(contract.name()), contract, column);
  }

  private static int position(Map<String, Integer> positions, TableContract contract, String column) {
    Integer i = positions.get(column);
    if (i == null) {
      throw new IllegalArgumentException(contract.name() + " has no column " + column);
    }
    return i;
  }

  /** Position of the table in {@link Contracts#ALL} (by name: contracts are records with deep equality). */
  static int tableIndex(String table) {
    return TABLE_INDEX.get(table);
  }

  /** First period (YYYYMM) of the table's delivery. */
  static int periodFrom(TableContract contract, Window w) {
    if (contract == Contracts.SCB_AGI_MANAD || contract == Contracts.SCB_HI_MANAD) {
      return Math.max(w.from(), 201901);
    }
    return w.from();
  }

  static int periodTo(TableContract contract, Window w) {
    if (contract == Contracts.SCB_JOBB_AR) {
      return Math.min(w.to(), 201812);
    }
    return w.to();
  }

  static String deliveryId(TableContract contract, int from, int to, int version) {
    return String.format("%s-%04d-%02d_%04d-%02d-v%d", contract.name(), from / 100, from % 100, to / 100, to % 100, version);
  }

  /** One row of a table under construction, its values in contract order as delivered text. */
  static final class Fields {
    final TableContract contract;
    final String[] values;
    private final Map<String, Integer> positions;

    Fields(TableContract contract) {
      this.contract = contract;
      this.values = new String[contract.columns().size()];
      this.positions = POSITIONS.get(contract.name());
    }

    Fields set(String column, Object value) {
      values[position(positions, contract, column)] = value == null ? null : value.toString();
      return this;
    }

    Fields amount(String column, double kronor) {
      return set(column, formatAmount(kronor));
    }
  }

  /** Decimal with a dot, no exponent, no trailing ".0" noise beyond two decimals. */
  static String formatAmount(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value) + ".0";
    }
    return java.math.BigDecimal.valueOf(Math.round(value * 100) / 100.0).toPlainString();
  }
}
