package org.dkumonitor.installer.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.dkumonitor.core.DkmException;
import org.junit.jupiter.api.Test;

class GottwallProjectsTest {

    private static final String HEAD = """
            # comments stay
            ingest:
              listen: "0.0.0.0"
              port: 15006
            """;

    private static final String INSTALLED = HEAD + """
            gottwall:
              prefix: /gottwall
              privateKey: "private"
              stream:
                listen: "0.0.0.0"
                port: 15007
              projects:
                default: "abc"   # the installer's
            storage:
              flushIntervalMillis: 1000
            """;

    @Test
    void addsOneLineUnderTheProjectsAndLeavesTheRestAsItWas() {
        String after = new GottwallProjects(INSTALLED).withProject("shop", "KEY", "unused");
        assertEquals(INSTALLED.replace("# the installer's\n",
                "# the installer's\n    shop: \"KEY\"\n"), after);
        GottwallProjects.Settings settings = new GottwallProjects(after).settings();
        assertEquals(Map.of("default", "abc", "shop", "KEY"), settings.projects());
        assertEquals(new GottwallProjects.Settings("private", settings.projects(), "/gottwall",
                "127.0.0.1", 15006, 15007), settings);
    }

    @Test
    void refusesANameThatExistsOrCannotBeAProject() {
        DkmException exists = assertThrows(DkmException.class,
                () -> new GottwallProjects(INSTALLED).withProject("default", "K", "P"));
        assertTrue(exists.getMessage().startsWith("project default exists already"));
        for (String name : new String[] {"", "a b", "a/b", "-x", "é", "x".repeat(65)}) {
            assertThrows(DkmException.class,
                    () -> new GottwallProjects(INSTALLED).withProject(name, "K", "P"), name);
        }
    }

    @Test
    void addsTheProjectsKeyOrFillsAnEmptyOne() {
        String noProjects = HEAD + "gottwall:\n  privateKey: \"p\"\n  stream:\n    port: 9\n"
                + "api:\n  port: 1\n";
        assertEquals(HEAD + "gottwall:\n  privateKey: \"p\"\n  stream:\n    port: 9\n"
                + "  projects:\n    shop: \"K\"\napi:\n  port: 1\n",
                new GottwallProjects(noProjects).withProject("shop", "K", "unused"));
        String empty = HEAD + "gottwall:\n  privateKey: \"p\"\n  projects:\n";
        assertEquals(empty + "    shop: \"K\"\n",
                new GottwallProjects(empty).withProject("shop", "K", "unused"));
        String flowEmpty = HEAD + "gottwall:\n  privateKey: \"p\"\n  projects: {}  # none yet\n";
        assertEquals(HEAD + "gottwall:\n  privateKey: \"p\"\n  projects:  # none yet\n"
                + "    shop: \"K\"\n",
                new GottwallProjects(flowEmpty).withProject("shop", "K", "unused"));
        assertThrows(DkmException.class, () -> new GottwallProjects(HEAD + "gottwall:\n"
                + "  projects: {a: b}\n").withProject("shop", "K", "unused"));
    }

    @Test
    void anInstallWithoutTheSectionGetsOneWithANewPrivateKey() {
        String after = new GottwallProjects(HEAD).withProject("shop", "K", "NEWPRIVATE");
        assertEquals(HEAD + "gottwall:\n  prefix: /gottwall\n  privateKey: \"NEWPRIVATE\"\n"
                + "  tsWindowSeconds: 3600\n  stream:\n    listen: \"0.0.0.0\"\n"
                + "    port: 15007\n  projects:\n    shop: \"K\"\n", after);
        assertNull(new GottwallProjects(HEAD).settings());
        assertThrows(DkmException.class, () -> new GottwallProjects("api:\n  port: 1\n")
                .withProject("shop", "K", "P"), "no ingest section to serve it");
        assertThrows(DkmException.class, () -> new GottwallProjects("a: [\n"));
    }
}
