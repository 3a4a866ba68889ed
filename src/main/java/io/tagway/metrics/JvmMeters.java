package io.tagway.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * The JVM's meters, from Micrometer's binders. Vert.x runs without its metrics SPI: the API's
 * requests are measured by {@link HttpServerMeters}, upstream calls by {@code tagway_upstream_*},
 * Redis by {@code tagway_redis_*}.
 */
public final class JvmMeters {

  private JvmMeters() {}

  /**
   * Binds the JVM's meters (memory, GC, threads, class loading, CPU, uptime) to {@code registry};
   * closing the result stops the GC meter listening to the JVM's notifications.
   */
  public static AutoCloseable bind(MeterRegistry registry) {
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
