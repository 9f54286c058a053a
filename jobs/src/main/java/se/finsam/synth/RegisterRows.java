package se.finsam.synth;

import static se.finsam.synth.LifeCourse.State.AF;
import static se.finsam.synth.LifeCourse.State.FS;
import static se.finsam.synth.LifeCourse.State.MINSATS;
import static se.finsam.synth.LifeCourse.State.REHAB;
import static se.finsam.synth.LifeCourse.State.SJP;
import static se.finsam.synth.LifeCourse.State.STUDY;
import static se.finsam.synth.LifeCourse.State.SUBSID;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import se.finsam.schemas.Contracts;
import se.finsam.schemas.TableContract;
import se.finsam.synth.Deliveries.Fields;
import se.finsam.synth.LifeCourse.World;

/**
 * Writes one person's observed life course into the rows of every source table, so that all registers
 * tell the same story: MiDaS spells, AF spells and employer rows are cut from the same monthly states the
 * truth is computed from. Rows go through {@link Flaws} on the way out.
 */
final class RegisterRows {
  private final SynthSettings s;
  private final Flaws flaws;
  private final List<Flaws.Out> out;
  private final Map<String, Integer> ordinals = new HashMap<>();
  private final String correctionPeriod;
  private long entity;
  /**
   * The person's kronor per SCB HI category (rows in the order of {@link Contracts#HI_AMOUNT_CATEGORIES})
   * and month, summed from the amounts written to the component registers, for scb_hi_manad and scb_hi_ar.
   */
  private double[][] hi;
  private static final int ARBETE = hiIndex("arbete");
  private static final int ARBETSLOSHET = hiIndex("arbetsloshet");
  private static final int STUDIER = hiIndex("studier");
  private static final int PENSION = hiIndex("pension");
  private static final int LANGVARIGT_NEDSATT = hiIndex("langvarigt_nedsatt_arbetsformaga");
  private static final int SJUKDOM = hiIndex("sjukdom");
  private static final int FORALDRALEDIGHET = hiIndex("foraldraledighet_omvardnad");
  private static final int EKONOMISKT_STOD = hiIndex("ekonomiskt_stod");
  /** The HI category of each scb_inkomst_manad component the generator writes (finsam.hi.components). */
  private static final Map<String, Integer> COMPONENT_CATEGORY = Map.of("STUDIEMEDEL", STUDIER, "AKASSA", ARBETSLOSHET,
      "AKTIVITETSSTOD", ARBETSLOSHET, "ALDERSPENSION", PENSION, "BOSTADSBIDRAG", EKONOMISKT_STOD);

  RegisterRows(SynthSettings s, List<Flaws.Out> out) {
    this.s = s;
    this.flaws = new Flaws(s);
    this.out = out;
    this.correctionPeriod = String.valueOf(s.correctionPeriod());
  }

  /** Emits a finished row; the flaw draw is keyed by (entity, table, ordinal of the row for the entity). */
  private void emit(Fields row) {
    String table = row.contract.name();
    int ordinal = ordinals.merge(table, 1, Integer::sum);
    long key = Rng.hash(s.seed(), entity, Deliveries.tableIndex(table), ordinal);
    if (isCorrected(row)) {
      out.add(new Flaws.Out(table, Deliveries.CORRECTION, null, row.values.clone()));
      if (Rng.uniform(s.seed(), key, 0xC0, 0) < s.correctionShareChanged()) {
        // The first delivery carried a wrong amount for this row; the re-delivery has the right one.
        alterFirstAmount(row);
      }
    }
    flaws.apply(row, key, out);
  }

  private boolean isCorrected(Fields row) {
    TableContract t = row.contract;
    return t.name().equals(s.correctionTable()) && t.timeColumn().isPresent()
        && t.column(t.timeColumn().get()).isPeriod()
        && correctionPeriod.equals(row.values[Deliveries.position(t, t.timeColumn().get())]);
  }

  private static void alterFirstAmount(Fields row) {
    for (int i = 0; i < row.values.length; i++) {
      if (row.contract.columns().get(i).type() == org.apache.spark.sql.types.DataTypes.DoubleType
          && !row.contract.businessKey().contains(row.contract.columns().get(i).name()) && row.values[i] != null) {
        row.values[i] = Deliveries.formatAmount(Math.round(Double.parseDouble(row.values[i]) * 1.1));
        return;
      }
    }
  }

