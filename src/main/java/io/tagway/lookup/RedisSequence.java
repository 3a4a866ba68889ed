package io.tagway.lookup;

import io.tagway.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A sequence shared through Redis: an increment that never falls behind Redis's clock in
 * microseconds, so it keeps growing when the key is lost and stays comparable with
 * {@link Sequencer}'s clock-based numbers. While Redis cannot be reached, numbers come from the
 * local sequencer, never below the last shared one.
 */
final class RedisSequence implements GlobalSequence {

  private static final LuaScript NEXT = new LuaScript("""
      local v = redis.call('INCR', KEYS[1])
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
      if v < now then
        -- tostring() would write 1.7956797019826e+15, which the next INCR refuses
        redis.call('SET', KEYS[1], string.format('%.0f', now))
        v = now
      end
      return v
      """);

  private final Redis redis;
  private final List<String> key;
  private final Sequencer fallback;
  private final Duration timeout;
  private final AtomicLong lastShared = new AtomicLong();

  RedisSequence(Redis redis, long sdkAppId, Sequencer fallback, Duration timeout) {
    this.redis = redis;
    this.key = List.of("tw:{" + sdkAppId + ":seq}");
    this.fallback = fallback;
    this.timeout = timeout;
  }

  @Override
  public Future<Long> next() {
    return NEXT.send(this::send, key)
        .map(Response::toLong)
        .onSuccess(value -> lastShared.accumulateAndGet(value, Math::max))
        .otherwise(failure -> Math.max(fallback.next(), lastShared.get() + 1));
  }

  private Future<Response> send(Request request) {
    try {
      return redis.send(request).timeout(timeout);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
