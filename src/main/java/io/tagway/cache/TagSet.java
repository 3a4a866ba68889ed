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
 *
 * <p>A set of up to five tags holds them in fields of its own class rather than in an array: 16 to
 * 32 bytes instead of 40 to 56, for what most accounts have (the hash is computed when asked for).
 */
public abstract class TagSet {

  /** The set of an account without tags. */
  public static final TagSet EMPTY = new Many(new JsonTag[0]);

  /** Up to this many tags, duplicates are found by a scan rather than a hash set. */
  private static final int SCAN_LIMIT = 16;

  private TagSet() {}

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
    return switch (size) {
      case 1 -> new One(kept[0]);
      case 2 -> new Two(kept[0], kept[1]);
      case 3 -> new Three(kept[0], kept[1], kept[2]);
      case 4 -> new Four(kept[0], kept[1], kept[2], kept[3]);
      case 5 -> new Five(kept[0], kept[1], kept[2], kept[3], kept[4]);
      default -> new Many(size == n ? kept : Arrays.copyOf(kept, size));
    };
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
  public abstract int size();

  /** The tag at {@code index}, in order. */
  abstract JsonTag tag(int index);

  /** Whether the account has no tags. */
  public boolean isEmpty() {
    return size() == 0;
  }

  /** The length in bytes of the JSON array that {@link #writeJson} writes. */
  public int jsonLength() {
    int size = size();
    int length = size == 0 ? 2 : size + 1; // brackets and commas
    for (int i = 0; i < size; i++) {
      length += tag(i).json.length;
    }
    return length;
  }

  /**
   * Writes the tags into {@code out} from {@code at} as a JSON array of {@link #jsonLength} bytes;
   * answers the index after it.
   */
  public int writeJson(byte[] out, int at) {
    out[at++] = '[';
    int size = size();
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        out[at++] = ',';
      }
      byte[] json = tag(i).json;
      System.arraycopy(json, 0, out, at, json.length);
      at += json.length;
    }
    out[at++] = ']';
    return at;
  }

  /**
   * Appends the tags to {@code out} as a JSON array, e.g. {@code ["a","b"]}: built in an array
   * first and appended once, since each append to a {@link Buffer} checks the buffer again.
   */
  public void writeJson(Buffer out) {
    byte[] json = new byte[jsonLength()];
    writeJson(json, 0);
    out.appendBytes(json);
  }

  /** Equal when both hold the same tags in the same order. */
  @Override
  public final boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    int size = size();
    if (!(o instanceof TagSet other) || other.size() != size) {
      return false;
    }
    for (int i = 0; i < size; i++) {
      JsonTag mine = tag(i);
      JsonTag theirs = other.tag(i);
      if (mine != theirs && !mine.value.equals(theirs.value)) {
        return false;
      }
    }
    return true;
  }

  /** The same as {@code tags().hashCode()}. */
  @Override
  public final int hashCode() {
    int h = 1;
    for (int i = 0, size = size(); i < size; i++) {
      h = 31 * h + tag(i).value.hashCode();
    }
    return h;
  }

  /** The tags like a list prints them: {@code [a, b]}. */
  @Override
  public final String toString() {
    return tags().toString();
  }

  private final class View extends AbstractList<String> implements RandomAccess {

    @Override
    public String get(int index) {
      return tag(index).value;
    }

    @Override
    public int size() {
      return TagSet.this.size();
    }
  }

  /**
   * One tag; each class up to {@link Five} adds the next in a field of its own and answers for it,
   * leaving the earlier ones to its superclass.
   */
  private static class One extends TagSet {
    private final JsonTag t0;

    One(JsonTag t0) {
      this.t0 = t0;
    }

    @Override
    public int size() {
      return 1;
    }

    @Override
    JsonTag tag(int index) {
      if (index != 0) {
        throw new IndexOutOfBoundsException(index);
      }
      return t0;
    }
  }

  private static class Two extends One {
    private final JsonTag t1;

    Two(JsonTag t0, JsonTag t1) {
      super(t0);
      this.t1 = t1;
    }

    @Override
    public int size() {
      return 2;
    }

    @Override
    JsonTag tag(int index) {
      return index == 1 ? t1 : super.tag(index);
    }
  }

  private static class Three extends Two {
    private final JsonTag t2;

    Three(JsonTag t0, JsonTag t1, JsonTag t2) {
      super(t0, t1);
      this.t2 = t2;
    }

    @Override
    public int size() {
      return 3;
    }

    @Override
    JsonTag tag(int index) {
      return index == 2 ? t2 : super.tag(index);
    }
  }

  private static class Four extends Three {
    private final JsonTag t3;

    Four(JsonTag t0, JsonTag t1, JsonTag t2, JsonTag t3) {
      super(t0, t1, t2);
      this.t3 = t3;
    }

    @Override
    public int size() {
      return 4;
    }

    @Override
    JsonTag tag(int index) {
      return index == 3 ? t3 : super.tag(index);
    }
  }

  private static final class Five extends Four {
    private final JsonTag t4;

    Five(JsonTag t0, JsonTag t1, JsonTag t2, JsonTag t3, JsonTag t4) {
      super(t0, t1, t2, t3);
      this.t4 = t4;
    }

    @Override
    public int size() {
      return 5;
    }

    @Override
    JsonTag tag(int index) {
      return index == 4 ? t4 : super.tag(index);
    }
  }

  /** No tags, or more than five. */
  private static final class Many extends TagSet {
    private final JsonTag[] tags;

    Many(JsonTag[] tags) {
      this.tags = tags;
    }

    @Override
    public int size() {
      return tags.length;
    }

    @Override
    JsonTag tag(int index) {
      return tags[index];
    }
  }
}
