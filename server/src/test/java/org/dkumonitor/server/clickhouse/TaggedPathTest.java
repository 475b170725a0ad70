package org.dkumonitor.server.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * carbon-clickhouse's path of a tagged series, as Go's url.PathEscape and url.QueryEscape
 * write it (the expected values are Go's, pinned here), and back.
 */
class TaggedPathTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "cpu;dc=x;host=a|cpu?dc=x&host=a",
        "cpu.load;host=a b|cpu.load?host=a+b",
        "disk;mount=/var/log;opts=a&b=c|disk?mount=%2Fvar%2Flog&opts=a%26b%3Dc",
        "q?x;k=it's~ok|q%3Fx?k=it%27s~ok",
        "a/b:c@d$e;k=é|a/b:c@d$e?k=%C3%A9",
        "plain.name|plain.name"})
    void writesGosEscapingAndReadsItBack(String ours, String clickhouse) {
        assertEquals(clickhouse, TaggedPath.toClickHouse(ours));
        assertEquals(ours, TaggedPath.fromClickHouse(clickhouse));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"cpu;dc=x;host=a|__name__=cpu,dc=x,host=a"})
    void listsTheDecodedTagsNameFirst(String ours, String tags) {
        assertEquals(List.of(tags.split(",")), TaggedPath.tags(ours));
    }
}
