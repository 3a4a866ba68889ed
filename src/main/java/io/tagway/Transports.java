package io.tagway;

import io.tagway.config.ConfigException;
import io.vertx.core.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the network transport of the process's {@link io.vertx.core.Vertx}, for {@code
 * http.transport}. {@code auto} takes io_uring where the kernel allows it, then epoll, then NIO:
 * under S1's load io_uring answered 1.11 to 1.15 times the requests per second of epoll on the same
 * machine (BENCHMARKS.md), since one {@code io_uring_enter} submits and reaps the reads and writes
 * of many connections where epoll needs a system call for each. A kernel too old for Netty's
 * io_uring, {@code kernel.io_uring_disabled} and container seccomp profiles that block io_uring
 * all make it unavailable, and {@code auto} then says why and takes epoll.
 */
public final class Transports {

  private static final Logger LOG = LoggerFactory.getLogger(Transports.class);

  private Transports() {}

  /**
   * The transport that {@code name} (one of {@link io.tagway.config.HttpConfig#TRANSPORTS}) asks
   * for; a named transport this machine cannot load is a configuration error.
   */
  public static Transport choose(String name) {
    return switch (name) {
      case "auto" -> firstAvailable(Transport.IO_URING, Transport.EPOLL);
      case "io_uring" -> required(Transport.IO_URING);
      case "epoll" -> required(Transport.EPOLL);
      case "nio" -> Transport.NIO;
      default -> throw new ConfigException("http.transport", "unknown transport \"" + name + "\"");
    };
  }

  private static Transport firstAvailable(Transport... candidates) {
    for (Transport candidate : candidates) {
      if (available(candidate)) {
        return candidate;
      }
      if (candidate != null) {
        LOG.info("The {} transport is unavailable here ({})", candidate.name(), why(candidate));
      }
    }
    return Transport.NIO;
  }

  private static Transport required(Transport transport) {
    if (!available(transport)) {
      throw new ConfigException("http.transport", (transport == null ? "this transport" : transport.name())
          + " is unavailable here (" + why(transport) + "); use auto to fall back to the next one that works");
    }
    return transport;
  }

  /** Vert.x leaves a transport null when even its classes cannot load. */
  private static boolean available(Transport transport) {
    return transport != null && transport.available();
  }

  private static String why(Transport transport) {
    Throwable cause = transport == null ? null : transport.unavailabilityCause();
    if (cause == null) {
      return "not on this platform";
    }
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
