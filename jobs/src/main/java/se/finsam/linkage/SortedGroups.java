package se.finsam.linkage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * The groups of a partition sorted by a group key (runs of consecutive rows with equal keys), each
 * turned into its output rows by plain Java. The panel's Java steps (spells by person and key, bistand
 * by household and month, the calendar by person) shuffle and sort once, then compute per group here;
 * only one group's rows are held at a time, and the next group is read only when the current group's
 * output is used up.
 */
final class SortedGroups {
  private SortedGroups() {}

  /**
   * The output of each group of {@code rows} in order. {@code sameGroup} tells whether a row belongs
   * to the group whose first row is given; {@code cut} maps a group's rows to its output (possibly none).
   */
  static <T, R> Iterator<R> flatMap(Iterator<T> rows, BiPredicate<T, T> sameGroup, Function<List<T>, Iterator<R>> cut) {
    return new Iterator<>() {
      private T pending = rows.hasNext() ? rows.next() : null;
      private Iterator<R> group = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!group.hasNext() && pending != null) {
          T first = pending;
          List<T> members = new ArrayList<>();
          do {
            members.add(pending);
            pending = rows.hasNext() ? rows.next() : null;
          } while (pending != null && sameGroup.test(first, pending));
          group = cut.apply(members);
        }
        return group.hasNext();
      }

      @Override
      public R next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return group.next();
      }
    };
  }
}
