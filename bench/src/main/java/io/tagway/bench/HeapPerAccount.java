package io.tagway.bench;

import io.tagway.cache.L1Cache;
import io.tagway.cache.L1Options;
import io.tagway.cache.TagSet;
import io.tagway.cache.TagSetInterner;
import io.tagway.emulator.Population;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * S6: retained heap per cached account. Builds the product's {@link L1Cache} as the gateway does
 * (default sizes and TTLs), fills it with accounts {@code u0 .. u<N-1>} whose tags come from the
 * emulator's {@link Population} (seed 42) through one {@link TagSetInterner}, and measures used heap
 * after full collections before and after. Each account key is a fresh String, as the gateway holds
 * the one it parsed from a request or an upstream answer. Prints one JSON object.
 *
 * <p>{@code HeapPerAccount [--accounts 1000000] [--seed 42]}; run it with a fixed heap, e.g.
 * {@code -Xms2g -Xmx2g}, so that the collector's sizing does not move the numbers.
 */
public final class HeapPerAccount {

  private HeapPerAccount() {}

  public static void main(String[] argv) throws InterruptedException {
    Args args = new Args(argv);
    int accounts = args.intValue("accounts", 1_000_000);
    long seed = args.longValue("seed", 42);
    args.checkAllUsed();

    Population population = new Population(seed, accounts);
    // The gateway's defaults (conf/tagway.yaml and README): 1,000,000 entries, 10m TTL, 1m negative
    // TTL, 5m refresh age, 1h stale grace, 0.1 jitter.
    L1Options options = new L1Options(Math.max(1_000_000, accounts), Duration.ofMinutes(10), Duration.ofMinutes(1),
        Duration.ofMinutes(5), Duration.ofHours(1), 0.1);
    TagSetInterner interner = new TagSetInterner();
    L1Cache cache = new L1Cache(options);
    cache.put("warm-up", interner.intern(population.tagsOf("u1")));
    cache.invalidateAll();
    cache.cleanUp();

    long before = usedAfterGc();
    Map<String, long[]> histogramBefore = classHistogram();
    long tagCount = 0;
    for (int i = 0; i < accounts; i++) {
      String account = new String(Population.account(i).toCharArray());
      TagSet tags = interner.intern(population.tagsOf(account));
      tagCount += tags.size();
      cache.put(account, tags);
    }
    cache.cleanUp();
    long after = usedAfterGc();
    Map<String, long[]> histogramAfter = classHistogram();
    long size = cache.estimatedSize();
    // Keep the cache and interner reachable until after the measurement.
    if (cache.get("u0") == null || interner.hashCode() == 0) {
      System.err.println("u0 missing from the cache");
    }
    JsonObject result = new JsonObject()
        .put("accounts", accounts)
        .put("cached", size)
        .put("meanTags", (double) tagCount / accounts)
        .put("heapBeforeBytes", before)
        .put("heapAfterBytes", after)
        .put("bytesPerAccount", (double) (after - before) / size)
        .put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
        .put("gc", ManagementFactory.getGarbageCollectorMXBeans().get(0).getName())
        .put("maxHeapBytes", Runtime.getRuntime().maxMemory())
        .put("topClasses", growth(histogramBefore, histogramAfter, size, 12));
    System.out.println(result.encode());
  }

  /**
   * The live objects per class ({@code GC.class_histogram}, which collects first): class name to
   * {instances, bytes}. Empty when the diagnostic command is not available.
   */
  private static Map<String, long[]> classHistogram() {
    Map<String, long[]> histogram = new HashMap<>();
    try {
      Object text = ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
          new Object[] {new String[0]}, new String[] {String[].class.getName()});
      for (String line : text.toString().split("\n")) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length >= 4 && parts[0].endsWith(":")) {
          histogram.put(parts[3], new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])});
        }
      }
    } catch (JMException | RuntimeException e) {
      System.err.println("no class histogram: " + e);
    }
    return histogram;
  }

  /** The classes that grew most, in bytes per cached account. */
  private static JsonArray growth(Map<String, long[]> before, Map<String, long[]> after, long accounts, int top) {
    List<JsonObject> grown = new ArrayList<>();
    after.forEach((name, counts) -> {
      long[] was = before.getOrDefault(name, new long[2]);
      long bytes = counts[1] - was[1];
      if (bytes > 0) {
        grown.add(new JsonObject()
            .put("class", name)
            .put("instances", counts[0] - was[0])
            .put("bytes", bytes)
            .put("bytesPerAccount", (double) bytes / accounts));
      }
    });
    grown.sort((a, b) -> Long.compare(b.getLong("bytes"), a.getLong("bytes")));
    return new JsonArray(new ArrayList<>(grown.subList(0, Math.min(top, grown.size()))));
  }

  /** Used heap after collections have settled: the smallest of several full GCs. */
  private static long usedAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(200);
      best = Math.min(best, memory.getHeapMemoryUsage().getUsed());
    }
    return best;
  }
}
