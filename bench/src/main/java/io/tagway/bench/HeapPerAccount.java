package io.tagway.bench;

import io.tagway.cache.L1Cache;
import io.tagway.cache.L1Options;
import io.tagway.cache.TagSet;
import io.tagway.cache.TagSetInterner;
import io.tagway.emulator.Population;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;

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
    long tagCount = 0;
    for (int i = 0; i < accounts; i++) {
      String account = new String(Population.account(i).toCharArray());
      TagSet tags = interner.intern(population.tagsOf(account));
      tagCount += tags.size();
      cache.put(account, tags);
    }
    cache.cleanUp();
    long after = usedAfterGc();
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
        .put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    System.out.println(result.encode());
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
