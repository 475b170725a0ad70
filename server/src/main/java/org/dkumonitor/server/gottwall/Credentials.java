package org.dkumonitor.server.gottwall;

/** What a client presents to prove it knows a project's keys. */
sealed interface Credentials {

    /**
     * A signed header: {@code GottWallS1 <ts> <sign> <base> [project]} on HTTP (three fields as
     * the clients send it, four as GottWall's docs show) or {@code GottWallS2 <ts> <sign> <base>
     * <project>} on the stream and from the Go client's HTTP. {@code project} is null when the
     * header does not name one (the URL does).
     */
    record Signed(long ts, String sign, long base, String project) implements Credentials {
    }

    /** {@code Authorization: Basic base64(public:private)}: the public key first, as GottWall. */
    record Basic(String publicKey, String privateKey) implements Credentials {
    }
}
