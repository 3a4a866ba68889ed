package io.tagway.api;

import static io.tagway.api.CompatGateway.ADMIN;
import static io.tagway.api.CompatGateway.APP;
import static io.tagway.api.CompatGateway.body;
import static io.tagway.api.CompatGateway.now;
import static io.tagway.api.CompatGateway.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.upstream.UserSigSigner;
import io.tagway.upstream.UserSigTampering;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * The Tencent-compatible endpoint checks its caller like Tencent: the query string, the SDKAppID,
 * the UserSig against the app key, the admin identifier; every refusal is HTTP 200 with Tencent's
 * code and never echoes the UserSig. API keys, which guard the rest of the API, play no part.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompatSignatureTest {

  private static final String API_KEY = "compat-test-api-key-0123456789";
  private static final List<String> ACCOUNTS = List.of("u1", "u2", "u3");

  private CompatGateway gateway;

  @BeforeAll
  void start() {
    gateway = CompatGateway.start(CompatGateway.set(CompatGateway.config(), "auth.keys", List.of(API_KEY + ":lookup")));
  }

  @AfterAll
  void stop() {
    gateway.close();
  }

  @Test
  void userSigsOfEveryZlibLevelAreAccepted() {
    for (int level : new int[] {0, 1, 6, 9}) {
      String userSig = gateway.signer.sign(APP, ADMIN, now() - 60, 86_400, level);
      JsonObject answer = gateway.call(query(APP, ADMIN, userSig, "1", "json"), body(ACCOUNTS));
      assertThat(answer).as("zlib level %d", level).isEqualTo(gateway.truth(ACCOUNTS));
      assertThat(answer.fieldNames()).containsExactly("ActionStatus", "ErrorCode", "ErrorInfo", "UserTags");
    }
  }

  @Test
  void theUserSigStandsInForAnApiKey() {
    HttpResponse<String> guarded = gateway.post(gateway.base.resolve("/v1/tags/lookup"), "{\"accounts\":[\"u1\"]}");
    assertThat(guarded.statusCode()).as("the rest of the API asks for a key").isEqualTo(401);
    assertThat(gateway.getTags(List.of("u1"))).isEqualTo(gateway.truth(List.of("u1")));
  }

  @Test
  void eachCallerFailureAnswersItsTencentCode() {
    String good = gateway.userSig(ADMIN);
    UserSigSigner foreign = new UserSigSigner("another-apps-key");
    Map<String, Case> cases = new LinkedHashMap<>();
    cases.put("valid", new Case(query(APP, ADMIN, good, "99999999", "json"), 0));
    cases.put("expired", new Case(query(APP, ADMIN, gateway.signer.sign(APP, ADMIN, now() - 86_401, 86_400), "1", "json"), 70001));
    cases.put("garbage", new Case(query(APP, ADMIN, "garbage", "1", "json"), 70003));
    cases.put("truncated", new Case(query(APP, ADMIN, good.substring(0, good.length() / 2), "1", "json"), 70003));
    cases.put("tampered TLS.sig", new Case(query(APP, ADMIN, UserSigTampering.flipSignatureChar(good), "1", "json"), 70009));
    cases.put("foreign key", new Case(query(APP, ADMIN, foreign.sign(APP, ADMIN, now(), 86_400), "1", "json"), 70009));
    cases.put("usersig of another identifier", new Case(query(APP, ADMIN, gateway.userSig("ops"), "1", "json"), 70013));
    cases.put("usersig of another app", new Case(query(APP, ADMIN, gateway.signer.sign(APP + 1, ADMIN, now(), 86_400), "1", "json"), 70014));
    cases.put("unknown sdkappid", new Case(query(APP + 1, ADMIN, gateway.signer.sign(APP + 1, ADMIN, now(), 86_400), "1", "json"), 70016));
    cases.put("not an admin", new Case(query(APP, "xiaojun", gateway.userSig("xiaojun"), "1", "json"), 90009));
    cases.put("no sdkappid", new Case("identifier=" + ADMIN + "&usersig=" + good + "&random=1&contenttype=json", 60012));
    cases.put("SDKAppID in upper case", new Case(query(APP, ADMIN, good, "1", "json").replace("sdkappid=", "SDKAppID="), 60012));
    cases.put("no usersig", new Case("sdkappid=" + APP + "&identifier=" + ADMIN + "&random=1&contenttype=json", 60002));
    cases.put("random too big", new Case(query(APP, ADMIN, good, "4294967296", "json"), 60002));
    cases.put("random twice", new Case(query(APP, ADMIN, good, "1", "json") + "&random=2", 60002));
    cases.put("contenttype JSON", new Case(query(APP, ADMIN, good, "1", "JSON"), 60002));

    Map<String, Integer> expected = new LinkedHashMap<>();
    Map<String, Integer> actual = new LinkedHashMap<>();
    try (LogCapture logs = LogCapture.start("io.tagway", "io.vertx")) {
      cases.forEach((name, c) -> {
        expected.put(name, c.code());
        HttpResponse<String> response = gateway.post(c.query(), body(ACCOUNTS));
        assertThat(response.statusCode()).as(name).isEqualTo(200);
        JsonObject answer = new JsonObject(response.body());
        actual.put(name, answer.getInteger("ErrorCode"));
        if (c.code() != 0) {
          assertThat(answer.fieldNames()).as(name).containsExactly("ActionStatus", "ErrorCode", "ErrorInfo");
          assertThat(answer.getString("ActionStatus")).as(name).isEqualTo("FAIL");
          assertThat(answer.getString("ErrorInfo")).as(name).isNotBlank();
          assertThat(response.body()).as(name).doesNotContain(userSigIn(c.query())).doesNotContain(good);
        }
      });
      LoggerFactory.getLogger(CompatSignatureTest.class).debug("canary");
      assertThat(logs.text()).as("the capture works").contains("canary");
      for (Case c : cases.values()) {
        assertThat(logs.text()).doesNotContain(userSigIn(c.query())).doesNotContain("usersig=");
      }
    }
    assertThat(actual).containsExactlyEntriesOf(expected);
  }

  /** The UserSig a query carries, as sent; a placeholder no body contains when there is none. */
  private static String userSigIn(String query) {
    for (String param : query.split("&")) {
      if (param.startsWith("usersig=")) {
        return param.substring("usersig=".length());
      }
    }
    return "\u0000no usersig\u0000";
  }

  private record Case(String query, int code) {}
}
