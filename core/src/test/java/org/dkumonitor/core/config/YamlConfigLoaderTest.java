package org.dkumonitor.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class YamlConfigLoaderTest {

    /** A small config of the same shape as the programs' own. */
    record Sample(Listener listener, List<Listener> others, Mode mode) {
    }

    record Listener(String listen, Integer port) {
        Listener {
            listen = ConfigRules.notBlank("listen", listen);
            port = ConfigRules.port("port", ConfigRules.present("port", port));
        }
    }

    enum Mode { FAST, SAFE }

    record Program(@ConfigKey("redirect_stderr") Boolean redirectStderr,
            Map<String, String> environment, Long maxBytes, Double ratio) {
    }

    @Test
    void bindsNestedRecordsListsAndCaseInsensitiveEnums() {
        Sample sample = YamlConfigLoader.parse("s.yaml", """
                listener:
                  listen: 127.0.0.1
                  port: 2003
                others:
                  - {listen: 0.0.0.0, port: 2004}
                mode: safe
                """, Sample.class);
        assertEquals(new Listener("127.0.0.1", 2003), sample.listener());
        assertEquals(2004, sample.others().get(0).port());
        assertEquals(Mode.SAFE, sample.mode());
    }

    @Test
    void namesFileLineColumnKeyRuleAndValueOfAnInvalidValue() {
        ConfigException e = assertThrows(ConfigException.class, () -> YamlConfigLoader.parse(
                "server.yaml", "listener:\n  listen: x\n  port: 70000\n", Sample.class));
        assertEquals("server.yaml:3:9 listener.port: must be 1..65535, found 70000",
                e.getMessage());
    }

    @Test
    void locatesAnInvalidValueInsideAList() {
        ConfigException e = assertThrows(ConfigException.class, () -> YamlConfigLoader.parse(
                "s.yaml", "others:\n  - listen: a\n    port: 1\n  - listen: b\n    port: 0\n",
                Sample.class));
        assertEquals("s.yaml:5:11 others[1].port: must be 1..65535, found 0", e.getMessage());
    }

    @Test
    void rejectsAnUnknownKeyAndListsTheKnownOnes() {
        ConfigException e = assertThrows(ConfigException.class, () -> YamlConfigLoader.parse(
                "s.yaml", "listener:\n  listen: a\n  port: 1\n  prot: 2\n", Sample.class));
        assertEquals("s.yaml:4:3 listener.prot: unknown key; known keys are [listen, port]",
                e.getMessage());
    }

    @Test
    void rejectsAValueOfTheWrongKind() {
        ConfigException e = assertThrows(ConfigException.class, () -> YamlConfigLoader.parse(
                "s.yaml", "listener:\n  listen: a\n  port: many\n", Sample.class));
        assertEquals("s.yaml:3:9 listener.port: must be a whole number, found 'many'",
                e.getMessage());
    }

    @Test
    void rejectsBrokenYamlWithItsPosition() {
        ConfigException e = assertThrows(ConfigException.class, () -> YamlConfigLoader.parse(
                "s.yaml", "listener: [unclosed\n", Sample.class));
        assertEquals(true, e.getMessage().startsWith("s.yaml:"), e.getMessage());
    }

    @Test
    void saysWhichFileIsMissingOrEmpty(@TempDir Path directory) {
        ConfigException missing = assertThrows(ConfigException.class,
                () -> YamlConfigLoader.load(directory.resolve("agent.yaml"), Sample.class));
        assertEquals(directory.resolve("agent.yaml") + ": file not found; reinstall the"
                + " configuration or restore it from a backup", missing.getMessage());
        ConfigException empty = assertThrows(ConfigException.class,
                () -> YamlConfigLoader.parse("e.yaml", "", Sample.class));
        assertEquals("e.yaml: the file is empty", empty.getMessage());
    }

    @Test
    void bindsRenamedKeysMapsAndYamlScalars() {
        Program program = YamlConfigLoader.parse("p.yaml", """
                redirect_stderr: yes
                environment: {PATH: /bin, DEPTH: 3}
                maxBytes: 52_428_800
                ratio: 0.5
                """, Program.class);
        assertEquals(new Program(true, Map.of("PATH", "/bin", "DEPTH", "3"), 52_428_800L, 0.5),
                program);
    }

    @Test
    void refusesADuplicateKeyWithItsPosition() {
        ConfigException e = assertThrows(ConfigException.class, () -> YamlConfigLoader.parse(
                "s.yaml", "mode: fast\nmode: safe\n", Sample.class));
        assertEquals("s.yaml:2:1 mode: given twice; keep one", e.getMessage());
    }

    @Test
    void namesTheKindExpectedWhereAListOrAMappingIsMissing() {
        assertEquals("s.yaml:1:9 others: must be a list", assertThrows(ConfigException.class,
                () -> YamlConfigLoader.parse("s.yaml", "others: 3\n", Sample.class))
                .getMessage());
        assertEquals("s.yaml:1:11 listener: must be a mapping of keys to values",
                assertThrows(ConfigException.class, () -> YamlConfigLoader.parse("s.yaml",
                        "listener: [a]\n", Sample.class)).getMessage());
        assertEquals("s.yaml:1:7 mode: must be one of [fast, safe], found 'slow'",
                assertThrows(ConfigException.class, () -> YamlConfigLoader.parse("s.yaml",
                        "mode: slow\n", Sample.class)).getMessage());
    }
}
