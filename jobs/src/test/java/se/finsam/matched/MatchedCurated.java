package se.finsam.matched;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import se.finsam.schemas.Contracts;
import se.finsam.schemas.TableContract;

/**
 * The benchmark's curated inputs of the matched design, built in Spark from {@code spark.range} and hashes of
 * pid (not the synth module: no truth, no flaws; the driver holds no person). Persons 1..treated are treated
 * (a SUS insats in 2012, living in a member municipality), the rest potential referents, all with AE for
 * reduced work capacity in 2012. The groups differ in their covariates as the seed's do, so strata differ in
 * size: education unknown is 8 % of the treated and 0.1 % of the pool, which makes its strata thin (a few
 * treated persons end without a referent). About 3 % of the pool drop out by the population's rules (a SUS
 * insats in another year, a member municipality, death in 2011, AE for prolonged schooling) and 0.5 % of the
 * treated have no diagnosis decision (an unknown matching variable).
 */
final class MatchedCurated {
  private MatchedCurated() {}

  /** A uniform draw in [0, 1) from pid and a salt. */
  private static String u(int salt) {
    return "(pmod(xxhash64(pid, " + salt + "), 1000000) / 1000000.0)";
  }

  private static final String TREATED = "(pid <= %d)";

  static Map<TableContract, Dataset<Row>> tables(SparkSession spark, long pool, long treated) {
    spark.range(1, pool + treated + 1).toDF("pid").createOrReplaceTempView("bench_persons");
    String t = String.format(TREATED, treated);
    // One row per person: the drawn facts every table below reads.
    spark.sql("select pid, " + t + " as u, "
        + "case when " + u(1) + " < 0.48 then 'K' else 'M' end as kon, "
        + "cast(1983 + floor(" + u(2) + " * 11) as int) as fodelsear, "
        + u(3) + " < 0.15 as utrikes_fodd, "
        + "case when " + u(4) + " < case when " + t + " then 0.08 else 0.001 end then null "
        + "when " + u(5) + " < case when " + t + " then 0.45 else 0.30 end then 'FORGYMNASIAL' "
        + "when " + u(5) + " < 0.85 then 'GYMNASIAL' else 'EFTERGYMNASIAL' end as utbildningsniva, "
        + "case when " + u(6) + " < case when " + t + " then 0.005 else 0.01 end then null "
        + "when " + u(7) + " < case when " + t + " then 0.70 else 0.50 end then 'PSYKISKA' "
        + "else element_at(array('NERVSYSTEMET', 'RORELSEORGANEN', 'MEDFODDA', 'OVRIGA'), cast(floor(" + u(8) + " * 4) + 1 as int)) "
        + "end as diagnosgrupp, "
        + "date_add(date'2005-01-01', cast(" + u(9) + " * 2920 as int)) as ae_start, "
        + "case when " + u(10) + " < case when " + t + " then 0.60 else 0.70 end then 1.0 "
        + "else element_at(array(0.25, 0.5, 0.75), cast(floor(" + u(11) + " * 3) + 1 as int)) end as omfattning, "
        + "case when " + t + " then element_at(array('1480', '1481', '1482', '1484', '1485'), cast(floor(" + u(12) + " * 5) + 1 as int)) "
        + "when " + u(13) + " < 0.01 then '1480' "
        + "else element_at(array('0180', '1280', '0380', '0580', '2080', '2180', '2380', '2480', '2580', '0680'), "
        + "cast(floor(" + u(12) + " * 10) + 1 as int)) end as kommun_kod, "
        + "not " + t + " and " + u(14) + " < 0.003 as dod, "
        + "not " + t + " and " + u(15) + " < 0.01 as sus_annat_ar, "
        + "not " + t + " and " + u(16) + " < 0.01 as skolgang "
        + "from bench_persons").createOrReplaceTempView("bench_facts");

    Map<TableContract, Dataset<Row>> out = new LinkedHashMap<>();
    // AE from its start to 2013 or 2014 (the outcomes' "sa" changes), and a sickness spell for some in 2013-2014.
    out.put(Contracts.MIDAS_ERSATTNING, spark.sql("select pid, 'AE' as forman, ae_start as fran_datum, "
        + "case when " + u(20) + " < 0.2 then date'2013-06-30' else date'2014-12-31' end as tom_datum, "
        + "omfattning, 100000.0 * omfattning as belopp_brutto, false as sarskilda_fall, "
        + "case when skolgang then 'FORLANGD_SKOLGANG' else 'NEDSATT_ARBETSFORMAGA' end as ae_skal from bench_facts "
        + "union all select pid, 'SJP' as forman, date'2013-07-01' as fran_datum, date'2014-03-31' as tom_datum, "
        + "1.0 as omfattning, 60000.0 as belopp_brutto, false as sarskilda_fall, cast(null as string) as ae_skal "
        + "from bench_facts where " + u(20) + " < 0.1"));
    out.put(Contracts.MIDAS_AE_DIAGNOS, spark.sql("select pid, ae_start as beslutsdatum, diagnosgrupp, "
        + "ae_start as ae_forst_beviljad from bench_facts where diagnosgrupp is not null"));
    out.put(Contracts.SUS_DELTAGANDE, complete(Contracts.SUS_DELTAGANDE, spark.sql("select pid, 'PERSONUPPGIFTER' as registrering, "
        + "concat('F', pmod(pid, 4)) as forbund_id, concat('I', pid) as insats_id, 'REHAB_ARBETE_UTBILDNING' as inriktning, "
        + "date_add(case when u then date'2012-01-01' else date'2015-01-01' end, cast(" + u(21) + " * 300 as int)) as startdatum, "
        + "date_add(case when u then date'2012-01-01' else date'2015-01-01' end, cast(" + u(21) + " * 300 + 180 as int)) as slutdatum "
        + "from bench_facts where u or sus_annat_ar")));
    out.put(Contracts.SCB_BAKGRUND_AR, complete(Contracts.SCB_BAKGRUND_AR, spark.sql("select pid, ar, kon, fodelsear, "
        + "utrikes_fodd, utbildningsniva, kommun_kod, case when dod then date'2011-06-15' end as doddatum from bench_facts "
        + "lateral view explode(sequence(2011, case when dod then 2011 else 2014 end)) y as ar")));
    out.put(Contracts.FORBUND_MEDLEMSKAP, spark.sql("select kommun_kod, 'F1' as forbund_id, date'2008-01-01' as fran_datum, "
        + "cast(null as date) as till_datum from values ('1480'), ('1481'), ('1482'), ('1484'), ('1485') as k(kommun_kod)"));
    // Half the person-years without work, some below the SGI limit (24 % of the prisbasbelopp, about 10 500 kr).
    out.put(Contracts.SCB_INKOMST_AR, spark.sql("select pid, ar, pgioai as pgi, pgioai, 0.0 as pgiofi from (select pid, ar, "
        + "case when h < 0.5 then 0.0 when h < 0.65 then round(1000 + h * 9000) else round(20000 + h * 200000) end as pgioai "
        + "from (select pid, ar, pmod(xxhash64(pid, ar, 30), 1000000) / 1000000.0 as h from bench_persons "
        + "lateral view explode(sequence(2011, 2014)) y as ar))"));
    out.put(Contracts.CSN_STUDIESTOD_AR, spark.sql("select pid, ar, "
        + "case when pmod(xxhash64(pid, ar, 31), 5) = 0 then 'STUDIEHJALP' else 'STUDIEMEDEL' end as stodform, 20000.0 as belopp "
        + "from bench_persons lateral view explode(sequence(2011, 2014)) y as ar where pmod(xxhash64(pid, ar, 32), 100) < 8"));
    out.put(Contracts.AF_SOKANDEKATEGORI, spark.sql("select pid, fran_datum, "
        + "case when " + u(41) + " < 0.1 then null else date_add(fran_datum, cast(" + u(42) + " * 600 as int)) end as tom_datum, "
        + "element_at(array('11', '12', '14', '21', '22', '31', '34', '41', '46', '56'), cast(floor(" + u(43) + " * 10) + 1 as int)) "
        + "as sokandekategori, cast(null as string) as avaktualiseringsorsak from (select pid, "
        + "date_add(date'2010-01-01', cast(" + u(44) + " * 1800 as int)) as fran_datum from bench_persons where " + u(40) + " < 0.35)"));
    out.put(Contracts.FK_AF_SAMARBETE, spark.sql("select pid, "
        + "element_at(array('GEMENSAM_KARTLAGGNING', 'ARBETSFORBEREDANDE', 'ARBETSLIVSINRIKTAD'), cast(floor(" + u(51) + " * 3) + 1 as int)) "
        + "as del, date_add(date'2011-01-01', cast(" + u(52) + " * 1400 as int)) as fran_datum, "
        + "date_add(date'2011-01-01', cast(" + u(52) + " * 1400 + 180 as int)) as tom_datum from bench_persons where " + u(50) + " < 0.05"));
    return out;
  }

  /** The contract's columns the rows lack, as nulls (optional columns the benchmark has no use for). */
  private static Dataset<Row> complete(TableContract contract, Dataset<Row> rows) {
    List<String> present = List.of(rows.columns());
    List<Column> columns = new ArrayList<>();
    for (String c : contract.columnNames()) {
      columns.add(present.contains(c) ? col(c) : lit(null).cast(contract.column(c).type()).as(c));
    }
    return rows.select(columns.toArray(Column[]::new));
  }
}
