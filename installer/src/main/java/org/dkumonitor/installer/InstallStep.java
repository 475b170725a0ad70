package org.dkumonitor.installer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** One thing the installer does to DATA_DIR, described before it is done. */
sealed interface InstallStep {

    String describe();

    void apply() throws IOException;

    /** Who may read a written file. */
    enum Mode {
        /** rw-r--r--: configuration, the env file. */
        PLAIN("rw-r--r--"),
        /** rw-------: passwords, keys, and files that hold them. */
        SECRET("rw-------");

        private final Set<PosixFilePermission> permissions;

        Mode(String permissions) {
            this.permissions = PosixFilePermissions.fromString(permissions);
        }

        Set<PosixFilePermission> permissions() {
            return permissions;
        }
    }

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

    /** A file written whole: a rendered template, the env file, a secret. */
    record WriteFile(Path target, String content, Mode mode) implements InstallStep {

        @Override
        public String describe() {
            return "write " + target + (mode == Mode.SECRET ? " (mode 0600)" : "");
        }

        @Override
        public void apply() throws IOException {
            // written beside the target and moved: a reader never sees half a file, and a
            // secret is never readable by others, not even for a moment
            Path temp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.deleteIfExists(temp);
            FileAttribute<Set<PosixFilePermission>> permissions =
                    PosixFilePermissions.asFileAttribute(mode.permissions());
            Files.createFile(temp, permissions);
            Files.setPosixFilePermissions(temp, mode.permissions());
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * A symbolic link into the bundle, replacing an older link of the same name (or the empty
     * directory an older installer made there).
     */
    record Link(Path link, Path target) implements InstallStep {

        @Override
        public String describe() {
            return "link " + link + " -> " + target;
        }

        @Override
        public void apply() throws IOException {
            if (Files.isDirectory(link, LinkOption.NOFOLLOW_LINKS) && isEmpty(link)) {
                Files.delete(link);
            }
            Path temp = link.resolveSibling(link.getFileName() + ".tmp");
            Files.deleteIfExists(temp);
            Files.createSymbolicLink(temp, target);
            Files.move(temp, link, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }

        private static boolean isEmpty(Path directory) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
                return !entries.iterator().hasNext();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
