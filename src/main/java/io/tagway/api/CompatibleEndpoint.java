package io.tagway.api;

import io.tagway.batch.MissFailure;
import io.tagway.batch.Priority;
import io.tagway.lookup.LookupResult;
import io.tagway.lookup.LookupService;
import io.tagway.upstream.wire.AccountTags;
import io.tagway.upstream.wire.CallerCheck;
import io.tagway.upstream.wire.TagLimits;
import io.tagway.upstream.wire.TagRequestParser;
import io.tagway.upstream.wire.TimAnswers;
import io.tagway.upstream.wire.TimError;
import io.tagway.upstream.wire.TimFailure;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v4/all_member_push/im_get_tag}: Tencent's endpoint, served from the gateway's
 * lookups, so that a Tencent server SDK works by changing only the domain.
 *
 * <p>The caller and the body are checked by the same code as the emulator's ({@link
 * io.tagway.upstream.wire}), in Tencent's order: query string 60012/60002, SDKAppID 70016, UserSig
 * 70003/70014/70013/70001/70009, admin 90009, body 90001, more than 100 accounts 90018. The one
 * admin is {@code upstream.identifier}, with a UserSig signed by the app key. Every answer is
 * HTTP 200 in Tencent's shape, failures included; none holds the UserSig.
 *
 * <p>{@code UserTags} follows the request: each account in request order, a duplicate once per
 * occurrence, an account without tags with {@code "Tags":[]}, as the emulator answers. An account
 * the gateway cannot hold ({@code http.maxAccountBytes}, control characters, broken Unicode) cannot
 * exist in Tencent IM either (UserIDs are at most 32 bytes), so it gets {@code "Tags":[]} without a
 * lookup. Tencent's answer has no per-account error: when the gateway cannot get the tags of some
 * account (upstream failing with no stale copy, or over capacity), the whole call answers 91000 and
 * the caller retries; the accounts that were found stay cached meanwhile.
 */
final class CompatibleEndpoint {

  /** The path Tencent serves it on. */
  static final String PATH = "/v4/all_member_push/im_get_tag";

  private static final Logger LOG = LoggerFactory.getLogger(CompatibleEndpoint.class);

  private final CallerCheck callers;
  private final LookupService service;
  private final Accounts accounts;
  private final long timeoutNanos;

  CompatibleEndpoint(CallerCheck callers, LookupService service, Accounts accounts, Duration timeout) {
    this.callers = callers;
    this.service = service;
    this.accounts = accounts;
    this.timeoutNanos = timeout.toNanos();
  }

  /** Checks the caller and the body, looks the accounts up, answers like Tencent. */
  void handle(RoutingContext ctx) {
    List<String> requested;
    try {
      callers.admit(ctx.request().uri());
      requested = TagRequestParser.accounts(TagRequestParser.object(ctx.body().buffer()));
      TagLimits.checkAccountCount(requested.size());
    } catch (TimFailure refused) {
      TimAnswers.send(ctx.response(), TimAnswers.fail(refused));
      return;
    }
    Map<String, Integer> index = new HashMap<>(requested.size() * 2);
    List<String> distinct = new ArrayList<>(requested.size());
    for (String account : requested) {
      if (!index.containsKey(account) && accounts.problem(account) == null) {
        index.put(account, distinct.size());
        distinct.add(account);
      }
    }
    service.lookup(distinct, System.nanoTime() + timeoutNanos, Priority.INTERACTIVE)
        .onSuccess(result -> TimAnswers.send(ctx.response(), answer(requested, index, result)))
        .onFailure(ctx::fail);
  }

  /**
   * Failures of this route answer like Tencent, HTTP 200: a body over {@code http.maxBodyBytes}
   * 90001, a bug 91000 (logged with the path only: the query holds the UserSig).
   */
  void failure(RoutingContext ctx) {
    TimFailure answer;
    if (ctx.statusCode() == 413) {
      answer = TimError.BODY_MALFORMED.failure("Request body is too large");
    } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      answer = TimError.BODY_MALFORMED.failure();
    } else {
      LOG.error("Unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
      answer = TimError.INTERNAL_ERROR.failure();
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    TimAnswers.send(ctx.response(), TimAnswers.fail(answer));
  }

  /** {@code UserTags} in request order, or 91000 when some account has no answer. */
  private static Buffer answer(List<String> requested, Map<String, Integer> index, LookupResult result) {
    int failed = 0;
    MissFailure first = null;
    for (int i = 0; i < result.size(); i++) {
      if (result.failure(i) != null) {
        failed++;
        first = first == null ? result.failure(i) : first;
      }
    }
    if (failed > 0) {
      return TimAnswers.fail(TimError.INTERNAL_ERROR.failure("Internal error, retry: no tags for " + failed + " of "
          + result.size() + " accounts (" + Failures.code(first) + ")"));
    }
    List<AccountTags> userTags = new ArrayList<>(requested.size());
    for (String account : requested) {
      Integer i = index.get(account);
      userTags.add(new AccountTags(account, i == null ? List.of() : result.tags(i).tags()));
    }
    return TimAnswers.userTags(userTags);
  }
}
