package se.finsam.kommun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnslutningTest {
  private static Anslutning.Medlemskap m(String kommun, String forbund, String fran, String till) {
    return new Anslutning.Medlemskap(kommun, forbund, LocalDate.parse(fran), till == null ? null : LocalDate.parse(till));
  }

  @Test
  void firstYearAsMemberLeaversAndRejoiners() {
    List<Anslutning.Status> timing = Anslutning.of(List.of(
        // Joins on 30 December 2006: a member on a day of 2006, so treated from 2006.
        m("0101", "SF001", "2006-12-30", null),
        // Moves between förbund (a merger): the first membership decides.
        m("0102", "SF002", "2005-03-01", "2007-12-31"),
        m("0102", "SF003", "2008-01-01", null),
        // Leaves in 2009 and re-joins in 2012: still treated from 2007, not a leaver.
        m("0103", "SF004", "2007-01-01", "2009-06-30"),
        m("0103", "SF004", "2012-01-01", null),
        // Leaves in 2010 for good: a leaver, treated from 2008.
        m("0104", "SF005", "2008-05-01", "2010-04-30"),
        // Its membership ends on the panel's last day: still a member at the end.
        m("0105", "SF006", "2009-01-01", "2016-12-31"),
        // Joins only after the panel: not a leaver; its treatment year lies after the panel.
        m("0106", "SF007", "2018-01-01", null)), 2016);
    assertEquals(List.of(
        new Anslutning.Status("0101", 2006, null),
        new Anslutning.Status("0102", 2005, null),
        new Anslutning.Status("0103", 2007, null),
        new Anslutning.Status("0104", 2008, 2010),
        new Anslutning.Status("0105", 2009, null),
        new Anslutning.Status("0106", 2018, null)), timing);
  }

  @Test
  void endBeforeStartIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m("0101", "SF001", "2006-05-01", "2006-04-30"));
    assertEquals(true, e.getMessage().contains("0101/SF001"));
  }
}
