package io.tagway;

import io.tagway.emulator.EmulatorFaults;
import io.tagway.emulator.EmulatorOptions;
import io.tagway.emulator.TencentImEmulator;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tagway emulator}: runs only the Tencent IM emulator, for development, load tests and demos. */
@Command(
    name = "emulator",
    mixinStandardHelpOptions = true,
    description = "Runs only the built-in Tencent IM emulator (the four tag commands, "
        + "Tencent's checks and limits, fault injection, GET /emulator/stats).")
final class EmulatorCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(EmulatorCommand.class);

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
  private String host;

  @Option(names = "--port", defaultValue = "8090", description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(names = "--users", defaultValue = "100000", description = "Synthetic users u0..u<N-1> (default: ${DEFAULT-VALUE}).")
  private int users;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of their tags (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--sdk-app-id", defaultValue = "1400000000", description = "SDKAppID served (default: ${DEFAULT-VALUE}).")
  private long sdkAppId;

  @Option(names = "--admin", split = ",", defaultValue = "administrator", description = "App admin identifiers (default: ${DEFAULT-VALUE}).")
  private List<String> admins;

  @Option(names = "--secret-key-file", paramLabel = "FILE",
      description = "File holding the app key (default: the demo key documented in README).")
  private Path secretKeyFile;

  @Option(names = "--rate-limit", defaultValue = "100", description = "Calls per second per command (default: ${DEFAULT-VALUE}).")
  private int rateLimit;

  @Option(names = "--latency-ms", defaultValue = "0", description = "Added latency of every call (default: ${DEFAULT-VALUE}).")
  private long latencyMs;

  @Option(names = "--latency-jitter-ms", defaultValue = "0", description = "Uniform spread added to the latency (default: ${DEFAULT-VALUE}).")
  private long latencyJitterMs;

  @Override
  public Integer call() {
    EmulatorOptions options;
    try {
      String key = secretKeyFile == null ? EmulatorOptions.DEMO_SECRET_KEY : Files.readString(secretKeyFile).trim();
      options = EmulatorOptions.builder()
          .host(host)
          .port(port)
          .users(users)
          .seed(seed)
          .sdkAppId(sdkAppId)
          .adminIdentifiers(Set.copyOf(admins))
          .secretKey(key)
          .rateLimit(rateLimit)
          .faults(EmulatorFaults.NONE.withLatency(latencyMs, latencyJitterMs))
          .build();
    } catch (IOException e) {
      System.err.println("tagway emulator: cannot read " + secretKeyFile + " (" + e.getClass().getSimpleName() + ")");
      return Main.EXIT_CONFIG;
    } catch (IllegalArgumentException e) {
      System.err.println("tagway emulator: " + e.getMessage());
      return Main.EXIT_CONFIG;
    }
    Vertx vertx = Main.newVertx(Transports.choose("auto"));
    try {
      TencentImEmulator emulator = TencentImEmulator.start(vertx, options).toCompletionStage().toCompletableFuture().get();
      LOG.info("Tencent IM emulator listening on {} (SDKAppID {}, admins {}, {} users, seed {}, {} calls/s)",
          emulator.baseUrl(), sdkAppId, admins, users, seed, rateLimit);
    } catch (ExecutionException e) {
      System.err.println("tagway emulator: cannot start: " + Main.describe(e.getCause()));
      vertx.close();
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
    return Main.runUntilSignalled(vertx::close, Duration.ofSeconds(5));
  }
}
