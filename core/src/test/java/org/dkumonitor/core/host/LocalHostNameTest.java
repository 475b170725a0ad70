package org.dkumonitor.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalHostNameTest {

    private static LocalHostName.Resolver resolvingTo(String... names) {
        return host -> List.of(names);
    }

    @Test
    void neverTakesLocalhostThatEtcHostsListsFirstForTheLoopback() {
        // /etc/hosts: "127.0.0.1 localhost ... vm": the reverse lookup says localhost
        assertEquals("vm", LocalHostName.fqdn("vm", resolvingTo("localhost")));
        assertEquals("vm", LocalHostName.fqdn("vm", resolvingTo("localhost.localdomain",
                "ip6-localhost")));
    }

    @Test
    void qualifiesTheKernelNameAsHostnameDashFDoes() {
        assertEquals("web1.example.com", LocalHostName.fqdn("web1",
                resolvingTo("localhost", "web1.example.com")));
        assertEquals("web1.example.com", LocalHostName.fqdn("web1",
                resolvingTo("web1.example.com.")));
    }

    @Test
    void keepsAnAlreadyQualifiedKernelName() {
        assertEquals("db.example.org", LocalHostName.fqdn("db.example.org",
                host -> {
                    throw new AssertionError("no lookup needed");
                }));
    }

    @Test
    void keepsTheKernelNameWhenNothingExtendsIt() throws Exception {
        assertEquals("web1", LocalHostName.fqdn("web1", resolvingTo("ip-10-0-0-5.internal")));
        assertEquals("web1", LocalHostName.fqdn("web1", host -> {
            throw new UnknownHostException(host);
        }));
        assertEquals("web1", LocalHostName.fqdn(" web1\n", resolvingTo()));
    }

    @Test
    void localhostOnlyWhenTheKernelHasNoName() {
        assertEquals("localhost", LocalHostName.fqdn("", resolvingTo("x.y")));
        assertEquals("localhost", LocalHostName.fqdn(null, resolvingTo("x.y")));
    }

    @Test
    void thisHostsNameIsNotALoopbackNameWhenTheKernelHasAnother() {
        String kernel = LocalHostName.kernelName();
        String fqdn = LocalHostName.fqdn();
        if (!kernel.isEmpty() && !kernel.startsWith("localhost")) {
            assertFalse(fqdn.startsWith("localhost"), fqdn);
            assertTrue(fqdn.equals(kernel) || fqdn.startsWith(kernel + "."), fqdn);
        }
    }
}
