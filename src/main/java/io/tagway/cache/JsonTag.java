package io.tagway.cache;

/**
 * One tag and its JSON string literal, encoded once when the tag enters a {@link TagSet} so that
 * writing a response only copies bytes. Equal by tag value.
 */
final class JsonTag {

  final String value;
  /** The quoted, escaped literal in UTF-8, e.g. {@code "a\"b"}; never modified. */
  final byte[] json;

  JsonTag(String value) {
    this.value = value;
    this.json = JsonText.literal(value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonTag other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
