package org.dkumonitor.agent.collect;

import java.util.Objects;

/**
 * A named set of files for the files collector, e.g. {@code name: repo1-backups, glob:
 * /backups/repo1/*.tar.gz}. The glob is absolute; {@code **} crosses directories.
 */
public record FileGlob(String name, String glob) {

    public FileGlob {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(glob, "glob");
    }

    /** The longest leading directory of the glob with no glob character in it. */
    String baseDirectory() {
        int firstSpecial = firstGlobCharacter(glob);
        String fixed = glob.substring(0, firstSpecial);
        int slash = fixed.lastIndexOf('/');
        return slash <= 0 ? "/" : fixed.substring(0, slash);
    }

    /** Whether the glob names directories below its base (a separator after a glob char). */
    boolean crossesDirectories() {
        return glob.indexOf("**") >= 0
                || glob.indexOf('/', firstGlobCharacter(glob)) >= 0;
    }

    static int firstGlobCharacter(String glob) {
        for (int i = 0; i < glob.length(); i++) {
            if ("*?[{\\".indexOf(glob.charAt(i)) >= 0) {
                return i;
            }
        }
        return glob.length();
    }
}
