package org.dkumonitor.supervisor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.dkumonitor.core.config.ConfigException;
import org.dkumonitor.core.config.YamlConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SupervisorConfigTest {

    private static SupervisorConfig parse(String yaml) {
        return YamlConfigLoader.parse("supervisor.yaml", yaml, SupervisorConfig.class);
    }

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void appliesSupervisordsDefaults() {
        ProgramConfig program = parse("""
                programs:
                  - name: sleeper
                    command: [/bin/sleep, infinity]
                """).programs().get(0);

        assertEquals(List.of("/bin/sleep", "infinity"), program.command());
        assertEquals(true, program.autostart());
        assertEquals(AutoRestart.UNEXPECTED, program.autorestart());
        assertEquals(List.of(0), program.exitcodes());
        assertEquals(1, program.startsecs());
        assertEquals(3, program.startretries());
        assertEquals("TERM", program.stopsignal());
        assertEquals(10, program.stopwaitsecs());
        assertEquals(true, program.redirectStderr());
        assertEquals(50L * 1024 * 1024, program.stdoutLogfileMaxbytes());
        assertEquals(10, program.stdoutLogfileBackups());
    }

    @Test
    void rotatesItsOwnLogAsSupervisordDoesUnlessTold() {
        SupervisorConfig defaults = parse("programs: []\n");
        assertEquals(50L * 1024 * 1024, defaults.logfileMaxbytes());
        assertEquals(10, defaults.logfileBackups());
        SupervisorConfig told = parse("logfile_maxbytes: 1024\nlogfile_backups: 2\n");
        assertEquals(1024L, told.logfileMaxbytes());
        assertEquals(2, told.logfileBackups());
        assertEquals("supervisor.yaml:1:18 logfile_backups: must be 0..1000, found -1",
                error("logfile_backups: -1\n"));
    }

    @ParameterizedTest(name = "autorestart {0}")
    @CsvSource({"true, TRUE", "false, FALSE", "unexpected, UNEXPECTED", "'\"true\"', TRUE"})
    void acceptsAutorestartAsBooleanOrWord(String yaml, AutoRestart expected) {
        assertEquals(expected, parse("""
                programs:
                  - name: a
                    command: [/bin/true]
                    autorestart: %s
                """.formatted(yaml)).programs().get(0).autorestart());
    }

    @Test
    void acceptsStopsignalWithOrWithoutSig() {
        assertEquals("HUP", parse("""
                programs:
                  - name: a
                    command: [/bin/true]
                    stopsignal: SIGHUP
                """).programs().get(0).stopsignal());
    }

    @Test
    void namesFileLineAndKeyOfAnUnknownKey() {
        String message = error("""
                programs:
                  - name: a
                    command: [/bin/true]
                    stopwaitsec: 3
                """);

        assertEquals("supervisor.yaml:4:5 programs[0].stopwaitsec: unknown key; known keys are",
                message.substring(0, message.indexOf(" [")));
    }

    @Test
    void namesFileLineAndKeyOfAValueOutOfRange() {
        String message = error("""
                programs:
                  - name: a
                    command: [/bin/true]
                    startsecs: 99999
                """);

        assertEquals("supervisor.yaml:4:16 programs[0].startsecs: must be 0..3600, found 99999",
                message);
    }

    @Test
    void namesTheLineOfASyntaxError() {
        String message = error("""
                programs:
                  - name: a
                    command: [/bin/true
                    autostart: true
                """);

        assertEquals("supervisor.yaml:4", message.substring(0, "supervisor.yaml:4".length()),
                message);
    }

    @Test
    void rejectsAnUnknownStopsignal() {
        String message = error("""
                programs:
                  - name: a
                    command: [/bin/true]
                    stopsignal: BOGUS
                """);

        assertEquals("supervisor.yaml:4:17 programs[0].stopsignal: must be one of [HUP, INT,"
                + " KILL, QUIT, TERM, USR1, USR2], found 'BOGUS'", message);
    }

    @Test
    void rejectsTwoProgramsOfOneName() {
        String message = error("""
                programs:
                  - name: a
                    command: [/bin/true]
                  - name: a
                    command: [/bin/false]
                """);

        assertEquals(true, message.contains("programs: names must be unique, found 'a'"),
                message);
    }

    @Test
    void rejectsADependencyOnNoProgram() {
        String message = error("""
                programs:
                  - name: agent
                    command: [/bin/true]
                    depends_on: [server]
                """);

        assertEquals(true, message.contains("depends_on of agent names no program, found"
                + " 'server'"), message);
    }
}
