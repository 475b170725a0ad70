package org.dkumonitor.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RefusedRequestsTest {

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger(RefusedRequests.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(capture);
    }

    @Test
    void logsTheReasonAndTheCallerAtMostEveryTenSecondsAndCountsEveryOne() {
        AtomicLong millis = new AtomicLong(1_000_000);
        RefusedRequests refused = new RefusedRequests(millis::get);
        InetSocketAddress caller = new InetSocketAddress("127.0.0.1", 40_000);
        refused.refused(400, "syntax error in target 'f(' at column 3\nmore", caller,
                "GET /render?target=f(");
        for (int i = 0; i < 50; i++) {
            millis.addAndGet(100);
            refused.refused(i % 2 == 0 ? 400 : 404, "no", caller, "GET /x");
        }
        millis.addAndGet(RefusedRequests.LOG_EVERY_MILLIS);
        refused.refused(401, "missing or wrong bearer token", null, null);
        assertEquals(2, logged.size(), logged.toString());
        assertEquals("refused GET /render?target=f( from 127.0.0.1:40000 with 400: syntax error"
                + " in target 'f(' at column 3", logged.get(0));
        assertTrue(logged.get(1).startsWith("refused a request from an unknown caller with 401:"
                + " missing or wrong bearer token (50 more refused since"), logged.get(1));
        assertEquals(Map.of("400", 26L, "404", 25L, "401", 1L), refused.counts());
    }
}
