package io.tagway.cache;

import io.tagway.redis.LuaScript;

/**
 * The Lua scripts of the invalidation fence. Each touches one account's data key and its
 * invalidation key, which share the account's hash tag, so they also run on Redis Cluster.
 */
final class L2Scripts {

  /** Writes a fill unless the account was invalidated at or after the fill's sequence. */
  static final LuaScript FILL = new LuaScript("""
      local inv = tonumber(redis.call('GET', KEYS[2]) or '-1')
      if inv < tonumber(ARGV[3]) then
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 1
      end
      return 0
      """);

  /** Records the invalidation's sequence (keeping the highest) for a while, then deletes the data. */
  static final LuaScript INVALIDATE = new LuaScript("""
      local inv = tonumber(redis.call('GET', KEYS[2]) or '-1')
      if inv < tonumber(ARGV[1]) then
        redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
      end
      redis.call('DEL', KEYS[1])
      return 1
      """);

  private L2Scripts() {}
}
