package se.finsam.indicators;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/**
 * Offentlig försörjning per person-month (SPEC 5.2), from monthly 0/1 facts.
 * <ul>
 *   <li>{@code offentlig_forsorjning} (seed 002 section 3.7): ekonomiskt bistånd ({@code har_fs}), or a
 *       sickness-related FK benefit (sjukpenning, sjukersättning, aktivitetsersättning; rehabiliteringspenning
 *       when {@code rehab}), or an AF registration as openly unemployed or in a programme. Studiestöd,
 *       employer subsidies and nystartsjobb do not count (seed 002 lines 738-746).</li>
 *   <li>{@code offentlig_forsorjning_bred} (seed 003 note 19: ersättning from A-kassa, AF, FK or the
 *       municipality, not CSN): the above, or any MiDaS benefit, or a paid income component of the
 *       configured bred list.</li>
 * </ul>
 */
public final class OffentligForsorjning {
  private OffentligForsorjning() {}

  public static Column narrow(boolean rehab) {
    Column any = flag("har_fs").or(flag("sjp_covered")).or(flag("se_covered")).or(flag("ae_covered"))
        .or(flag("af_oppet_covered"));
    if (rehab) {
      any = any.or(flag("rehab_covered"));
    }
    return when(any, 1).otherwise(0);
  }

  public static Column broad(boolean rehab) {
    return when(narrow(rehab).equalTo(1).or(flag("fk_any_covered")).or(flag("bred_komponent")), 1).otherwise(0);
  }

  private static Column flag(String column) {
    return col(column).equalTo(lit(1));
  }
}
