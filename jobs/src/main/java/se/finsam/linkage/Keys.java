package se.finsam.linkage;

import java.util.Arrays;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/** Join keys as the Scala sequence that {@code Dataset.join(other, usingColumns, type)} takes. */
public final class Keys {
  private Keys() {}

  public static Seq<String> of(String... columns) {
    return JavaConverters.asScalaBuffer(Arrays.asList(columns)).toSeq();
  }
}
