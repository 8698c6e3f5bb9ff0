package io.orkspace.orkestra.testkit.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Timestamps as the API server writes them (RFC 3339, seconds). */
final class Clock {
  private Clock() {}

  static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
