package io.tagway.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The process around the gateway: its Vert.x instance and the JVM's meters.
 *
 * <p>Vert.x runs without its metrics SPI: the API's requests are measured by
 * {@link HttpServerMeters}, upstream calls by {@code tagway_upstream_*}, Redis by
 * {@code tagway_redis_*}.
 */
public final class ServerMetrics {

  private ServerMetrics() {}

  /** A Vertx on Netty's native transport where it loads (epoll on Linux), NIO elsewhere. */
  public static Vertx createVertx() {
    return Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
  }

  /**
   * Binds the JVM's meters (memory, GC, threads, class loading, CPU, uptime) to {@code registry};
   * closing the result stops the GC meter listening to the JVM's notifications.
   */
  public static AutoCloseable bindJvm(MeterRegistry registry) {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    return gc;
  }
}
