package se.finsam.schemas;

import java.util.Optional;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * One column of a source contract.
 *
 * @param codeList name of the code list the value must belong to (see {@link CodeLists}), if any
 * @param multiValued true for set-valued columns delivered as codes separated by {@code |}
 * @param min inclusive lower bound for numbers (YYYYMM periods and years included), if any
 * @param max inclusive upper bound, if any
 * @param mayBeAbsent true for an optional column added to the contract after deliveries without it were
 *     made: a delivery file may leave it out, and then it is empty in every row (older deliveries stay valid)
 */
public record ColumnSpec(
    String name,
    DataType type,
    boolean nullable,
    Optional<String> codeList,
    boolean multiValued,
    Optional<Double> min,
    Optional<Double> max,
    boolean mayBeAbsent,
    String description) {

  /** Values of this form are periods in YYYYMM form, stored as int and checked as a calendar month. */
  public boolean isPeriod() {
    return name.equals("period");
  }

  public static Builder required(String name, DataType type) {
    return new Builder(name, type, false);
  }

  public static Builder optional(String name, DataType type) {
    return new Builder(name, type, true);
  }

  /** Builder, so that contracts read as a list of columns with only what is special about each. */
  public static final class Builder {
    private final String name;
    private final DataType type;
    private final boolean nullable;
    private Optional<String> codeList = Optional.empty();
    private boolean multiValued;
    private Optional<Double> min = Optional.empty();
    private Optional<Double> max = Optional.empty();
    private boolean mayBeAbsent;
    private String description = "";

    private Builder(String name, DataType type, boolean nullable) {
      this.name = name;
      this.type = type;
      this.nullable = nullable;
    }

    public Builder codes(String list) {
      this.codeList = Optional.of(list);
      return this;
    }

    public Builder codeSet(String list) {
      if (type != DataTypes.StringType) {
        throw new IllegalArgumentException(name + ": a set of codes is delivered as a string");
      }
      this.codeList = Optional.of(list);
      this.multiValued = true;
      return this;
    }

    public Builder range(double lo, double hi) {
      this.min = Optional.of(lo);
      this.max = Optional.of(hi);
      return this;
    }

    public Builder atLeast(double lo) {
      this.min = Optional.of(lo);
      return this;
    }

    /** See {@link ColumnSpec#mayBeAbsent}; only for optional columns. */
    public Builder mayBeAbsent() {
      if (!nullable) {
        throw new IllegalArgumentException(name + ": a required column cannot be left out of a delivery");
      }
      this.mayBeAbsent = true;
      return this;
    }

    public Builder doc(String text) {
      this.description = text;
      return this;
    }

    public ColumnSpec build() {
      return new ColumnSpec(name, type, nullable, codeList, multiValued, min, max, mayBeAbsent, description);
    }
  }
}
