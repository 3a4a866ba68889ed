package io.tagway.api;

import static io.tagway.api.GatewayFixture.ADMIN_KEY;
import static io.tagway.api.GatewayFixture.LOOKUP_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.testing.RedisExtension;
import io.tagway.testing.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Thousands of malformed requests from a fixed seed, each on its own loopback connection: random
 * bytes, wrong JSON types, huge arrays, deep nesting, invalid UTF-8, odd paths, methods and headers.
 * Never a 5xx; every error (non-2xx with a body) is the API's JSON error shape; and afterwards a
 * normal lookup is still answered correctly.
 */
@ExtendWith(RedisExtension.class)
class ApiFuzzTest {

  private static final long SEED = 0x7a6_3a7L;
  private static final int REQUESTS = 4000;
  private static final Duration BUDGET = Duration.ofSeconds(90);
  private static final int READ_TIMEOUT_MILLIS = 3000;

  private static final String[] PATHS = {
      "/v1/tags/lookup", "/v1/invalidate", "/v1/users/u1/tags", "/health/live", "/health/ready", "/openapi.yaml",
      "/metrics", "/v4/all_member_push/im_get_tag"};
  private static final String[] METHODS = {"GET", "POST", "DELETE", "PUT", "PATCH", "OPTIONS", "TRACE", "HEAD"};

  /** One generated request and whether a well-behaved server must answer it. */
  private record Case(String kind, byte[] bytes, boolean head, boolean mustAnswer) {}

  private final Random random = new Random(SEED);

  @Test
  void malformedRequestsNeverGetA5xxAndEveryErrorHasTheErrorShape(TestRedis redis) throws Exception {
    try (GatewayFixture gateway = GatewayFixture.start("redis.url", redis.url(), "http.maxLookupAccounts", 200)) {
      List<Function<Random, Case>> generators = List.of(
          this::randomBytes, this::randomBody, this::wrongJsonTypes, this::hugeArray, this::deepNesting,
          this::invalidUtf8, this::oddPath, this::oddMethod, this::badHeaders, this::wellFormed);
      Map<String, Integer> statuses = new TreeMap<>();
      List<String> problems = new ArrayList<>();
      long deadline = System.nanoTime() + BUDGET.toNanos();
      int sent = 0;
      while (sent < REQUESTS && System.nanoTime() < deadline && problems.size() < 20) {
        Case c = generators.get(random.nextInt(generators.size())).apply(random);
        sent++;
        RawHttp.Exchange exchange = RawHttp.exchange(gateway.port, c.bytes(), c.head(), READ_TIMEOUT_MILLIS);
        if (exchange.responses().isEmpty()) {
          statuses.merge(c.kind() + " -> none", 1, Integer::sum);
          if (c.mustAnswer()) {
            problems.add(c.kind() + ": no answer" + (exchange.timedOut() ? " (timed out)" : "") + " to " + show(c.bytes()));
          }
          continue;
        }
        for (RawHttp.Response response : exchange.responses()) {
          statuses.merge(c.kind() + " -> " + response.status(), 1, Integer::sum);
          if (refusedH2cUpgrade(c, response)) {
            continue;
          }
          String problem = problem(response, c.head());
          if (problem != null) {
            problems.add(c.kind() + ": " + problem + " for " + show(c.bytes()));
          }
        }
      }
      assertThat(problems).as("statuses seen: %s", statuses).isEmpty();
      assertThat(sent).as("requests sent within %s", BUDGET).isGreaterThanOrEqualTo(REQUESTS / 4);

      HttpResponse<String> after = gateway.lookup("u7", "u8", "u7");
      assertThat(after.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(after.body())).isEqualTo(new JsonObject()
          .put("results", new JsonArray()
              .add(new JsonObject().put("account", "u7").put("tags", new JsonArray(GatewayFixture.tagsOf("u7"))))
              .add(new JsonObject().put("account", "u8").put("tags", new JsonArray(GatewayFixture.tagsOf("u8")))))
          .put("errors", new JsonArray()));
      assertThat(gateway.get("/health/ready", null).statusCode()).isEqualTo(200);
    }
  }

