package io.tagway.cache;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * The Lua scripts of the invalidation fence. Each touches one account's data key and its
 * invalidation key, which share the account's hash tag, so they also run on Redis Cluster.
 * Sent as {@code EVALSHA}; when Redis does not know a script yet ({@code NOSCRIPT}) the batch is
 * sent again as {@code EVAL}, which also loads it.
 */
final class L2Scripts {

  /** Writes a fill unless the account was invalidated at or after the fill's sequence. */
  static final L2Scripts FILL = new L2Scripts("""
      local inv = tonumber(redis.call('GET', KEYS[2]) or '-1')
      if inv < tonumber(ARGV[3]) then
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 1
      end
      return 0
      """);

  /** Records the invalidation's sequence (keeping the highest) for a while, then deletes the data. */
  static final L2Scripts INVALIDATE = new L2Scripts("""
      local inv = tonumber(redis.call('GET', KEYS[2]) or '-1')
      if inv < tonumber(ARGV[1]) then
        redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
      end
      redis.call('DEL', KEYS[1])
      return 1
      """);

  private final String source;
  private final String sha;

  private L2Scripts(String source) {
    this.source = source;
    this.sha = sha1(source);
  }

  /** The script for two keys and its arguments, by SHA (or by source). */
  Request call(boolean bySource, String key, String invalidationKey, String... args) {
    Request request = Request.cmd(bySource ? Command.EVAL : Command.EVALSHA)
        .arg(bySource ? source : sha).arg(2).arg(key).arg(invalidationKey);
    for (String arg : args) {
      request.arg(arg);
    }
    return request;
  }

  /** Sends the requests built by {@code build(bySource)}; again by source after a NOSCRIPT. */
  static Future<List<Response>> send(Function<List<Request>, Future<List<Response>>> batch,
      Function<Boolean, List<Request>> build) {
    return batch.apply(build.apply(false)).recover(failure -> failure.getMessage() != null
        && failure.getMessage().contains("NOSCRIPT")
        ? batch.apply(build.apply(true))
        : Future.failedFuture(failure));
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
