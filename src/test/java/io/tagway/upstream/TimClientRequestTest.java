package io.tagway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What TimClient puts on the wire, as seen by a recording server: query string, path and body. */
@ExtendWith(VertxExtension.class)
class TimClientRequestTest {

  private static final long MAX_RANDOM = 4_294_967_295L;
  private static final String GET_TAG_PATH = "/v4/all_member_push/im_get_tag";

  private final List<TimClient> clients = new ArrayList<>();
  private final AdminUserSig userSig = TimTestbed.adminUserSig();
  private Vertx vertx;
  private StubTencent stub;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    this.vertx = vertx;
    StubTencent.start(vertx, StubTencent.OK.copy().put("UserTags", new JsonArray()))
        .onComplete(ctx.succeeding(started -> {
          stub = started;
          ctx.completeNow();
        }));
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    clients.forEach(TimClient::close);
    stub.close().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void everyCallCarriesTheFiveParametersExactlyAndAFreshRandom(VertxTestContext ctx) {
    TimClient client = client(stub.baseUrl());
    Future<Void> calls = Future.succeededFuture();
    for (int i = 0; i < 8; i++) {
      calls = calls.compose(v -> client.getTags(List.of("u1")).mapEmpty());
    }
    UserSigVerifier verifier = new UserSigVerifier(TimTestbed.KEY, TimTestbed.clockAt(TimTestbed.NOW));
    calls
        .map(v -> {
          List<StubTencent.Seen> seen = stub.seen();
          assertThat(seen).hasSize(8);
          List<Long> randoms = new ArrayList<>();
          for (StubTencent.Seen request : seen) {
            assertThat(request.query().keySet())
                .containsExactlyInAnyOrder("sdkappid", "identifier", "usersig", "random", "contenttype");
            assertThat(request.param("sdkappid")).isEqualTo("1400000000");
            assertThat(request.param("identifier")).isEqualTo(TimTestbed.ADMIN);
            assertThat(request.param("usersig")).isEqualTo(userSig.current());
            assertThat(verifier.verify(request.param("usersig"), TimTestbed.APP, TimTestbed.ADMIN))
                .isEqualTo(UserSigStatus.VALID);
            assertThat(request.param("contenttype")).isEqualTo("json");
            String random = request.param("random");
            assertThat(random).matches("0|[1-9][0-9]{0,9}");
            assertThat(Long.parseLong(random)).isBetween(0L, MAX_RANDOM);
            randoms.add(Long.parseLong(random));
          }
          assertThat(Set.copyOf(randoms)).as("random must be fresh per call: %s", randoms).hasSizeGreaterThan(1);
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void eachCommandPostsItsDocumentedBodyAsJson(VertxTestContext ctx) {
    TimClient client = client(stub.baseUrl());
    client.getTags(List.of("u1", "u2"))
        .compose(v -> client.addTags(Map.of("u1", List.of("a", "b"))))
        .compose(v -> client.removeTags(Map.of("u1", List.of("a"))))
        .compose(v -> client.removeAllTags(List.of("u2")))
        .map(v -> {
          List<StubTencent.Seen> seen = stub.seen();
          assertThat(seen).extracting(StubTencent.Seen::method).containsOnly(HttpMethod.POST);
          assertThat(seen).extracting(StubTencent.Seen::contentType).containsOnly("application/json");
          assertThat(seen).extracting(StubTencent.Seen::path).containsExactly(
              GET_TAG_PATH,
              "/v4/all_member_push/im_add_tag",
              "/v4/all_member_push/im_remove_tag",
              "/v4/all_member_push/im_remove_all_tags");
          assertThat(seen).extracting(request -> request.body().toJsonObject()).containsExactly(
              new JsonObject("{\"To_Account\":[\"u1\",\"u2\"]}"),
              new JsonObject("{\"UserTags\":[{\"To_Account\":\"u1\",\"Tags\":[\"a\",\"b\"]}]}"),
              new JsonObject("{\"UserTags\":[{\"To_Account\":\"u1\",\"Tags\":[\"a\"]}]}"),
              new JsonObject("{\"To_Account\":[\"u2\"]}"));
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aBaseUrlPathIsKeptBeforeTheServicePath(VertxTestContext ctx) {
    List<String> baseUrls = List.of(
        stub.baseUrl() + "/", stub.baseUrl() + "/tim", stub.baseUrl() + "/tim/", stub.baseUrl() + "/a/b//");
    Future<Void> calls = Future.succeededFuture();
    for (String baseUrl : baseUrls) {
      TimClient client = client(baseUrl);
      calls = calls.compose(v -> client.getTags(List.of("u1")).mapEmpty());
    }
    calls
        .map(v -> {
          assertThat(stub.seen()).extracting(StubTencent.Seen::path).containsExactly(
              GET_TAG_PATH, "/tim" + GET_TAG_PATH, "/tim" + GET_TAG_PATH, "/a/b" + GET_TAG_PATH);
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aClientNamesItsUpstreamButNotItsUserSig() {
    TimClient client = client(stub.baseUrl());
    assertThat(client.toString()).contains(stub.baseUrl()).doesNotContain(userSig.current());
  }

  private TimClient client(String baseUrl) {
    TimClient client = new TimClient(vertx, TimTestbed.options(baseUrl), userSig);
    clients.add(client);
    return client;
  }
}
