package se.finsam.estimate;

import se.finsam.did.UnbalancedPanel;

/**
 * Why a person of a model is not in one of its estimates, in the words Tabell U prints: one rule each,
 * so that every dropped person is counted under exactly one (the first it fails, in the order cluster,
 * weight, covariates, treated in the first month, outcome).
 */
final class DropRules {
  private DropRules() {}

  static String noCluster(String column) {
    return "saknar klustervariabel (" + column + ")";
  }

  static String noWeight(String column) {
    return "saknar vikt eller har ogiltig vikt (" + column + ": saknas, inte ett tal eller negativ)";
  }

  static String noCovariate(String covariate) {
    return "saknar kovariat " + covariate;
  }

  /** The estimator's rule (R's): a start group treated by the first month has no month before treatment. */
  static String treatedFirst() {
    return "startgruppen behandlad redan i fönstrets första månad";
  }

  /** The estimator's rule for persons missing months of the outcome. */
  static String outcome(UnbalancedPanel gaps) {
    return gaps == UnbalancedPanel.DROP_UNITS
        ? "saknar utfallet någon månad i fönstret (död, utvandrad eller utanför utfallets åldersgräns); balanserad panel"
        : "saknar utfallet varje månad i fönstret";
  }
}
