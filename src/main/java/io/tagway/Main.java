package io.tagway;

import io.tagway.config.ConfigException;
import io.tagway.config.TagwayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.transport.Transport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * Start-up: {@code java -jar tagway.jar [--config FILE]} serves the gateway.
 *
 * <p>Exit codes: 0 after a clean shutdown (SIGTERM or SIGINT), 1 when start-up fails for a reason
 * other than configuration, 2 for bad configuration or bad command-line arguments.
 */
@Command(
    name = "tagway",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Caching gateway for Tencent Cloud IM user tags.",
    subcommands = EmulatorCommand.class)
public final class Main implements Callable<Integer> {

  /** Exit code for bad configuration or arguments. */
  public static final int EXIT_CONFIG = 2;

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: conf/tagway.yaml).")
  private Path configFile;

  /** Runs the command line and exits with its code; serving blocks until shutdown. */
  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new Main())
        .setParameterExceptionHandler((e, argv) -> {
          PrintWriter err = e.getCommandLine().getErr();
          err.println("tagway: " + e.getMessage() + " (see --help)");
          return EXIT_CONFIG;
        });
    System.exit(cli.execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    TagwayConfig config;
    try {
      config = configFile == null
          ? TagwayConfig.loadDefault(System.getenv())
          : TagwayConfig.load(configFile, System.getenv());
    } catch (ConfigException e) {
      System.err.println("tagway: configuration error: " + e.getMessage());
      return EXIT_CONFIG;
    }
    return serve(config);
  }

  private static void applyLogLevel(String level) {
    if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
      root.setLevel(ch.qos.logback.classic.Level.toLevel(level));
    }
  }

  private static int serve(TagwayConfig config) throws InterruptedException {
    applyLogLevel(config.logLevel());
    Gateway gateway;
    try {
      gateway = Gateway.start(config).toCompletionStage().toCompletableFuture().get();
    } catch (ConfigException e) { // a setting only start-up can check, such as http.transport
      System.err.println("tagway: configuration error: " + e.getMessage());
      return EXIT_CONFIG;
    } catch (java.util.concurrent.ExecutionException e) {
      System.err.println("tagway: cannot start: " + describe(e.getCause()));
      return 1;
    }
    return runUntilSignalled(gateway::shutdown, config.http().shutdownGrace());
  }

  /**
   * Blocks until SIGTERM or SIGINT, then runs {@code shutdown} and returns the exit code: 0 when
   * it completed, 1 when it failed or overran {@code grace} (plus 5 s).
   */
  static int runUntilSignalled(Supplier<Future<Void>> shutdown, Duration grace) {
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    AtomicBoolean stopping = new AtomicBoolean();
    Runnable stop = () -> {
      if (!stopping.compareAndSet(false, true)) {
        return;
      }
      LOG.info("Shutting down: draining in-flight requests for up to {} ms", grace.toMillis());
      exit.completeOnTimeout(1, grace.toMillis() + 5000, TimeUnit.MILLISECONDS);
      shutdown.get().onComplete(ar -> {
        if (ar.failed()) {
          LOG.warn("Shutdown did not complete cleanly: {}", describe(ar.cause()));
        }
        exit.complete(ar.succeeded() ? 0 : 1);
      });
    };
    Signal.handle(new Signal("TERM"), signal -> stop.run());
    Signal.handle(new Signal("INT"), signal -> stop.run());
    int code = exit.join();
    LOG.info(code == 0 ? "Stopped" : "Stopped after the shutdown grace ran out");
    return code;
  }

  /** A Vertx on the transport that {@code http.transport} names (see {@link Transports}). */
  static Vertx newVertx(Transport transport) {
    return Vertx.builder().withTransport(transport).build();
  }

  static String describe(Throwable t) {
    String message = t.getMessage();
    return message == null ? t.getClass().getSimpleName() : message;
  }

  /** Reads the version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"tagway " + (version == null ? "dev" : version)};
    }
  }
}
