package se.finsam.did;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An estimate, bootstrap included, is plain data once the facade returns: nothing reachable from it is
 * the units or a function to run over them, so a Spark estimate keeps no RDD alive.
 */
class PlainResultTest {

  @Test
  void aBootstrappedEstimateHoldsNoUnits() {
    EstimateSettings settings = EstimateSettings.builder().bootstrap(true).uniformBands(true).iterations(99)
        .build();
    StaggeredDid.Result result = StaggeredDid.estimate(new LocalUnits(Mpdta.units()), Mpdta.PERIODS, settings);
    assertTrue(result.inference().bootstrapStandardErrors(), "the draws were made before returning");
    Map<Object, Boolean> seen = new IdentityHashMap<>();
    walk(result, seen);
    assertTrue(seen.keySet().stream().anyMatch(o -> o instanceof BootstrapDraws), "the walk reaches the draws");
    assertFalse(seen.keySet().stream().anyMatch(o -> o instanceof UnitSource || o instanceof UnitRecord
        || o instanceof UnitSource.UnitAccumulator), "a unit source, unit or unit function is reachable");
    // The fit that made the draws still can: the units are there until the facade lets go of it.
    Map<Object, Boolean> fitSeen = new IdentityHashMap<>();
    walk(AttGtEstimator.fit(new LocalUnits(Mpdta.units()), Mpdta.PERIODS, settings.did()), fitSeen);
    assertTrue(fitSeen.keySet().stream().anyMatch(o -> o instanceof UnitSource), "the fit holds the units");
  }

  /** Every object reachable through fields, record components, collections, maps and optionals. */
  private static void walk(Object o, Map<Object, Boolean> seen) {
    if (o == null || o.getClass().isPrimitive() || o instanceof String || o instanceof Number || o instanceof Enum
        || o instanceof Boolean || seen.put(o, true) != null) {
      return;
    }
    if (o instanceof Collection<?> c) {
      c.forEach(e -> walk(e, seen));
    } else if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> {
        walk(k, seen);
        walk(v, seen);
      });
    } else if (o instanceof Optional<?> opt) {
      opt.ifPresent(v -> walk(v, seen));
    } else if (o instanceof Object[] array) {
      for (Object e : array) {
        walk(e, seen);
      }
    } else if (o.getClass().getName().startsWith("se.finsam.")) {
      for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
        for (Field f : c.getDeclaredFields()) {
          if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
            f.setAccessible(true);
            try {
              walk(f.get(o), seen);
            } catch (IllegalAccessException e) {
              throw new AssertionError(e);
            }
          }
        }
      }
    }
  }
}
