package org.dkumonitor.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class InstallTypeTest {

    @ParameterizedTest
    @EnumSource(InstallType.class)
    void everyTypeIsFoundByItsCommandLineName(InstallType type) {
        assertEquals(type, InstallType.fromCli(type.cliName()));
    }

    @Test
    void namesAreDkumonitors() {
        assertEquals("all, server, agent, backend, frontend, backend-agent, relay",
                InstallType.names());
    }

    @Test
    void anUnknownTypeIsRefusedWithTheList() {
        InstallRefusedException refused = assertThrows(InstallRefusedException.class,
                () -> InstallType.fromCli("BACKEND"));
        assertEquals("unknown install type 'BACKEND': choose one of all, server, agent, backend,"
                + " frontend, backend-agent, relay", refused.getMessage());
    }
}