  private Fields row(TableContract contract, String personValue) {
    Fields f = new Fields(contract);
    if (!contract.personColumn().isEmpty()) {
      f.set(contract.personColumn(), personValue);
    }
    return f;
  }

  /** Membership spells of the municipalities (seed 001), one entity each. */
  void municipalities(Geography geo) {
    int i = 0;
    for (Geography.Municipality m : geo.municipalities()) {
      entity = -1 - i++;
      ordinals.clear();
      if (m.member()) {
        emit(row(Contracts.FORBUND_MEDLEMSKAP, null).set("kommun_kod", m.code()).set("forbund_id", m.forbundId())
            .set("fran_datum", LocalDate.of(m.joinYear(), 1, 1)).set("till_datum", null));
      }
    }
  }

  void person(LifeCourse life) {
    Person p = life.p;
    entity = p.pid;
    ordinals.clear();
    String id = s.personnummer() ? p.personnummer : Long.toString(p.pid);
    World world = life.observed();
    Window w = life.w;
    hi = new double[Contracts.HI_AMOUNT_CATEGORIES.size()][life.n];
    background(life, id);
    if (p.population == Person.Population.EXPERIMENT) {
      emit(row(Contracts.EXPERIMENT_DELTAGARE, id).set("forbund_id", p.home.forbundId()).set("team_id", p.teamId)
          .set("tillfragad_datum", p.askedDate).set("samtycke", p.consent).set("arm", p.arm)
          .set("forsta_teammote_datum", p.treatmentDate));
    }
    if (p.population == Person.Population.SUS) {
      sus(life, world, id);
    }
    midas(life, world, id);
    String[] afCode = af(life, world, id);
    jobs(life, world, id);
    incomes(life, world, id, afCode);
    yearly(life, world, id);
    samarbete(life, world, id);
    bistand(life, world);
    for (Spell spell : life.spells(world, MINSATS)) {
      String type = s.codes().insatstyp().get(spell.pick(s.codes().insatstyp().size(), 1));
      for (int m = spell.startM(); m <= spell.endM(); m++) {
        emit(row(Contracts.SOS_ARBETSMARKNADSINSATS, id).set("period", w.period(m)).set("insatstyp", type));
      }
    }
    for (int m = 0; m < life.n; m++) {
      hi[ARBETE][m] += world.wage[m];
    }
    if (s.scbHi()) {
      scbHi(life, id);
    }
  }

  private static int hiIndex(String category) {
    return Contracts.HI_AMOUNT_CATEGORIES.indexOf(category);
  }

  /**
   * SCB's HI as delivered: per month from 2019 (scb_hi_manad) for the experiment's persons, the study
   * population SCB extracts it for (seed 002), and per year (scb_hi_ar, the sum of the year's months) for
   * everyone, as B1's population column needs; for the months a person aged 16 or more lives in Sweden; a
   * month without income is a row of zeros (SAKNAR_INKOMST).
   */
  private void scbHi(LifeCourse life, String id) {
    Window w = life.w;
    boolean monthly = life.p.population == Person.Population.EXPERIMENT;
    for (int year = w.fromYear(); year <= w.toYear(); year++) {
      if (life.p.age(year) < 16) {
        continue;
      }
      double[] sums = new double[hi.length];
      boolean lived = false;
      for (int m = 0; m < life.n; m++) {
        if (w.year(m) != year || !life.present[m]) {
          continue;
        }
        lived = true;
        for (int c = 0; c < hi.length; c++) {
          sums[c] += hi[c][m];
        }
        int month = m;
        if (monthly && w.period(m) >= 201901) {
          emit(hiAmounts(row(Contracts.SCB_HI_MANAD, id).set("period", w.period(m)), c -> hi[c][month]));
        }
      }
      if (lived) {
        emit(hiAmounts(row(Contracts.SCB_HI_AR, id).set("ar", year), c -> sums[c]));
      }
    }
  }

  private Fields hiAmounts(Fields row, java.util.function.IntToDoubleFunction amount) {
    for (int c = 0; c < hi.length; c++) {
      row.amount("inkomst_" + Contracts.HI_AMOUNT_CATEGORIES.get(c), Math.round(amount.applyAsDouble(c) * 100) / 100.0);
    }
    return row;
  }

