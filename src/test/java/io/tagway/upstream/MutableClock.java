package io.tagway.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that tests set and advance by hand. */
final class MutableClock extends Clock {

  private volatile Instant now;

  MutableClock(long epochSecond) {
    this.now = Instant.ofEpochSecond(epochSecond);
  }

  void advance(Duration step) {
    now = now.plus(step);
  }

  void setEpochSecond(long epochSecond) {
    now = Instant.ofEpochSecond(epochSecond);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }
}
