package org.dkumonitor.server.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SmallRequestTest {

    @Test
    void namedSeriesAreSmallAndGlobsTagQueriesAndManyTargetsAreNot() {
        assertTrue(SmallRequest.is(QueryParameters.parse(
                "target=soak.canary.value&from=-5min&format=json")));
        assertTrue(SmallRequest.is(QueryParameters.parse(
                "target=scale(a.b.c,2)&target=alias(a.b.d,'x')")));
        assertTrue(SmallRequest.is(QueryParameters.parse("query=a.b.c")));
        assertFalse(SmallRequest.is(QueryParameters.parse("target=soak.big.*.*")));
        assertFalse(SmallRequest.is(QueryParameters.parse("target=a.%7Bb,c%7D")));
        assertFalse(SmallRequest.is(QueryParameters.parse("target=a.b[0-9]")));
        assertFalse(SmallRequest.is(QueryParameters.parse(
                "target=seriesByTag('name=cpu')")));
        assertFalse(SmallRequest.is(QueryParameters.parse("format=json")), "no target");
        assertFalse(SmallRequest.is(QueryParameters.parse(
                "target=a&target=b&target=c&target=d&target=e&target=f&target=g&target=h"
                        + "&target=i&target=j&target=k")), "eleven targets");
    }
}
