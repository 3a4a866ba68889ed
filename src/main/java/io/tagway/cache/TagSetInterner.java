package io.tagway.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Interner;
import java.util.List;
import java.util.function.Function;

/**
 * Canonical {@link TagSet} instances: equal tags are held once across all sets, so a million
 * accounts drawing on a thousand tags hold a thousand tag strings, and sets that many accounts
 * share are held once. Thread-safe.
 *
 * <p>Tags are interned weakly: a tag no cached set uses any more can be collected. Sets go through
 * a bounded cache of the {@value #SHARED_SETS} sets most worth sharing (Caffeine's admission keeps
 * the frequent ones): interning every set would cost about 60 bytes per distinct set in the
 * interner's own table, which is more than a set of a few tags itself when most accounts have a
 * set of their own. So two equal lists give the same instance while that set is among the shared
 * ones, and equal (not the same) instances otherwise.
 */
public final class TagSetInterner {

  /** How many distinct sets are shared at most. */
  static final int SHARED_SETS = 16_384;

  private final Interner<JsonTag> tags = Interner.newWeakInterner();
  private final Cache<TagSet, TagSet> sets =
      Caffeine.newBuilder().maximumSize(SHARED_SETS).executor(Runnable::run).build();

  /**
   * The canonical set of these tags, in this order, later duplicates dropped. Its tag strings are
   * shared with every other set from this interner; an empty list gives {@link TagSet#EMPTY}.
   *
   * @throws NullPointerException if the list or one of its tags is null
   */
  public TagSet intern(List<String> tags) {
    TagSet set = TagSet.canonical(tags, tag -> this.tags.intern(new JsonTag(tag)));
    return set.isEmpty() ? TagSet.EMPTY : sets.get(set, Function.identity());
  }
}
