package se.finsam.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.finsam.schemas.Contracts;
import se.finsam.schemas.TableContract;
import se.finsam.spark.SharedSpark;

/**
 * SCB's delivered HI (scb_hi_manad, scb_hi_ar) tells the same story as the component registers: without
 * flaws, each delivered category amount equals the sum recomputed here in SQL from the other deliveries
 * (wages, a-kassa and aktivitetsstöd, pension, bostadsbidrag plus bistånd per household member,
 * sjukpenning and rehabiliteringspenning prorated by days), and a year's row is the sum of its months.
 * With {@code finsam.synth.scb-hi = false} neither table is delivered.
 */
@ExtendWith(SharedSpark.class)
class SynthScbHiTest {

  @Test
  void deliveredHiAgreesWithTheComponents(SparkSession spark) throws Exception {
    Path raw = Files.createTempDirectory("synth-scb-hi");
    SynthJob.generate(spark, SynthTestSupport.settings(Map.of("finsam.synth.persons", 200, "finsam.synth.flaw-rate", 0,
        "finsam.synth.from", 201801, "finsam.synth.to", 202012)), raw.toString(), (what, rows) -> { });
    for (TableContract t : new TableContract[] {Contracts.SCB_HI_MANAD, Contracts.SCB_HI_AR, Contracts.SCB_AGI_MANAD,
        Contracts.SCB_INKOMST_MANAD, Contracts.SOS_EKONOMISKT_BISTAND, Contracts.MIDAS_ERSATTNING, Contracts.EXPERIMENT_DELTAGARE}) {
      RawDeliveries.read(spark, RawDeliveries.deliveryDir(raw, t, 1), t, "pid").createOrReplaceTempView("r_" + t.name());
    }
    spark.sql("select pid, cast(period as int) period, sum(cast(ersattning_arbete as double)) arbete "
        + "from r_scb_agi_manad group by 1, 2").createOrReplaceTempView("o_arbete");
    spark.sql("select pid, cast(period as int) period, "
        + "sum(case when komponent in ('AKASSA', 'AKTIVITETSSTOD') then cast(belopp as double) else 0 end) arbetsloshet, "
        + "sum(case when komponent = 'ALDERSPENSION' then cast(belopp as double) else 0 end) pension, "
        + "sum(case when komponent = 'BOSTADSBIDRAG' then cast(belopp as double) else 0 end) bostadsbidrag "
        + "from r_scb_inkomst_manad group by 1, 2").createOrReplaceTempView("o_komponent");
    spark.sql("select b.pid, cast(b.period as int) period, cast(b.belopp_hushall as double) / m.members bistand "
        + "from r_sos_ekonomiskt_bistand b join (select hushall_id, period, count(*) members "
        + "from r_sos_ekonomiskt_bistand group by 1, 2) m on b.hushall_id = m.hushall_id and b.period = m.period")
        .createOrReplaceTempView("o_bistand");
    // Each spell's amount spread over its days: the days of the spell inside each calendar month.
    spark.sql("select pid, cast(date_format(month, 'yyyyMM') as int) period, sum(belopp * (datediff(least(tom, last_day(month)), "
        + "greatest(fran, month)) + 1) / (datediff(tom, fran) + 1)) sjukdom from (select pid, cast(fran_datum as date) fran, "
        + "cast(tom_datum as date) tom, cast(belopp_brutto as double) belopp, explode(sequence(trunc(cast(fran_datum as date), "
        + "'MM'), trunc(cast(tom_datum as date), 'MM'), interval 1 month)) month from r_midas_ersattning "
        + "where forman in ('SJP', 'REHAB')) group by 1, 2").createOrReplaceTempView("o_sjukdom");
    Row monthly = spark.sql("select count(*) n, "
        + "sum(case when abs(cast(h.inkomst_arbete as double) - coalesce(a.arbete, 0)) > 0.01 then 1 else 0 end) arbete, "
        + "sum(case when abs(cast(h.inkomst_arbetsloshet as double) - coalesce(k.arbetsloshet, 0)) > 0.01 then 1 else 0 end) arbetsloshet, "
        + "sum(case when abs(cast(h.inkomst_pension as double) - coalesce(k.pension, 0)) > 0.01 then 1 else 0 end) pension, "
        + "sum(case when abs(cast(h.inkomst_ekonomiskt_stod as double) - coalesce(k.bostadsbidrag, 0) - coalesce(b.bistand, 0)) "
        + "> 0.02 then 1 else 0 end) ekonomiskt_stod, "
        + "sum(case when abs(cast(h.inkomst_sjukdom as double) - coalesce(s.sjukdom, 0)) > 0.02 then 1 else 0 end) sjukdom, "
        + "sum(case when cast(h.inkomst_arbete as double) > 0 then 1 else 0 end) with_work, "
        + "sum(case when cast(h.inkomst_ekonomiskt_stod as double) > 0 then 1 else 0 end) with_stod, "
        + "sum(case when cast(h.inkomst_sjukdom as double) > 0 then 1 else 0 end) with_sjukdom "
        + "from (select *, cast(period as int) p from r_scb_hi_manad) h "
        + "left join o_arbete a on a.pid = h.pid and a.period = h.p "
        + "left join o_komponent k on k.pid = h.pid and k.period = h.p "
        + "left join o_bistand b on b.pid = h.pid and b.period = h.p "
        + "left join o_sjukdom s on s.pid = h.pid and s.period = h.p").first();
    assertTrue(monthly.getLong(0) > 1000, "person-months 2019-2020: " + monthly);
    for (int i = 1; i <= 5; i++) {
      assertEquals(0L, monthly.getLong(i), monthly.schema().fieldNames()[i] + " differs from the components: " + monthly);
    }
    for (int i = 6; i <= 8; i++) {
      assertTrue(monthly.getLong(i) > 50, "the check sees amounts: " + monthly);
    }
    // Monthly HI is the experiment's persons' (SCB's extraction for the study population): each of their
    // person-months with wages has a row (wages only while living in Sweden, aged 16+), nobody else has one.
    assertEquals(0L, spark.sql("select * from o_arbete a left semi join r_experiment_deltagare e on a.pid = e.pid "
        + "left anti join r_scb_hi_manad h on a.pid = h.pid and a.period = cast(h.period as int)").count());
    assertEquals(0L, spark.sql("select * from r_scb_hi_manad h left anti join r_experiment_deltagare e "
        + "on h.pid = e.pid").count(), "monthly HI only for the study population");
    assertTrue(spark.sql("select * from r_scb_hi_ar y left anti join r_experiment_deltagare e on y.pid = e.pid")
        .count() > 100, "yearly HI for everyone (B1's population column)");
    // A year of 2019-2020 sums its months; 2018 (before monthly HI) has wages from scb_jobb_ar.
    Row yearly = spark.sql("select count(*), sum(case when abs(y.arbete - m.arbete) > 0.05 "
        + "or abs(y.sjukdom - m.sjukdom) > 0.05 then 1 else 0 end) from (select pid, cast(ar as int) ar, "
        + "cast(inkomst_arbete as double) arbete, cast(inkomst_sjukdom as double) sjukdom from r_scb_hi_ar) y join "
        + "(select pid, cast(substr(period, 1, 4) as int) ar, sum(cast(inkomst_arbete as double)) arbete, "
        + "sum(cast(inkomst_sjukdom as double)) sjukdom from r_scb_hi_manad group by 1, 2) m on y.pid = m.pid and y.ar = m.ar")
        .first();
    assertTrue(yearly.getLong(0) > 100, "person-years of the study population: " + yearly);
    assertEquals(0L, yearly.getLong(1), "yearly = sum of the months");
    assertTrue(spark.sql("select * from r_scb_hi_ar where ar = '2018'").count() > 100, "years before monthly HI");

    Path off = Files.createTempDirectory("synth-scb-hi-off");
    SynthJob.generate(spark, SynthTestSupport.settings(Map.of("finsam.synth.persons", 20, "finsam.synth.scb-hi", false,
        "finsam.synth.from", 201801, "finsam.synth.to", 201912)), off.toString(), (what, rows) -> { });
    assertFalse(Files.exists(off.resolve(Contracts.SCB_HI_MANAD.name())));
    assertFalse(Files.exists(off.resolve(Contracts.SCB_HI_AR.name())));
    assertTrue(Files.exists(off.resolve(Contracts.SCB_AGI_MANAD.name())));
  }
}
