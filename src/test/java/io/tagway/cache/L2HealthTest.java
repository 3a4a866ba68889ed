package io.tagway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class L2HealthTest {

  @Test
  void followsTheLatestOutcomeAndCountsEveryFailure() {
    L2Health health = new L2Health();
    assertThat(health.healthy()).as("before the first command").isTrue();

    health.failed(new IOException("down"));
    health.failed(new IOException("still down"));
    assertThat(health.healthy()).isFalse();
    health.succeeded();

    assertThat(health.healthy()).isTrue();
    assertThat(health.errors()).isEqualTo(2);
  }

  @Test
  void masksCredentialsInFailureMessages() {
    String described = L2Health.describe(new IllegalStateException("cannot reach redis://admin:pw123@cache.internal:6379/0"));

    assertThat(described).isEqualTo("IllegalStateException: cannot reach redis://***@cache.internal:6379/0");
  }

  @Test
  void describesAFailureWithoutMessage() {
    assertThat(L2Health.describe(new IOException())).isEqualTo("IOException");
  }
}
