package io.tagway.cluster;

import static io.tagway.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.emulator.EmulatorStats;
import io.tagway.emulator.Population;
import io.tagway.testing.GatewayFleet;
import io.tagway.testing.GatewayFleet.LookupAnswer;
import io.tagway.testing.TestRedis;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Invariant 2 across instances: three gateways sharing a Redis never start more than
 * {@code upstream.rateLimit} (100) upstream calls in any second together, and still fill every call.
 */
@Timeout(90)
class MultiInstanceRateLimitTest {

  private static final int ACCOUNTS = 30_000;
  private static final int PER_REQUEST = 1_000;

  @Test
  void threeInstancesShareOneLimitAndFillEveryCall() {
    try (TestRedis redis = TestRedis.startOwn();
        GatewayFleet fleet = GatewayFleet.builder().instances(3).redis(redis.url()).start()) {
      List<String> accounts = IntStream.range(0, ACCOUNTS).mapToObj(Population::account).toList();
      // Thirty lookups of 1,000 distinct cold accounts, sent at once, ten to each instance.
      List<Future<LookupAnswer>> answers = new ArrayList<>();
      for (int from = 0; from < ACCOUNTS; from += PER_REQUEST) {
        answers.add(fleet.member((from / PER_REQUEST) % 3).lookup(accounts.subList(from, from + PER_REQUEST)));
      }
      for (int i = 0; i < answers.size(); i++) {
        LookupAnswer answer = await(answers.get(i));
        assertThat(answer.errors()).as("request %d", i).isEmpty();
        for (String account : accounts.subList(i * PER_REQUEST, (i + 1) * PER_REQUEST)) {
          assertThat(answer.results().get(account)).as(account).isEqualTo(GatewayFleet.TRUTH.tagsOf(account));
        }
      }

      EmulatorStats stats = fleet.emulator().stats();
      assertThat(stats.rateLimitViolations()).isZero();
      assertThat(stats.maxCallsInAnySecond()).isLessThanOrEqualTo(100);
      // 300 full calls would do; a few part-filled ones where an instance's queue ran dry are fine.
      assertThat(fleet.lookupCalls()).isBetween(300L, 330L);
      assertThat(stats.batchSizeHistogram().keySet()).allMatch(size -> size <= 100);
      assertThat(stats.accountsRequested()).isEqualTo(ACCOUNTS);
    }
  }
}
