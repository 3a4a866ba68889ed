package io.tagway.upstream.wire;

import java.util.List;
import java.util.Objects;

/** One account and a list of tags: an element of {@code UserTags} in requests and answers. */
public record AccountTags(String account, List<String> tags) {

  /** Copies {@code tags} into an immutable list. */
  public AccountTags {
    Objects.requireNonNull(account, "account");
    tags = List.copyOf(tags);
  }
}
