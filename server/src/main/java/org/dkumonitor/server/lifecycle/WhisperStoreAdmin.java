package org.dkumonitor.server.lifecycle;

import java.nio.file.Path;
import java.time.InstantSource;
import org.dkumonitor.server.cache.MetricCache;
import org.dkumonitor.server.persist.Persister;
import org.dkumonitor.server.quota.Quotas;
import org.dkumonitor.server.refusals.RecentRefusals;
import org.dkumonitor.server.schema.StorageRules;
import org.dkumonitor.server.whisper.Allocation;

/** The whisper store's lifecycle parts, put together for the server. */
public final class WhisperStoreAdmin {

    private WhisperStoreAdmin() {
    }

    /** {@code logged}: the write-ahead log is on (explain says where waiting points are). */
    public static StoreAdmin create(Path root, StorageRules rules, MetricCache cache,
            Persister persister, Maintenance maintenance, Quotas quotas,
            RecentRefusals refusals, InstantSource clock, Allocation allocation,
            long expireAfterSeconds) {
        WhisperExplain explain = new WhisperExplain(root, rules, cache, quotas, refusals,
                maintenance.logged(), clock);
        WhisperLifecycle lifecycle = new WhisperLifecycle(root, rules, cache, persister,
                maintenance, quotas, clock, allocation, explain);
        return new StoreAdmin(lifecycle,
                new OnlineResize(root, rules, persister, maintenance, clock, allocation),
                new Expiry(root, cache, lifecycle, clock), expireAfterSeconds);
    }
}
