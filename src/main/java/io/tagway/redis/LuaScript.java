package io.tagway.redis;

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
 * A Lua script sent as {@code EVALSHA}; when Redis does not know it yet ({@code NOSCRIPT}, e.g.
 * after a restart or on another Cluster master) the same requests are sent again as {@code EVAL},
 * which also loads it. All keys of one call must share a hash tag, so scripts run on Cluster.
 */
public final class LuaScript {

  private final String source;
  private final String sha;

  /** A script with this source. */
  public LuaScript(String source) {
    this.source = source;
    this.sha = sha1(source);
  }

  /** One call with these keys and arguments, by SHA, or by source when {@code bySource}. */
  public Request call(boolean bySource, List<String> keys, String... args) {
    Request request = Request.cmd(bySource ? Command.EVAL : Command.EVALSHA)
        .arg(bySource ? source : sha).arg(keys.size());
    keys.forEach(request::arg);
    for (String arg : args) {
      request.arg(arg);
    }
    return request;
  }

  /**
   * Sends the requests that {@code build} makes (it gets {@code bySource}) through {@code batch},
   * and once more by source after a NOSCRIPT.
   */
  public static Future<List<Response>> send(Function<List<Request>, Future<List<Response>>> batch,
      Function<Boolean, List<Request>> build) {
    return batch.apply(build.apply(false)).recover(failure -> isNoScript(failure)
        ? batch.apply(build.apply(true))
        : Future.failedFuture(failure));
  }

  /** Sends one call, and once more by source after a NOSCRIPT. */
  public Future<Response> send(Function<Request, Future<Response>> send, List<String> keys, String... args) {
    return send.apply(call(false, keys, args)).recover(failure -> isNoScript(failure)
        ? send.apply(call(true, keys, args))
        : Future.failedFuture(failure));
  }

  private static boolean isNoScript(Throwable failure) {
    return failure.getMessage() != null && failure.getMessage().contains("NOSCRIPT");
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