  private void background(LifeCourse life, String id) {
    Person p = life.p;
    LocalDate exit = p.deathDate != null ? p.deathDate : p.emigrationDate;
    String civil = p.married ? "GIFT" : Rng.uniform(s.seed(), p.pid, 50, 0) < 0.15 ? "SKILD_ANKA" : "OGIFT";
    for (int year = life.w.fromYear(); year <= life.w.toYear(); year++) {
      if (p.age(year) < 16 || (exit != null && year > exit.getYear())) {
        continue;
      }
      int kids = life.childrenAged(year, 0, 17);
      String family = p.partner ? (kids > 0 ? "SAMBO_GIFT_MED_BARN" : "SAMBO_GIFT_UTAN_BARN")
          : kids > 0 ? "ENSAMSTAENDE_MED_BARN" : "ENSAMSTAENDE_UTAN_BARN";
      boolean exitYear = exit != null && year == exit.getYear();
      emit(row(Contracts.SCB_BAKGRUND_AR, id).set("ar", year).set("kon", p.female ? "K" : "M")
          .set("fodelsear", p.birthDate.getYear()).set("utrikes_fodd", p.foreignBorn)
          .set("utlandsk_bakgrund", p.foreignBackground).set("utbildningsniva", p.education)
          .set("civilstand", civil).set("familjestallning", family)
          .set("barn_0_3", life.childrenAged(year, 0, 3)).set("barn_4_6", life.childrenAged(year, 4, 6))
          .set("barn_0_17", kids).set("kommun_kod", p.homeIn(year).code())
          .set("doddatum", exitYear ? p.deathDate : null).set("utvandrad_datum", exitYear ? p.emigrationDate : null));
    }
  }

  private void sus(LifeCourse life, World world, String id) {
    Person p = life.p;
    Window w = life.w;
    boolean anonymous = !"PERSONUPPGIFTER".equals(p.registration);
    boolean volume = "VOLYM".equals(p.registration);
    for (Insats insats : Insats.of(s, p)) {
      int k = insats.k();
      LocalDate start = insats.start();
      LocalDate end = insats.end();
      boolean ongoing = insats.ongoing();
      int before = w.index(start.getYear() * 12 + start.getMonthValue() - 2);
      int after = w.index(end.getYear() * 12 + end.getMonthValue());
      Fields f = row(Contracts.SUS_DELTAGANDE, anonymous ? null : id)
          .set("registrering", p.registration).set("forbund_id", p.home.forbundId())
          .set("insats_id", "I" + p.pid + "-" + (k + 1))
          .set("inriktning", s.codes().inriktning().get(Rng.below(s.seed(), p.pid, 62, k, s.codes().inriktning().size())))
          .set("startdatum", start).set("slutdatum", ongoing ? null : end)
          .set("avslutsorsak", ongoing ? null : reason(life, world, after));
      if (!volume) {
        f.set("kon", p.female ? "K" : "M").set("fodelsear", p.birthDate.getYear()).set("utbildning", susEducation(p))
            .set("forsorjning_fore", support(life, world, before))
            .set("forsorjning_efter", ongoing ? null : support(life, world, after))
            .set("tid_offentlig_forsorjning_fore", supportYears(world, before))
            .set("sysselsattning_fore", occupation(world, before)).set("arbetsform_fore", workForms(p, world, before));
        f.set("sysselsattning_fore_omfattning", occupationShare(p, world, before));
        if (!ongoing) {
          f.set("sysselsattning_efter", occupation(world, after)).set("sysselsattning_efter_omfattning", occupationShare(p, world, after))
              .set("arbetsform_efter", workForms(p, world, after));
        }
      }
      if (insats.delivered()) {
        emit(f);
      }
    }
  }

  private static boolean valid(World world, int m) {
    return m >= 0 && m < world.wage.length;
  }

  private static String reason(LifeCourse life, World world, int m) {
    if (!valid(world, m)) {
      return "ANNAN";
    }
    if (world.employed(m)) {
      return "ARBETE";
    }
    if (world.get(STUDY)[m]) {
      return "STUDIER";
    }
    if (world.get(AF)[m]) {
      return "ARBETSSOKANDE";
    }
    // ASSUMPTION: rehabiliteringspenning after the insats is "fortsatt rehabilitering" (seed 003 note 22).
    if (world.get(REHAB)[m]) {
      return "FORTSATT_REHABILITERING";
    }
    if (world.get(SJP)[m] || world.get(LifeCourse.State.SA)[m]) {
      return "OHALSA";
    }
    return "PLANERAT_AVSLUT";
  }

