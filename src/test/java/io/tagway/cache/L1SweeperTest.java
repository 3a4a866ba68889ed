package io.tagway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class L1SweeperTest {

  private static final Duration TTL = Duration.ofMinutes(10);
  private static final Duration GRACE = Duration.ofMinutes(30);

  @Test
  void removesEntriesPastTheirGraceFromMemoryOnItsOwn(Vertx vertx, VertxTestContext test) {
    FakeTicker ticker = new FakeTicker();
    L1Cache l1 = new L1Cache(new L1Options(1_000, TTL, TTL, Duration.ofMinutes(4), GRACE, 0), ticker);
    l1.put("old", TagSet.of("a"));
    ticker.advance(TTL.plus(GRACE).minusMinutes(1));
    l1.put("young", TagSet.of("b"));
    ticker.advance(Duration.ofMinutes(1));

    L1Sweeper.start(vertx, l1, Duration.ofMillis(10));

    vertx.setPeriodic(5, id -> {
      if (l1.estimatedSize() == 1) {
        vertx.cancelTimer(id);
        test.verify(() -> {
          assertThat(l1.get("old")).isNull();
          assertThat(l1.get("young").tags()).isEqualTo(TagSet.of("b"));
        });
        test.completeNow();
      }
    });
  }
}
