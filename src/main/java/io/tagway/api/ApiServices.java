package io.tagway.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tagway.config.HttpConfig;
import io.tagway.health.Readiness;
import io.tagway.lookup.Invalidator;
import io.tagway.lookup.LookupService;
import io.tagway.upstream.wire.CallerCheck;
import java.time.Duration;

/**
 * The shared, thread-safe services every API verticle serves; built once in {@code Main}.
 *
 * @param http server settings and request limits
 * @param readiness what {@code /health/ready} reports
 * @param lookups the lookup engine
 * @param invalidator invalidations
 * @param auth API keys
 * @param lookupTimeout how long a lookup may take
 * @param tencentCallers who may call the Tencent-compatible endpoint: the app admin, with a UserSig
 *     signed by the app key
 * @param metrics what {@code GET /metrics} reports
 */
public record ApiServices(
    HttpConfig http, Readiness readiness, LookupService lookups, Invalidator invalidator, ApiAuth auth,
    Duration lookupTimeout, CallerCheck tencentCallers, PrometheusMeterRegistry metrics) {}
