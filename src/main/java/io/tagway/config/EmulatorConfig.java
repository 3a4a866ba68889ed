package io.tagway.config;

import java.time.Duration;

/**
 * The built-in Tencent IM emulator, used when {@code upstream.baseUrl} is unset.
 *
 * @param users size of the synthetic user population ({@code u0} … {@code u<users-1>})
 * @param seed seed of the deterministic tags of that population
 * @param latency added to every emulated upstream call
 */
public record EmulatorConfig(int users, long seed, Duration latency) {

  static EmulatorConfig read(ConfigReader r) {
    return new EmulatorConfig(
        r.integer("emulator.users", 100_000, 0, 100_000_000),
        r.longInteger("emulator.seed", 42, Long.MIN_VALUE, Long.MAX_VALUE),
        r.duration("emulator.latency", Duration.ZERO, Duration.ZERO, Duration.ofSeconds(30)));
  }
}
