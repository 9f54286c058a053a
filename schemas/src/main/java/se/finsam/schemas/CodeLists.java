package se.finsam.schemas;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Code lists of the contracts, read from configuration ({@code finsam.codes.<list>}) because the
 * agencies revise them; defaults are in this module's {@code reference.conf}.
 */
public final class CodeLists {
  private final Map<String, Set<String>> lists;

  private CodeLists(Map<String, Set<String>> lists) {
    this.lists = lists;
  }

  public static CodeLists from(Config config) {
    Config codes = config.getConfig("finsam.codes");
    Map<String, Set<String>> lists = new TreeMap<>();
    for (String name : codes.root().keySet()) {
      List<String> values = codes.getList(name).unwrapped().stream()
          .map(String::valueOf).collect(Collectors.toList());
      lists.put(name, new LinkedHashSet<>(values));
    }
    return new CodeLists(lists);
  }

  /** The defaults of {@code reference.conf}, for tools and tests that have no job configuration. */
  public static CodeLists defaults() {
    return from(ConfigFactory.defaultReference(CodeLists.class.getClassLoader()));
  }

  public Set<String> codes(String list) {
    Set<String> codes = lists.get(list);
    if (codes == null) {
      throw new IllegalArgumentException("no code list finsam.codes." + list + " in the configuration");
    }
    return codes;
  }

  public Set<String> names() {
    return lists.keySet();
  }
}
