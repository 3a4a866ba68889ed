package io.tagway.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.UUID;

/**
 * Vert.x's own metrics, through {@code vertx-micrometer-metrics}: the HTTP servers (requests by
 * method, route template, status and server; latency, with histogram buckets for quantiles; sizes)
 * and the JVM.
 *
 * <p>Labels stay bounded: the route label is the template a request matched (for example
 * {@code /v1/users/:account/tags}, empty when none did), never the raw path, which would carry
 * accounts; no label carries an address. Only the HTTP server domain is on: the HTTP client would
 * only repeat {@code tagway_upstream_*}, and Redis has its own {@code tagway_redis_*} meters.
 *
 * <p>Every HTTP server on such a Vertx must set {@code HttpServerOptions.setMetricsName}: the
 * name is the {@code server_name} label, and Prometheus refuses series of one metric whose label
 * names differ.
 */
public final class ServerMetrics {

  /** {@code server_name} of the API's HTTP server. */
  public static final String API = "api";

  /** Vert.x's name of the HTTP server latency timer ({@code vertx_http_server_response_time_seconds}). */
  static final String RESPONSE_TIME = "vertx.http.server.response.time";
  private static final double[] RESPONSE_TIME_BUCKETS = nanos(
      Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10));

  /** Vert.x records only count, sum and max of the latency; buckets make quantiles possible. */
  private static final MeterFilter RESPONSE_TIME_HISTOGRAM = new MeterFilter() {
    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
      if (!id.getName().equals(RESPONSE_TIME)) {
        return config;
      }
      return DistributionStatisticConfig.builder().serviceLevelObjectives(RESPONSE_TIME_BUCKETS).build().merge(config);
    }
  };

  private ServerMetrics() {}

  /** A Vertx whose HTTP servers and JVM report into {@code registry}. */
  public static Vertx createVertx(MeterRegistry registry) {
    registry.config().meterFilter(RESPONSE_TIME_HISTOGRAM);
    // vertx-micrometer keeps registries in a static map by name: one name per Vertx keeps two
    // gateways in one JVM (tests) apart. Closing the Vertx removes the entry.
    MicrometerMetricsOptions options = options("tagway-" + UUID.randomUUID());
    return Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(options))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
  }

  static MicrometerMetricsOptions options(String registryName) {
    MicrometerMetricsOptions options = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setRegistryName(registryName)
        .setJvmMetricsEnabled(true)
        .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_ROUTE, Label.HTTP_CODE, Label.SERVER_NAME));
    for (MetricsDomain domain : MetricsDomain.values()) {
      if (domain != MetricsDomain.HTTP_SERVER) {
        options.addDisabledMetricsCategory(domain);
      }
    }
    // Client metrics of vertx-redis-client are named after their type.
    options.addDisabledMetricsCategory("redis");
    return options;
  }

  /** Timers take their bucket bounds in nanoseconds. */
  private static double[] nanos(Duration... bounds) {
    double[] nanos = new double[bounds.length];
    for (int i = 0; i < bounds.length; i++) {
      nanos[i] = bounds[i].toNanos();
    }
    return nanos;
  }
}
