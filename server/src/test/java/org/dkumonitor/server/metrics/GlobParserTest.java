package org.dkumonitor.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.dkumonitor.server.metrics.GlobPart.Alternatives;
import org.dkumonitor.server.metrics.GlobPart.AnyOne;
import org.dkumonitor.server.metrics.GlobPart.AnyRun;
import org.dkumonitor.server.metrics.GlobPart.CharClass;
import org.dkumonitor.server.metrics.GlobPart.Literal;
import org.dkumonitor.server.metrics.GlobPart.Range;
import org.junit.jupiter.api.Test;

class GlobParserTest {

    @Test
    void readsWildcardsSetsAndAlternatives() {
        assertEquals(List.of(new Literal('a'), new AnyRun(), new AnyOne()),
                GlobParser.parse("a*?"));
        assertEquals(List.of(new CharClass(List.of(new Range('a', 'c')), true)),
                GlobParser.parse("[!a-c]"));
        assertEquals(List.of(new CharClass(List.of(new Range('x', 'x')), true)),
                GlobParser.parse("[^x]"));
        assertEquals(List.of(new Alternatives(List.of(List.of(new Literal('a')),
                List.of(new Alternatives(List.of(List.of(new Literal('b')),
                        List.of(new Literal('c'))))), List.of()))),
                GlobParser.parse("{a,{b,c},}"));
    }

    @Test
    void aSetReadsLikeARegexClass() {
        assertEquals(List.of(new CharClass(List.of(new Range(']', ']'), new Range('a', 'a'),
                new Range('-', '-')), false)), GlobParser.parse("[]a-]"),
                "a ] first is a member, a dash last is itself");
        assertEquals(List.of(new CharClass(List.of(new Range('a', 'b'), new Range('-', '-'),
                new Range('c', 'c')), false)), GlobParser.parse("[a-b-c]"));
        assertEquals(List.of(new CharClass(List.of(new Range(0x1F600, 0x1F602)), false)),
                GlobParser.parse("[\uD83D\uDE00-\uD83D\uDE02]"), "members are code points");
    }

    @Test
    void anUnmatchedBracketOrBraceIsLiteral() {
        assertEquals(List.of(new Literal('a'), new Literal('['), new Literal('b')),
                GlobParser.parse("a[b"));
        assertEquals(List.of(new Literal('{'), new Literal('b'), new Literal(',')),
                GlobParser.parse("{b,"));
        assertEquals(List.of(new Literal('}'), new Literal(']')), GlobParser.parse("}]"));
        assertEquals(List.of(new Literal('['), new Literal('!'), new Literal(']')),
                GlobParser.parse("[!]"), "a ] right after [! is a member, so nothing closes");
    }

    @Test
    void refusesBracesNestedPastTheBound() {
        int deep = GlobParser.MAX_NESTING;
        assertEquals(1, GlobParser.parse("{".repeat(deep) + "}".repeat(deep)).size());
        GlobTooComplexException refused = assertThrows(GlobTooComplexException.class,
                () -> GlobParser.parse("{".repeat(deep + 1) + "}".repeat(deep + 1)));
        assertTrue(refused.getMessage().contains("nests braces more than 32 deep"),
                refused.getMessage());
    }

    @Test
    void arbitraryInputParsesOrIsRefusedAsTooComplex() {
        Random random = new Random(22);
        String alphabet = "{}[]!^-,*?a\uD83D\uDE00";
        int parsed = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder glob = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                glob.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                GlobParser.parse(glob.toString());
                parsed++;
            } catch (GlobTooComplexException e) {
                // the only refusal a parse may give
            }
        }
        assertTrue(parsed > 19_000, "parsed " + parsed);
    }
}
