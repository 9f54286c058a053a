package se.finsam.estimate;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.List;

/**
 * One of seed 002's model specifications: a calendar window, baseline covariates and a subgroup.
 *
 * @param code the model's key in the result tables (M1, M2, M3, MEN, WOMEN)
 * @param from first month (YYYYMM) of the estimation window
 * @param to last month (YYYYMM)
 * @param covariates baseline covariates of panel/population; strings become dummies
 * @param kon empty for everybody, else the sex (K or M) the model is restricted to
 * @param unbalancedPanel this model's treatment of persons missing months (drop, cross-sections, pairs),
 *     empty for {@code finsam.estimate.unbalanced-panel}
 * @param estMethod this model's 2x2 estimator (a name of {@link se.finsam.did.EstimationMethod}), empty for
 *     {@code finsam.estimate.est-method}
 */
public record ModelSpec(String code, String label, int from, int to, List<String> covariates, String kon,
                        String unbalancedPanel, String estMethod) implements Serializable {

  public static ModelSpec from(Config c) {
    return new ModelSpec(c.getString("code"), c.getString("label"), c.getInt("from"), c.getInt("to"),
        List.copyOf(c.getStringList("covariates")), c.getString("kon"),
        c.hasPath("unbalanced-panel") ? c.getString("unbalanced-panel") : "",
        c.hasPath("est-method") ? c.getString("est-method") : "");
  }

  public String xformla() {
    return String.join("+", covariates);
  }
}
