package io.tagway.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tagway.batch.CoalescerListener;
import io.tagway.batch.CompositeCoalescerListener;
import io.tagway.batch.MissFailure;
import io.tagway.lookup.Tier;
import io.tagway.upstream.TimException;
import io.tagway.upstream.TimFailureKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TagwayMetrics} and {@link CompositeCoalescerListener} on their own, with made-up events. */
class MetricsListenersTest {

  private static final String SECRET = "secret-in-a-message-9f8e7d6c";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final TagwayMetrics metrics = new TagwayMetrics(registry);

  private Scrape scrape() {
    return Scrape.parse(registry.scrape());
  }

  private static TimException failure(TimFailureKind kind, int code, int httpStatus) {
    return new TimException(kind, code, httpStatus, "failed; " + SECRET);
  }

  @Test
  void everyTierAndReasonIsThereFromTheStart() {
    Scrape s = scrape();
    assertThat(s.labelValues("tagway_lookups_total", "tier")).containsExactlyInAnyOrder("l1", "l2", "miss", "stale", "error");
    assertThat(s.labelValues("tagway_lookup_errors_total", "reason")).hasSize(MissFailure.Reason.values().length);
    assertThat(s.labelValues("tagway_coalescer_rejected_total", "reason"))
        .containsExactlyInAnyOrder("queue_full", "deadline_unmeetable");
    assertThat(s.value("tagway_upstream_calls_total", "outcome", "ok", "code", "0")).isZero();
  }

  @Test
  void lookupsCountAccountsByTierAndFailuresByReason() {
    metrics.served(Tier.L1, 5);
    metrics.served(Tier.L1, 1);
    metrics.served(Tier.STALE, 2);
    metrics.failed(MissFailure.Reason.QUEUE_FULL, 3);
    metrics.failed(MissFailure.Reason.DEADLINE_EXCEEDED, 1);

    Scrape s = scrape();
    assertThat(s.value("tagway_lookups_total", "tier", "l1")).isEqualTo(6);
    assertThat(s.value("tagway_lookups_total", "tier", "stale")).isEqualTo(2);
    assertThat(s.value("tagway_lookups_total", "tier", "error")).isEqualTo(4);
    assertThat(s.value("tagway_lookup_errors_total", "reason", "queue_full")).isEqualTo(3);
    assertThat(s.value("tagway_lookup_errors_total", "reason", "deadline_exceeded")).isEqualTo(1);
  }

  @Test
  void upstreamCallsAreLabelledByOutcomeAndCode() {
    metrics.batchSucceeded(100, 30_000_000);
    metrics.batchFailed(failure(TimFailureKind.TRANSIENT, 91000, 200), 1_000_000);
    metrics.batchFailed(failure(TimFailureKind.TRANSIENT, TimException.NO_CODE, 502), 1_000_000);
    metrics.batchFailed(failure(TimFailureKind.TRANSIENT, TimException.NO_CODE, 0), 3_000_000_000L);
    metrics.batchFailed(failure(TimFailureKind.THROTTLED, 60007, 200), 1_000_000);
    metrics.batchFailed(failure(TimFailureKind.THROTTLED, 60007, 200), 1_000_000);
    metrics.batchFailed(failure(TimFailureKind.SIGNATURE_RENEWABLE, 70001, 200), 1_000_000);
    metrics.batchFailed(failure(TimFailureKind.FATAL_CONFIGURATION, 70009, 200), 1_000_000);
    metrics.batchFailed(failure(TimFailureKind.OUR_BUG, 90001, 200), 1_000_000);

    Scrape s = scrape();
    assertThat(s.value("tagway_upstream_calls_total", "outcome", "ok", "code", "0")).isEqualTo(1);
    assertThat(s.value("tagway_upstream_calls_total", "outcome", "transient", "code", "91000")).isEqualTo(1);
    assertThat(s.value("tagway_upstream_calls_total", "outcome", "transient", "code", "http_502")).isEqualTo(1);
    assertThat(s.value("tagway_upstream_calls_total", "outcome", "transient", "code", "none")).isEqualTo(1);
    assertThat(s.value("tagway_upstream_calls_total", "outcome", "throttled", "code", "60007")).isEqualTo(2);
    assertThat(s.value("tagway_upstream_calls_total", "outcome", "signature_renewable", "code", "70001")).isEqualTo(1);
    assertThat(s.value("tagway_upstream_calls_total", "outcome", "fatal_configuration", "code", "70009")).isEqualTo(1);
    assertThat(s.value("tagway_upstream_calls_total", "outcome", "our_bug", "code", "90001")).isEqualTo(1);
    assertThat(s.value("tagway_upstream_call_seconds_count", "outcome", "transient")).isEqualTo(3);
    assertThat(s.value("tagway_upstream_call_seconds_bucket", "outcome", "transient", "le", "2.5")).isEqualTo(2);
    assertThat(s.value("tagway_upstream_call_seconds_bucket", "outcome", "ok", "le", "0.05")).isEqualTo(1);
    assertThat(s.text).doesNotContain(SECRET);
  }

