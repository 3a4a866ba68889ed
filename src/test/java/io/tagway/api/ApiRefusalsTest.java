package io.tagway.api;

import static io.tagway.api.ErrorShape.assertError;
import static io.tagway.api.GatewayFixture.ADMIN_KEY;
import static io.tagway.api.GatewayFixture.INVALIDATE_KEY;
import static io.tagway.api.GatewayFixture.LOOKUP_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every refusal of the API over real HTTP: its status, its error code and the one error shape. */
class ApiRefusalsTest {

  private static final int MAX_ACCOUNTS = 5;
  private static final int MAX_BODY = 2048;

  private static GatewayFixture gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFixture.start("http.maxLookupAccounts", MAX_ACCOUNTS, "http.maxBodyBytes", MAX_BODY);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/tags/lookup", "/v1/invalidate"})
  void aBodyThatIsNotJsonIs400InvalidJson(String path) {
    assertError(gateway.post(path, "{\"accounts\":[\"u1\"", ADMIN_KEY), 400, "invalid_json");
    assertError(gateway.post(path, "accounts=u1", ADMIN_KEY), 400, "invalid_json");
    assertError(gateway.post(path, "", ADMIN_KEY), 400, "invalid_json");
    assertError(gateway.send("POST", path, (String) null, ADMIN_KEY), 400, "invalid_json");
    assertError(gateway.post(path, "[\"u1\"]", ADMIN_KEY), 400, "invalid_json");
    assertError(gateway.post(path, "\"u1\"", ADMIN_KEY), 400, "invalid_json");
    assertError(gateway.post(path, "{\"accounts\":[\"u1\u0000\"]}", ADMIN_KEY), 400, "invalid_json");
    byte[] notUtf8 = {'{', '"', 'a', 'c', 'c', 'o', 'u', 'n', 't', 's', '"', ':', '[', '"', (byte) 0xFF, (byte) 0xC0, '"', ']', '}'};
    assertError(gateway.sendBytes("POST", path, notUtf8, ADMIN_KEY), 400, "invalid_json");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{}",
      "{\"accounts\":\"u1\"}",
      "{\"accounts\":null}",
      "{\"accounts\":{\"u1\":true}}",
      "{\"accounts\":[1]}",
      "{\"accounts\":[\"u1\",null]}",
      "{\"accounts\":[[\"u1\"]]}",
      "{\"account\":[\"u1\"]}",
      "{\"accounts\":[]}",
      "{\"accounts\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]}",
  })
  void aBodyOfTheWrongShapeIs400InvalidRequest(String body) {
    assertError(gateway.post("/v1/tags/lookup", body, LOOKUP_KEY), 400, "invalid_request");
    assertError(gateway.post("/v1/invalidate", body, INVALIDATE_KEY), 400, "invalid_request");
  }

  @ParameterizedTest
  @ValueSource(ints = {1_001, 100_000})
  void deeplyNestedJsonIs400NotAStackOverflow(int depth) {
    try (GatewayFixture roomy = GatewayFixture.start("http.maxBodyBytes", 1 << 20)) {
      assertError(roomy.post("/v1/tags/lookup", "[".repeat(depth), LOOKUP_KEY), 400, "invalid_json");
      assertError(roomy.post("/v1/tags/lookup", "{\"accounts\":" + "[".repeat(depth) + "]".repeat(depth) + "}", LOOKUP_KEY),
          400, "invalid_json");
      assertThat(roomy.lookup("u1").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void theAccountLimitCountsEntriesNotDistinctAccounts() {
    assertThat(gateway.lookup("u1", "u1", "u1", "u1", "u1").statusCode()).isEqualTo(200);
    assertError(gateway.lookup("u1", "u1", "u1", "u1", "u1", "u1"), 400, "invalid_request");
  }

  /** Accounts as JSON string literals: escapes reach the check decoded, a lone surrogate included. */
  @ParameterizedTest
  @ValueSource(strings = {"\"\"", "\"a23456789012345678901234567890123\"", "\"tab\\there\"", "\"nul\\u0000\"",
      "\"del\\u007f\"", "\"c1\\u0085\"", "\"bad\\uD800\"", "\"bad\\uDC00x\"", "\"fffd\\uFFFD\"",
      "\"\u7528\u6237\u7528\u6237\u7528\u6237\u7528\u6237\u7528\u6237\u7528\u6237\""})
  void anUnacceptableAccountInABodyIs400InvalidAccount(String account) {
    String body = "{\"accounts\":[\"u1\"," + account + "]}";
    JsonObject error = assertError(gateway.post("/v1/tags/lookup", body, LOOKUP_KEY), 400, "invalid_account");
    assertThat(error.getJsonObject("error").getString("message")).startsWith("accounts[1]");
    assertError(gateway.post("/v1/invalidate", body, INVALIDATE_KEY), 400, "invalid_account");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a23456789012345678901234567890123", "tab%09here", "nul%00", "new%0Aline", "del%7F",
      "%E7%94%A8%E6%88%B7%E7%94%A8%E6%88%B7%E7%94%A8%E6%88%B7%E7%94%A8%E6%88%B7%E7%94%A8%E6%88%B7%E7%94%A8%E6%88%B7"})
  void anUnacceptableAccountInThePathIs400InvalidAccount(String account) {
    assertError(gateway.get("/v1/users/" + account + "/tags", LOOKUP_KEY), 400, "invalid_account");
    assertError(gateway.delete("/v1/users/" + account + "/tags", INVALIDATE_KEY), 400, "invalid_account");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/users/a%zz/tags", "/v1/users/a%/tags", "/v1/users/%FF%FE/tags", "/v1/users/%C0%AF/tags"})
  void aBadEscapeOrInvalidUtf8InThePathIs400(String path) throws Exception {
    RawHttp.Exchange exchange = RawHttp.exchange(gateway.port,
        "GET " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + LOOKUP_KEY + "\r\nConnection: close\r\n\r\n");
    assertThat(exchange.responses()).hasSize(1);
    RawHttp.Response response = exchange.responses().get(0);
    assertThat(response.status()).as(response.text()).isEqualTo(400);
    assertThat(ErrorShape.problem(response.text())).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"zz\r\n{}\r\n0\r\n\r\n", "2;ext=\u00ff\r\n{}\r\n0\r\n\r\n", "fffffffff\r\n{}\r\n0\r\n\r\n"})
  void aBodyWithABrokenChunkIs400NotAnEmpty200(String chunks) throws Exception {
    RawHttp.Exchange exchange = RawHttp.exchange(gateway.port, "POST /v1/tags/lookup HTTP/1.1\r\nHost: x\r\n"
        + "Authorization: Bearer " + LOOKUP_KEY + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunks);
    assertThat(exchange.responses()).hasSize(1);
    assertThat(exchange.responses().get(0).status()).isEqualTo(400);
    assertThat(ErrorShape.problem(exchange.responses().get(0).text())).isNull();
  }

  @Test
  void anExpectationOtherThan100ContinueIs417() throws Exception {
    RawHttp.Exchange exchange = RawHttp.exchange(gateway.port, "POST /v1/tags/lookup HTTP/1.1\r\nHost: x\r\n"
        + "Authorization: Bearer " + LOOKUP_KEY + "\r\nExpect: 200-ok\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
    assertThat(exchange.responses()).hasSize(1);
    assertThat(exchange.responses().get(0).status()).isEqualTo(417);
    assertThat(ErrorShape.problem(exchange.responses().get(0).text())).isNull();
  }

  @Test
  void aRequestThatIsNotHttpIs400InTheErrorShape() throws Exception {
    for (String request : new String[] {"GE T / HTTP/1.1\r\nHost: x\r\n\r\n", "\u0001\u0002garbage\r\n\r\n",
        "GET / HTTP/1.1\r\nBad Header: v\r\n\r\n", "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"}) {
      RawHttp.Exchange exchange = RawHttp.exchange(gateway.port, request);
      assertThat(exchange.responses()).as(request).hasSize(1);
      assertThat(exchange.responses().get(0).status()).as(request).isEqualTo(400);
      assertThat(ErrorShape.problem(exchange.responses().get(0).text())).isNull();
    }
  }

  @Test
  void aRequestLineOrHeadersTooLongAre414And431() throws Exception {
    RawHttp.Exchange uri = RawHttp.exchange(gateway.port, "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(uri.responses().get(0).status()).isEqualTo(414);
    assertThat(new JsonObject(uri.responses().get(0).text()).getJsonObject("error").getString("code")).isEqualTo("uri_too_long");
    RawHttp.Exchange headers = RawHttp.exchange(gateway.port, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "v".repeat(20_000)
        + "\r\n\r\n");
    assertThat(headers.responses().get(0).status()).isEqualTo(431);
    assertThat(new JsonObject(headers.responses().get(0).text()).getJsonObject("error").getString("code"))
        .isEqualTo("headers_too_large");
  }

  @Test
  void anEmptyAccountSegmentMatchesNoRoute() {
    assertError(gateway.get("/v1/users//tags", LOOKUP_KEY), 404, "not_found");
  }

  @CsvSource({
      "GET, /v1/users/u1/tags",
      "DELETE, /v1/users/u1/tags",
      "POST, /v1/tags/lookup",
      "POST, /v1/invalidate",
  })
  @ParameterizedTest
  void noKeyOrAnUnknownKeyIs401WithAChallenge(String method, String path) {
    String body = method.equals("POST") ? GatewayFixture.accountsBody("u1") : null;
    for (String key : new String[] {null, "not-a-key-at-all-0000", LOOKUP_KEY + "x", "", " "}) {
      HttpResponse<String> response = gateway.send(method, path, body, key);
      assertError(response, 401, "unauthorized");
      assertThat(response.headers().firstValue("www-authenticate")).contains("Bearer realm=\"tagway\"");
      assertThat(response.body()).doesNotContain(LOOKUP_KEY);
    }
    byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
    String basic = "Basic " + Base64.getEncoder().encodeToString(("x:" + ADMIN_KEY).getBytes(StandardCharsets.UTF_8));
    for (String authorization : new String[] {basic, ADMIN_KEY, "Token " + ADMIN_KEY, "Bearer" + ADMIN_KEY}) {
      assertError(gateway.sendAuthorized(method, path, bytes, authorization), 401, "unauthorized");
    }
  }

  @Test
  void theBearerSchemeIsCaseInsensitive() {
    assertThat(gateway.sendAuthorized("GET", "/v1/users/u1/tags", null, "bearer " + LOOKUP_KEY).statusCode()).isEqualTo(200);
    assertThat(gateway.sendAuthorized("GET", "/v1/users/u1/tags", null, "BEARER " + LOOKUP_KEY).statusCode()).isEqualTo(200);
  }

  @Test
  void aKeyWithoutTheScopeIs403() {
    assertError(gateway.get("/v1/users/u1/tags", INVALIDATE_KEY), 403, "forbidden");
    assertError(gateway.post("/v1/tags/lookup", GatewayFixture.accountsBody("u1"), INVALIDATE_KEY), 403, "forbidden");
    assertError(gateway.delete("/v1/users/u1/tags", LOOKUP_KEY), 403, "forbidden");
    HttpResponse<String> invalidate = gateway.post("/v1/invalidate", GatewayFixture.accountsBody("u1"), LOOKUP_KEY);
    assertError(invalidate, 403, "forbidden");
    assertThat(invalidate.headers().firstValue("www-authenticate")).isEmpty();
  }

  @Test
  void aKeyWithBothScopesMayDoEverything() {
    assertThat(gateway.get("/v1/users/u1/tags", ADMIN_KEY).statusCode()).isEqualTo(200);
    assertThat(gateway.post("/v1/tags/lookup", GatewayFixture.accountsBody("u1"), ADMIN_KEY).statusCode()).isEqualTo(200);
    assertThat(gateway.delete("/v1/users/u1/tags", ADMIN_KEY).statusCode()).isEqualTo(204);
    assertThat(gateway.post("/v1/invalidate", GatewayFixture.accountsBody("u1"), ADMIN_KEY).statusCode()).isEqualTo(200);
  }

  @Test
  void healthAndTheDocumentNeedNoKey() {
    assertThat(gateway.get("/health/live", null).statusCode()).isEqualTo(200);
    assertThat(gateway.get("/health/ready", null).statusCode()).isEqualTo(200);
    assertThat(gateway.get("/openapi.yaml", null).statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/v1", "/v1/users", "/v1/users/u1", "/v1/users/u1/tags/x", "/v1/tags", "/v2/tags/lookup",
      "/health", "/V1/TAGS/LOOKUP", "/favicon.ico"})
  void anUnknownPathIs404(String path) {
    assertError(gateway.get(path, ADMIN_KEY), 404, "not_found");
  }

  @CsvSource({
      "POST, /v1/users/u1/tags",
      "PUT, /v1/users/u1/tags",
      "GET, /v1/tags/lookup",
      "PUT, /v1/tags/lookup",
      "DELETE, /v1/tags/lookup",
      "GET, /v1/invalidate",
      "PATCH, /v1/invalidate",
      "POST, /health/live",
      "DELETE, /health/ready",
      "POST, /openapi.yaml",
      "OPTIONS, /v1/tags/lookup",
      "TRACE, /health/live",
  })
  @ParameterizedTest
  void aWrongMethodIs405(String method, String path) {
    assertError(gateway.send(method, path, (String) null, ADMIN_KEY), 405, "method_not_allowed");
  }

  @Test
  void headIsAWrongMethodTooAndCarriesNoBody() {
    HttpResponse<String> response = gateway.send("HEAD", "/v1/users/u1/tags", (String) null, ADMIN_KEY);
    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.body()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/tags/lookup", "/v1/invalidate"})
  void aBodyOverTheLimitIs413(String path) {
    String body = "{\"accounts\":[\"" + "x".repeat(MAX_BODY) + "\"]}";
    JsonObject error = assertError(gateway.post(path, body, ADMIN_KEY), 413, "payload_too_large");
    assertThat(error.getJsonObject("error").getString("message")).contains(Integer.toString(MAX_BODY));
    assertError(gateway.post(path, body, null), 413, "payload_too_large");
  }

  @Test
  void withoutKeysTheApiIsOpen() {
    try (GatewayFixture open = GatewayFixture.start("auth.keys", null)) {
      assertThat(open.get("/v1/users/u1/tags", null).statusCode()).isEqualTo(200);
      assertThat(open.get("/v1/users/u1/tags", "whatever-key-you-like").statusCode()).isEqualTo(200);
      assertThat(open.lookup("u1").statusCode()).isEqualTo(200);
      assertThat(open.delete("/v1/users/u1/tags", null).statusCode()).isEqualTo(204);
    }
  }
}
