package io.tagway.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects a {@link TestRedis} shared by the whole test run: started on first use, stopped when the
 * run ends. Use {@link TestRedis#startOwn()} instead for a test that stops Redis.
 */
public final class RedisExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RedisExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestRedis.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(TestRedis.class, key -> TestRedis.fromEnvironmentOrStart(System.getenv()), TestRedis.class);
  }
}
