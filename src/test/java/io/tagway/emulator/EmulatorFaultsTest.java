package io.tagway.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class EmulatorFaultsTest {

  @Test
  void noneInjectsNothing() {
    assertThat(EmulatorFaults.NONE.latencyBaseMs()).isZero();
    assertThat(EmulatorFaults.NONE.internalErrorShare() + EmulatorFaults.NONE.badGatewayShare()
        + EmulatorFaults.NONE.hangShare()).isZero();
    assertThat(EmulatorFaults.NONE.hangCapMs()).isEqualTo(600_000);
  }

  @Test
  void rangesAreValidated() {
    assertInvalid(() -> EmulatorFaults.NONE.withInternalErrorShare(-0.1), "internalErrorShare");
    assertInvalid(() -> EmulatorFaults.NONE.withBadGatewayShare(1.1), "badGatewayShare");
    assertInvalid(() -> EmulatorFaults.NONE.withHangShare(Double.NaN), "hangShare");
    assertInvalid(() -> EmulatorFaults.NONE.withInternalErrorShare(0.6).withBadGatewayShare(0.5), "at most 1");
    assertInvalid(() -> EmulatorFaults.NONE.withLatency(-1, 0), "latencyBaseMs");
    assertInvalid(() -> EmulatorFaults.NONE.withLatency(0, 60_001), "latencyJitterMs");
    assertInvalid(() -> EmulatorFaults.NONE.withHangCapMs(0), "hangCapMs");
    assertThat(EmulatorFaults.NONE.withInternalErrorShare(0.5).withBadGatewayShare(0.25).withHangShare(0.25))
        .isNotNull();
  }

  @Test
  void jsonRoundTrips() {
    EmulatorFaults faults = new EmulatorFaults(5, 10, 0.1, 0.2, 0.3, 1000);
    assertThat(EmulatorFaults.fromJson(faults.toJson())).isEqualTo(faults);
    assertThat(EmulatorFaults.fromJson(new JsonObject())).isEqualTo(EmulatorFaults.NONE);
    assertThat(EmulatorFaults.fromJson(new JsonObject().put("hangShare", 1))).isEqualTo(EmulatorFaults.NONE.withHangShare(1));
  }

  @Test
  void jsonRejectsUnknownFieldsAndWrongTypes() {
    assertInvalid(() -> EmulatorFaults.fromJson(new JsonObject().put("hang", 0.5)), "unknown field hang");
    assertInvalid(() -> EmulatorFaults.fromJson(new JsonObject().put("hangShare", "0.5")), "hangShare");
    assertInvalid(() -> EmulatorFaults.fromJson(new JsonObject().put("latencyBaseMs", 1.5)), "latencyBaseMs");
    assertInvalid(() -> EmulatorFaults.fromJson(new JsonObject().put("latencyBaseMs", true)), "latencyBaseMs");
  }

  @Test
  void optionsNeverShowTheSecretKey() {
    EmulatorOptions options = EmulatorOptions.defaults();
    assertThat(options.toString()).doesNotContain(options.secretKey()).contains("secretKey=***");
    assertThat(options.secretKey()).isEqualTo("5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e");
    assertThat(options.toBuilder().port(1234).build().port()).isEqualTo(1234);
    assertInvalid(() -> EmulatorOptions.builder().rateLimit(0).build(), "rateLimit");
    assertInvalid(() -> EmulatorOptions.builder().port(70_000).build(), "port");
    assertInvalid(() -> EmulatorOptions.builder().adminIdentifiers(java.util.Set.of()).build(), "adminIdentifiers");
  }

  private static void assertInvalid(Runnable build, String messagePart) {
    assertThatThrownBy(build::run).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(messagePart);
  }
}
