package io.tagway.upstream;

import static io.tagway.upstream.UserSigFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AdminUserSigTest {

  private static final Duration DAY = Duration.ofDays(1);

  private final MutableClock clock = new MutableClock(TIME);
  private final UserSigSigner signer = new UserSigSigner(KEY);
  private final UserSigVerifier verifier = new UserSigVerifier(KEY, clock);
  private final AdminUserSig admin = new AdminUserSig(signer, SDKAPPID, ADMIN, DAY, clock);

  @Test
  void firstUserSigIsIssuedNowForTheLifetime() {
    String userSig = admin.current();
    assertThat(userSig).isEqualTo(signer.sign(SDKAPPID, ADMIN, TIME, DAY.toSeconds()));
    assertThat(UserSigSignerTest.decode(userSig).getString("TLS.sig")).isEqualTo(ADMIN_SIG);
    assertThat(verifier.verify(userSig, SDKAPPID, ADMIN)).isEqualTo(UserSigStatus.VALID);
    assertThat(admin.lifetime()).isEqualTo(DAY);
  }

  @Test
  void reusesTheSameUserSigWhileFresh() {
    String first = admin.current();
    for (int i = 0; i < 100; i++) {
      clock.advance(Duration.ofMinutes(7)); // 700 minutes in all, under half a day
      assertThat(admin.current()).isSameAs(first);
    }
  }

  @Test
  void renewsOnceHalfTheLifetimeHasPassed() {
    String first = admin.current();
    clock.advance(DAY.dividedBy(2).minusSeconds(1));
    assertThat(admin.current()).isSameAs(first);

    clock.advance(Duration.ofSeconds(1));
    String second = admin.current();
    assertThat(second).isNotEqualTo(first);
    assertThat(UserSigSignerTest.decode(second).getLong("TLS.time")).isEqualTo(TIME + DAY.toSeconds() / 2);
    assertThat(verifier.verify(second, SDKAPPID, ADMIN)).isEqualTo(UserSigStatus.VALID);
    assertThat(admin.current()).isSameAs(second);
  }

  @Test
  void neverHandsOutAnExpiredUserSig() {
    admin.current();
    clock.advance(DAY.multipliedBy(30));
    String userSig = admin.current();
    assertThat(verifier.verify(userSig, SDKAPPID, ADMIN)).isEqualTo(UserSigStatus.VALID);
  }

  @Test
  void halfLifeOfAnOddLifetimeRoundsUp() {
    AdminUserSig shortLived = new AdminUserSig(signer, SDKAPPID, ADMIN, Duration.ofSeconds(3), clock);
    String first = shortLived.current();
    clock.advance(Duration.ofSeconds(1));
    assertThat(shortLived.current()).isSameAs(first);
    clock.advance(Duration.ofSeconds(1));
    assertThat(shortLived.current()).isNotEqualTo(first);
  }

  @Test
  void renewIssuesAtTheCurrentSecondAndIsKept() {
    String first = admin.current();
    clock.advance(Duration.ofSeconds(1));

    String renewed = admin.renew();

    assertThat(renewed).isNotEqualTo(first);
    assertThat(UserSigSignerTest.decode(renewed).getLong("TLS.time")).isEqualTo(TIME + 1);
    assertThat(verifier.verify(renewed, SDKAPPID, ADMIN)).isEqualTo(UserSigStatus.VALID);
    assertThat(admin.current()).isSameAs(renewed);
  }

  @Test
  void renewRestartsTheHalfLife() {
    clock.advance(DAY.dividedBy(2).minusSeconds(10));
    String renewed = admin.renew();
    clock.advance(Duration.ofSeconds(20)); // past the first UserSig's half life, not the renewed one's
    assertThat(admin.current()).isSameAs(renewed);
  }

  @Test
  void renewWithinTheSameSecondYieldsTheSameFreshUserSig() {
    // Documented: a UserSig is a pure function of app, identifier, second and lifetime.
    String first = admin.current();
    String renewed = admin.renew();
    assertThat(renewed).isEqualTo(first);
    assertThat(UserSigSignerTest.decode(renewed).getLong("TLS.time")).isEqualTo(TIME);
  }

  @Test
  void toleratesTheClockGoingBack() {
    String first = admin.current();
    clock.setEpochSecond(TIME - 3600);
    assertThat(admin.current()).isSameAs(first);
    assertThat(new UserSigVerifier(KEY, clock).verify(first, SDKAPPID, ADMIN)).isEqualTo(UserSigStatus.VALID);
  }

  @Test
  void concurrentCallersAlwaysGetAValidUserSig() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    Set<String> seen = ConcurrentHashMap.newKeySet();
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> callers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        callers.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < 2_000; i++) {
            seen.add(thread == 0 && i % 100 == 0 ? admin.renew() : admin.current());
          }
          return null;
        }));
      }
      start.countDown();
      for (int step = 0; step < 50; step++) {
        clock.advance(Duration.ofHours(1));
      }
      for (Future<?> caller : callers) {
        caller.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (String userSig : seen) {
      long time = UserSigSignerTest.decode(userSig).getLong("TLS.time");
      assertThat(new UserSigVerifier(KEY, new MutableClock(time)).verify(userSig, SDKAPPID, ADMIN))
          .isEqualTo(UserSigStatus.VALID);
    }
    assertThat(verifier.verify(admin.current(), SDKAPPID, ADMIN)).isEqualTo(UserSigStatus.VALID);
  }

  @Test
  void rejectsLifetimesThatAreNotWholePositiveSeconds() {
    assertThatThrownBy(() -> new AdminUserSig(signer, SDKAPPID, ADMIN, Duration.ZERO, clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AdminUserSig(signer, SDKAPPID, ADMIN, Duration.ofMillis(1500), clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AdminUserSig(signer, SDKAPPID, ADMIN, Duration.ofSeconds(-5), clock))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringLeaksNeitherKeyNorUserSig() {
    String userSig = admin.current();
    assertThat(admin.toString())
        .contains(ADMIN).contains(String.valueOf(SDKAPPID))
        .doesNotContain(KEY).doesNotContain(userSig).doesNotContain(userSig.substring(0, 20));
    assertThat(signer.toString()).doesNotContain(KEY);
  }
}
