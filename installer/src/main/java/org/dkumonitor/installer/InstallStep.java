package org.dkumonitor.installer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** One thing the installer does to DATA_DIR, described before it is done. */
sealed interface InstallStep {

    String describe();

    void apply() throws IOException;

    /** A directory of the layout. */
    record CreateDirectory(Path directory) implements InstallStep {

        @Override
        public String describe() {
            return "create " + directory;
        }

        @Override
        public void apply() throws IOException {
            Files.createDirectories(directory);
        }
    }

    /** A file written whole: a rendered template, or the env file. */
    record WriteFile(Path target, String content, boolean executable) implements InstallStep {

        @Override
        public String describe() {
            return "write " + target;
        }

        @Override
        public void apply() throws IOException {
            // written beside the target and moved: a reader never sees half a file
            Path temp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            if (executable) {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** A symbolic link into the bundle, replacing an older link of the same name. */
    record Link(Path link, Path target) implements InstallStep {

        @Override
        public String describe() {
            return "link " + link + " -> " + target;
        }

        @Override
        public void apply() throws IOException {
            Path temp = link.resolveSibling(link.getFileName() + ".tmp");
            Files.deleteIfExists(temp);
            Files.createSymbolicLink(temp, target);
            Files.move(temp, link, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