  @Test
  void unknownCodesStopGettingTheirOwnSeriesAtTheCap() {
    for (int code = 1; code <= TagwayMetrics.MAX_CODES + 20; code++) {
      metrics.batchFailed(failure(TimFailureKind.TRANSIENT, 100_000 + code, 200), 1_000);
    }
    Scrape s = scrape();
    assertThat(s.labelValues("tagway_upstream_calls_total", "code"))
        .hasSize(TagwayMetrics.MAX_CODES + 2) // the capped ones, "other" and the ok series' "0"
        .contains("other");
    assertThat(s.value("tagway_upstream_calls_total", "outcome", "transient")).isEqualTo(TagwayMetrics.MAX_CODES + 20);
  }

  @Test
  void batchesRetriesRejectionsAndLimiterWaitsAreCounted() {
    metrics.batchSent(100, 0);
    metrics.batchSent(37, 0);
    metrics.batchSent(37, 1);
    metrics.rejected(MissFailure.Reason.QUEUE_FULL, 7);
    metrics.rateLimited(2_000_000);
    metrics.rateLimited(1_000_000);

    Scrape s = scrape();
    assertThat(s.value("tagway_upstream_batch_size_count")).isEqualTo(3);
    assertThat(s.value("tagway_upstream_batch_size_sum")).isEqualTo(174);
    assertThat(s.value("tagway_upstream_batch_size_bucket", "le", "25.0")).isZero();
    assertThat(s.value("tagway_upstream_batch_size_bucket", "le", "50.0")).isEqualTo(2);
    assertThat(s.value("tagway_upstream_batch_size_bucket", "le", "100.0")).isEqualTo(3);
    assertThat(s.value("tagway_upstream_retries_total")).isEqualTo(1);
    assertThat(s.value("tagway_coalescer_rejected_total", "reason", "queue_full")).isEqualTo(7);
    assertThat(s.value("tagway_ratelimit_waits_total")).isEqualTo(2);
    assertThat(s.value("tagway_ratelimit_wait_seconds_total")).isCloseTo(0.003, within(1e-9));
  }

  @Test
  void aFailingListenerKeepsNoOtherFromHearingTheEvent() {
    List<String> heard = new ArrayList<>();
    CoalescerListener throwing = new CoalescerListener() {
      @Override
      public void batchSent(int accounts, int attempt) {
        throw new IllegalStateException("listener bug");
      }

      @Override
      public void fatalConfiguration(TimException failure) {
        throw new IllegalStateException("listener bug");
      }
    };
    CoalescerListener recording = new CoalescerListener() {
      @Override
      public void batchSent(int accounts, int attempt) {
        heard.add("sent " + accounts);
      }

      @Override
      public void fatalConfiguration(TimException failure) {
        heard.add("fatal " + failure.code());
      }
    };
    CoalescerListener all = new CompositeCoalescerListener(List.of(throwing, recording, metrics));

    all.batchSent(42, 0);
    all.fatalConfiguration(failure(TimFailureKind.FATAL_CONFIGURATION, 70009, 200));
    all.batchFailed(failure(TimFailureKind.FATAL_CONFIGURATION, 70009, 200), 1_000);

    assertThat(heard).containsExactly("sent 42", "fatal 70009");
    Scrape s = scrape();
    assertThat(s.value("tagway_upstream_batch_size_count")).isEqualTo(1);
    assertThat(s.value("tagway_upstream_calls_total", "outcome", "fatal_configuration")).isEqualTo(1);
  }
}
