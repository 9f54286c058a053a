package se.finsam.disclosure;

/** Why a cell is withheld; each rule is configured under {@code finsam.disclosure.*} (see README). */
public enum Rule {
  /** A count, share, mean or magnitude resting on fewer persons than the threshold. */
  FREQUENCY,
  /** A share of 0 % or 100 %: every member of the group has (or lacks) the attribute. */
  GROUP,
  /** A magnitude (kronor) dominated by its largest contributors (n,k rule or p % rule). */
  DOMINANCE,
  /** An estimate whose treated or comparison persons are fewer than the threshold. */
  ESTIMATE,
  /** Withheld with a cell it is derived from (a p-value with its means, a relative effect with its estimate). */
  FOLLOWS,
  /** Secondary: a partner of a withheld cell in a line, so the line does not reveal it. */
  SECONDARY,
  /** Secondary, added by the interval audit: without it a withheld cell's interval was too narrow. */
  AUDIT
}
