package io.tagway.api;

import io.tagway.batch.MissFailure;
import io.tagway.batch.Priority;
import io.tagway.cache.JsonText;
import io.tagway.cache.TagSet;
import io.tagway.lookup.LookupResult;
import io.tagway.lookup.LookupService;
import io.tagway.lookup.Tier;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/users/{account}/tags} and {@code POST /v1/tags/lookup}. */
final class LookupHandlers {

  private static final CharSequence X_CACHE = HttpHeaders.createOptimized("X-Cache");
  private static final Map<Tier, CharSequence> TIER_HEADERS = new EnumMap<>(Tier.class);
  private static final byte[] ACCOUNT = "{\"account\":".getBytes();
  private static final byte[] TAGS = ",\"tags\":".getBytes();
  private static final byte[] CODE = ",\"code\":".getBytes();
  private static final byte[] MESSAGE = ",\"message\":".getBytes();

  static {
    for (Tier tier : Tier.values()) {
      TIER_HEADERS.put(tier, HttpHeaders.createOptimized(tier.name()));
    }
  }

  private final LookupService service;
  private final Accounts accounts;
  private final long timeoutNanos;

  LookupHandlers(LookupService service, Accounts accounts, Duration timeout) {
    this.service = service;
    this.accounts = accounts;
    this.timeoutNanos = timeout.toNanos();
  }

  /** One account: {@code {"account":"a","tags":[...]}} with {@code X-Cache}. */
  void one(RoutingContext ctx) {
    String account = ctx.pathParam("account");
    String problem = accounts.problem(account);
    if (problem != null) {
      ErrorResponse.send(ctx, 400, "invalid_account", problem);
      return;
    }
    if (!answerFromL1(account, ctx.response())) {
      lookUpOne(account, ctx.response()).onFailure(ctx::fail);
    }
  }

  /** Answers one valid account from L1 when it is a fresh hit there; false, writing nothing, otherwise. */
  boolean answerFromL1(String account, HttpServerResponse response) {
    TagSet cached = service.cached(account);
    if (cached == null) {
      return false;
    }
    writeOne(response, account, cached, Tier.L1);
    return true;
  }

  /**
   * Answers one valid account that is not an L1 hit: from L2 or the upstream, or with its
   * failure. The future fails only on a bug, with the response not yet written.
   */
  Future<Void> lookUpOne(String account, HttpServerResponse response) {
    return service.lookup(List.of(account), System.nanoTime() + timeoutNanos, Priority.INTERACTIVE)
        .map(result -> {
          if (result.failure(0) != null) {
            Failures.send(response, result.failure(0));
          } else {
            writeOne(response, account, result.tags(0), result.tier(0));
          }
          return null;
        });
  }

  /** Many accounts: results in request order, duplicates once, failures listed apart. */
  void many(RoutingContext ctx) {
    JsonObject body = JsonBodies.object(ctx);
    List<String> distinct = accounts.fromBody(body);
    service.lookup(distinct, System.nanoTime() + timeoutNanos, Priority.INTERACTIVE)
        .onSuccess(result -> writeMany(ctx, result))
        .onFailure(ctx::fail);
  }

  private static void writeOne(HttpServerResponse response, String account, TagSet tags, Tier tier) {
    response
        .putHeader(HttpHeaders.CONTENT_TYPE, ErrorResponse.APPLICATION_JSON)
        .putHeader(X_CACHE, TIER_HEADERS.get(tier))
        .end(AccountTagsBody.of(account, tags));
  }

  private static void writeMany(RoutingContext ctx, LookupResult result) {
    int failed = 0;
    boolean onlyCapacity = true;
    Duration retryAfter = Duration.ZERO;
    Buffer out = Buffer.buffer(32 + result.size() * 48);
    out.appendString("{\"results\":[");
    boolean first = true;
    for (int i = 0; i < result.size(); i++) {
      MissFailure failure = result.failure(i);
      if (failure != null) {
        failed++;
        onlyCapacity &= failure.reason().capacity();
        retryAfter = failure.retryAfter().compareTo(retryAfter) > 0 ? failure.retryAfter() : retryAfter;
        continue;
      }
      if (!first) {
        out.appendByte((byte) ',');
      }
      first = false;
      out.appendBytes(ACCOUNT).appendBytes(JsonText.literal(result.account(i))).appendBytes(TAGS);
      result.tags(i).writeJson(out);
      out.appendByte((byte) '}');
    }
    if (failed == result.size() && onlyCapacity) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(Failures.retryAfterSeconds(retryAfter)));
      ErrorResponse.send(ctx, 429, "overloaded",
          "the gateway cannot look these accounts up now; retry after the Retry-After delay");
      return;
    }
    out.appendString("],\"errors\":[");
    first = true;
    for (int i = 0; i < result.size(); i++) {
      MissFailure failure = result.failure(i);
      if (failure == null) {
        continue;
      }
      if (!first) {
        out.appendByte((byte) ',');
      }
      first = false;
      out.appendBytes(ACCOUNT).appendBytes(JsonText.literal(result.account(i)))
          .appendBytes(CODE).appendBytes(JsonText.literal(Failures.code(failure)))
          .appendBytes(MESSAGE).appendBytes(JsonText.literal(failure.message()))
          .appendByte((byte) '}');
    }
    out.appendString("]}");
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, ErrorResponse.APPLICATION_JSON).end(out);
  }
}
