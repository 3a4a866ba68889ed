package io.tagway;

import io.tagway.batch.CoalescerListener;
import io.tagway.health.Readiness;
import io.tagway.upstream.TimException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks the instance not ready while Tencent IM refuses its configuration (wrong key, app,
 * identifier or region), and ready again after the next successful call.
 */
final class UpstreamReadiness implements CoalescerListener {

  static final String COMPONENT = "upstream";
  private static final Logger LOG = LoggerFactory.getLogger(UpstreamReadiness.class);

  private final Readiness readiness;
  private volatile boolean refused;

  UpstreamReadiness(Readiness readiness) {
    this.readiness = readiness;
  }

  @Override
  public void fatalConfiguration(TimException failure) {
    if (!refused) {
      LOG.error("Tencent IM refuses our configuration ({}); not ready until a call succeeds. "
          + "Check upstream.sdkAppId, upstream.identifier, the app key and upstream.baseUrl.", failure.getMessage());
    }
    refused = true;
    readiness.down(COMPONENT, "Tencent IM refuses the configuration (code " + failure.code() + ")");
  }

  @Override
  public void batchSucceeded(int accounts, long nanos) {
    if (refused) {
      refused = false;
      readiness.up(COMPONENT);
      LOG.info("Tencent IM accepts our calls again");
    }
  }
}
