package io.tagway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.net.SelfSignedCertificate;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * With {@code http.tls} the one port serves HTTPS only, the Tencent-compatible endpoint included:
 * a client that trusts the gateway's (here self-signed) certificate and checks its host name gets
 * Tencent's answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompatTlsTest {

  private SelfSignedCertificate certificate;
  private CompatGateway gateway;

  @BeforeAll
  void start() throws Exception {
    certificate = SelfSignedCertificate.create("localhost");
    Map<String, Object> config = CompatGateway.config();
    CompatGateway.set(config, "http.tls.certFile", certificate.certificatePath());
    CompatGateway.set(config, "http.tls.keyFile", certificate.privateKeyPath());
    HttpClient trusting = HttpClient.newBuilder()
        .sslContext(trusting(Path.of(certificate.certificatePath())))
        .connectTimeout(Duration.ofSeconds(2))
        .build();
    gateway = CompatGateway.start(config, "https", trusting);
  }

  @AfterAll
  void stop() {
    gateway.close();
    certificate.delete();
  }

  @Test
  void theEndpointAnswersOverHttps() {
    List<String> accounts = List.of("u11", "u12", "nobody", "u11");
    assertThat(gateway.getTags(accounts)).isEqualTo(gateway.truth(accounts));
    assertThat(gateway.call(gateway.query().replace("contenttype=json", "contenttype=xml"), CompatGateway.body(accounts))
        .getInteger("ErrorCode")).isEqualTo(60002);
  }

  @Test
  void plainHttpIsNotServed() {
    URI plain = URI.create("http://127.0.0.1:" + gateway.base.getPort());
    assertThatThrownBy(() -> gateway.post(CompatGateway.endpoint(plain, gateway.query()), CompatGateway.body(List.of("u11"))))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("failed");
  }

  /** An SSL context trusting only the certificate in {@code pem}. */
  private static SSLContext trusting(Path pem) throws Exception {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      trusted.setCertificateEntry("gateway", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}
