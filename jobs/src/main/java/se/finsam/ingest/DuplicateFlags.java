package se.finsam.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Ascending$;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.InterpretedOrdering;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.expressions.NullsFirst$;
import org.apache.spark.sql.catalyst.expressions.SortOrder;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.Platform;
import scala.collection.JavaConverters;

/**
 * The duplicate check of one partition whose rows are hashed by business key: every row leaves with two
 * flags appended, {@code conflict} (a valid row whose key has another valid row differing in some other
 * column) and {@code first} (no other valid row of its key comes earlier in (file, row number)). Rows
 * that broke a rule are not compared: they are quarantined under their own rule whatever their key.
 *
 * <p>A hash table from each valid row's key to its group replaces a window over the key, which had to sort
 * the partition and copy every row through the window's buffer although almost every key has one row
 * (about a quarter of a large delivery's time, ingest README). Like the sort it holds the partition's
 * rows until the last one is seen (a task's rows are bounded by {@code finsam.ingest.rows-per-task}), as
 * bytes in pages of {@link Pages#SIZE} rather than as an object per row, which the collector would have
 * to trace and promote; unlike the sort it does not spill. Keys are equal when their values are (no
 * business key is floating-point, whose -0.0 and NaNs would need normalising first) and the other columns
 * when Spark's order finds them equal, so a conflict is exactly what the window's smallest and largest
 * variant of a key found.
 */
