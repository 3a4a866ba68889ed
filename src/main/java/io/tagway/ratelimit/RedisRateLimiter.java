package io.tagway.ratelimit;

import io.tagway.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The limiter of {@link PacedRateLimiter}, shared by every instance through Redis: the slots, the
 * pacing state and pauses live in Redis, and one Lua script per grant decides with Redis's own
 * clock ({@code TIME}), never the instances' clocks, which drift. All keys share one hash tag, so
 * the scripts run on one Cluster master. A grant or release that fails (Redis unreachable) fails
 * the future; {@link FallbackRateLimiter} decides what to do then.
 */
public final class RedisRateLimiter implements RateLimiter {

  private static final String NOW = """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
      """;

  /**
   * KEYS: slots (zset), owners (hash), state (hash). ARGV: limit, hold, maxCall, interval,
   * tolerance (µs), then one grant id per permit asked for. Grants as many as it may now, each as
   * a lone grant at this moment would be; answers {1, slot...} or {0, wait in µs}.
   */
  private static final LuaScript ACQUIRE = new LuaScript(NOW + """
      local limit = tonumber(ARGV[1])
      local count = redis.call('ZCARD', KEYS[1])
      for i = count, limit - 1 do
        redis.call('ZADD', KEYS[1], 'NX', 0, tostring(i))
      end
      local state = redis.call('HMGET', KEYS[3], 'tat', 'paused')
      local tat = tonumber(state[1] or '0')
      local paused = tonumber(state[2] or '0')
      local granted = {1}
      local wait = 0
      for n = 6, #ARGV do
        local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
        wait = math.max(paused - now, tat - tonumber(ARGV[5]) - now, tonumber(first[2]) + tonumber(ARGV[2]) - now)
        if wait > 0 then
          break
        end
        tat = math.max(tat, now) + tonumber(ARGV[4])
        redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), first[1])
        redis.call('HSET', KEYS[2], first[1], ARGV[n])
        granted[#granted + 1] = tonumber(first[1])
      end
      if #granted == 1 then
        return {0, math.ceil(wait)}
      end
      redis.call('HSET', KEYS[3], 'tat', tat)
      for i = 1, 3 do
        redis.call('PEXPIRE', KEYS[i], 86400000)
      end
      return granted
      """);

  /**
   * KEYS: slots, owners. ARGV: slot, id, how long ago the call ended (µs). Frees the slot from
   * then if the grant still holds it. "Then" is Redis's clock less a delay measured before the
   * script was sent, so it is never earlier than the call's true end.
   */
  private static final LuaScript RELEASE = new LuaScript(NOW + """
      if redis.call('HGET', KEYS[2], ARGV[1]) == ARGV[2] then
        local ended = now - tonumber(ARGV[3])
        local ends = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1]) or '0')
        if ended < ends then
          redis.call('ZADD', KEYS[1], ended, ARGV[1])
        end
        redis.call('HDEL', KEYS[2], ARGV[1])
      end
      return 1
      """);

  /** KEYS: state. ARGV: duration (µs). */
  private static final LuaScript PAUSE = new LuaScript(NOW + """
      local until_ = now + tonumber(ARGV[1])
      local paused = tonumber(redis.call('HGET', KEYS[1], 'paused') or '0')
      if until_ > paused then
        redis.call('HSET', KEYS[1], 'paused', until_)
      end
      return 1
      """);

  private final Redis redis;
  private final List<String> acquireKeys;
  private final List<String> releaseKeys;
  private final List<String> stateKey;
  private final int limit;
  private final String[] acquireArgs;
  private final Duration timeout;

  /**
   * A limiter shared by every instance that uses the same Redis and {@code sdkAppId}.
   *
   * @param margin added to the second a finished call keeps its slot
   * @param maxCallTime the longest a call can take; a slot never released is freed that long after its grant
   * @param timeout how long one Redis round trip may take
   */
  public RedisRateLimiter(Redis redis, long sdkAppId, int limit, Duration margin, Duration maxCallTime, Duration timeout) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    this.redis = redis;
    this.limit = limit;
    this.timeout = timeout;
    // The limit is part of the keys, so instances configured differently never share slots.
    String tag = "tw:{" + sdkAppId + ":rl:" + limit + "}";
    this.acquireKeys = List.of(tag + ":slots", tag + ":owners", tag + ":state");
    this.releaseKeys = acquireKeys.subList(0, 2);
    this.stateKey = List.of(tag + ":state");
    long micros = 1_000_000L / limit;
    this.acquireArgs = new String[] {
        Integer.toString(limit),
        Long.toString(1_000_000L + margin.toNanos() / 1000),
        Long.toString(maxCallTime.toNanos() / 1000),
        Long.toString(micros),
        Long.toString(PacedRateLimiter.BURST * micros)};
  }

  @Override
  public Future<Permit> tryAcquire() {
    return tryAcquire(1).map(permits -> permits.get(0));
  }

  @Override
  public Future<List<Permit>> tryAcquire(int max) {
    long[] ids = new long[Math.max(1, max)];
    String[] args = Arrays.copyOf(acquireArgs, acquireArgs.length + ids.length);
    for (int i = 0; i < ids.length; i++) {
      ids[i] = ThreadLocalRandom.current().nextLong(Long.MAX_VALUE);
      args[acquireArgs.length + i] = Long.toString(ids[i]);
    }
    return ACQUIRE.send(this::send, acquireKeys, args).map(answer -> {
      if (answer.get(0).toInteger() != 1) {
        return List.of(Permit.denied(answer.get(1).toLong() * 1000));
      }
      List<Permit> permits = new ArrayList<>(answer.size() - 1);
      for (int i = 1; i < answer.size(); i++) {
        permits.add(Permit.granted(ids[i - 1], answer.get(i).toInteger(), this));
      }
      return permits;
    });
  }

  @Override
  public void release(Permit permit, long endedNanosAgo) {
    if (permit.granted()) {
      RELEASE.send(this::send, releaseKeys, Integer.toString(permit.slot()), Long.toString(permit.id()),
          Long.toString(Math.max(0, endedNanosAgo) / 1000));
    }
  }

  @Override
  public void pause(Duration duration) {
    PAUSE.send(this::send, stateKey, Long.toString(duration.toNanos() / 1000));
  }

  @Override
  public int limit() {
    return limit;
  }

  private Future<Response> send(Request request) {
    try {
      return redis.send(request).timeout(timeout);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
