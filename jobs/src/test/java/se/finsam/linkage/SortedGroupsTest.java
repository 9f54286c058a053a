package se.finsam.linkage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class SortedGroupsTest {
  /** Groups of equal tens (12 and 17 together), each cut to its size and sum; the group of 30s to nothing. */
  @Test
  void eachRunOfEqualKeysIsCutOnceInOrder() {
    List<Integer> rows = List.of(12, 17, 21, 30, 31, 45, 47, 48);
    List<List<Integer>> seen = new ArrayList<>();
    Iterator<String> out = SortedGroups.flatMap(rows.iterator(), (first, row) -> first / 10 == row / 10, group -> {
      seen.add(group);
      return group.get(0) / 10 == 3 ? Collections.emptyIterator()
          : List.of(group.size() + ":" + group.stream().mapToInt(Integer::intValue).sum()).iterator();
    });
    List<String> all = new ArrayList<>();
    out.forEachRemaining(all::add);
    assertEquals(List.of("2:29", "1:21", "3:140"), all);
    assertEquals(List.of(List.of(12, 17), List.of(21), List.of(30, 31), List.of(45, 47, 48)), seen);
    assertThrows(NoSuchElementException.class, out::next);
  }

  /** The next group is read only when the current group's output is used up (so a cut may reuse its buffers). */
  @Test
  void readsTheNextGroupOnlyWhenTheCurrentOutputIsUsedUp() {
    List<Integer> cut = new ArrayList<>();
    Iterator<Integer> out = SortedGroups.flatMap(List.of(1, 1, 2).iterator(), Integer::equals, group -> {
      cut.add(group.get(0));
      return List.of(group.get(0), group.get(0)).iterator();
    });
    assertEquals(1, out.next());
    assertEquals(1, out.next());
    assertEquals(List.of(1), cut);
    assertEquals(2, out.next());
    assertEquals(List.of(1, 2), cut);
  }

  @Test
  void noRowsGiveNoOutput() {
    assertFalse(SortedGroups.flatMap(Collections.<Integer>emptyIterator(), Integer::equals,
        group -> group.iterator()).hasNext());
  }
}
