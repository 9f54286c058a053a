package se.finsam.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSpark.class)
class SessionSettingsTest {
  private static final String SET = "finsam.test.session-settings.set";
  private static final String UNSET = "finsam.test.session-settings.unset";

  @Test
  void theWorkSeesTheSettingsAndTheSessionGetsItsOwnBack(SparkSession spark) {
    spark.conf().set(SET, "before");
    try {
      String[] seen = new String[2];
      SessionSettings.during(spark, Map.of(SET, "during", UNSET, "during"), () -> {
        seen[0] = spark.conf().get(SET);
        seen[1] = spark.conf().get(UNSET);
      });
      assertEquals("during", seen[0]);
      assertEquals("during", seen[1]);
      assertEquals("before", spark.conf().get(SET));
      assertFalse(spark.conf().contains(UNSET), "a key the session did not have is unset again");
    } finally {
      spark.conf().unset(SET);
      spark.conf().unset(UNSET);
    }
  }

  @Test
  void aFailingWorkStillRestores(SparkSession spark) {
    spark.conf().set(SET, "before");
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> SessionSettings.during(spark, Map.of(SET, "during", UNSET, "during"), () -> {
            throw new IllegalStateException("write failed");
          }));
      assertEquals("write failed", e.getMessage());
      assertEquals("before", spark.conf().get(SET));
      assertFalse(spark.conf().contains(UNSET));
    } finally {
      spark.conf().unset(SET);
      spark.conf().unset(UNSET);
    }
  }
}