  /**
   * SUS's eight education levels: the register's post-secondary level split as seed 003 Bilaga 3's participants
   * (university up to 1 year 13 %, up to 3 years 31 %, more than 3 years 29 %, research 0.1 %, other 26 %).
   */
  private String susEducation(Person p) {
    if (!"EFTERGYMNASIAL".equals(p.education)) {
      return p.education;
    }
    double u = Rng.uniform(s.seed(), p.pid, 64, 0);
    return u < 0.13 ? "HOGSKOLA_UPP_TILL_1_AR" : u < 0.44 ? "HOGSKOLA_UPP_TILL_3_AR" : u < 0.73 ? "HOGSKOLA_MER_AN_3_AR"
        : u < 0.731 ? "FORSKARUTBILDNING" : "ANNAN_EFTERGYMNASIAL";
  }

  private static String support(LifeCourse life, World world, int m) {
    if (!valid(world, m)) {
      return null;
    }
    Set<String> codes = new LinkedHashSet<>();
    if (world.get(SJP)[m] || world.get(REHAB)[m]) {
      codes.add("SJP_REHAB");
    }
    if (world.get(LifeCourse.State.SA)[m]) {
      codes.add(life.p.age(life.w.year(m)) < 30 ? "AE" : "SE");
    }
    if (world.get(AF)[m]) {
      codes.add("AKTIVITETSSTOD");
    }
    if (world.get(FS)[m]) {
      codes.add("FORSORJNINGSSTOD");
    }
    if (world.get(STUDY)[m]) {
      codes.add("STUDIESTOD");
    }
    return codes.isEmpty() ? "INGEN" : String.join("|", codes);
  }

  /**
   * Years in public support in the twelve years before (as far as the window reaches); null when the window
   * holds less than a year (unknown) or there was none (not applicable).
   */
  private static Double supportYears(World world, int m) {
    if (!valid(world, m) || m < 11) {
      return null;
    }
    int months = 0;
    for (int k = Math.max(0, m - 143); k <= m; k++) {
      if (world.get(FS)[k] || world.get(SJP)[k] || world.get(REHAB)[k] || world.get(LifeCourse.State.SA)[k] || world.get(AF)[k]) {
        months++;
      }
    }
    return months == 0 ? null : months / 12.0;
  }

  private static String occupation(World world, int m) {
    if (!valid(world, m)) {
      return null;
    }
    boolean work = world.employed(m);
    boolean study = world.get(STUDY)[m];
    return work && study ? "ARBETE_OCH_STUDIER" : work ? "ARBETE" : study ? "STUDIER" : "INGEN";
  }

  /**
   * The kinds of work in month m (seed 003 note 21), null when not working: subsidised work (the SUBSID state),
   * and unsubsidised work, which for the self-employed (ASSUMPTION: 5 % of persons, fixed per person) is their
   * own business. A month with both states gives two codes.
   */
  private String workForms(Person p, World world, int m) {
    if (!valid(world, m) || !world.employed(m)) {
      return null;
    }
    Set<String> codes = new LinkedHashSet<>();
    if (world.get(LifeCourse.State.WORK)[m]) {
      codes.add(Rng.uniform(s.seed(), p.pid, 65, 0) < 0.05 ? "EGET_FORETAG" : "EJ_SUBVENTIONERAT");
    }
    if (world.get(SUBSID)[m]) {
      codes.add("SUBVENTIONERAT");
    }
    return String.join("|", codes);
  }

  private static Double occupationShare(Person p, World world, int m) {
    if (!valid(world, m) || !(world.employed(m) || world.get(STUDY)[m])) {
      return null;
    }
    return world.employed(m) ? Math.round(p.partTime * 4) / 4.0 : 1.0;
  }

