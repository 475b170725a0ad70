package org.dkumonitor.server.api;

import java.time.ZoneId;

/**
 * How the API serves: the per-request limits on series and points read, the optional bearer
 * token every request must carry, and the zone of absolute times when a request gives no tz.
 */
public record ApiOptions(long maxSeriesPerRequest, long maxPointsPerRequest, String bearerToken,
        ZoneId defaultZone) {

    public static final long DEFAULT_MAX_SERIES = 100_000;
    public static final long DEFAULT_MAX_POINTS = 50_000_000;

    public ApiOptions {
        if (maxSeriesPerRequest <= 0 || maxPointsPerRequest <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        bearerToken = bearerToken == null || bearerToken.isBlank() ? null : bearerToken;
        defaultZone = defaultZone == null ? ZoneId.of("UTC") : defaultZone;
    }

    public static ApiOptions defaults() {
        return new ApiOptions(DEFAULT_MAX_SERIES, DEFAULT_MAX_POINTS, null, null);
    }
}
