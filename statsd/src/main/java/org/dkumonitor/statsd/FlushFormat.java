package org.dkumonitor.statsd;

/** How a flush names and writes its lines: Etsy statsd's graphite backend, or statsite's. */
sealed interface FlushFormat permits GraphiteFormat, StatsiteFormat {

    /** Writes the snapshot's lines; returns the milliseconds spent computing timers. */
    long write(Snapshot snapshot, LineBuffer out, FlushStats stats);

    static FlushFormat of(StatsdConfig config) {
        return config.naming() == StatsdConfig.Naming.STATSITE ? new StatsiteFormat(config)
                : new GraphiteFormat(config);
    }

    /** Writes {@code view}'s key {@code id} as statsd's backend does: name, suffix, tags. */
    static void key(LineBuffer out, String namespace, KeyTable.View view, int id,
            String suffix) {
        key(out, namespace, view, id, suffix, null);
    }

    /**
     * {@link #key(LineBuffer, String, KeyTable.View, int, String)} with {@code "." + extra}
     * after the name (none when null). Not variable arity: 45,000 lines a flush would each
     * make an array.
     */
    static void key(LineBuffer out, String namespace, KeyTable.View view, int id,
            String suffix, String extra) {
        byte[] arena = view.arena();
        int start = view.start(id);
        int end = start + view.length(id);
        int semicolon = end;
        for (int i = start; i < end; i++) {
            if (arena[i] == ';') {
                semicolon = i;
                break;
            }
        }
        if (!namespace.isEmpty()) {
            out.name(namespace).dot();
        }
        out.name(arena, start, semicolon);
        if (extra != null) {
            out.dot().name(extra);
        }
        out.name(suffix);
        out.name(arena, semicolon, end);
    }

    /** Non-empty parts joined by dots. */
    static String join(String... parts) {
        StringBuilder joined = new StringBuilder();
        for (String part : parts) {
            if (!part.isEmpty()) {
                if (joined.length() > 0) {
                    joined.append('.');
                }
                joined.append(part);
            }
        }
        return joined.toString();
    }
}
