package org.dkumonitor.server.gottwall;

/**
 * What a metric does to its series in its storage step: GottWall's {@code incr} and
 * {@code decr} (which subtracts the absolute value, as GottWall's storage does) add to a sum;
 * {@code gauge} keeps the last value received; {@code avg} keeps the mean of the values
 * received. The last two are what GottWall's docs promise; its code never had them.
 */
enum Action {
    INCR("incr"), DECR("decr"), GAUGE("gauge"), AVG("avg");

    private final String wireName;

    Action(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }

    /** The action named on the wire, or null. */
    static Action of(String name) {
        return switch (name) {
            case "incr" -> INCR;
            case "decr" -> DECR;
            case "gauge" -> GAUGE;
            case "avg" -> AVG;
            default -> null;
        };
    }
}
