package io.tagway.cache;

import com.github.benmanes.caffeine.cache.Interner;
import java.util.List;

/**
 * Canonical {@link TagSet} instances: equal sets are held once, and so are equal tags across all
 * sets, so a million accounts drawing on a thousand tags hold a thousand tag strings. Both levels
 * are weak, so sets and tags that no cache entry uses any more can be collected. Thread-safe.
 */
public final class TagSetInterner {

  private final Interner<JsonTag> tags = Interner.newWeakInterner();
  private final Interner<TagSet> sets = Interner.newWeakInterner();

  /**
   * The canonical set of these tags, in this order, later duplicates dropped. Equal lists give
   * the same instance, whose tag strings are shared with every other set from this interner; an
   * empty list gives {@link TagSet#EMPTY}.
   *
   * @throws NullPointerException if the list or one of its tags is null
   */
  public TagSet intern(List<String> tags) {
    TagSet set = TagSet.canonical(tags, tag -> this.tags.intern(new JsonTag(tag)));
    return set.isEmpty() ? TagSet.EMPTY : sets.intern(set);
  }
}