final class DuplicateFlags implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
  /** The flags appended to every row. */
  static final String CONFLICT = "_conflict";
  static final String FIRST = "_first";

  private final StructType schema;
  private final int[] key;
  private final int[] others;
  private final int file;
  private final int rowNumber;
  private final int ruleCode;
  private final int orderedBy;

  /**
   * @param schema the rows' schema: besides the columns named, where a row was delivered
   *     ({@link DeliveryReader#FILE}, {@link DeliveryReader#ROW_NUMBER}), which orders the rows of a key, and
   *     the broken rule's code ({@link DeliveryValidation#RULE_CODE}), null for a valid row
   * @param key the business key's columns
   * @param others the columns compared between rows of one key
   * @param orderedBy an integer column by which the rows leave each task, ascending with nulls first
   */
  DuplicateFlags(StructType schema, List<String> key, List<String> others, Optional<String> orderedBy) {
    this.schema = schema;
    this.key = key.stream().mapToInt(schema::fieldIndex).toArray();
    for (int k : this.key) {
      DataType type = schema.fields()[k].dataType();
      if (type.equals(DataTypes.DoubleType) || type.equals(DataTypes.FloatType)) {
        throw new IllegalArgumentException("the business key column " + schema.fields()[k].name() + " is "
            + type.sql() + ": a floating-point key is not supported");
      }
    }
    this.others = others.stream().mapToInt(schema::fieldIndex).toArray();
    this.file = schema.fieldIndex(DeliveryReader.FILE);
    this.rowNumber = schema.fieldIndex(DeliveryReader.ROW_NUMBER);
    this.ruleCode = schema.fieldIndex(DeliveryValidation.RULE_CODE);
    this.orderedBy = orderedBy.map(schema::fieldIndex).orElse(-1);
    if (this.orderedBy >= 0 && !schema.fields()[this.orderedBy].dataType().equals(DataTypes.IntegerType)) {
      throw new IllegalArgumentException("the rows can be ordered by an int column only, not " + orderedBy.get());
    }
  }

  /**
   * {@code byKey}'s rows with {@link #CONFLICT} and {@link #FIRST} appended.
   *
   * @param byKey rows hashed by {@code key} (every row of a key in one partition)
   * @param orderedBy an int column by which each partition's rows come out, ascending with nulls first, as
   *     the frame's plan knows: the task holds them all anyway, and ordering them here spares the curated
   *     write its sort by partition year
   * @param name what the map side's job is called in Spark's UI
   */
  static Dataset<Row> flag(Dataset<Row> byKey, List<String> key, List<String> others, Optional<String> orderedBy,
      String name) {
    // No Spark operator finds a key's duplicates without sorting its rows, so they leave the plan and come
    // back as a frame of the same internal rows (no conversion per row).
    RDD<InternalRow> rows = RowFrames.rows(byKey, name);
    StructType schema = byKey.schema();
    return RowFrames.of(byKey.sparkSession(),
        rows.toJavaRDD().mapPartitions(new DuplicateFlags(schema, key, others, orderedBy)).rdd(),
        schema.add(CONFLICT, DataTypes.BooleanType, false).add(FIRST, DataTypes.BooleanType, false),
        orderedBy.map(List::of).orElse(List.of()));
  }

  @Override
  public Iterator<InternalRow> call(Iterator<InternalRow> input) {
    UnsafeProjection unsafe = null; // the shuffle gives unsafe rows; others are converted
    UnsafeProjection keyOf = RowFrames.projection(schema, key);
    InterpretedOrdering variant = new InterpretedOrdering(JavaConverters.asScalaBuffer(othersOrder()).toSeq());
    Pages rows = new Pages();
    Pages keys = new Pages();
    Groups groups = new Groups();
    UnsafeRow a = new UnsafeRow(schema.size());
    UnsafeRow b = new UnsafeRow(schema.size());
    UnsafeRow storedKey = new UnsafeRow(key.length);
    while (input.hasNext()) {
      InternalRow next = input.next();
      UnsafeRow row;
      if (next instanceof UnsafeRow u) {
        row = u;
      } else {
        if (unsafe == null) {
          unsafe = RowFrames.projection(schema, allColumns());
        }
        row = unsafe.apply(next);
      }
      int at = rows.add(row);
      if (!row.isNullAt(ruleCode)) {
        groups.ofRow(at, -1);
        continue;
      }
      UnsafeRow k = keyOf.apply(row);
      int h = k.hashCode();
      int g = groups.find(k, h, keys, storedKey);
      if (g < 0) {
        g = groups.add(h, keys.add(k), at);
      } else {
        // Equal to the group's first row iff equal to all of them: the order is total.
        rows.point(a, groups.first[g]);
        if (!groups.conflict[g] && variant.compare(a, row) != 0) {
          groups.conflict[g] = true;
        }
        if (earlier(row, a)) {
          groups.first[g] = at;
        }
      }
      groups.ofRow(at, g);
    }
    keys.release(Integer.MAX_VALUE);
    int[] order = orderedBy < 0 ? null : order(rows, b);
    GenericInternalRow flags = new GenericInternalRow(2);
    JoinedRow out = new JoinedRow();
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < rows.size();
      }

      @Override
      public InternalRow next() {
        int at;
        if (order == null) {
          at = next++;
          // The pages before the previous row's (which its reader may still hold) go as the rows do, rather
          // than all at the end of the partition.
          rows.release(Math.max(0, at - 1));
        } else {
          at = order[next++];
        }
        rows.point(b, at);
        int g = groups.group[at];
        flags.setBoolean(0, g >= 0 && groups.conflict[g]);
        flags.setBoolean(1, g < 0 || groups.first[g] == at);
        return out.apply(b, flags);
      }
    };
  }

  /** The rows' places by the {@link #orderedBy} column, nulls first, each value's rows in arrival order. */
  private int[] order(Pages rows, UnsafeRow row) {
    int[] order = new int[rows.size()];
    long[] byValue = new long[rows.size()]; // value << 32 | place: sorted, by value and then place
    int nulls = 0;
    int values = 0;
    for (int i = 0; i < rows.size(); i++) {
      rows.point(row, i);
      if (row.isNullAt(orderedBy)) {
        order[nulls++] = i;
      } else {
        byValue[values++] = (long) row.getInt(orderedBy) << 32 | i;
      }
    }
    Arrays.sort(byValue, 0, values);
    for (int j = 0; j < values; j++) {
      order[nulls + j] = (int) byValue[j];
    }
    return order;
  }

  private boolean earlier(InternalRow x, InternalRow y) {
    int byFile = x.getUTF8String(file).compareTo(y.getUTF8String(file));
    return byFile < 0 || byFile == 0 && x.getLong(rowNumber) < y.getLong(rowNumber);
  }

  private int[] allColumns() {
    int[] all = new int[schema.size()];
    Arrays.setAll(all, i -> i);
    return all;
  }

  private List<SortOrder> othersOrder() {
    List<SortOrder> order = new ArrayList<>();
    for (Expression column : RowFrames.references(schema, others)) {
      order.add(new SortOrder(column, Ascending$.MODULE$, NullsFirst$.MODULE$,
          JavaConverters.asScalaBuffer(new ArrayList<Expression>()).toSeq()));
    }
    return order;
  }

  /** Unsafe rows appended as bytes to pages; the i-th row is read back in place. */
  static final class Pages {
    static final int SIZE = 1 << 20;
    private final int pageSize;
    private final List<byte[]> pages = new ArrayList<>();
    private long[] address = new long[1024]; // page << 32 | offset
    private int[] length = new int[1024];
    private int size;
    private int used;
    private int released;

    Pages() {
      this(SIZE);
    }

    Pages(int pageSize) {
      this.pageSize = pageSize;
      this.used = pageSize;
    }

    int add(UnsafeRow row) {
      int bytes = row.getSizeInBytes();
      if (used + bytes > pageSize) {
        pages.add(new byte[Math.max(pageSize, bytes)]);
        used = 0;
      }
      int page = pages.size() - 1;
      Platform.copyMemory(row.getBaseObject(), row.getBaseOffset(), pages.get(page), Platform.BYTE_ARRAY_OFFSET + used,
          bytes);
      if (size == address.length) {
        address = Arrays.copyOf(address, 2 * size);
        length = Arrays.copyOf(length, 2 * size);
      }
      address[size] = (long) page << 32 | used;
      length[size] = bytes;
      used += bytes;
      return size++;
    }

    void point(UnsafeRow row, int i) {
      row.pointTo(pages.get((int) (address[i] >>> 32)), Platform.BYTE_ARRAY_OFFSET + (int) address[i], length[i]);
    }

    int size() {
      return size;
    }

    /** Drops the pages before row {@code i}'s (all of them for a row past the last). */
    void release(int i) {
      int below = i >= size ? pages.size() : (int) (address[i] >>> 32);
      for (; released < below; released++) {
        pages.set(released, null);
      }
    }
  }

  /** Per key: its first row (by file and row number) and whether its rows differ; and each row's key. */
  private static final class Groups {
    int[] first = new int[1024];
    boolean[] conflict = new boolean[1024];
    int[] group = new int[1024];
    private int[] keyRow = new int[1024];
    private int[] hash = new int[1024];
    private int[] slots = new int[2048]; // group + 1, 0 when empty; at most half full
    private int size;

    int find(UnsafeRow k, int h, Pages keys, UnsafeRow stored) {
      for (int s = h & (slots.length - 1); slots[s] != 0; s = (s + 1) & (slots.length - 1)) {
        int g = slots[s] - 1;
        if (hash[g] == h) {
          keys.point(stored, keyRow[g]);
          if (stored.equals(k)) {
            return g;
          }
        }
      }
      return -1;
    }

    int add(int h, int keyAt, int row) {
      if (size == first.length) {
        first = Arrays.copyOf(first, 2 * size);
        conflict = Arrays.copyOf(conflict, 2 * size);
        keyRow = Arrays.copyOf(keyRow, 2 * size);
        hash = Arrays.copyOf(hash, 2 * size);
      }
      first[size] = row;
      keyRow[size] = keyAt;
      hash[size] = h;
      if (2 * (size + 1) > slots.length) {
        slots = new int[2 * slots.length];
        for (int g = 0; g < size; g++) {
          place(g);
        }
      }
      place(size);
      return size++;
    }

    private void place(int g) {
      int s = hash[g] & (slots.length - 1);
      while (slots[s] != 0) {
        s = (s + 1) & (slots.length - 1);
      }
      slots[s] = g + 1;
    }

    void ofRow(int row, int g) {
      if (row == group.length) {
        group = Arrays.copyOf(group, 2 * row);
      }
      group[row] = g;
    }
  }
}
