package io.tagway.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /openapi.yaml}: the API's OpenAPI document, shipped as a classpath resource. */
final class OpenApiDocument {

  /** The path it is served at. */
  static final String PATH = "/openapi.yaml";
  /** The classpath resource it is read from. */
  static final String RESOURCE = "openapi.yaml";

  private static final CharSequence APPLICATION_YAML = HttpHeaders.createOptimized("application/yaml");

  private final byte[] yaml;

  private OpenApiDocument(byte[] yaml) {
    this.yaml = yaml;
  }

  /** Reads the document (a few KB from the jar) once per router, at start-up. */
  static OpenApiDocument load() {
    try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      return new OpenApiDocument(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Answers {@code GET /openapi.yaml}. */
  void serve(RoutingContext ctx) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_YAML)
        .end(Buffer.buffer(yaml));
  }
}
