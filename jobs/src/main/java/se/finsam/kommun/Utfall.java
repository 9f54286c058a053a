package se.finsam.kommun;

import java.util.Locale;

/**
 * The outcomes of seed 001, each a share of a municipality's population group with it in the year.
 * The column of the panel is {@link #column()}; {@code <column>_antal} holds the persons with it.
 */
public enum Utfall {
  SJUKPENNING("Sjukpenning"),
  SJUK_AKTIVITETSERSATTNING("Sjuk- eller aktivitetsersättning"),
  EKONOMISKT_BISTAND("Ekonomiskt bistånd"),
  STUDIER("Studier (studiemedel eller studiehjälp)"),
  UVAS("Unga som varken arbetar eller studerar (UVAS)"),
  AF_TILL_ARBETE("Lämnat Arbetsförmedlingen för arbete");

  private final String label;

  Utfall(String label) {
    this.label = label;
  }

  public String column() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String label() {
    return label;
  }

  public String countColumn() {
    return column() + "_antal";
  }

  public String shareColumn() {
    return column() + "_andel";
  }

  public static Utfall parse(String column) {
    for (Utfall u : values()) {
      if (u.column().equals(column)) {
        return u;
      }
    }
    throw new IllegalArgumentException("unknown municipality-panel outcome '" + column + "'");
  }
}
