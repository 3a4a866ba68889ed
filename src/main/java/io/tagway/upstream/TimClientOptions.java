package io.tagway.upstream;

import java.net.URI;
import java.time.Duration;

/**
 * Where and how {@link TimClient} calls Tencent IM.
 *
 * @param baseUrl {@code https://console.tim.qq.com}, a regional domain, or the emulator
 * @param sdkAppId the app's SDKAppID
 * @param identifier the admin account the calls are signed for
 * @param timeout time limit of one call, from sending to the full answer
 * @param maxConnections connections kept to the upstream
 * @param maxWaitQueue calls that may wait for a connection before new ones fail at once
 */
public record TimClientOptions(
    URI baseUrl, long sdkAppId, String identifier, Duration timeout, int maxConnections, int maxWaitQueue) {

  /** Options with the default pool: 32 connections, 256 waiting calls. */
  public static TimClientOptions of(URI baseUrl, long sdkAppId, String identifier, Duration timeout) {
    return new TimClientOptions(baseUrl, sdkAppId, identifier, timeout, 32, 256);
  }
}
