package se.finsam.synth;

/**
 * Small yearly incomes from work outside the employment states (seed 000 counts income from work above 0
 * and above the SGI limit, 24 % of the prisbasbelopp, apart; young persons with aktivitetsersättning often
 * earn a little in a year without a job). The employment states pay whole months, at least about 5 000 kr
 * each, so without this every working person-year lies above the limit and the two outcomes coincide.
 * ASSUMPTION: in a person-year with no employed month (in the world at hand) and some month present (alive,
 * not emigrated, 18-64), a share {@code finsam.synth.small-income-share} has fees or single days of work of
 * 500-8 500 kr (in hundreds), below 24 % of every prisbasbelopp from 2000 (8 784 kr). The draw depends on
 * the person and year only: the same in both potential worlds (treatment has no effect on it) and for any
 * partitioning. It is in the yearly PGI (scb_inkomst_ar) only, not in the monthly wage registers.
 */
final class SmallIncome {
  private static final long PURPOSE = 740;

  private SmallIncome() {}

  /** The person-year's small income in kronor, 0 when it has wages or no draw. */
  static long kronor(LifeCourse life, int year, double wages) {
    SynthSettings s = life.s;
    if (wages > 0 || Rng.uniform(s.seed(), life.p.pid, PURPOSE, year) >= s.smallIncomeShare()) {
      return 0;
    }
    boolean present = false;
    for (int m = 0; m < life.n && !present; m++) {
      present = life.w.year(m) == year && life.present[m];
    }
    return present ? 100L * (5 + Rng.below(s.seed(), life.p.pid, PURPOSE + 1, year, 81)) : 0;
  }
}
