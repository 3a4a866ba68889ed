package io.tagway.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InvalidationFenceTest {

  private final InvalidationFence fence = new InvalidationFence(Duration.ofMinutes(5), 1000);

  @Test
  void withoutAnInvalidationEverythingIsCurrent() {
    assertThat(fence.fetchCurrent("a", 1)).isTrue();
    assertThat(fence.readCurrent("a", 1)).isTrue();
  }

  @Test
  void aFetchIsCurrentOnlyWhenItBeganAfterTheInvalidationBegan() {
    fence.begin("a", 10);
    assertThat(fence.fetchCurrent("a", 9)).isFalse();
    assertThat(fence.fetchCurrent("a", 10)).isFalse();
    assertThat(fence.fetchCurrent("a", 11)).isTrue();
    assertThat(fence.fetchCurrent("b", 9)).isTrue();
  }

  @Test
  void aReadIsCurrentOnlyWhenIssuedAfterTheInvalidationCompleted() {
    fence.begin("a", 10);
    assertThat(fence.readCurrent("a", 11)).as("pending").isFalse();
    fence.complete("a", 10, 20);
    assertThat(fence.readCurrent("a", 19)).isFalse();
    assertThat(fence.readCurrent("a", 21)).isTrue();
  }

  @Test
  void aLaterInvalidationIsNeitherReplacedNorCompletedByAnEarlierOne() {
    fence.begin("a", 30);
    fence.begin("a", 10);
    fence.complete("a", 10, 40);
    assertThat(fence.fetchCurrent("a", 20)).isFalse();
    assertThat(fence.readCurrent("a", 50)).as("still pending: the later one did not complete").isFalse();
    fence.complete("a", 30, 60);
    assertThat(fence.readCurrent("a", 61)).isTrue();
  }
}
