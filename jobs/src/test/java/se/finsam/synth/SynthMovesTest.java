package se.finsam.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.finsam.kommun.PersonYears;
import se.finsam.schemas.Contracts;
import se.finsam.spark.SharedSpark;

/**
 * Moves in the synthetic registers (finsam.synth.geography.move-share): some of the general population
 * and the pool move once to a municipality with the same joining year, participants never, and the
 * municipality panel counts a mover where scb_bakgrund_ar has them at the end of each year.
 */
@ExtendWith(SharedSpark.class)
class SynthMovesTest {
  private static final StructType BAKGRUND = new StructType()
      .add("pid", DataTypes.LongType).add("ar", DataTypes.IntegerType).add("kon", DataTypes.StringType)
      .add("fodelsear", DataTypes.IntegerType).add("kommun_kod", DataTypes.StringType)
      .add("doddatum", DataTypes.DateType).add("utvandrad_datum", DataTypes.DateType);

  @Test
  void moversChangeMunicipalityOnceWithinTheirClassAndAreCountedWhereTheyLive(SparkSession spark) {
    SynthSettings s = SynthTestSupport.settings(Map.of("finsam.synth.persons", 2000, "finsam.synth.flaw-rate", 0.0,
        "finsam.synth.shares.experiment", 0.2, "finsam.synth.shares.sus", 0.2, "finsam.synth.shares.pool", 0.3,
        "finsam.synth.shares.befolkning", 0.3));
    Geography geo = Geography.generate(s);
    Map<String, Integer> joinYear = new HashMap<>();
    geo.municipalities().forEach(m -> joinYear.put(m.code(), m.joinYear()));
    int[] col = {Deliveries.position(Contracts.SCB_BAKGRUND_AR, "ar"), Deliveries.position(Contracts.SCB_BAKGRUND_AR, "kommun_kod"),
        Deliveries.position(Contracts.SCB_BAKGRUND_AR, "kon"), Deliveries.position(Contracts.SCB_BAKGRUND_AR, "fodelsear")};
    int movers = 0;
    int movable = 0;
    List<Row> moverRows = new ArrayList<>();
    Map<String, String> expected = new HashMap<>();
    for (long idx = 0; idx < s.persons(); idx++) {
      Person p = new Person(s, geo, idx);
      boolean mayMove = p.population == Person.Population.BEFOLKNING || p.population == Person.Population.POOL;
      movable += mayMove ? 1 : 0;
      List<Flaws.Out> out = new ArrayList<>();
      new RegisterRows(s, out).person(new LifeCourse(s, p));
      List<String[]> rows = out.stream().filter(o -> o.table().equals(Contracts.SCB_BAKGRUND_AR.name()))
          .map(Flaws.Out::values).toList();
      long codes = rows.stream().map(r -> r[col[1]]).distinct().count();
      if (p.movedTo == null) {
        assertTrue(codes <= 1, "a person who does not move has one municipality, pid " + p.pid);
        continue;
      }
      assertTrue(mayMove, "participants do not move, pid " + p.pid);
      movers++;
      assertNotEquals(p.home.code(), p.movedTo.code());
      assertEquals(p.home.joinYear(), p.movedTo.joinYear(), "a mover keeps the joining year, pid " + p.pid);
      for (String[] r : rows) {
        int year = Integer.parseInt(r[col[0]]);
        assertEquals(year >= p.moveYear ? p.movedTo.code() : p.home.code(), r[col[1]], "pid " + p.pid + " " + year);
        // The exit date is on the row of the exit year only, as the generator writes it.
        moverRows.add(RowFactory.create(p.pid, year, r[col[2]], Integer.parseInt(r[col[3]]), r[col[1]],
            exitIn(p.deathDate, year), exitIn(p.emigrationDate, year)));
        boolean resident = (p.deathDate == null || p.deathDate.isAfter(LocalDate.of(year, 12, 31)))
            && (p.emigrationDate == null || p.emigrationDate.isAfter(LocalDate.of(year, 12, 31)));
        if (resident) {
          expected.put(p.pid + " " + year, year >= p.moveYear ? p.movedTo.code() : p.home.code());
        }
      }
    }
    // move-share 0.05 of ~1 000 movable persons: a few dozen (none would fail this test).
    assertTrue(movers >= 0.02 * movable && movers <= 0.09 * movable, movers + " movers of " + movable);

    // The panel's residents: each mover in the municipality of their year-end row.
    Map<String, String> counted = new HashMap<>();
    for (Row r : PersonYears.residents(spark.createDataFrame(moverRows, BAKGRUND), s.window().fromYear(), s.window().toYear())
        .collectAsList()) {
      counted.put(r.getLong(0) + " " + r.getInt(1), r.getString(2));
    }
    assertEquals(expected, counted);
  }

  private static java.sql.Date exitIn(LocalDate exit, int year) {
    return exit != null && exit.getYear() == year ? java.sql.Date.valueOf(exit) : null;
  }
}
