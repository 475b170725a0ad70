package org.dkumonitor.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dkumonitor.server.lifecycle.LifecycleException;
import org.dkumonitor.server.lifecycle.MetricLifecycle;
import org.dkumonitor.server.lifecycle.StoreAdmin;
import org.junit.jupiter.api.Test;

/** The HTTP rules of the lifecycle, over a store that records what it was asked. */
class AdminHandlerTest {

    private final List<String> calls = new ArrayList<>();
    private final MetricLifecycle store = new MetricLifecycle() {
        @Override
        public Deleted delete(String query, boolean force, boolean dryRun) {
            if (query.equals("*") && !force) {
                throw new LifecycleException("needs force");
            }
            calls.add("delete " + query + " " + dryRun);
            return new Deleted(List.of("a.b"), dryRun);
        }

        @Override
        public Renamed rename(String from, String to, boolean force, boolean dryRun) {
            calls.add("rename " + from + " " + to);
            return new Renamed(List.of(new Move(from, to, false, false)), dryRun);
        }

        @Override
        public Explanation explain(String name) {
            return new Explanation(name, null, new Rule("s.conf", "d", 3, "retentions = 60:1440"),
                    new Rule("a.conf", "x", 0, "aggregationMethod = average"), null,
                    new Waiting(0, 0, 0, true), null, Map.of());
        }
    };
    private static final InetAddress LOCAL = InetAddress.getLoopbackAddress();

    private static InetAddress remote() throws Exception {
        return InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 7});
    }

    private AdminHandler handler(boolean token) {
        return new AdminHandler(new StoreAdmin(store, null, null, 0), token);
    }

    private static QueryParameters query(String text) {
        return QueryParameters.parse(text);
    }

    @Test
    void changesFromAnotherHostAreRefusedWithoutATokenButReadsAreNot() throws Exception {
        AdminHandler open = handler(false);
        AdminHandler.RefusedException refused = assertThrows(AdminHandler.RefusedException.class,
                () -> open.handle("DELETE", "/metrics", remote(), query("query=a.b")));
        assertEquals(403, refused.status());
        assertTrue(refused.getMessage().contains("api.bearerToken"), refused.getMessage());
        assertTrue(calls.isEmpty());
        assertEquals(200, open.handle("DELETE", "/metrics", remote(),
                query("query=a.b&dryRun=1")).status(), "a dry run changes nothing");
        assertEquals(200, open.handle("GET", "/metrics/explain", remote(),
                query("path=a.b")).status());
        assertEquals(200, open.handle("DELETE", "/metrics", LOCAL, query("query=a.b"))
                .status());
        assertEquals(200, handler(true).handle("POST", "/metrics/rename/", remote(),
                query("from=a&to=b")).status(), "the server checked the token already");
        assertEquals(List.of("delete a.b true", "delete a.b false", "rename a b"), calls);
    }

    @Test
    void changesNeedTheirMethodAndRefusalsAreBadRequests() {
        AdminHandler handler = handler(false);
        assertTrue(AdminHandler.claims("DELETE", "/metrics"));
        assertFalse(AdminHandler.claims("GET", "/metrics"), "GET /metrics is find");
        assertEquals(405, assertThrows(AdminHandler.RefusedException.class,
                () -> handler.handle("GET", "/metrics/rename", LOCAL, query("from=a&to=b")))
                .status());
        BadRequestException bad = assertThrows(BadRequestException.class,
                () -> handler.handle("DELETE", "/metrics", LOCAL, query("query=*")));
        assertTrue(bad.getMessage().contains("force"));
        assertThrows(BadRequestException.class, () -> handler.handle("POST", "/storage/resize",
                LOCAL, query("")), "no resize on a store without one");
    }

    @Test
    void answersInTextForATerminal() throws Exception {
        ApiServer.Response text = handler(false).handle("GET", "/metrics/explain", LOCAL,
                query("path=a.b&format=text"));
        String body = new String(text.body(), StandardCharsets.UTF_8);
        assertTrue(body.contains("s.conf:3 [d] retentions = 60:1440"), body);
        assertTrue(body.contains("a.conf (built in)"), body);
        ApiServer.Response json = handler(false).handle("DELETE", "/metrics", LOCAL,
                query("query=a.b&dryRun=true"));
        assertEquals("{\"dryRun\":true,\"metrics\":[\"a.b\"]}",
                new String(json.body(), StandardCharsets.UTF_8));
    }
}
