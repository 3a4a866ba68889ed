package io.tagway.upstream.wire;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The bodies the tag commands answer with, always HTTP 200: {@code
 * {"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}} plus the command's fields, or {@code
 * "ActionStatus":"FAIL"} with the code and info.
 */
public final class TimAnswers {

  private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");

  private TimAnswers() {}

  /** The bare success answer. */
  public static Buffer ok() {
    return base("OK", 0, "").toBuffer();
  }

  /** The success answer of {@code im_get_tag}. */
  public static Buffer userTags(List<AccountTags> userTags) {
    JsonArray array = new JsonArray();
    for (AccountTags entry : userTags) {
      array.add(new JsonObject().put("To_Account", entry.account()).put("Tags", new JsonArray(entry.tags())));
    }
    return base("OK", 0, "").put("UserTags", array).toBuffer();
  }

  /** The failure answer for {@code failure}. */
  public static Buffer fail(TimFailure failure) {
    return base("FAIL", failure.code(), failure.info()).toBuffer();
  }

  /** Sends a JSON answer with HTTP 200, unless the client is gone. */
  public static void send(HttpServerResponse response, Buffer body) {
    if (!response.closed()) {
      response.putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON).end(body);
    }
  }

  private static JsonObject base(String status, int code, String info) {
    return new JsonObject().put("ActionStatus", status).put("ErrorCode", code).put("ErrorInfo", info);
  }
}