  /**
   * An {@code Upgrade: h2c} without a valid {@code HTTP2-Settings} header is refused by Vert.x's
   * HTTP/2 upgrade handler itself (400, empty body, connection closed) before any request reaches
   * the API, with no hook to shape the answer; the only way around it is turning HTTP/2 over
   * cleartext off.
   */
  private static boolean refusedH2cUpgrade(Case c, RawHttp.Response response) {
    String request = new String(c.bytes(), StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
    return request.contains("\r\nupgrade: h2c\r\n") && response.status() == 400 && response.body().length == 0;
  }

  /** Null when the response keeps the rules, otherwise what is wrong. */
  private static String problem(RawHttp.Response response, boolean head) {
    int status = response.status();
    if (status >= 500) {
      return "status " + status + " " + response.text();
    }
    String type = response.headers().getOrDefault("content-type", "");
    if (status / 100 == 1 || head || status == 204) {
      return null;
    }
    if (status < 300) {
      return type.startsWith("application/json") || type.startsWith("application/yaml") || type.startsWith("text/plain")
          ? null : "status " + status + " with content type \"" + type + "\" and body " + response.text();
    }
    if (!type.startsWith("application/json")) {
      return "status " + status + " with content type \"" + type + "\" and body " + response.text();
    }
    String shape = ErrorShape.problem(response.text());
    return shape == null ? null : "status " + status + ": " + shape + ": " + response.text();
  }

  // ---- generators -------------------------------------------------------------------------------

  private Case randomBytes(Random r) {
    byte[] junk = new byte[1 + r.nextInt(2000)];
    r.nextBytes(junk);
    // Ends like a header block, so the server never waits for more.
    return new Case("random-bytes", concat(junk, ascii("\r\n\r\n")), false, false);
  }

  private Case randomBody(Random r) {
    byte[] body = new byte[r.nextInt(3000)];
    r.nextBytes(body);
    return new Case("random-body", request("POST", pick(r, "/v1/tags/lookup", "/v1/invalidate"), body, ADMIN_KEY), false, true);
  }

  private Case wrongJsonTypes(Random r) {
    String[] values = {"null", "true", "0", "-1", "1e999", "12345678901234567890123", "3.5", "\"u1\"", "{}",
        "{\"u1\":1}", "[null]", "[1,2]", "[true]", "[{}]", "[[]]", "[\"u1\",[\"u2\"]]", "[\"u1\",{\"a\":1}]",
        "[\"\\u0000\"]", "[\"\\ud800\"]", "[\"\\udfff\\ud800\"]", "[\"" + "x".repeat(40) + "\"]", "[\"\"]", "[]",
        "[\"u1\",]", "[,]", "[\"u1\" \"u2\"]", "NaN", "[Infinity]", "[\"\\x41\"]", "[\"u1\"]]"};
    String[] wrappers = {"{\"accounts\":%s}", "{\"accounts\":%s,\"accounts\":[\"u1\"]}", "{\"ACCOUNTS\":%s}", "%s",
        "{\"accounts\":%s,\"extra\":{\"x\":[1,2,3]}}", "[{\"accounts\":%s}]", "{\"accounts\":%s} trailing",
        "{'accounts':%s}", "{accounts:%s}", "/*c*/{\"accounts\":%s}"};
    String body = String.format(pick(r, wrappers), pick(r, values));
    return new Case("wrong-json", request("POST", pick(r, "/v1/tags/lookup", "/v1/invalidate"), utf8(body),
        pick(r, ADMIN_KEY, LOOKUP_KEY, GatewayFixture.INVALIDATE_KEY)), false, true);
  }

  private Case hugeArray(Random r) {
    int size = pickInt(r, 201, 1000, 5000, 40_000, 120_000);
    StringBuilder body = new StringBuilder(size * 8).append("{\"accounts\":[");
    for (int i = 0; i < size; i++) {
      body.append(i == 0 ? "" : ",").append(r.nextBoolean() ? "\"u" + r.nextInt(2000) + "\"" : r.nextInt(10));
    }
    body.append("]}");
    return new Case("huge-array", request("POST", pick(r, "/v1/tags/lookup", "/v1/invalidate"), utf8(body.toString()),
        ADMIN_KEY), false, true);
  }

  private Case deepNesting(Random r) {
    int depth = pickInt(r, 1_001, 10_000, 100_000);
    String body = switch (r.nextInt(4)) {
      case 0 -> "[".repeat(depth);
      case 1 -> "{\"accounts\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
      case 2 -> "{\"a\":".repeat(depth / 5) + "1" + "}".repeat(depth / 5);
      default -> "{\"accounts\":[" + "{\"x\":[".repeat(depth / 6) + "]}".repeat(depth / 6) + "]}";
    };
    return new Case("deep-nesting", request("POST", pick(r, "/v1/tags/lookup", "/v1/invalidate"), utf8(body), ADMIN_KEY),
        false, true);
  }

  private Case invalidUtf8(Random r) {
    byte[][] bad = {{(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}};
    byte[] seq = bad[r.nextInt(bad.length)];
    if (r.nextBoolean()) {
      byte[] body = concat(ascii("{\"accounts\":[\"u1\",\"a"), seq, ascii("b\"]}"));
      return new Case("utf8-body", request("POST", pick(r, "/v1/tags/lookup", "/v1/invalidate"), body, ADMIN_KEY),
          false, true);
    }
    StringBuilder escaped = new StringBuilder();
    for (byte b : seq) {
      escaped.append(String.format("%%%02X", b & 0xFF));
    }
    byte[] path = r.nextBoolean()
        ? ascii("/v1/users/a" + escaped + "b/tags")
        : concat(ascii("/v1/users/a"), seq, ascii("b/tags"));
    return new Case("utf8-path", request(pick(r, "GET", "DELETE"), path, null, ADMIN_KEY, List.of()), false, true);
  }

  private Case oddPath(Random r) {
    String[] paths = {"/v1/users/%00/tags", "/v1/users/a%00b/tags", "/v1/users/a%2Fb/tags", "/v1/users/%2F/tags",
        "//v1/tags/lookup", "/v1//users/u1/tags", "/v1/users/../users/u1/tags", "/v1/users/u1/tags/..",
        "/../../etc/passwd", "/v1/./tags/lookup", "/%2e%2e/%2e%2e/", "/v1/users/%/tags", "/v1/users/%zz/tags",
        "/v1/users/u1/tags?x=%zz", "/v1/users/u1/tags?" + "q".repeat(3000), "/v1/users/u1/tags#frag", "*",
        "http://evil.example/v1/users/u1/tags", "/v1/users/u 1/tags", "\\v1\\tags\\lookup", "/v1/users/%E2%80%AE/tags",
        "/v1/users/" + "a".repeat(5000) + "/tags", "/" + "x/".repeat(2000), "/v1/users/" + "%41".repeat(100) + "/tags",
        "/health/live?%00", "/v1/users/;jsessionid=1/tags", "/v1/users/u1;a=b/tags", "/v1/users/%252F/tags", "",
        "/" + "a".repeat(100_000)};
    String path = pick(r, paths);
    String method = pick(r, METHODS);
    byte[] body = method.equals("POST") ? utf8("{\"accounts\":[\"u1\"]}") : null;
    // A very long line is refused before the server reads the rest; it must still answer.
    return new Case("odd-path", request(method, ascii(path), body, ADMIN_KEY, List.of()), method.equals("HEAD"),
        !path.isEmpty());
  }

  private Case oddMethod(Random r) {
    String[] methods = {"PATCH", "OPTIONS", "TRACE", "CONNECT", "PROPFIND", "get", "Post", "FOO", "M-SEARCH",
        "X".repeat(300), "GE T", "G\u0000ET", "GET\t", "🙂", "PRI", "BREW", "DELETE ", "HEAD"};
    String method = pick(r, methods);
    byte[] body = r.nextBoolean() ? utf8("{\"accounts\":[\"u1\"]}") : null;
    byte[] head = utf8(method + " " + pick(r, PATHS) + " HTTP/1.1\r\n");
    return new Case("odd-method", concat(head, headersAndBody(body, ADMIN_KEY, List.of())), method.equals("HEAD"), false);
  }

  private Case badHeaders(Random r) {
    String path = pick(r, PATHS);
    byte[] body = utf8("{\"accounts\":[\"u1\",\"u2\"]}");
    String cl = "Content-Length: " + body.length;
    List<String> extra = switch (r.nextInt(18)) {
      case 0 -> List.of("Authorization: Bearer " + "k".repeat(20_000));
      case 1 -> List.of("Authorization: Bearer \u00ff\u00fe" + ADMIN_KEY);
      case 2 -> List.of("Authorization: " + pick(r, "Bearer", "Bearer ", "Basic abc", "bearer  " + ADMIN_KEY + " ",
          "Bearer " + ADMIN_KEY + "\t", "Token " + ADMIN_KEY, "Bearer " + ADMIN_KEY.toUpperCase()));
      case 3 -> List.of("X-Big: " + "v".repeat(20_000));
      case 4 -> repeat("X-Many: v", 2000);
      case 5 -> List.of("No colon here");
      case 6 -> List.of("Bad Name: v");
      case 7 -> List.of("X-Ctl: a\u0001b");
      case 8 -> List.of("X-Fold: a", " folded continuation");
      case 9 -> List.of("Content-Type: " + pick(r, "text/plain", "application/json; charset=latin1", "multipart/form-data",
          "application/x-www-form-urlencoded", "", "\u00ff"));
      case 10 -> List.of("Expect: " + pick(r, "100-continue", "200-ok", "garbage"));
      case 11 -> List.of("Accept: " + pick(r, "text/html", "application/xml", "*/*;q=0", "\u00e9"));
      case 12 -> List.of("Content-Encoding: " + pick(r, "gzip", "br", "deflate", "x"));
      case 13 -> List.of("Host: " + pick(r, "", "a b", "[::1", "evil.example:99999"));
      case 14 -> List.of("Transfer-Encoding: " + pick(r, "gzip", "identity", "chunked, chunked", "x"));
      case 15 -> List.of("Connection: " + pick(r, "keep-alive", "upgrade", "Upgrade, HTTP2-Settings"),
          "Upgrade: " + pick(r, "h2c", "websocket", "TLS/1.0"));
      case 16 -> List.of("X-Forwarded-For: " + "1.2.3.4, ".repeat(100));
      default -> List.of("Cookie: " + "a=b; ".repeat(500));
    };
    List<String> headers = new ArrayList<>(extra);
    String method = "POST";
    byte[] raw;
    switch (r.nextInt(5)) {
      case 0 -> raw = framed("POST", path, List.of("Content-Length: 5", "Content-Length: 7"), "{}{}{}{".getBytes());
      case 1 -> raw = framed("POST", path, List.of("Content-Length: " + pick(r, "-1", "abc", "1e3", "99999999999999999999",
          " 5", "+5")), "{}{}{".getBytes());
      case 2 -> raw = framed("POST", path, List.of("Transfer-Encoding: chunked", cl),
          ascii(Integer.toHexString(body.length) + "\r\n" + new String(body, StandardCharsets.UTF_8) + "\r\n0\r\n\r\n"));
      case 3 -> raw = framed("POST", path, List.of("Transfer-Encoding: chunked"),
          ascii(pick(r, "zz\r\n{}\r\n0\r\n\r\n", "-1\r\n\r\n", "fffffffffffffffff\r\n{}\r\n0\r\n\r\n",
              "2;ext=\u00ff\r\n{}\r\n0\r\n\r\n", "3\r\n{}\r\n0\r\n\r\n", "2\r\n{}\r\n0\r\nTrailer: x\r\n\r\n")));
      default -> {
        headers.add(cl);
        method = r.nextBoolean() ? "POST" : pick(r, METHODS);
        raw = framed(method, path, headers, body);
      }
    }
    return new Case("bad-headers", raw, method.equals("HEAD"), false);
  }

  private Case wellFormed(Random r) {
    String[] accounts = new String[1 + r.nextInt(20)];
    for (int i = 0; i < accounts.length; i++) {
      accounts[i] = "u" + r.nextInt(2000);
    }
    String path = pick(r, "/v1/tags/lookup", "/v1/invalidate");
    return new Case("well-formed", request("POST", path, utf8(GatewayFixture.accountsBody(accounts)),
        pick(r, ADMIN_KEY, LOOKUP_KEY, null, "wrong-key-000000000000")), false, true);
  }

  // ---- request building -------------------------------------------------------------------------

  private static byte[] request(String method, String path, byte[] body, String key) {
    return request(method, ascii(path), body, key, List.of("Content-Type: application/json"));
  }

  private static byte[] request(String method, byte[] path, byte[] body, String key, List<String> headers) {
    List<String> all = new ArrayList<>(headers);
    if (key != null) {
      all.add("Authorization: Bearer " + key);
    }
    return concat(ascii(method + " "), path, ascii(" HTTP/1.1\r\n"), headersAndBody(body, null, all));
  }

  private static byte[] headersAndBody(byte[] body, String key, List<String> headers) {
    StringBuilder head = new StringBuilder("Host: 127.0.0.1\r\nConnection: close\r\n");
    if (key != null) {
      head.append("Authorization: Bearer ").append(key).append("\r\n");
    }
    headers.forEach(h -> head.append(h).append("\r\n"));
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    return body == null ? utf8(head.toString()) : concat(utf8(head.toString()), body);
  }

  /** A request with exactly these headers (framing ones included) and raw body bytes. */
  private static byte[] framed(String method, String path, List<String> headers, byte[] body) {
    StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
        .append("Host: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer ").append(ADMIN_KEY).append("\r\n");
    headers.forEach(h -> head.append(h).append("\r\n"));
    head.append("\r\n");
    return concat(utf8(head.toString()), body);
  }

  private static List<String> repeat(String header, int times) {
    List<String> headers = new ArrayList<>(times);
    for (int i = 0; i < times; i++) {
      headers.add(header + i);
    }
    return headers;
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... choices) {
    return choices[r.nextInt(choices.length)];
  }

  private static int pickInt(Random r, int... choices) {
    return choices[r.nextInt(choices.length)];
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static String show(byte[] request) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < Math.min(request.length, 160); i++) {
      int b = request[i] & 0xFF;
      text.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : b == '\r' ? "\\r" : b == '\n' ? "\\n"
          : String.format("\\x%02X", b));
    }
    return "[" + request.length + " bytes] " + text;
  }
}
