package io.tagway.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The API's request meter: {@code tagway_http_server_requests_seconds} (count, sum, max and
 * histogram buckets) by {@code method}, {@code route} and {@code code}. Installed as the router's
 * first handler, it reads the clock when routing starts and records when the response has ended.
 *
 * <p>Labels stay bounded: {@code route} is the template of the route that answered (for example
 * {@code /v1/users/:account/tags}), empty when none matched, never the raw path, which would carry
 * accounts; {@code method} is one of HTTP's or {@code OTHER}; no label carries an address.
 *
 * <p>Why not Vert.x's own HTTP server metrics ({@code vertx-micrometer-metrics}): they cost about
 * a sixth of the gateway's throughput on an L1 hit (the tags of every request are built and its
 * meters looked up in the registry again). Here each label combination's timer is resolved once
 * and kept.
 */
public final class HttpServerMeters implements Handler<RoutingContext> {

  /** The timer's name; Prometheus shows it as {@code tagway_http_server_requests_seconds}. */
  static final String NAME = "tagway.http.server.requests";
  private static final Duration[] BUCKETS = {
      Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

  /** Vert.x accepts any token as a method; the label takes HTTP's own and "OTHER" for the rest. */
  private static final Set<HttpMethod> STANDARD_METHODS = Set.copyOf(HttpMethod.values());
  private static final HttpMethod OTHER = HttpMethod.valueOf("OTHER");

  private final MeterRegistry registry;
  private final ConcurrentHashMap<Key, Timer> timers = new ConcurrentHashMap<>();

  private record Key(HttpMethod method, String route, int code) {}

  /** Meters that register their timers in {@code registry}. */
  public HttpServerMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(ended -> record(ctx, start));
    ctx.next();
  }

  private void record(RoutingContext ctx, long start) {
    Route route = ctx.currentRoute();
    String template = route == null || route.getName() == null ? "" : route.getName();
    record(ctx.request().method(), template, ctx.response().getStatusCode(), start);
  }

  /**
   * Records a request answered without the router (a hot path), under the route template that
   * would have answered it; {@code start} is its {@code System.nanoTime()} on arrival.
   */
  public void record(HttpMethod method, String template, int code, long start) {
    long elapsed = System.nanoTime() - start;
    timer(method, template, code).record(elapsed, TimeUnit.NANOSECONDS);
  }

  /**
   * The timer of one label combination, registered on first use; a hot path may keep it and
   * record into it with the nanoseconds since the request arrived.
   */
  public Timer timer(HttpMethod method, String template, int code) {
    Key key = new Key(STANDARD_METHODS.contains(method) ? method : OTHER, template, code);
    Timer timer = timers.get(key);
    return timer != null ? timer : timers.computeIfAbsent(key, this::register);
  }

  private Timer register(Key key) {
    return Timer.builder(NAME)
        .description("Requests to the API, from routing until the response ended")
        .tags("method", key.method().name(), "route", key.route(), "code", Integer.toString(key.code()))
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }
}
