package io.tagway.upstream;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The answer to one {@code im_get_tag} call.
 *
 * @param tags tags of each account Tencent returned (an empty list when it has none)
 * @param missing requested accounts that Tencent left out of {@code UserTags}
 */
public record TagLookupResult(Map<String, List<String>> tags, Set<String> missing) {

  /** Immutable copies. */
  public TagLookupResult {
    tags = Map.copyOf(tags);
    missing = Set.copyOf(missing);
  }
}
