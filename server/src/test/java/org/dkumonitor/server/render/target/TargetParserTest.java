package org.dkumonitor.server.render.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dkumonitor.server.FuzzInputs;
import org.junit.jupiter.api.Test;

class TargetParserTest {

    @Test
    void parsesPlainPathAndGlobs() {
        assertEquals(new Expr.Path("servers.{web01,web02}.cpu.load", 1),
                TargetParser.parse("servers.{web01,web02}.cpu.load"));
        assertEquals("a.[!x]b*.c?[a-z]", ((Expr.Path) TargetParser.parse("a.[!x]b*.c?[a-z]"))
                .pattern());
        assertEquals("a.{b,{c,d}}", ((Expr.Path) TargetParser.parse("a.{b,{c,d}}")).pattern());
    }

    @Test
    void parsesNestedCallsWithEveryLiteralKind() {
        Expr.Call call = (Expr.Call) TargetParser.parse(
                "f(g(a.b, 3), 'x,y', \"\\1 A\", 1.5, -2, 1e3, true, FALSE, None, inf)");
        assertEquals("f", call.name());
        List<Expr> args = call.args();
        Expr.Call inner = (Expr.Call) args.get(0);
        assertEquals("g", inner.name());
        assertEquals(new Expr.Path("a.b", 5), inner.args().get(0));
        assertEquals(new Expr.Number(3, true, 10), inner.args().get(1));
        assertEquals("x,y", ((Expr.Text) args.get(1)).value());
        assertEquals("\\1 A", ((Expr.Text) args.get(2)).value());
        assertEquals(1.5, ((Expr.Number) args.get(3)).value());
        assertEquals(-2, ((Expr.Number) args.get(4)).value());
        assertEquals(1000, ((Expr.Number) args.get(5)).value());
        assertEquals(true, ((Expr.Bool) args.get(6)).value());
        assertEquals(false, ((Expr.Bool) args.get(7)).value());
        assertInstanceOf(Expr.None.class, args.get(8));
        assertEquals(Double.POSITIVE_INFINITY, ((Expr.Number) args.get(9)).value());
    }

    @Test
    void keywordArgumentsFollowPositionalOnes() {
        Expr.Call call = (Expr.Call) TargetParser.parse("summarize(a.b, '1h', func=\"max\", "
                + "alignToFrom=true)");
        assertEquals(2, call.args().size());
        assertEquals(Map.of("func", new Expr.Text("max", 27), "alignToFrom",
                new Expr.Bool(true, 46)), call.kwargs());
        assertThrows(TargetSyntaxException.class,
                () -> TargetParser.parse("summarize(a.b, func='max', '1h')"));
    }

    @Test
    void pipeFormMeansNestedCall() {
        assertEquals(TargetParser.parse("alias(sumSeries(a.*), 'x')").toString()
                        .replaceAll("column=\\d+", ""),
                TargetParser.parse("a.* | sumSeries() |alias('x')").toString()
                        .replaceAll("column=\\d+", ""));
    }

    @Test
    void numberLikePathsStayPaths() {
        Expr.Call call = (Expr.Call) TargetParser.parse("f(1.5.foo, 10m, -1h)");
        assertEquals(new Expr.Path("1.5.foo", 3), call.args().get(0));
        assertEquals(new Expr.Path("10m", 12), call.args().get(1));
        assertEquals(new Expr.Path("-1h", 17), call.args().get(2));
    }

    @Test
    void backslashEscapesASymbolInAPath() {
        assertEquals("a.b(c)", ((Expr.Path) TargetParser.parse("a.b\\(c\\)")).pattern());
    }

    @Test
    void reportsColumnOfSyntaxErrors() {
        TargetSyntaxException open = assertThrows(TargetSyntaxException.class,
                () -> TargetParser.parse("sumSeries("));
        assertEquals(11, open.column());
        assertTrue(open.getMessage().contains("unbalanced"), open.getMessage());
        TargetSyntaxException extra = assertThrows(TargetSyntaxException.class,
                () -> TargetParser.parse("sumSeries(a.b))"));
        assertEquals(15, extra.column());
        assertThrows(TargetSyntaxException.class, () -> TargetParser.parse("alias(a, 'x)"));
        assertThrows(TargetSyntaxException.class, () -> TargetParser.parse("a..b"));
        assertThrows(TargetSyntaxException.class, () -> TargetParser.parse("a.{b,c"));
        assertThrows(TargetSyntaxException.class, () -> TargetParser.parse("a|b"));
        assertThrows(TargetSyntaxException.class, () -> TargetParser.parse("   "));
    }

    @Test
    void refusesAbsurdNesting() {
        String deep = "f(".repeat(5000) + "a" + ")".repeat(5000);
        assertThrows(TargetSyntaxException.class, () -> TargetParser.parse(deep));
    }

    @Test
    void arbitraryInputParsesOrThrowsOurException() {
        Random random = new Random(42);
        String alphabet = "ab.*(){},'\"\\|=1- \tx_[]!";
        List<String> samples = List.of("sumSeries(a.b.*, scale(c.{d,e}, 2.5))",
                "alias(x.y, 'name, with comma')", "summarize(a.b, intervalString='1h', "
                + "func=\"max\")", "a.b|sumSeries()|alias('x')", "f(g(a, -1e3), None, true)",
                "a.[!x]b*.c?[a-z]");
        FuzzInputs.Tally tally = new FuzzInputs.Tally();
        for (int i = 0; i < 20_000; i++) {
            String text = i % 2 == 0 ? FuzzInputs.mutate(samples, random, alphabet)
                    : FuzzInputs.noise(random, alphabet, 20);
            try {
                TargetParser.parse(text);
                tally.parsed();
            } catch (TargetSyntaxException expected) {
                tally.refused();
            }
        }
        tally.assertMixed(0.1); // noise alone parses 5%
    }
}
