package org.dkumonitor.server.whisper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The spec's §1.8 examples, measured with python whisper. */
class ArchiveListTest {

    @Test
    void sortsFinestFirst() {
        assertEquals(List.of(new Retention(10, 6), new Retention(60, 3)),
                ArchiveList.validate(List.of(new Retention(60, 3), new Retention(10, 6))));
        assertEquals(2, ArchiveList.validate(List.of(new Retention(10, 6),
                new Retention(60, 2))).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10:6,10:60", "10:6,15:60", "10:6,60:1", "10:5,60:100", ""})
    void refusesWhatPythonWhisperRefuses(String spec) {
        List<Retention> archives = spec.isEmpty() ? List.of()
                : java.util.Arrays.stream(spec.split(",")).map(part -> {
                    String[] sides = part.split(":");
                    return new Retention(Integer.parseInt(sides[0]), Integer.parseInt(sides[1]));
                }).toList();
        assertThrows(WhisperException.class, () -> ArchiveList.validate(archives));
    }

    @Test
    void sizesFilesAsWhisperDoes() {
        assertEquals(436_372, WhisperFormat.fileSize(List.of(new Retention(60, 1440),
                new Retention(300, 8640), new Retention(3600, 26_280))));
        assertEquals(148, WhisperFormat.fileSize(List.of(new Retention(10, 6),
                new Retention(60, 3))));
    }
}
