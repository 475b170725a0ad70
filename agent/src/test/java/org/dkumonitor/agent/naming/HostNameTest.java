package org.dkumonitor.agent.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.dkumonitor.core.host.LocalHostName;
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
    void withoutAConfiguredNameUsesThisHostsNameAsTheServerFindsIt() {
        String resolved = HostName.resolve("");
        assertFalse(resolved.isEmpty());
        assertFalse(resolved.contains(".."));
        assertEquals(HostName.reverse(LocalHostName.fqdn()), resolved);
        if (!LocalHostName.fqdn().startsWith("localhost")) {
            assertFalse(resolved.endsWith("localhost"), resolved);
        }
    }
}