  private void midas(LifeCourse life, World world, String id) {
    Person p = life.p;
    Window w = life.w;
    double sickRate = Math.min(1116, Math.max(250, 0.8 * p.wageBase * 12 / 365));
    LocalDate firstAe = null;
    for (LifeCourse.MidasSpell m : life.midasSpells(world)) {
      Spell spell = m.spell();
      switch (m.forman()) {
        case "AE" -> {
          firstAe = firstAe != null ? firstAe : firstAe(life, spell);
          String goal = p.age(w.year(spell.startM())) < 21 && spell.uniform(4) < 0.3 ? "FORLANGD_SKOLGANG" : "NEDSATT_ARBETSFORMAGA";
          midasRow(w, id, m, 330, goal, "FORLANGD_SKOLGANG".equals(goal) ? STUDIER : LANGVARIGT_NEDSATT);
          emit(row(Contracts.MIDAS_AE_DIAGNOS, id).set("beslutsdatum", spell.from()).set("diagnosgrupp", diagnosis(p))
              .set("ae_forst_beviljad", firstAe));
        }
        case "SE" -> midasRow(w, id, m, 330, null, LANGVARIGT_NEDSATT);
        case "FP" -> midasRow(w, id, m, sickRate, null, FORALDRALEDIGHET);
        default -> midasRow(w, id, m, sickRate, null, SJUKDOM);
      }
    }
  }

  /** A MiDaS spell; its amount goes to HI category {@code hiCategory} prorated by its days in each month. */
  private void midasRow(Window w, String id, LifeCourse.MidasSpell midas, double dailyRate, String goal, int hiCategory) {
    Spell spell = midas.spell();
    double omfattning = midas.omfattning();
    long amount = Math.round(spell.totalDays() * omfattning * dailyRate);
    for (int m = spell.startM(); m <= spell.endM(); m++) {
      hi[hiCategory][m] += amount * (double) spell.days(m, w) / spell.totalDays();
    }
    emit(row(Contracts.MIDAS_ERSATTNING, id).set("forman", midas.forman()).set("fran_datum", spell.from())
        .set("tom_datum", spell.to()).set("omfattning", Double.toString(omfattning))
        .amount("belopp_brutto", amount)
        .set("sarskilda_fall", spell.uniform(5) < 0.02).set("ae_skal", goal));
  }

  /**
   * The start of a person's first AE. A spell already running in the window's first month began before the
   * window (the delivery cuts it at the window's start, ingest rule R06), on a day drawn uniformly between
   * 1 January of the year the person turned 19 (the youngest age with AE) and the window's start; seed 000's
   * AE durations over three years exist only through these. Otherwise the first spell's own start.
   */
  private LocalDate firstAe(LifeCourse life, Spell first) {
    LocalDate windowStart = life.w.firstDay();
    LocalDate eligible = LocalDate.of(life.p.birthDate.getYear() + 19, 1, 1);
    long days = windowStart.toEpochDay() - eligible.toEpochDay();
    if (first.startM() > 0 || days <= 0) {
      return first.from();
    }
    return windowStart.minusDays(1 + Rng.below(s.seed(), life.p.pid, 732, 0, (int) days));
  }

  /** One diagnosis group per person (seed 000: 84 % of young persons with AE have a psychiatric one). */
  private String diagnosis(Person p) {
    List<String> groups = s.codes().diagnosgrupp();
    double u = Rng.uniform(s.seed(), p.pid, 730, 0);
    return u < 0.84 ? groups.get(0) : groups.get(1 + Rng.below(s.seed(), p.pid, 731, 0, groups.size() - 1));
  }

  /**
   * The yearly registers of seed 000, summed from the same months as the monthly ones: CSN support
   * (the STUDIEMEDEL months of scb_inkomst_manad; STUDIEHJALP below 20) and PGI of employment (the
   * year's wages, or in a year without wages sometimes a small income, {@link SmallIncome}; business
   * income is not modelled, so pgiofi is 0 and pgi = pgioai). No row for a year without any amount.
   */
  private void yearly(LifeCourse life, World world, String id) {
    Person p = life.p;
    Window w = life.w;
    for (int year = w.fromYear(); year <= w.toYear(); year++) {
      double study = 0;
      double wages = 0;
      for (int m = 0; m < life.n; m++) {
        if (w.year(m) == year) {
          study += world.get(STUDY)[m] ? Math.round(9000 * Math.pow(1.02, year - 2010)) : 0;
          wages += world.wage[m];
        }
      }
      if (study > 0) {
        emit(row(Contracts.CSN_STUDIESTOD_AR, id).set("ar", year)
            .set("stodform", p.age(year) < 20 ? "STUDIEHJALP" : "STUDIEMEDEL").amount("belopp", study));
      }
      double pgi = wages + SmallIncome.kronor(life, year, wages);
      if (pgi > 0) {
        String amount = Deliveries.formatAmount(Math.round(pgi));
        emit(row(Contracts.SCB_INKOMST_AR, id).set("ar", year).set("pgi", amount).set("pgioai", amount).amount("pgiofi", 0));
      }
    }
  }

