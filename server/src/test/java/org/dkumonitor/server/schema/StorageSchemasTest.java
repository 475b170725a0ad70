package org.dkumonitor.server.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dkumonitor.core.config.ConfigException;
import org.dkumonitor.server.whisper.Retention;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StorageSchemasTest {

    private static final String FILE = """
            # carbon's own example, with a comment line
            [carbon]
            pattern = ^carbon\\.
            retentions = 60:90d

            ; another comment style
            [agents]
            PATTERN = \\.agent\\.
            Retentions = 10s:6h,1m:7d,10m:5y
            """;

    @Test
    void firstMatchingSectionWinsInFileOrder() {
        StorageSchemas schemas = StorageSchemas.parse("storage-schemas.conf", FILE);
        assertEquals("carbon", schemas.schemaFor("carbon.agent.x").name());
        assertEquals("agents", schemas.schemaFor("h.agent.cpu").name());
        assertEquals(List.of(new Retention(10, 2160), new Retention(60, 10_080),
                new Retention(600, 262_800)), schemas.schemaFor("h.agent.cpu").retentions());
    }

    @Test
    void patternIsSearchedNotAnchored() {
        StorageSchemas schemas = StorageSchemas.parse("s.conf", "[x]\npattern = carbon\n"
                + "retentions = 1m:1d\n");
        assertEquals("x", schemas.schemaFor("my.carbon.thing").name());
    }

    @Test
    void unmatchedMetricsGetCarbonsBuiltInSchemaAndAreNeverDropped() {
        StorageSchemas schemas = StorageSchemas.parse("s.conf", FILE);
        assertSame(StorageSchemas.FALLBACK, schemas.schemaFor("other.metric"));
        assertEquals(List.of(new Retention(60, 10_080)), StorageSchemas.FALLBACK.retentions());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[a]\\npattern = x\\n| retentions: is required",
        "[a]\\nretentions = 1m:1d\\n| pattern: is required",
        "[a]\\npattern = (\\nretentions = 1m:1d\\n| not a valid regular expression",
        "[a]\\npattern = x\\nretentions = 1min:1d\\n| s.conf:3 [a] retentions",
        "[a]\\npattern = x\\nretentions = 10s:1m,15s:1h\\n| not a multiple",
        "[a]\\npattern = x\\nretentions = 1m:1d\\ncolour = red\\n| colour: unknown key",
        "pattern = x\\n| outside of any [section]",
        "[a\\n| section header",
    })
    void refusesBadFilesNamingLineAndRule(String text, String expected) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> StorageSchemas.parse("s.conf", text.replace("\\n", "\n")));
        assertTrue(e.getMessage().contains(expected.strip()), e.getMessage());
    }
}
