package io.tagway.upstream.wire;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the bodies of the tag commands, answering 90001 for anything that is not valid JSON or not
 * of the documented shape.
 *
 * <p>The shape, strictly: the body is a JSON object; {@code To_Account} (get, remove all) is a
 * non-empty array of strings; {@code UserTags} (add, remove) is a non-empty array of objects, each
 * with a string {@code To_Account} and a non-empty array of strings {@code Tags}. Other fields are
 * ignored. Limits (100 accounts, 10 tags, 50 bytes) are checked afterwards (see {@link TagLimits}),
 * so a well-formed body of 101 accounts answers 90018, not 90001.
 */
public final class TagRequestParser {

  private TagRequestParser() {}

  /** The body as a JSON object. */
  public static JsonObject object(Buffer body) {
    if (body == null || body.length() == 0) {
      throw TimError.BODY_MALFORMED.failure("Request body is empty");
    }
    Object value;
    try {
      value = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw TimError.BODY_MALFORMED.failure("Request body is not valid JSON");
    }
    if (!(value instanceof JsonObject object)) {
      throw TimError.BODY_MALFORMED.failure("Request body is not a JSON object");
    }
    return object;
  }

  /** The {@code To_Account} array of {@code im_get_tag} and {@code im_remove_all_tags}. */
  public static List<String> accounts(JsonObject body) {
    return strings(body.getValue("To_Account"), "To_Account");
  }

  /** The {@code UserTags} array of {@code im_add_tag} and {@code im_remove_tag}. */
  public static List<AccountTags> userTags(JsonObject body) {
    JsonArray array = nonEmptyArray(body.getValue("UserTags"), "UserTags");
    List<AccountTags> userTags = new ArrayList<>(array.size());
    for (Object element : array) {
      if (!(element instanceof JsonObject entry)) {
        throw shape("UserTags must hold objects");
      }
      if (!(entry.getValue("To_Account") instanceof String account)) {
        throw shape("UserTags[].To_Account must be a string");
      }
      userTags.add(new AccountTags(account, strings(entry.getValue("Tags"), "UserTags[].Tags")));
    }
    return userTags;
  }

  private static List<String> strings(Object value, String field) {
    JsonArray array = nonEmptyArray(value, field);
    List<String> strings = new ArrayList<>(array.size());
    for (Object element : array) {
      if (!(element instanceof String string)) {
        throw shape(field + " must hold strings");
      }
      strings.add(string);
    }
    return strings;
  }

  private static JsonArray nonEmptyArray(Object value, String field) {
    if (!(value instanceof JsonArray array)) {
      throw shape(field + " must be an array");
    }
    if (array.isEmpty()) {
      throw shape(field + " must not be empty");
    }
    return array;
  }

  private static TimFailure shape(String detail) {
    return TimError.BODY_MALFORMED.failure(detail);
  }
}
