package io.tagway.cache;

import io.vertx.core.buffer.Buffer;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.Function;

/**
 * The tags of one account: immutable, in the order Tencent gave them, each tag once.
 *
 * <p>Sets that are cached should come from a {@link TagSetInterner}, so that equal tags, and sets
 * that many accounts share, are held once. Each tag carries its JSON literal, encoded when the set
 * is built, so that {@link #writeJson} only copies bytes.
 */
public final class TagSet {

  /** The set of an account without tags. */
  public static final TagSet EMPTY = new TagSet(new JsonTag[0]);

  /** Up to this many tags, duplicates are found by a scan rather than a hash set. */
  private static final int SCAN_LIMIT = 16;

  /** The only field: a set is 16 bytes plus its array (the hash is computed when asked for). */
  private final JsonTag[] tags;

  private TagSet(JsonTag[] tags) {
    this.tags = tags;
  }

  /** A set of these tags in this order, duplicates dropped; not interned. */
  public static TagSet of(String... tags) {
    return of(Arrays.asList(Objects.requireNonNull(tags, "tags")));
  }

  /**
   * A set of these tags in this order, later duplicates dropped; not interned.
   *
   * @throws NullPointerException if the list or one of its tags is null
   */
  public static TagSet of(List<String> tags) {
    return canonical(tags, JsonTag::new);
  }

  /** The canonical set of {@code tags}, turning each kept tag into a {@link JsonTag} with {@code tagOf}. */
  static TagSet canonical(List<String> tags, Function<String, JsonTag> tagOf) {
    Objects.requireNonNull(tags, "tags");
    int n = tags.size();
    if (n == 0) {
      return EMPTY;
    }
    JsonTag[] kept = new JsonTag[n];
    Set<String> seen = n > SCAN_LIMIT ? new HashSet<>(2 * n) : null;
    int size = 0;
    int index = 0;
    for (String tag : tags) {
      if (tag == null) {
        throw new NullPointerException("tags[" + index + "] is null");
      }
      index++;
      boolean duplicate = seen == null ? contains(kept, size, tag) : !seen.add(tag);
      if (!duplicate) {
        kept[size++] = tagOf.apply(tag);
      }
    }
    return new TagSet(size == n ? kept : Arrays.copyOf(kept, size));
  }

  private static boolean contains(JsonTag[] tags, int size, String tag) {
    for (int i = 0; i < size; i++) {
      if (tags[i].value.equals(tag)) {
        return true;
      }
    }
    return false;
  }

  /** The tags, in order; an unmodifiable view. */
  public List<String> tags() {
    return new View();
  }

  /** The number of tags. */
  public int size() {
    return tags.length;
  }

  /** Whether the account has no tags. */
  public boolean isEmpty() {
    return tags.length == 0;
  }

  /** Appends the tags to {@code out} as a JSON array, e.g. {@code ["a","b"]}, without allocating. */
  public void writeJson(Buffer out) {
    out.appendByte((byte) '[');
    for (int i = 0; i < tags.length; i++) {
      if (i > 0) {
        out.appendByte((byte) ',');
      }
      out.appendBytes(tags[i].json);
    }
    out.appendByte((byte) ']');
  }

  /** Equal when both hold the same tags in the same order. */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof TagSet other) || other.tags.length != tags.length) {
      return false;
    }
    for (int i = 0; i < tags.length; i++) {
      if (tags[i] != other.tags[i] && !tags[i].value.equals(other.tags[i].value)) {
        return false;
      }
    }
    return true;
  }

  /** The same as {@code tags().hashCode()}. */
  @Override
  public int hashCode() {
    int h = 1;
    for (JsonTag tag : tags) {
      h = 31 * h + tag.value.hashCode();
    }
    return h;
  }

  /** The tags like a list prints them: {@code [a, b]}. */
  @Override
  public String toString() {
    return Arrays.toString(tags);
  }

  private final class View extends AbstractList<String> implements RandomAccess {

    @Override
    public String get(int index) {
      return tags[index].value;
    }

    @Override
    public int size() {
      return tags.length;
    }
  }
}
