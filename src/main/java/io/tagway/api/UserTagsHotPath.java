package io.tagway.api;

import io.micrometer.core.instrument.Timer;
import io.tagway.config.AuthConfig.Scope;
import io.tagway.metrics.HttpServerMeters;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;

/**
 * The API's busiest request, {@code GET /v1/users/{account}/tags}, answered without the router:
 * routing (the route list, the path pattern, path parameters, the routing context) cost more than
 * an L1 hit and its response together. Every request this class is not sure about goes to the
 * router, which answers it exactly as it always would: another route or method, a path that needs
 * decoding or normalising, a key that is missing or lacks the scope, an invalid account. What it
 * answers (from L1, L2 or the upstream, or a per-account failure) is byte for byte the router's
 * answer, through the same {@link LookupHandlers}, and it is measured under the same route.
 */
final class UserTagsHotPath implements Handler<HttpServerRequest> {

  /** The route template this class answers for, as the router and the metrics name it. */
  static final String TEMPLATE = "/v1/users/:account/tags";
  private static final String PREFIX = "/v1/users/";
  private static final String SUFFIX = "/tags";

  private final Router router;
  private final LookupHandlers lookups;
  private final Accounts accounts;
  private final ApiAuth auth;
  private final HttpServerMeters meters;
  /** The timer of L1 hits, kept after the first: this instance runs on one event loop only. */
  private Timer l1Hits;

  UserTagsHotPath(Router router, LookupHandlers lookups, Accounts accounts, ApiAuth auth, HttpServerMeters meters) {
    this.router = router;
    this.lookups = lookups;
    this.accounts = accounts;
    this.auth = auth;
    this.meters = meters;
  }

  /** The router behind this class, which answers every other request. */
  Router router() {
    return router;
  }

  @Override
  public void handle(HttpServerRequest request) {
    try {
      answer(request);
    } catch (RuntimeException e) { // a bug: answered as the router's 500 handler does, not left hanging
      ApiRouter.internalError(request, e);
    }
  }

  private void answer(HttpServerRequest request) {
    long start = System.nanoTime();
    if (request.method() == HttpMethod.GET) {
      String account = plainAccount(request.path());
      if (account != null && accounts.problem(account) == null && auth.permits(request, Scope.LOOKUP)) {
        HttpServerResponse response = request.response();
        if (lookups.answerFromL1(account, response)) {
          if (l1Hits == null) {
            l1Hits = meters.timer(HttpMethod.GET, TEMPLATE, 200);
          }
          l1Hits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
          return;
        }
        lookups.lookUpOne(account, response).onComplete(answered -> {
          if (answered.failed()) { // a bug: answered as the router's 500 handler does
            ApiRouter.internalError(request, answered.cause());
          }
          meters.record(HttpMethod.GET, TEMPLATE, response.getStatusCode(), start);
        });
        return;
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
