package io.tagway.api;

import io.tagway.lookup.Invalidator;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code POST /v1/invalidate} and {@code DELETE /v1/users/{account}/tags}: answered once the
 * invalidation is in force, or 503 when Redis could not record it (then nothing is promised).
 */
final class InvalidationHandlers {

  private final Invalidator invalidator;
  private final Accounts accounts;

  InvalidationHandlers(Invalidator invalidator, Accounts accounts) {
    this.invalidator = invalidator;
    this.accounts = accounts;
  }

  /** Many accounts: {@code {"invalidated":N}}. */
  void many(RoutingContext ctx) {
    List<String> distinct = accounts.fromBody(JsonBodies.object(ctx));
    invalidator.invalidate(distinct)
        .onSuccess(done -> ctx.response()
            .putHeader(HttpHeaders.CONTENT_TYPE, ErrorResponse.APPLICATION_JSON)
            .end(new JsonObject().put("invalidated", distinct.size()).toBuffer()))
        .onFailure(failure -> unavailable(ctx));
  }

  /** One account: 204. */
  void one(RoutingContext ctx) {
    String account = ctx.pathParam("account");
    String problem = accounts.problem(account);
    if (problem != null) {
      ErrorResponse.send(ctx, 400, "invalid_account", problem);
      return;
    }
    invalidator.invalidate(List.of(account))
        .onSuccess(done -> ctx.response().setStatusCode(204).end())
        .onFailure(failure -> unavailable(ctx));
  }

  private static void unavailable(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
    ErrorResponse.send(ctx, 503, "invalidation_failed", "Redis could not record the invalidation; retry");
  }
}