  /** Förstärkt samarbete AF/FK ({@link AfRegistrations#samarbete}). */
  private void samarbete(LifeCourse life, World world, String id) {
    for (AfRegistrations.Part part : AfRegistrations.samarbete(life, world)) {
      emit(row(Contracts.FK_AF_SAMARBETE, id).set("del", part.del()).set("fran_datum", part.from())
          .set("tom_datum", part.tom()));
    }
  }

  /** AF registration spells and support spells; returns the sökandekategori of each month (or null). */
  private String[] af(LifeCourse life, World world, String id) {
    String[] codeOfMonth = new String[life.n];
    for (AfRegistrations.Registration r : AfRegistrations.registrations(life, world)) {
      Spell spell = r.spell();
      boolean support = r.support();
      if (support) {
        String stodtyp = s.codes().stodtyp().get(spell.pick(s.codes().stodtyp().size(), 1));
        emit(row(Contracts.AF_ANSTALLNINGSSTOD, id).set("fran_datum", spell.from())
            .set("tom_datum", spell.open() ? null : spell.to()).set("stodtyp", stodtyp));
      } else {
        for (int m = spell.startM(); m <= spell.endM(); m++) {
          codeOfMonth[m] = r.code();
        }
      }
      emit(row(Contracts.AF_SOKANDEKATEGORI, id).set("fran_datum", spell.from()).set("tom_datum", spell.open() ? null : spell.to())
          .set("sokandekategori", r.code()).set("avaktualiseringsorsak", spell.open() ? null
              : support ? "ANNAN_ORSAK" : leaving(life, world, spell.endM() + 1)));
    }
    return codeOfMonth;
  }

  private static String leaving(LifeCourse life, World world, int m) {
    if (!life.present[Math.min(m, life.n - 1)]) {
      return life.p.deathDate != null ? "AVLIDEN" : "OKAND_ORSAK";
    }
    return world.employed(m) ? "ARBETE" : world.get(STUDY)[m] ? "UTBILDNING" : world.get(SJP)[m] ? "SJUK" : "ANNAN_ORSAK";
  }

  /** Employment: yearly rows per employer before 2019 (scb_jobb_ar), monthly from 2019 (scb_agi_manad). */
  private void jobs(LifeCourse life, World world, String id) {
    Person p = life.p;
    Window w = life.w;
    for (Spell spell : life.spells(world, LifeCourse::employment, 820)) {
      // The run's first month in the suffix keeps a person's employer ids apart from run to run.
      String first = String.format("AG%06d%03d", spell.pick(1_000_000, 1), spell.startM() % 1000);
      String second = spell.uniform(2) < 0.15
          ? String.format("AG%06d%03d", spell.pick(1_000_000, 3), (spell.startM() + 500) % 1000) : null;
      int m = spell.startM();
      while (m <= spell.endM()) {
        int year = w.year(m);
        if (w.period(m) >= 201901) {
          double wage = world.wage[m];
          double a = second == null ? wage : Math.round(wage * 0.6);
          emit(row(Contracts.SCB_AGI_MANAD, id).set("period", w.period(m)).set("arbetsgivare_id", first).amount("ersattning_arbete", a));
          if (second != null) {
            emit(row(Contracts.SCB_AGI_MANAD, id).set("period", w.period(m)).set("arbetsgivare_id", second).amount("ersattning_arbete", wage - a));
          }
          m++;
          continue;
        }
        int firstMonth = m;
        double total = 0;
        double totalFirst = 0;
        while (m <= spell.endM() && w.year(m) == year) {
          total += world.wage[m];
          totalFirst += second == null ? world.wage[m] : Math.round(world.wage[m] * 0.6);
          m++;
        }
        int fromMonth = w.yearMonth(firstMonth).getMonthValue();
        int toMonth = w.yearMonth(m - 1).getMonthValue();
        emit(row(Contracts.SCB_JOBB_AR, id).set("ar", year).set("arbetsgivare_id", first).amount("bruttolon", totalFirst)
            .set("manad_fran", fromMonth).set("manad_till", toMonth));
        if (second != null) {
          emit(row(Contracts.SCB_JOBB_AR, id).set("ar", year).set("arbetsgivare_id", second).amount("bruttolon", total - totalFirst)
              .set("manad_fran", fromMonth).set("manad_till", toMonth));
        }
      }
    }
  }

