package io.tagway;

import io.tagway.config.Secret;
import io.tagway.config.TagwayConfig;
import io.tagway.config.UpstreamConfig;
import io.tagway.emulator.EmulatorFaults;
import io.tagway.emulator.EmulatorOptions;
import io.tagway.emulator.TencentImEmulator;
import io.tagway.upstream.AdminUserSig;
import io.tagway.upstream.TimClient;
import io.tagway.upstream.TimClientOptions;
import io.tagway.upstream.UserSigSigner;
import io.tagway.upstream.UserSigVerifier;
import io.tagway.upstream.wire.CallerCheck;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream the gateway talks to: Tencent IM as configured, or, with no {@code upstream.baseUrl},
 * the built-in emulator started in-process on a free loopback port with a random app key.
 *
 * @param client the Tencent IM client
 * @param userSig the admin UserSig the client signs with
 * @param emulator the in-process emulator, when there is one
 */
record UpstreamSetup(TimClient client, AdminUserSig userSig, Optional<TencentImEmulator> emulator) {

  private static final Logger LOG = LoggerFactory.getLogger(UpstreamSetup.class);

  /** The app key: the configured one, or, for the built-in emulator without one, a random one. */
  static Secret appKey(UpstreamConfig upstream) {
    return upstream.secretKey().orElseGet(UpstreamSetup::randomKey);
  }

  /**
   * Who may call the gateway's Tencent-compatible endpoint: the app admin ({@code
   * upstream.identifier}, the one account the gateway knows to be an admin) with a UserSig for the
   * app, signed by its key, checked against the system clock.
   */
  static CallerCheck callers(UpstreamConfig upstream, Secret key) {
    return new CallerCheck(upstream.sdkAppId(), Set.of(upstream.identifier()),
        new UserSigVerifier(key.reveal(), Clock.systemUTC()));
  }

  /** Connects to the upstream, or starts the built-in emulator, with the app key {@code key}. */
  static Future<UpstreamSetup> start(Vertx vertx, TagwayConfig config, Secret key) {
    UpstreamConfig upstream = config.upstream();
    if (!upstream.embeddedEmulator()) {
      LOG.info("Upstream: Tencent IM at {} (SDKAppID {}, identifier {})",
          upstream.baseUrl().orElseThrow(), upstream.sdkAppId(), upstream.identifier());
      return Future.succeededFuture(connect(vertx, upstream, upstream.baseUrl().orElseThrow(), key, Optional.empty()));
    }
    EmulatorOptions options = EmulatorOptions.builder()
        .port(0)
        .sdkAppId(upstream.sdkAppId())
        .adminIdentifiers(Set.of(upstream.identifier()))
        .secretKey(key.reveal())
        .users(config.emulator().users())
        .seed(config.emulator().seed())
        .rateLimit(100)
        .faults(EmulatorFaults.NONE.withLatency(config.emulator().latency().toMillis(), 0))
        .build();
    return TencentImEmulator.start(vertx, options).map(emulator -> {
      LOG.info("Upstream: built-in Tencent IM emulator at {} ({} synthetic users u0..u{}, seed {}); "
              + "no credentials needed. Set upstream.baseUrl to call Tencent IM.",
          emulator.baseUrl(), config.emulator().users(), Math.max(0, config.emulator().users() - 1), config.emulator().seed());
      return connect(vertx, upstream, URI.create(emulator.baseUrl()), key, Optional.of(emulator));
    });
  }

  private static UpstreamSetup connect(Vertx vertx, UpstreamConfig upstream, URI baseUrl, Secret key,
      Optional<TencentImEmulator> emulator) {
    AdminUserSig userSig = new AdminUserSig(new UserSigSigner(key.reveal()), upstream.sdkAppId(),
        upstream.identifier(), upstream.userSigLifetime(), Clock.systemUTC());
    TimClient client = new TimClient(vertx,
        TimClientOptions.of(baseUrl, upstream.sdkAppId(), upstream.identifier(), upstream.timeout()), userSig);
    return new UpstreamSetup(client, userSig, emulator);
  }

  private static Secret randomKey() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return new Secret(HexFormat.of().formatHex(bytes));
  }
}
