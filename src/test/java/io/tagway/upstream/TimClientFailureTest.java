package io.tagway.upstream;

import static io.tagway.upstream.TimTestbed.ADMIN;
import static io.tagway.upstream.TimTestbed.APP;
import static io.tagway.upstream.TimTestbed.DAY;
import static io.tagway.upstream.TimTestbed.KEY;
import static io.tagway.upstream.TimTestbed.NOW;
import static io.tagway.upstream.TimTestbed.assertKeepsSecrets;
import static io.tagway.upstream.TimTestbed.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.emulator.EmulatorFaults;
import io.tagway.emulator.EmulatorStats;
import io.tagway.emulator.TagCommand;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each way a call to the emulator can fail, over real HTTP, arrives as a {@link TimException} of the
 * right kind whose message keeps the UserSig and the key to itself.
 */
@ExtendWith(VertxExtension.class)
class TimClientFailureTest {

  private static final List<String> U1 = List.of("u1");
  private static final String WRONG_KEY = "not-the-app-key-0123456789abcdef";

  private Vertx vertx;
  private TimTestbed testbed;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    this.vertx = vertx;
    TimTestbed.start(vertx, TimTestbed.emulatorOptions().adminIdentifiers(Set.of(ADMIN, "ops")).build())
        .onComplete(ctx.succeeding(started -> {
          testbed = started;
          ctx.completeNow();
        }));
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    testbed.close().onComplete(ctx.succeedingThenComplete());
  }

  // --- Signature and configuration errors -----------------------------------------------------

  @Test
  void anExpiredUserSigIs70001AndIsRenewed(VertxTestContext ctx) {
    // Our clock runs two days behind the emulator's: the day-long UserSig we hold looks fresh to
    // us and expired to Tencent.
    MutableClock behind = new MutableClock(NOW - 2 * DAY.toSeconds());
    AdminUserSig userSig = new AdminUserSig(new UserSigSigner(KEY), APP, ADMIN, DAY, behind);
    String expired = userSig.current();
    behind.advance(Duration.ofSeconds(1)); // so that a renewal is told apart from the held UserSig
    TimClient client = testbed.client(TimTestbed.options(testbed.emulator.baseUrl()), userSig);
    failure(client.getTags(U1))
        .map(failure -> {
          assertTencentError(failure, 70001, TimFailureKind.SIGNATURE_RENEWABLE);
          String renewed = userSig.current();
          assertThat(renewed).isNotEqualTo(expired);
          assertThat(new UserSigVerifier(KEY, behind).verify(renewed, APP, ADMIN)).isEqualTo(UserSigStatus.VALID);
          assertKeepsSecrets(failure, expired, renewed);
          assertThat(testbed.emulator.stats().signatureFailures()).containsExactlyEntriesOf(Map.of(70001, 1L));
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aWrongKeyIs70009AndFatal(VertxTestContext ctx) {
    assertFatalConfiguration(ctx, 70009, APP, ADMIN, new UserSigSigner(WRONG_KEY), APP, ADMIN, WRONG_KEY);
  }

  @Test
  void aUserSigOfAnotherIdentifierIs70013AndFatal(VertxTestContext ctx) {
    assertFatalConfiguration(ctx, 70013, APP, ADMIN, new UserSigSigner(KEY), APP, "ops");
  }

  @Test
  void aUserSigOfAnotherAppIs70014AndFatal(VertxTestContext ctx) {
    assertFatalConfiguration(ctx, 70014, APP, ADMIN, new UserSigSigner(KEY), APP + 1, ADMIN);
  }

  @Test
  void anSdkAppIdUnknownHereIs70016AndFatal(VertxTestContext ctx) {
    assertFatalConfiguration(ctx, 70016, APP + 1, ADMIN, new UserSigSigner(KEY), APP + 1, ADMIN);
  }

  @Test
  void anIdentifierThatIsNotAnAdminIs90009AndFatal(VertxTestContext ctx) {
    assertFatalConfiguration(ctx, 90009, APP, "xiaojun", new UserSigSigner(KEY), APP, "xiaojun");
  }

  // --- Throttling ---------------------------------------------------------------------------

  @Test
  void callsPastTheRateAre60007AndThrottledForASecond(VertxTestContext ctx) {
    // A rate-window clock that never moves: every call lands in the same second.
    TimTestbed.start(vertx, TimTestbed.emulatorOptions().rateLimit(3).nanoTime(() -> 0L).build())
        .compose(limited -> {
          TimClient client = limited.client();
          return client.getTags(U1)
              .compose(v -> client.getTags(U1))
              .compose(v -> client.getTags(U1))
              .compose(v -> failure(client.getTags(U1)))
              .map(failure -> {
                assertTencentError(failure, 60007, TimFailureKind.THROTTLED);
                assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(1));
                assertKeepsSecrets(failure, TimTestbed.adminUserSig().current());
                EmulatorStats stats = limited.emulator.stats();
                assertThat(stats.rateLimitViolations()).isEqualTo(1);
                assertThat(stats.calls(TagCommand.GET_TAG)).isEqualTo(4);
                return null;
              })
              .eventually(limited::close);
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  // --- Transient failures -------------------------------------------------------------------

  @Test
  void anInjectedInternalErrorIs91000AndTransient(VertxTestContext ctx) {
    testbed.emulator.faults(EmulatorFaults.NONE.withInternalErrorShare(1));
    failure(testbed.client().getTags(U1))
        .map(failure -> {
          assertTencentError(failure, 91000, TimFailureKind.TRANSIENT);
          assertKeepsSecrets(failure, TimTestbed.adminUserSig().current());
          assertThat(testbed.emulator.stats().faultsInjected().internalErrors()).isEqualTo(1);
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void anInjectedBadGatewayIsHttp502AndTransient(VertxTestContext ctx) {
    testbed.emulator.faults(EmulatorFaults.NONE.withBadGatewayShare(1));
    failure(testbed.client().getTags(U1))
        .map(failure -> {
          assertThat(failure.kind()).isEqualTo(TimFailureKind.TRANSIENT);
          assertThat(failure.code()).isEqualTo(TimException.NO_CODE);
          assertThat(failure.httpStatus()).isEqualTo(502);
          assertThat(failure.retryAfter()).isZero();
          assertKeepsSecrets(failure, TimTestbed.adminUserSig().current());
          assertThat(testbed.emulator.stats().faultsInjected().badGateways()).isEqualTo(1);
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aHungConnectionTimesOutAsTransient(VertxTestContext ctx) {
    testbed.emulator.faults(EmulatorFaults.NONE.withHangShare(1));
    TimClientOptions options = TimClientOptions.of(
        URI.create(testbed.emulator.baseUrl()), APP, ADMIN, Duration.ofMillis(300));
    failure(testbed.client(options, TimTestbed.adminUserSig()).getTags(U1))
        .map(failure -> {
          assertThat(failure.kind()).isEqualTo(TimFailureKind.TRANSIENT);
          assertThat(failure.code()).isEqualTo(TimException.NO_CODE);
          assertThat(failure.httpStatus()).isZero();
          assertThat(failure.getMessage()).contains("300 ms");
          assertKeepsSecrets(failure, TimTestbed.adminUserSig().current());
          assertThat(testbed.emulator.stats().faultsInjected().hangs()).isEqualTo(1);
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void anAnswerTrickledPastTheTimeoutIsTransient(VertxTestContext ctx) {
    // A byte every 100 ms: never idle for 300 ms, yet far from done within them. Ends after 5 s
    // so that a client without a deadline succeeds (and the test fails) rather than waits forever.
    Buffer head = Buffer.buffer("{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\",\"UserTags\":[");
    vertx.createHttpServer()
        .requestHandler(request -> request.end().onSuccess(v -> {
          HttpServerResponse response = request.response().setChunked(true)
              .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
          response.write(head);
          int[] ticks = {0};
          vertx.setPeriodic(100, id -> {
            if (response.closed()) {
              vertx.cancelTimer(id);
            } else if (++ticks[0] == 50) {
              vertx.cancelTimer(id);
              response.end("]}");
            } else {
              response.write(" ");
            }
          });
        }))
        .listen(0, "127.0.0.1")
        .compose(server -> {
          TimClientOptions options = TimClientOptions.of(
              URI.create("http://127.0.0.1:" + server.actualPort()), APP, ADMIN, Duration.ofMillis(300));
          return failure(testbed.client(options, TimTestbed.adminUserSig()).getTags(U1)).eventually(server::close);
        })
        .map(failure -> {
          assertThat(failure.kind()).isEqualTo(TimFailureKind.TRANSIENT);
          assertThat(failure.code()).isEqualTo(TimException.NO_CODE);
          assertThat(failure.getMessage()).contains("300 ms");
          assertKeepsSecrets(failure, TimTestbed.adminUserSig().current());
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aRefusedConnectionIsTransient(VertxTestContext ctx) {
    // A port that was just free: nothing listens on it any more.
    vertx.createHttpServer().requestHandler(request -> request.response().end())
        .listen(0, "127.0.0.1")
        .compose(server -> server.close().map(v -> server.actualPort()))
        .compose(port -> failure(testbed.client(TimTestbed.options("http://127.0.0.1:" + port), TimTestbed.adminUserSig())
            .getTags(U1)))
        .map(failure -> {
          assertThat(failure.kind()).isEqualTo(TimFailureKind.TRANSIENT);
          assertThat(failure.code()).isEqualTo(TimException.NO_CODE);
          assertThat(failure.httpStatus()).isZero();
          assertThat(failure.getMessage()).contains("cannot connect");
          assertKeepsSecrets(failure, TimTestbed.adminUserSig().current());
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  // --- Body errors TimClient never provokes: the emulator's answer to a raw client ----------------

  @Test
  void aMalformedBodyIs90001AndOurBug(VertxTestContext ctx) {
    rawGetTag(Buffer.buffer("{\"To_Account\":[\"u1\""))
        .map(answer -> {
          assertThat(answer.getString("ActionStatus")).isEqualTo("FAIL");
          assertThat(answer.getInteger("ErrorCode")).isEqualTo(90001);
          assertThat(TimErrorCodes.classify(90001)).isEqualTo(TimFailureKind.OUR_BUG);
          TimException failure = TimException.fromCode(answer.getInteger("ErrorCode"), answer.getString("ErrorInfo"));
          assertThat(failure.kind()).isEqualTo(TimFailureKind.OUR_BUG);
          assertKeepsSecrets(failure, TimTestbed.adminUserSig().current());
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void moreThanAHundredAccountsAre90018AndOurBug(VertxTestContext ctx) {
    JsonArray accounts = new JsonArray(IntStream.range(0, 101).mapToObj(i -> (Object) ("u" + i)).toList());
    rawGetTag(new JsonObject().put("To_Account", accounts).toBuffer())
        .map(answer -> {
          assertThat(answer.getInteger("ErrorCode")).isEqualTo(90018);
          assertThat(TimErrorCodes.classify(90018)).isEqualTo(TimFailureKind.OUR_BUG);
          TimException failure = TimException.fromCode(answer.getInteger("ErrorCode"), answer.getString("ErrorInfo"));
          assertThat(failure.kind()).isEqualTo(TimFailureKind.OUR_BUG);
          assertKeepsSecrets(failure, TimTestbed.adminUserSig().current());
          assertThat(testbed.emulator.stats().batchSizeHistogram()).containsExactlyEntriesOf(Map.of(101, 1L));
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void everyCodeOfUpstreamMdIsClassifiedAsItSays() {
    Map<TimFailureKind, List<Integer>> table = Map.of(
        TimFailureKind.THROTTLED, List.of(60007, 60011, 60018, 60019, 70050),
        TimFailureKind.SIGNATURE_RENEWABLE, List.of(70001, 70003),
        TimFailureKind.FATAL_CONFIGURATION, List.of(70009, 70013, 70014, 70016, 70020,
            60006, 60010, 60016, 60017, 60020, 60021, 90009, 90045),
        TimFailureKind.OUR_BUG, List.of(60002, 60003, 60009, 60012, 60015, 90001, 90018, 90020, 90032),
        TimFailureKind.TRANSIENT, List.of(60008, 60013, 60014, 91000));
    table.forEach((kind, codes) -> codes.forEach(code ->
        assertThat(TimErrorCodes.classify(code)).as("code %d", code).isEqualTo(kind)));
    assertThat(TimException.fromCode(70050, "locked").retryAfter()).isEqualTo(Duration.ofMinutes(1));
    assertThat(TimException.fromCode(60011, "slow down").retryAfter()).isEqualTo(Duration.ofSeconds(1));
    for (int status : new int[] {500, 502, 503, 504}) {
      assertThat(TimErrorCodes.classifyHttpStatus(status)).as("HTTP %d", status).isEqualTo(TimFailureKind.TRANSIENT);
    }
  }

  // --- Helpers --------------------------------------------------------------------------------

  /**
   * A client for {@code sdkAppId} and {@code identifier} whose UserSigs {@code signer} issues for
   * {@code sigAppId} and {@code sigIdentifier} fails with {@code code}, FATAL_CONFIGURATION, and
   * does not renew its UserSig.
   */
  private void assertFatalConfiguration(VertxTestContext ctx, int code, long sdkAppId, String identifier,
      UserSigSigner signer, long sigAppId, String sigIdentifier, String... secrets) {
    MutableClock clock = new MutableClock(NOW);
    AdminUserSig userSig = new AdminUserSig(signer, sigAppId, sigIdentifier, DAY, clock);
    String held = userSig.current();
    clock.advance(Duration.ofSeconds(1)); // a renewal would now issue a different UserSig
    TimClientOptions options = TimClientOptions.of(URI.create(testbed.emulator.baseUrl()), sdkAppId, identifier,
        TimTestbed.TIMEOUT);
    failure(testbed.client(options, userSig).getTags(U1))
        .map(failure -> {
          assertTencentError(failure, code, TimFailureKind.FATAL_CONFIGURATION);
          assertThat(failure.retryAfter()).isZero();
          assertThat(userSig.current()).as("no renewal after a configuration error").isSameAs(held);
          assertKeepsSecrets(failure, held);
          assertKeepsSecrets(failure, secrets);
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  /** Tencent answered {@code ActionStatus: FAIL} with {@code code}, over HTTP 200. */
  private void assertTencentError(TimException failure, int code, TimFailureKind kind) {
    assertThat(failure.kind()).isEqualTo(kind);
    assertThat(failure.code()).isEqualTo(code);
    assertThat(failure.httpStatus()).isEqualTo(200);
    assertThat(failure.getMessage()).contains(Integer.toString(code));
  }

  /** {@code im_get_tag} with a correctly signed query string and exactly {@code body}. */
  private Future<JsonObject> rawGetTag(Buffer body) {
    WebClient raw = WebClient.create(vertx);
    return raw.post(testbed.emulator.port(), "127.0.0.1", TagCommand.GET_TAG.path())
        .addQueryParam("sdkappid", Long.toString(APP))
        .addQueryParam("identifier", ADMIN)
        .addQueryParam("usersig", TimTestbed.adminUserSig().current())
        .addQueryParam("random", "12345")
        .addQueryParam("contenttype", "json")
        .sendBuffer(body)
        .map(response -> {
          assertThat(response.statusCode()).isEqualTo(200);
          return response.bodyAsJsonObject();
        })
        .eventually(() -> {
          raw.close();
          return Future.succeededFuture();
        });
  }
}
