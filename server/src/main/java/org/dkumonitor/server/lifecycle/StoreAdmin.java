package org.dkumonitor.server.lifecycle;

/**
 * What the API and {@code dkmadmin} reach of the store beside its points: the metric lifecycle
 * every store offers, and the whisper store's own resize and expiry (null where a store has
 * none); {@code expireAfterSeconds} is storage.expireAfter (0 when unset), the default age of
 * an expire request.
 */
public record StoreAdmin(MetricLifecycle lifecycle, OnlineResize resize, Expiry expiry,
        long expireAfterSeconds) {
}
