package org.dkumonitor.supervisor.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dkumonitor.supervisor.program.ProgramStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ControlProtocolTest {

    private static final ControlResponse RESPONSE = new ControlResponse(List.of(
            new ProgramStatus("server", "RUNNING", 12, 5, "pid 12, uptime 0:00:05",
                    "/d/run/server.log"),
            new ProgramStatus("odd \"name\"\\", "FATAL", 0, 0, "can't find command 'x'\n\t\u0001é",
                    "/d/run/odd.log")),
            List.of("nosuch: ERROR (no such process)"), 4, 10);

    @Test
    void aResponseSurvivesTheWireWhateverItsTextHolds() {
        String line = ControlProtocol.encode(RESPONSE);

        assertEquals(1, line.lines().count(), "one line per message");
        assertEquals(RESPONSE, ControlProtocol.decodeResponse(line.strip()));
    }

    @Test
    void aRequestSurvivesTheWire() {
        ControlRequest request = new ControlRequest("status", List.of("a", "b c"));

        assertEquals("{\"command\":\"status\",\"names\":[\"a\",\"b c\"]}\n",
                ControlProtocol.encode(request));
        assertEquals(request, ControlProtocol.decodeRequest(ControlProtocol.encode(request)));
    }

    @Test
    void readsAnyValidJsonIgnoringKeysItDoesNotKnow() {
        ControlRequest request = ControlProtocol.decodeRequest(" { \"future\" : [1, 2.5e3, true,"
                + " null, {\"x\": -0.1}], \"command\" : \"st\\u0061tus\\/\", \"names\": [] } ");

        assertEquals(new ControlRequest("status/", List.of()), request);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{", "{\"command\":}", "{\"command\":\"a\"} x",
        "{\"command\":1}", "{\"names\":[1]}", "{\"command\":\"\\x\"}", "{\"a\":01x}",
        "{\"command\":\"\\u12g4\"}", "{\"command\":\"a\nb\"}", "nul", "-"})
    void rejectsWhatIsNotARequest(String line) {
        assertThrows(ControlException.class, () -> ControlProtocol.decodeRequest(line));
    }

    @Test
    void rejectsNestingBeyondItsLimit() {
        String deep = "[".repeat(JsonText.MAX_DEPTH + 2) + "]".repeat(JsonText.MAX_DEPTH + 2);

        assertThrows(ControlException.class, () -> JsonText.parse(deep));
    }

    @Test
    void arbitraryInputParsesOrThrowsControlException() {
        Random random = new Random(20261123);
        String alphabet = "{}[]\":,\\u0123456789abcdeftrulns.-+eE \n";
        String valid = ControlProtocol.encode(RESPONSE);
        int parsed = 0;
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder input = new StringBuilder(i % 2 == 0 ? valid : "");
            int edits = 1 + random.nextInt(8);
            for (int e = 0; e < edits; e++) {
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                int at = input.isEmpty() ? 0 : random.nextInt(input.length());
                if (random.nextBoolean() || input.isEmpty()) {
                    input.insert(at, c);
                } else {
                    input.deleteCharAt(at);
                }
            }
            try {
                ControlProtocol.decodeResponse(input.toString());
                parsed++;
            } catch (ControlException expected) {
                refused++; // the only failure allowed
            }
        }
        // edits that keep the answer valid only, or noise only, would test one path (3081
        // of 20000 parse)
        assertTrue(parsed >= 2000 && refused >= 2000, parsed + " of 20000 parsed");
    }

    @Test
    void parsesPlainValues() {
        assertEquals(Map.of("a", List.of(1L, -2.5, "x", true, false)),
                JsonText.parse("{\"a\":[1,-2.5,\"x\",true,false]}"));
    }
}
