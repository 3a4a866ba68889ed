package io.tagway.api;

import io.tagway.cache.AccountNames;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What an account name may be, and the {@code {"accounts":[...]}} bodies that carry them. */
final class Accounts {


  private final int maxBytes;
  private final int maxPerRequest;

  Accounts(int maxBytes, int maxPerRequest) {
    this.maxBytes = maxBytes;
    this.maxPerRequest = maxPerRequest;
  }

  /** Null when {@code account} is acceptable, otherwise why not. */
  String problem(String account) {
    return AccountNames.problem(account, maxBytes);
  }

  /**
   * The distinct accounts of a {@code {"accounts":[...]}} body, in first-seen order.
   *
   * @throws BadRequest naming what is wrong
   */
  List<String> fromBody(JsonObject body) {
    if (!(body.getValue("accounts") instanceof JsonArray array)) {
      throw new BadRequest("invalid_request", "the body must be {\"accounts\":[...]} with an array of strings");
    }
    if (array.isEmpty() || array.size() > maxPerRequest) {
      throw new BadRequest("invalid_request", "\"accounts\" must hold 1 to " + maxPerRequest + " accounts, got " + array.size());
    }
    Set<String> distinct = new LinkedHashSet<>(array.size() * 2);
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof String account)) {
        throw new BadRequest("invalid_request", "accounts[" + i + "] must be a string");
      }
      String problem = problem(account);
      if (problem != null) {
        throw new BadRequest("invalid_account", "accounts[" + i + "]: " + problem);
      }
      distinct.add(account);
    }
    return new ArrayList<>(distinct);
  }
}