  private void incomes(LifeCourse life, World world, String id, String[] afCode) {
    Person p = life.p;
    Window w = life.w;
    LocalDate exit = p.deathDate != null ? p.deathDate : p.emigrationDate;
    for (int m = 0; m < life.n; m++) {
      int year = w.year(m);
      double index = Math.pow(1.02, year - 2010);
      List<Object[]> parts = new ArrayList<>(2);
      if (world.get(STUDY)[m]) {
        parts.add(new Object[] {"STUDIEMEDEL", 9000 * index});
      }
      if (afCode[m] != null && s.afOpenCodes().contains(afCode[m]) && p.akassa) {
        parts.add(new Object[] {"AKASSA", Math.min(20000, 0.7 * p.wageBase)});
      } else if (afCode[m] != null && s.afProgramCodes().contains(afCode[m])) {
        parts.add(new Object[] {"AKTIVITETSSTOD", Math.max(5000, Math.min(18000, 0.65 * p.wageBase))});
      }
      boolean alive = exit == null || w.absolute(m) <= exit.getYear() * 12 + exit.getMonthValue() - 1;
      if (alive && p.age(year) >= 65) {
        parts.add(new Object[] {"ALDERSPENSION", 11000 * index});
      }
      if (life.present[m] && p.bostadsbidrag && life.childrenUnder18(year) > 0) {
        parts.add(new Object[] {"BOSTADSBIDRAG", 1500 * index});
      }
      for (Object[] part : parts) {
        long amount = Math.round((Double) part[1]);
        hi[COMPONENT_CATEGORY.get((String) part[0])][m] += amount;
        emit(row(Contracts.SCB_INKOMST_MANAD, id).set("period", w.period(m)).set("komponent", part[0])
            .amount("belopp", amount));
      }
    }
  }

  /** Ekonomiskt bistånd per household member and month: the person, a partner, children below 18. */
  private void bistand(LifeCourse life, World world) {
    Person p = life.p;
    Window w = life.w;
    int partnerYear = p.partner ? p.partnerBirthYear(s) : 0;
    for (int m = 0; m < life.n; m++) {
      if (!world.get(FS)[m]) {
        continue;
      }
      int year = w.year(m);
      String amount = Deliveries.formatAmount(world.householdAmount[m]);
      // The household's bistånd per member registered that month (finsam.panel.bistand-members = all).
      int members = 1 + (p.partner ? 1 : 0);
      for (int kidYear : p.kidBirthYears) {
        members += year - kidYear >= 0 && year - kidYear <= 17 ? 1 : 0;
      }
      hi[EKONOMISKT_STOD][m] += Double.parseDouble(amount) / members;
      bistandRow(p, s.personnummer() ? p.personnummer : Long.toString(p.pid), w.period(m), "SOKANDE", amount);
      if (p.partner) {
        bistandRow(p, s.personnummer() ? p.coMemberPersonnummer(s, 0, partnerYear, p.female) : Long.toString(p.coMemberPid(0)),
            w.period(m), "MEDSOKANDE", amount);
      }
      for (int k = 0; k < p.kidBirthYears.length; k++) {
        int age = year - p.kidBirthYears[k];
        if (age >= 0 && age <= 17) {
          boolean male = Rng.uniform(s.seed(), p.pid, 70, k) < 0.5;
          bistandRow(p, s.personnummer() ? p.coMemberPersonnummer(s, k + 1, p.kidBirthYears[k], male) : Long.toString(p.coMemberPid(k + 1)),
              w.period(m), "BARN", amount);
        }
      }
    }
  }

  private void bistandRow(Person p, String member, int period, String role, String amount) {
    emit(row(Contracts.SOS_EKONOMISKT_BISTAND, member).set("hushall_id", p.householdId()).set("period", period)
        .set("roll", role).set("belopp_hushall", amount));
  }
}
