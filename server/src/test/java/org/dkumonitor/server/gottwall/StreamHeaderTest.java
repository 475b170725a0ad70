package org.dkumonitor.server.gottwall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamHeaderTest {

    private static StreamHeader find(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return StreamHeader.find(bytes, 0, bytes.length);
    }

    @Test
    void endsAtEitherAuthDelimiterWhicheverComesFirst() {
        assertEquals(new StreamHeader("GottWallS2 1 s 1000 p", 36),
                find("GottWallS2 1 s 1000 p--stream-auth--{}--chunk--"));
        assertEquals(new StreamHeader("GottWallS2 1 s 1000 p", 35),
                find("GottWallS2 1 s 1000 p--chunk-auth--{}--chunk--"));
        assertEquals("h", find("h--chunk-auth--x--stream-auth--").text());
        assertEquals("h", find("h--stream-auth--x--chunk-auth--").text());
        assertNull(find("GottWallS2 1 s 1000 p--stream-auth-"));
        assertNull(find("GottWallS2 1 s 1000 p--chunk--{}--chunk--"));
    }
}
