package io.tagway.emulator;

import io.tagway.upstream.wire.CallerCheck;
import io.tagway.upstream.wire.TimAnswers;
import io.tagway.upstream.wire.TimError;
import io.tagway.upstream.wire.TimFailure;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Serves {@code POST /v4/all_member_push/{command}}. Every call goes through these steps, in this
 * order, and the first that fails answers (HTTP 200, {@code "ActionStatus":"FAIL"}):
 *
 * <ol>
 *   <li>counted as arrived: calls per command and the most calls in any sliding second;
 *   <li>query string: {@code sdkappid} missing 60012; a parameter missing, repeated or out of format
 *       60002;
 *   <li>{@code sdkappid} not the served app: 70016;
 *   <li>rate limit, per command over a sliding second: 60007 (a refused call does not count
 *       against later ones);
 *   <li>UserSig: 70003, 70014, 70013, 70001, 70009 (in the verifier's order);
 *   <li>identifier not an admin: 90009;
 *   <li>body: not JSON or not of the shape 90001; then (an {@code im_get_tag} batch is counted
 *       here) the limits 90018, 90032, 90020;
 *   <li>faults: 91000, HTTP 502 or a hung connection, at most one per call (a faulted call changes
 *       nothing);
 *   <li>the command runs at once; its answer (or the 91000 or 502 of the step before) is sent after
 *       the injected latency, if any.
 * </ol>
 *
 * <p>Runs on the emulator's single event loop: no locks.
 */
final class TagCommandHandler {

  private static final CharSequence TEXT_HTML = HttpHeaders.createOptimized("text/html");
  private static final String BAD_GATEWAY =
      "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>"
          + "</center></body></html>\n";

  private final Vertx vertx;
  private final LongSupplier nanoTime;
  private final CallerCheck callerCheck;
  private final CallRateLimiter limiter;
  private final TagCalls calls;
  private final FaultInjector faults;
  private final HungRequests hung;
  private final StatsRecorder stats;

  /** A handler wired to the emulator's parts. */
  TagCommandHandler(Vertx vertx, LongSupplier nanoTime, CallerCheck callerCheck, CallRateLimiter limiter,
      TagCalls calls, FaultInjector faults, HungRequests hung, StatsRecorder stats) {
    this.vertx = vertx;
    this.nanoTime = nanoTime;
    this.callerCheck = callerCheck;
    this.limiter = limiter;
    this.calls = calls;
    this.faults = faults;
    this.hung = hung;
    this.stats = stats;
  }

  /** Handles one call of {@code command}. */
  void handle(TagCommand command, RoutingContext ctx) {
    long now = nanoTime.getAsLong();
    stats.recordArrival(command, now);
    Supplier<Buffer> call;
    try {
      call = check(command, ctx.request(), ctx.body().buffer(), now);
    } catch (TimFailure failure) {
      stats.recordError(failure.code());
      TimAnswers.send(ctx.response(), TimAnswers.fail(failure));
      return;
    }
    injectFaultsAndRun(ctx.request(), call);
  }

  /** Steps 2 to 7: every check, in order; returns the call ready to run. */
  private Supplier<Buffer> check(TagCommand command, HttpServerRequest request, Buffer body, long now) {
    CallerCheck.Caller caller = callerCheck.parse(request.uri());
    callerCheck.checkApp(caller);
    if (!limiter.tryAdmit(command, now)) {
      stats.recordRateLimited();
      throw TimError.RATE_LIMITED.failure();
    }
    try {
      callerCheck.checkSignature(caller);
    } catch (TimFailure failure) {
      stats.recordSignatureFailure(failure.code());
      throw failure;
    }
    callerCheck.checkAdmin(caller);
    return calls.prepare(command, body);
  }

  /** Steps 8 and 9. */
  private void injectFaultsAndRun(HttpServerRequest request, Supplier<Buffer> call) {
    EmulatorFaults current = faults.faults();
    HttpServerResponse response = request.response();
    switch (faults.drawFault(current)) {
      case HANG -> hung.hold(request, current.hangCapMs());
      case BAD_GATEWAY -> {
        stats.recordBadGateway();
        afterLatency(current, () -> sendBadGateway(response));
      }
      case INTERNAL_ERROR -> {
        stats.recordInternalError();
        stats.recordError(TimError.INTERNAL_ERROR.code());
        Buffer answer = TimAnswers.fail(TimError.INTERNAL_ERROR.failure());
        afterLatency(current, () -> TimAnswers.send(response, answer));
      }
      case NONE -> {
        Buffer answer = call.get();
        afterLatency(current, () -> TimAnswers.send(response, answer));
      }
    }
  }

  /** Sends an HTTP 502 like a failing reverse proxy, unless the client is gone. */
  private static void sendBadGateway(HttpServerResponse response) {
    if (!response.closed()) {
      response.setStatusCode(502).putHeader(HttpHeaders.CONTENT_TYPE, TEXT_HTML).end(BAD_GATEWAY);
    }
  }

  private void afterLatency(EmulatorFaults current, Runnable send) {
    long latencyMs = faults.drawLatencyMs(current);
    if (latencyMs == 0) {
      send.run();
      return;
    }
    stats.recordDelayed();
    vertx.setTimer(latencyMs, id -> send.run());
  }
}
