package org.dkumonitor.agent.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class HostNameTest {

    @Test
    void reversesTheFullyQualifiedName() {
        assertEquals("com.example.web1", HostName.reverse("web1.example.com"));
        assertEquals("vm", HostName.reverse("vm"));
        assertEquals("com.example.web1", HostName.reverse("web1.example.com."));
    }

    @Test
    void aConfiguredNameIsKeptAsGivenWithEachLabelEscaped() {
        assertEquals("fr.paris.dss_1", HostName.resolve("fr.paris.dss 1"));
        assertEquals("my.host", HostName.resolve("my..host."));
    }

    @Test
    void withoutAConfiguredNameUsesThisHostsName() {
        String resolved = HostName.resolve("");
        assertFalse(resolved.isEmpty());
        assertFalse(resolved.contains(".."));
    }
}
