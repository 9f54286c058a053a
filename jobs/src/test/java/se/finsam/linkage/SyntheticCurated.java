package se.finsam.linkage;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import se.finsam.schemas.Contracts;
import se.finsam.schemas.TableContract;

/**
 * A tiny generator of plausible curated rows, built in Spark (so that the benchmark can make 100 000
 * persons without the driver holding them). Not the synth module: no truth, no flaws, simple rules.
 * Persons are pid 1..n, consenting except every tenth, meeting a team between 2019-08 and 2021-06.
 */
final class SyntheticCurated {
  private SyntheticCurated() {}

  static Map<TableContract, Dataset<Row>> tables(SparkSession spark, long persons) {
    spark.range(1, persons + 1).toDF("pid").createOrReplaceTempView("syn_persons");
    Map<TableContract, Dataset<Row>> t = new LinkedHashMap<>();
    t.put(Contracts.EXPERIMENT_DELTAGARE, spark.sql(
        "select pid, concat('F', pid % 3) as forbund_id, concat('T', pid % 7) as team_id, "
            + "date_add(date'2019-07-20', cast(pmod(pid * 7919, 500) as int)) as tillfragad_datum, "
            + "pid % 10 <> 0 as samtycke, "
            + "case when pid % 10 = 0 then null when pid % 2 = 0 then 'BEHANDLING' else 'KONTROLL' end as arm, "
            + "case when pid % 10 = 0 then null else date_add(date'2019-07-20', cast(pmod(pid * 7919, 500) as int) "
            + "+ 14 + case when pid % 2 = 0 then 0 else 190 end) end as forsta_teammote_datum from syn_persons"));
    t.put(Contracts.SCB_BAKGRUND_AR, spark.sql(
        "select pid, ar, case when pid % 5 < 3 then 'K' else 'M' end as kon, cast(1960 + pid % 45 as int) as fodelsear, "
            + "pid % 3 = 0 as utrikes_fodd, pid % 3 = 0 as utlandsk_bakgrund, "
            + "element_at(array('FORGYMNASIAL','GYMNASIAL','EFTERGYMNASIAL','SAKNAS'), cast(pid % 4 + 1 as int)) as utbildningsniva, "
            + "element_at(array('OGIFT','GIFT','SKILD_ANKA'), cast(pid % 3 + 1 as int)) as civilstand, "
            + "cast(null as string) as familjestallning, cast(pid % 6 = 0 as int) as barn_0_3, 0 as barn_4_6, "
            + "cast(pid % 3 as int) as barn_0_17, concat('K', pid % 20) as kommun_kod, "
            + "case when pid % 97 = 0 then date'2022-05-10' end as doddatum, "
            + "case when pid % 89 = 0 then date'2021-11-03' end as utvandrad_datum "
            + "from syn_persons lateral view explode(sequence(2014, 2024)) y as ar"));
    t.put(Contracts.MIDAS_ERSATTNING, spark.sql(
        "select pid, forman, fran_datum, date_add(fran_datum, len) as tom_datum, omfattning, "
            + "round((len + 1) * omfattning * 700, 2) as belopp_brutto, false as sarskilda_fall, "
            + "case when forman = 'AE' then case when pid % 2 = 0 then 'FORLANGD_SKOLGANG' else 'NEDSATT_ARBETSFORMAGA' end end as ae_skal "
            + "from (select pid, s, element_at(array('SJP','SJP','REHAB','SE','AE','FP','OMV','TFP'), cast(pmod(pid * 31 + s * 17, 8) + 1 as int)) as forman, "
            + "date_add(date'2015-01-01', cast(pmod(pid * 131 + s * 977, 3300) as int)) as fran_datum, "
            + "cast(pmod(pid * 37 + s * 101, 400) as int) as len, "
            + "element_at(array(0.25, 0.5, 0.75, 1.0), cast(pmod(pid + s, 4) + 1 as int)) as omfattning "
            + "from syn_persons lateral view explode(sequence(0, cast(pid % 4 as int))) x as s) where s > 0"));
    t.put(Contracts.SCB_AGI_MANAD, spark.sql(
        "select pid, period, concat('AG', e) as arbetsgivare_id, cast(8000 + pmod(pid * 13 + period, 20000) as double) as ersattning_arbete "
            + "from syn_persons lateral view explode(sequence(0, 63)) m as i "
            + "lateral view explode(sequence(1, cast(1 + pid % 2 as int))) g as e "
            + "lateral view explode(array(cast((2019 + floor(i / 12)) * 100 + i % 12 + 1 as int))) p as period "
            + "where pid % 3 <> 0 and pmod(pid + i, 4) <> 0 and period <= 202404"));
    t.put(Contracts.SCB_JOBB_AR, spark.sql(
        "select pid, ar, concat('AG', e) as arbetsgivare_id, cast(30000 + pmod(pid * 17 + ar, 200000) as double) as bruttolon, "
            + "cast(1 + pmod(pid + e, 6) as int) as manad_fran, cast(6 + pmod(pid * e + ar, 7) as int) as manad_till "
            + "from syn_persons lateral view explode(sequence(2015, 2018)) y as ar "
            + "lateral view explode(sequence(1, cast(1 + pid % 2 as int))) g as e where pmod(pid + ar, 3) <> 0"));
    t.put(Contracts.SCB_INKOMST_MANAD, spark.sql(
        "select pid, cast((2015 + floor(i / 12)) * 100 + i % 12 + 1 as int) as period, "
            + "element_at(array('STUDIEMEDEL','AKASSA','BOSTADSBIDRAG','ALDERSPENSION','BOSTADSTILLAGG_SA','VARDNADSBIDRAG'), cast(pid % 6 + 1 as int)) as komponent, "
            + "cast(1000 + pmod(pid * 7 + i * 3, 9000) as double) as belopp "
            + "from syn_persons lateral view explode(sequence(0, 111)) m as i where pmod(pid * 3 + i, 5) = 0"));
    t.put(Contracts.AF_SOKANDEKATEGORI, spark.sql(
        "select pid, fran_datum, case when s = 1 and pid % 7 = 0 then null else date_add(fran_datum, cast(pmod(pid * 11 + s, 500) as int)) end as tom_datum, "
            + "element_at(array('11','21','34','68','41','99'), cast(pmod(pid + s, 6) + 1 as int)) as sokandekategori, "
            + "cast(null as string) as avaktualiseringsorsak "
            + "from (select pid, s, date_add(date'2015-02-01', cast(pmod(pid * 53 + s * 1117, 3200) as int)) as fran_datum "
            + "from syn_persons lateral view explode(sequence(1, cast(pid % 3 as int))) x as s where pid % 3 <> 0)"));
    t.put(Contracts.AF_ANSTALLNINGSSTOD, spark.sql(
        "select pid, date_add(date'2016-03-01', cast(pmod(pid * 29, 2500) as int)) as fran_datum, "
            + "date_add(date'2016-03-01', cast(pmod(pid * 29, 2500) + 180 as int)) as tom_datum, "
            + "case when pid % 2 = 0 then 'NYSTARTSJOBB' else 'LONEBIDRAG' end as stodtyp from syn_persons where pid % 8 = 0"));
    t.put(Contracts.SOS_EKONOMISKT_BISTAND, spark.sql(
        "select pid as hushall_id, member as pid, period, roll, cast(6000 + pmod(pid, 7) * 1000 as double) as belopp_hushall "
            + "from (select pid, cast((2015 + floor(i / 12)) * 100 + i % 12 + 1 as int) as period from syn_persons "
            + "lateral view explode(sequence(0, 111)) m as i where pid % 4 = 0 and pmod(i + pid, 3) <> 0) h "
            + "lateral view inline(array(named_struct('m', pid, 'r', 'SOKANDE'), named_struct('m', 1000000000 + pid, 'r', 'MEDSOKANDE'), named_struct('m', 2000000000 + pid, 'r', 'BARN'))) x as member, roll "
            + "where roll = 'SOKANDE' or pid % 8 = 0"));
    t.put(Contracts.SOS_ARBETSMARKNADSINSATS, spark.sql(
        "select pid, cast((2015 + floor(i / 12)) * 100 + i % 12 + 1 as int) as period, 'JOBBCOACHNING' as insatstyp "
            + "from syn_persons lateral view explode(sequence(0, 111)) m as i where pid % 5 = 0 and pmod(i + pid, 9) = 0"));
    return t;
  }
}
