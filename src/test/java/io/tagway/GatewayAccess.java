package io.tagway;

import io.tagway.emulator.TencentImEmulator;

/** What tests in other packages may reach inside a running {@link Gateway}. */
public final class GatewayAccess {

  private GatewayAccess() {}

  /** The in-process emulator of a gateway started without {@code upstream.baseUrl}. */
  public static TencentImEmulator emulator(Gateway gateway) {
    return gateway.emulator().orElseThrow(() -> new IllegalStateException("the gateway calls a real upstream"));
  }
}
