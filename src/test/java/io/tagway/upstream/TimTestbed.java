package io.tagway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.emulator.EmulatorOptions;
import io.tagway.emulator.Population;
import io.tagway.emulator.TencentImEmulator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An emulator over real HTTP plus the {@link TimClient}s pointed at it, for the TimClient tests.
 * Both sides read the same pinned wall clock, so UserSigs stay valid unless a test says otherwise,
 * and the emulator's rate windows move a second per call, so only the rate test ever meets 60007.
 */
final class TimTestbed {

  /** The wall clock of the emulator and of the default UserSig, in Unix seconds. */
  static final long NOW = 1_700_003_600L;
  static final long APP = EmulatorOptions.DEFAULT_SDK_APP_ID;
  static final String ADMIN = EmulatorOptions.DEFAULT_ADMIN;
  static final String KEY = EmulatorOptions.DEMO_SECRET_KEY;
  static final Duration DAY = Duration.ofDays(1);
  /** Generous: no test waits for it except the one that sets its own. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final long SECOND_NANOS = 1_000_000_000L;

  final Vertx vertx;
  final TencentImEmulator emulator;
  private final List<TimClient> clients = new ArrayList<>();

  private TimTestbed(Vertx vertx, TencentImEmulator emulator) {
    this.vertx = vertx;
    this.emulator = emulator;
  }

  /** Emulator defaults with the pinned wall clock and a rate-window clock moving a second per reading. */
  static EmulatorOptions.Builder emulatorOptions() {
    AtomicLong nanos = new AtomicLong();
    return EmulatorOptions.builder()
        .users(1_000)
        .wallClock(clockAt(NOW))
        .nanoTime(() -> nanos.addAndGet(SECOND_NANOS));
  }

  /** Starts an emulator with {@code options}. */
  static Future<TimTestbed> start(Vertx vertx, EmulatorOptions options) {
    return TencentImEmulator.start(vertx, options).map(emulator -> new TimTestbed(vertx, emulator));
  }

  static Clock clockAt(long epochSecond) {
    return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
  }

  /** The admin UserSig of the emulator's app, issued at {@link #NOW} for a day. */
  static AdminUserSig adminUserSig() {
    return new AdminUserSig(new UserSigSigner(KEY), APP, ADMIN, DAY, clockAt(NOW));
  }

  /** Options for the emulator's app and admin, at {@code baseUrl}. */
  static TimClientOptions options(String baseUrl) {
    return TimClientOptions.of(URI.create(baseUrl), APP, ADMIN, TIMEOUT);
  }

  /** The seeded truth the emulator starts from. */
  Population population() {
    return new Population(emulator.options().seed(), emulator.options().users());
  }

  /** A client for the emulator's app and admin, signing with the right key. */
  TimClient client() {
    return client(options(emulator.baseUrl()), adminUserSig());
  }

  /** A client closed with the testbed. */
  TimClient client(TimClientOptions options, AdminUserSig userSig) {
    TimClient client = new TimClient(vertx, options, userSig);
    clients.add(client);
    return client;
  }

  /** Closes the clients and the emulator. */
  Future<Void> close() {
    clients.forEach(TimClient::close);
    return emulator.close();
  }

  /** The failure of {@code call}, which must fail with a {@link TimException}. */
  static Future<TimException> failure(Future<?> call) {
    return call.transform(ar -> {
      if (ar.succeeded()) {
        return Future.failedFuture(new AssertionError("expected a TimException, got success: " + ar.result()));
      }
      if (ar.cause() instanceof TimException failure) {
        return Future.succeededFuture(failure);
      }
      return Future.failedFuture(new AssertionError("expected a TimException", ar.cause()));
    });
  }

  /**
   * Asserts that the failure's message names no secret: not the app key, none of {@code secrets}
   * (UserSigs, other keys), and no part of the request URL that would carry them.
   */
  static void assertKeepsSecrets(TimException failure, String... secrets) {
    String message = failure.getMessage();
    assertThat(message).isNotBlank()
        .doesNotContain(KEY)
        .doesNotContain("usersig=", "sdkappid=", "identifier=", "random=", "/v4/", "://");
    for (String secret : secrets) {
      assertThat(message).doesNotContain(secret);
    }
  }
}
