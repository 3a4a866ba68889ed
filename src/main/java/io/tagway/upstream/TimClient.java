package io.tagway.upstream;

import io.tagway.upstream.wire.TagLimits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Tencent IM's tag commands over HTTP(S). Each invocation makes exactly one call, or none when the
 * request breaks Tencent's limits (then it fails locally with {@link TimFailureKind#OUR_BUG}); it
 * never retries, so every attempt can pass the caller's rate limiter. Failures arrive as
 * {@link TimException}s, classified.
 */
public final class TimClient {

  /** Most accounts Tencent takes in one call. */
  public static final int MAX_ACCOUNTS = TagLimits.MAX_ACCOUNTS_PER_CALL;
  /** Most tags one account may get in one {@code im_add_tag} call. */
  public static final int MAX_TAGS_PER_ADD = TagLimits.MAX_TAGS_PER_ADD;

  /** Longest tag Tencent takes, in UTF-8 bytes. */
  private static final int MAX_TAG_BYTES = TagLimits.MAX_TAG_BYTES;
  private static final String SERVICE = "/v4/all_member_push/";
  private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");

  private final WebClient client;
  private final TimClientOptions options;
  private final AdminUserSig userSig;
  private final String servicePath;
  private final String sdkAppId;

  /** A client for one app; the admin UserSig is renewed by it after a 70001 or 70003. */
  public TimClient(Vertx vertx, TimClientOptions options, AdminUserSig userSig) {
    this.options = options;
    this.userSig = userSig;
    URI base = options.baseUrl();
    boolean ssl = "https".equalsIgnoreCase(base.getScheme());
    String path = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
    this.servicePath = path + SERVICE;
    this.sdkAppId = Long.toString(options.sdkAppId());
    WebClientOptions web = new WebClientOptions()
        .setDefaultHost(base.getHost())
        .setDefaultPort(base.getPort() > 0 ? base.getPort() : ssl ? 443 : 80)
        .setSsl(ssl)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, options.timeout().toMillis()))
        .setKeepAlive(true)
        .setFollowRedirects(false)
        .setUserAgent("tagway");
    PoolOptions pool = new PoolOptions()
        .setHttp1MaxSize(options.maxConnections())
        .setMaxWaitQueueSize(options.maxWaitQueue());
    this.client = WebClient.create(vertx, web, pool);
  }

  /** {@code im_get_tag} for 1 to 100 accounts. */
  public Future<TagLookupResult> getTags(List<String> accounts) {
    if (accounts.isEmpty() || accounts.size() > MAX_ACCOUNTS) {
      return refused("im_get_tag takes 1 to " + MAX_ACCOUNTS + " accounts, got " + accounts.size());
    }
    JsonObject body = new JsonObject().put("To_Account", new JsonArray(new ArrayList<>(accounts)));
    return call("im_get_tag", body).map(answer -> readTags(accounts, answer));
  }

  /** {@code im_add_tag}: adds tags to 1 to 100 accounts, 1 to 10 tags each, each tag at most 50 bytes. */
  public Future<Void> addTags(Map<String, List<String>> tagsByAccount) {
    for (Map.Entry<String, List<String>> entry : tagsByAccount.entrySet()) {
      if (entry.getValue().isEmpty() || entry.getValue().size() > MAX_TAGS_PER_ADD) {
        return refused("im_add_tag takes 1 to " + MAX_TAGS_PER_ADD + " tags per account, got "
            + entry.getValue().size());
      }
      for (String tag : entry.getValue()) {
        if (tag.getBytes(StandardCharsets.UTF_8).length > MAX_TAG_BYTES) {
          return refused("im_add_tag takes tags of at most " + MAX_TAG_BYTES + " bytes");
        }
      }
    }
    return userTagsCall("im_add_tag", tagsByAccount);
  }

  /** {@code im_remove_tag}: removes tags from 1 to 100 accounts, at least one tag each. */
  public Future<Void> removeTags(Map<String, List<String>> tagsByAccount) {
    for (List<String> tags : tagsByAccount.values()) {
      if (tags.isEmpty()) {
        return refused("im_remove_tag takes at least one tag per account");
      }
    }
    return userTagsCall("im_remove_tag", tagsByAccount);
  }

  /** {@code im_remove_all_tags} for 1 to 100 accounts. */
  public Future<Void> removeAllTags(List<String> accounts) {
    if (accounts.isEmpty() || accounts.size() > MAX_ACCOUNTS) {
      return refused("im_remove_all_tags takes 1 to " + MAX_ACCOUNTS + " accounts, got " + accounts.size());
    }
    return call("im_remove_all_tags", new JsonObject().put("To_Account", new JsonArray(new ArrayList<>(accounts))))
        .mapEmpty();
  }

  /** Closes the connections. */
  public void close() {
    client.close();
  }

  private Future<Void> userTagsCall(String command, Map<String, List<String>> tagsByAccount) {
    if (tagsByAccount.isEmpty() || tagsByAccount.size() > MAX_ACCOUNTS) {
      return refused(command + " takes 1 to " + MAX_ACCOUNTS + " accounts, got " + tagsByAccount.size());
    }
    JsonArray userTags = new JsonArray();
    tagsByAccount.forEach((account, tags) ->
        userTags.add(new JsonObject().put("To_Account", account).put("Tags", new JsonArray(new ArrayList<>(tags)))));
    return call(command, new JsonObject().put("UserTags", userTags)).mapEmpty();
  }

  private Future<JsonObject> call(String command, JsonObject body) {
    return client.post(servicePath + command)
        .addQueryParam("sdkappid", sdkAppId)
        .addQueryParam("identifier", options.identifier())
        .addQueryParam("usersig", userSig.current())
        .addQueryParam("random", Long.toString(ThreadLocalRandom.current().nextLong(1L << 32)))
        .addQueryParam("contenttype", "json")
        .putHeader(HttpHeaders.CONTENT_TYPE.toString(), APPLICATION_JSON.toString())
        // The request's own timeout is an idle timeout: it frees a hung connection but not one
        // that trickles. The future's timeout bounds the whole call, from sending to the full answer.
        .timeout(options.timeout().toMillis())
        .sendBuffer(body.toBuffer())
        .timeout(options.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .transform(ar -> ar.succeeded()
            ? decode(ar.result())
            : Future.failedFuture(transportFailure(ar.cause())));
  }

  private Future<JsonObject> decode(HttpResponse<Buffer> response) {
    if (response.statusCode() != 200) {
      return Future.failedFuture(new TimException(
          TimErrorCodes.classifyHttpStatus(response.statusCode()), TimException.NO_CODE, response.statusCode(),
          "Tencent IM answered HTTP " + response.statusCode()));
    }
    JsonObject answer;
    try {
      answer = response.bodyAsJsonObject();
    } catch (DecodeException | ClassCastException e) {
      answer = null;
    }
    if (answer == null || !(answer.getValue("ActionStatus") instanceof String status)) {
      return Future.failedFuture(new TimException(
          TimFailureKind.TRANSIENT, TimException.NO_CODE, 200, "Tencent IM answered something that is not its JSON"));
    }
    if ("OK".equals(status)) {
      return Future.succeededFuture(answer);
    }
    int code = answer.getValue("ErrorCode") instanceof Number n ? n.intValue() : TimException.NO_CODE;
    String info = answer.getValue("ErrorInfo") instanceof String s ? s : "";
    TimException failure = TimException.fromCode(code, info);
    if (failure.kind() == TimFailureKind.SIGNATURE_RENEWABLE) {
      userSig.renew();
    }
    return Future.failedFuture(failure);
  }

  private static TagLookupResult readTags(List<String> requested, JsonObject answer) {
    Set<String> missing = new LinkedHashSet<>(requested);
    Map<String, List<String>> tags = new HashMap<>();
    if (answer.getValue("UserTags") instanceof JsonArray userTags) {
      for (Object item : userTags) {
        if (item instanceof JsonObject entry && entry.getValue("To_Account") instanceof String account
            && missing.remove(account)) {
          tags.put(account, readTagList(entry.getValue("Tags")));
        }
      }
    }
    return new TagLookupResult(tags, missing);
  }

  private static List<String> readTagList(Object value) {
    if (!(value instanceof JsonArray array)) {
      return List.of();
    }
    List<String> tags = new ArrayList<>(array.size());
    for (Object tag : array) {
      if (tag instanceof String s) {
        tags.add(s);
      }
    }
    return List.copyOf(tags);
  }

  /** Never includes the cause's message: Vert.x puts the request URI, with the UserSig, into some. */
  private TimException transportFailure(Throwable cause) {
    String what;
    if (cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
      what = "no answer from Tencent IM within " + options.timeout().toMillis() + " ms";
    } else if (cause instanceof ConnectException) {
      what = "cannot connect to " + options.baseUrl().getHost();
    } else if (cause.getClass().getSimpleName().equals("ConnectionPoolTooBusyException")) {
      what = "too many calls waiting for a connection to Tencent IM";
    } else {
      what = "call to Tencent IM failed (" + cause.getClass().getSimpleName() + ")";
    }
    return new TimException(TimFailureKind.TRANSIENT, TimException.NO_CODE, 0, what);
  }

  private static <T> Future<T> refused(String why) {
    return Future.failedFuture(new TimException(TimFailureKind.OUR_BUG, TimException.NO_CODE, 0, why + " (not sent)"));
  }

  @Override
  public String toString() {
    return "TimClient[" + options.baseUrl() + ", sdkappid=" + sdkAppId + "]";
  }
}
