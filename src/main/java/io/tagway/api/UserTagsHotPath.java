package io.tagway.api;

import io.tagway.cache.TagSet;
import io.tagway.config.AuthConfig.Scope;
import io.tagway.lookup.Tier;
import io.tagway.lookup.LookupService;
import io.tagway.metrics.HttpServerMeters;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

/**
 * The API's busiest answer, an L1 hit of {@code GET /v1/users/{account}/tags}, given without the
 * router: routing (the route list, the path pattern, path parameters, the routing context) cost
 * more than the lookup and the response together. Everything else, and every request this class
 * is not sure about, goes to the router, which answers it exactly as it always would: a path that
 * needs decoding or normalising, a key that is missing or lacks the scope, an invalid account, an
 * account that is not a fresh L1 hit. What it answers is byte for byte the router's answer, and it
 * is measured under the same route.
 */
final class UserTagsHotPath implements Handler<HttpServerRequest> {

  /** The route template this class answers for, as the router and the metrics name it. */
  static final String TEMPLATE = "/v1/users/:account/tags";
  private static final String PREFIX = "/v1/users/";
  private static final String SUFFIX = "/tags";

  private final Router router;
  private final LookupService service;
  private final Accounts accounts;
  private final ApiAuth auth;
  private final HttpServerMeters meters;

  UserTagsHotPath(Router router, LookupService service, Accounts accounts, ApiAuth auth, HttpServerMeters meters) {
    this.router = router;
    this.service = service;
    this.accounts = accounts;
    this.auth = auth;
    this.meters = meters;
  }

  @Override
  public void handle(HttpServerRequest request) {
    long start = System.nanoTime();
    if (request.method() == HttpMethod.GET) {
      String account = plainAccount(request.path());
      if (account != null && accounts.problem(account) == null && auth.permits(request, Scope.LOOKUP)) {
        TagSet tags = service.cached(account);
        if (tags != null) {
          LookupHandlers.writeOne(request.response(), account, tags, Tier.L1);
          meters.record(HttpMethod.GET, TEMPLATE, 200, start);
          return;
        }
      }
    }
    router.handle(request);
  }

  /**
   * The account in {@code /v1/users/{account}/tags} when the path needs no decoding or
   * normalising (no {@code %}, {@code +}, {@code /}, {@code \}, {@code ;}, no dot segment), so
   * that it is exactly what the router's path parameter would be; null otherwise.
   */
  static String plainAccount(String path) {
    if (path == null || !path.startsWith(PREFIX) || !path.endsWith(SUFFIX)) {
      return null;
    }
    int from = PREFIX.length();
    int to = path.length() - SUFFIX.length();
    if (to <= from) {
      return null;
    }
    for (int i = from; i < to; i++) {
      char c = path.charAt(i);
      if (c == '/' || c == '%' || c == '+' || c == '\\' || c == ';' || c < 0x21 || c > 0x7e) {
        return null;
      }
    }
    String account = path.substring(from, to);
    return account.equals(".") || account.equals("..") ? null : account;
  }
}
