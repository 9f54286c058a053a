package se.finsam.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

class ContractsTest {

  @Test
  void everyCodeListNamedByAContractIsConfigured() {
    CodeLists codes = CodeLists.defaults();
    for (TableContract t : Contracts.ALL) {
      for (ColumnSpec c : t.columns()) {
        c.codeList().ifPresent(list -> assertFalse(codes.codes(list).isEmpty(), t.name() + "." + c.name()));
      }
    }
  }

  @Test
  void tableNamesAreUniqueAndPartitionedTablesHaveATimeColumn() {
    Set<String> names = new HashSet<>();
    for (TableContract t : Contracts.ALL) {
      assertTrue(names.add(t.name()), t.name());
      assertEquals(t.partitioned(), t.timeColumn().isPresent(), t.name());
      assertEquals(t.columns().size(), t.schema().fields().length);
    }
    assertEquals(18, names.size());
  }

  /** SCB's delivered HI: one amount per category but SAKNAR_INKOMST, monthly only from 2019 (seed 002 line 536). */
  @Test
  void scbHiCarriesAnAmountPerCategoryAndIsOptional() {
    for (TableContract t : java.util.List.of(Contracts.SCB_HI_MANAD, Contracts.SCB_HI_AR)) {
      assertEquals(2 + 8, t.columns().size(), t.name());
      assertTrue(Contracts.OPTIONAL.contains(t), t.name());
      for (String category : Contracts.HI_AMOUNT_CATEGORIES) {
        ColumnSpec c = t.column("inkomst_" + category);
        assertEquals(java.util.Optional.of(0.0), c.min(), c.name());
        assertTrue(!c.nullable(), c.name());
      }
    }
    assertEquals(java.util.Optional.of(201901.0), Contracts.SCB_HI_MANAD.column("period").min());
  }

  @Test
  void aContractRefusesAKeyThatIsNotAColumn() {
    assertThrows(IllegalArgumentException.class, () -> new TableContract("x", "s", "g",
        java.util.List.of(ColumnSpec.required("a", org.apache.spark.sql.types.DataTypes.LongType).build()),
        java.util.List.of("b"), java.util.Optional.empty(), java.util.List.of(), false, "a"));
  }

  /** Columns added after the first deliveries may be left out of a file; a required column never. */
  @Test
  void onlyOptionalColumnsMayBeAbsentFromADelivery() {
    assertEquals(Set.of("arbetsform_fore", "arbetsform_efter"), Contracts.SUS_DELTAGANDE.columnsMayBeAbsent());
    assertTrue(Contracts.SUS_DELTAGANDE.column("arbetsform_efter").multiValued());
    for (TableContract t : Contracts.ALL) {
      t.columns().stream().filter(ColumnSpec::mayBeAbsent).forEach(c -> assertTrue(c.nullable(), t.name() + "." + c.name()));
    }
    assertThrows(IllegalArgumentException.class,
        () -> ColumnSpec.required("a", org.apache.spark.sql.types.DataTypes.StringType).mayBeAbsent());
  }

  /** A kind of work only with work (seed 003 note 21 splits work into the kinds): what ingest checks as R10. */
  @Test
  void aKindOfWorkIsAllowedOnlyByAnOccupationWithWork() {
    List<String> working = List.of("ARBETE", "ARBETE_OCH_STUDIER");
    assertEquals(List.of(new CrossColumn("arbetsform_fore", "sysselsattning_fore", working),
        new CrossColumn("arbetsform_efter", "sysselsattning_efter", working)), Contracts.SUS_DELTAGANDE.crossColumn());
    CodeLists codes = CodeLists.defaults();
    for (TableContract t : Contracts.ALL) {
      for (CrossColumn x : t.crossColumn()) {
        assertTrue(codes.codes(t.column(x.condition()).codeList().orElseThrow()).containsAll(x.codes()), t.name() + " " + x);
      }
    }
  }

  /** Only an optional column can be ruled out, and only by single string codes of another column. */
  @Test
  void aCrossColumnConstraintNeedsAnOptionalColumnAndACodedCondition() {
    ColumnSpec form = ColumnSpec.optional("form", DataTypes.StringType).codeSet("arbetsform").build();
    ColumnSpec work = ColumnSpec.optional("work", DataTypes.StringType).codes("sysselsattning").build();
    CrossColumn formOnlyWithWork = new CrossColumn("form", "work", List.of("ARBETE"));
    assertEquals(List.of(formOnlyWithWork), contract(List.of(form, work), formOnlyWithWork).crossColumn());
    assertThrows(IllegalArgumentException.class, () -> contract(List.of(form, work), new CrossColumn("work", "form", List.of("SUBVENTIONERAT"))));
    assertThrows(IllegalArgumentException.class, () -> contract(List.of(form, work), new CrossColumn("form", "other", List.of("ARBETE"))));
    assertThrows(IllegalArgumentException.class, () -> contract(List.of(work,
        ColumnSpec.required("form", DataTypes.StringType).build()), formOnlyWithWork));
    assertThrows(IllegalArgumentException.class, () -> contract(List.of(form,
        ColumnSpec.optional("work", DataTypes.StringType).build()), formOnlyWithWork));
    assertThrows(IllegalArgumentException.class, () -> new CrossColumn("form", "work", List.of()));
  }

  private static TableContract contract(List<ColumnSpec> columns, CrossColumn constraint) {
    return new TableContract("x", "s", "g", columns, List.of(), Optional.empty(), List.of(), false, "",
        List.of(constraint));
  }

  @Test
  void readmeShowsTheGeneratedContracts() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int b = readme.indexOf(ContractDocs.BEGIN) + ContractDocs.BEGIN.length();
    int e = readme.indexOf(ContractDocs.END);
    assertEquals(ContractDocs.markdown(), readme.substring(b + 1, e),
        "schemas/README.md is stale: run ContractDocs.main(\"schemas/README.md\")");
  }
}
