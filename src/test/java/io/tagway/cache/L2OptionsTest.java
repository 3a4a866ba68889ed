package io.tagway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class L2OptionsTest {

  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Test
  void hasTheDocumentedDefaults() {
    L2Options options = L2Options.of(1_400_000_000L, HOUR, MINUTE);

    assertThat(options.maxBatch()).isEqualTo(500);
    assertThat(options.tick()).isEqualTo(Duration.ZERO);
    assertThat(options.jitter()).isEqualTo(0.1);
    assertThat(options.maxPendingKeys()).isEqualTo(5000);
  }

  @Test
  void withersChangeOneField() {
    L2Options options = L2Options.of(7, HOUR, MINUTE)
        .withJitter(0.5).withMaxBatch(3).withTick(Duration.ofMillis(5)).withCommandTimeout(Duration.ofSeconds(2));

    assertThat(options).isEqualTo(new L2Options(7, HOUR, MINUTE, 0.5, 3, Duration.ofMillis(5), Duration.ofSeconds(2)));
  }

  @Test
  void rejectsValuesOutOfRange() {
    L2Options ok = L2Options.of(1, HOUR, MINUTE);
    assertThatThrownBy(() -> L2Options.of(0, HOUR, MINUTE)).hasMessageContaining("sdkAppId");
    assertThatThrownBy(() -> L2Options.of(1, Duration.ZERO, MINUTE)).hasMessageContaining("ttl");
    assertThatThrownBy(() -> L2Options.of(1, HOUR, Duration.ofMillis(-1))).hasMessageContaining("negativeTtl");
    assertThatThrownBy(() -> L2Options.of(1, null, MINUTE)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ok.withJitter(0.51)).hasMessageContaining("jitter");
    assertThatThrownBy(() -> ok.withJitter(-0.01)).hasMessageContaining("jitter");
    assertThatThrownBy(() -> ok.withJitter(Double.NaN)).hasMessageContaining("jitter");
    assertThatThrownBy(() -> ok.withMaxBatch(0)).hasMessageContaining("maxBatch");
    assertThatThrownBy(() -> ok.withTick(Duration.ofNanos(999_999))).hasMessageContaining("tick");
    assertThatThrownBy(() -> ok.withCommandTimeout(Duration.ZERO)).hasMessageContaining("commandTimeout");
  }

  @Test
  void entriesRejectNegativeTimes() {
    assertThatThrownBy(() -> new L2Entry(java.util.List.of(), -1)).hasMessageContaining("fetchedAtMillis");
  }
}
