package io.tagway.api;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;

/**
 * Records every log line, stack traces included, while open, with the named loggers turned up to
 * DEBUG; closing restores their levels. For asserting what never reaches a log.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

  private final Queue<String> lines = new ConcurrentLinkedQueue<>();
  private final Map<Logger, Level> levels = new HashMap<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  private LogCapture() {}

  /** Starts recording, with {@code debugLoggers} at DEBUG. */
  static LogCapture start(String... debugLoggers) {
    LogCapture capture = new LogCapture();
    for (String name : debugLoggers) {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      capture.levels.put(logger, logger.getLevel());
      logger.setLevel(Level.DEBUG);
    }
    capture.setContext(capture.root.getLoggerContext());
    capture.start();
    capture.root.addAppender(capture);
    return capture;
  }

  @Override
  protected void append(ILoggingEvent event) {
    String trace = event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy());
    lines.add(event.getFormattedMessage() + trace);
  }

  /** Everything recorded so far, one line per event. */
  String text() {
    return String.join("\n", lines);
  }

  @Override
  public void close() {
    root.detachAppender(this);
    stop();
    levels.forEach(Logger::setLevel);
  }
}
