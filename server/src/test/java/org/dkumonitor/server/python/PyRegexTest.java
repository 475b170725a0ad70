package org.dkumonitor.server.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** re.sub / re.search behaviours graphite-web users rely on, as CPython gives them. */
class PyRegexTest {

    @Test
    void substitutesGroupsByNumberAndName() {
        assertEquals("b.a", PyRegex.compile("(a)\\.(b)").sub("\\2.\\1", "a.b"));
        assertEquals("x-1", PyRegex.compile("(?P<n>\\d)").sub("x-\\g<n>", "1"));
        assertEquals("a$b", PyRegex.compile("\\.").sub("$", "a.b"));
        assertEquals("-a-b-", PyRegex.compile("x*").sub("-", "ab"));
        assertEquals("a\nb", PyRegex.compile("\\.").sub("\\n", "a.b"));
    }

    @Test
    void refusesWhatPythonRefuses() {
        assertThrows(PyRegexException.class, () -> PyRegex.compile("(").sub("x", "a"));
        assertThrows(PyRegexException.class, () -> PyRegex.compile("a").sub("\\2", "a"));
        assertThrows(PyRegexException.class, () -> PyRegex.compile("a").sub("\\q", "a"));
    }

    @Test
    void searchIsUnanchoredAndBounded() {
        assertTrue(PyRegex.compile("b").search("abc"));
        PyRegexException slow = assertThrows(PyRegexException.class,
                () -> PyRegex.compile("(.*a){12}$").search("a".repeat(40) + "!"));
        assertTrue(slow.getMessage().contains("took too long"));
    }
}
