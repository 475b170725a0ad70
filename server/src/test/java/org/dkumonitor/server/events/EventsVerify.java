package org.dkumonitor.server.events;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dkumonitor.server.events.log.EventLog;
import org.dkumonitor.server.events.log.LogOptions;

/**
 * The kill -9 check of the event benchmark: reads the event log a restarted server left
 * (storage/events/log) and says whether every request answered 200 (the ids in ACKED) is in
 * it, and whether every record reads back as events (a record that does not is counted as
 * corrupt). Prints one JSON line; exits 1 when something is missing or corrupt.
 *
 * <pre>java ... EventsVerify LOG_DIRECTORY KIND ACKED</pre>
 */
public final class EventsVerify {

    private EventsVerify() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        String kind = args[1];
        List<String> acked = Files.readAllLines(Path.of(args[2]));
        Set<String> stored = new HashSet<>();
        long[] counts = new long[3];
        try (EventLog log = EventLog.open(directory, new LogOptions(1L << 30, 1L << 50,
                Duration.ofDays(3650)), InstantSource.system())) {
            log.scan(Long.MIN_VALUE, Long.MAX_VALUE, false, (time, payload) -> {
                counts[0]++;
                List<EventItem> items = EventItem.of(EventCodec.decode(time, payload));
                if (items.isEmpty()) {
                    counts[2]++;
                }
                for (EventItem item : items) {
                    counts[1]++;
                    stored.add(kind.equals("a") ? item.id() : item.fields().get("seq").text());
                }
                return true;
            });
        }
        long missing = acked.stream().filter(id -> !stored.contains(id)).count();
        System.out.printf("{\"acknowledged\": %d, \"records\": %d, \"events\": %d,"
                + " \"missing\": %d, \"corrupt\": %d}%n", acked.size(), counts[0], counts[1],
                missing, counts[2]);
        System.exit(missing == 0 && counts[2] == 0 ? 0 : 1);
    }
}
