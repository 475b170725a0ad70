package org.dkumonitor.server.api;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.dkumonitor.server.listen.ListenerLimits;

/**
 * How the API serves: the per-request limits on series and points read, the optional bearer
 * token every request must carry, the zone of absolute times when a request gives no tz, how
 * long a request may run, how many run at once and how much memory they may hold together,
 * the web origins whose pages may read the API from a browser (CORS; none by default), and the
 * limits of its listening port (connections, idle and header timeouts).
 */
public record ApiOptions(long maxSeriesPerRequest, long maxPointsPerRequest, String bearerToken,
        ZoneId defaultZone, Duration requestTimeout, int maxConcurrentRequests,
        long maxRenderMemoryBytes, List<String> corsOrigins, ListenerLimits listener) {

    public static final long DEFAULT_MAX_SERIES = 100_000;
    public static final long DEFAULT_MAX_POINTS = 50_000_000;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    public ApiOptions {
        if (maxSeriesPerRequest <= 0 || maxPointsPerRequest <= 0 || maxConcurrentRequests <= 0
                || maxRenderMemoryBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        bearerToken = bearerToken == null || bearerToken.isBlank() ? null : bearerToken;
        defaultZone = defaultZone == null ? ZoneId.of("UTC") : defaultZone;
        requestTimeout = requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
        corsOrigins = corsOrigins == null ? List.of() : List.copyOf(corsOrigins);
        listener = listener == null ? ListenerLimits.lenient() : listener;
    }

    /** With the default timeout, concurrency and memory, and no CORS origin. */
    public ApiOptions(long maxSeriesPerRequest, long maxPointsPerRequest, String bearerToken,
            ZoneId defaultZone) {
        this(maxSeriesPerRequest, maxPointsPerRequest, bearerToken, defaultZone, null,
                Math.max(4, 2 * Runtime.getRuntime().availableProcessors()),
                Runtime.getRuntime().maxMemory() / 4, null, null);
    }

    public static ApiOptions defaults() {
        return new ApiOptions(DEFAULT_MAX_SERIES, DEFAULT_MAX_POINTS, null, null);
    }
}
