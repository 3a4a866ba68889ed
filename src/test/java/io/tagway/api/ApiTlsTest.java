package io.tagway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With {@code http.tls} the port speaks HTTPS only, with the configured certificate. */
class ApiTlsTest {

  private static SelfSignedCertificate certificate;
  private static GatewayFixture gateway;
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    certificate = SelfSignedCertificate.create("localhost");
    gateway = GatewayFixture.start(
        "http.tls.certFile", certificate.certificatePath(), "http.tls.keyFile", certificate.privateKeyPath());
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (vertx != null) {
      GatewayFixture.await(vertx.close());
    }
    if (certificate != null) {
      certificate.delete();
    }
  }

  @Test
  void answersOverHttpsWithTheConfiguredCertificate() {
    WebClient client = WebClient.create(vertx, new WebClientOptions()
        .setSsl(true).setTrustOptions(certificate.trustOptions()).setVerifyHost(false));
    try {
      HttpResponse<?> live = GatewayFixture.await(client.get(gateway.port, "127.0.0.1", "/health/live").send());
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(live.bodyAsString()).isEqualTo("{\"status\":\"UP\"}");

      HttpResponse<?> tags = GatewayFixture.await(client.get(gateway.port, "127.0.0.1", "/v1/users/u1/tags")
          .bearerTokenAuthentication(GatewayFixture.LOOKUP_KEY).send());
      assertThat(tags.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(tags.bodyAsString()).getJsonArray("tags").getList()).isEqualTo(GatewayFixture.tagsOf("u1"));

      HttpResponse<?> refused = GatewayFixture.await(client.get(gateway.port, "127.0.0.1", "/v1/users/u1/tags").send());
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(ErrorShape.problem(refused.bodyAsString())).isNull();
    } finally {
      client.close();
    }
  }

  @Test
  void aClientThatDoesNotTrustTheCertificateIsRefused() {
    WebClient client = WebClient.create(vertx, new WebClientOptions().setSsl(true).setVerifyHost(false));
    try {
      var attempt = client.get(gateway.port, "127.0.0.1", "/health/live").send();
      assertThat(attempt.toCompletionStage().toCompletableFuture())
          .failsWithin(java.time.Duration.ofSeconds(10));
    } finally {
      client.close();
    }
  }

  @Test
  void plainHttpOnTheTlsPortGetsNoHttpAnswer() throws Exception {
    RawHttp.Exchange exchange = RawHttp.exchange(gateway.port,
        "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
        false, 5000);
    assertThat(exchange.responses()).isEmpty();
    assertThat(new String(exchange.trailing(), StandardCharsets.ISO_8859_1)).doesNotContain("UP");
  }
}
