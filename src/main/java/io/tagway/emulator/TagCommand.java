package io.tagway.emulator;

import java.util.Optional;

/** The four tag commands of service {@code all_member_push}. */
public enum TagCommand {
  /** Reads the tags of up to 100 accounts. */
  GET_TAG("im_get_tag"),
  /** Adds tags to up to 100 accounts. */
  ADD_TAG("im_add_tag"),
  /** Removes some tags from up to 100 accounts. */
  REMOVE_TAG("im_remove_tag"),
  /** Removes every tag from up to 100 accounts. */
  REMOVE_ALL_TAGS("im_remove_all_tags");

  /** The service segment of every tag command's path. */
  public static final String SERVICE = "all_member_push";

  private final String wireName;

  TagCommand(String wireName) {
    this.wireName = wireName;
  }

  /** The command as it appears in the URL, e.g. {@code im_get_tag}. */
  public String wireName() {
    return wireName;
  }

  /** The request path, e.g. {@code /v4/all_member_push/im_get_tag}. */
  public String path() {
    return "/v4/" + SERVICE + "/" + wireName;
  }

  /** The command with this wire name, if any. */
  public static Optional<TagCommand> ofWireName(String wireName) {
    for (TagCommand command : values()) {
      if (command.wireName.equals(wireName)) {
        return Optional.of(command);
      }
    }
    return Optional.empty();
  }
}
