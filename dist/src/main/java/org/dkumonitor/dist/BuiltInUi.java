package org.dkumonitor.dist;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The bundle's {@code ui/}: the built-in UI's web assets, taken from the jars' resources under
 * {@value #PREFIX}, so that an install without Grafana links {@code static/} to them. The
 * server owns the assets; the bundle only lays them out as files.
 */
final class BuiltInUi {

    static final String PREFIX = "org/dkumonitor/server/ui/";

    private BuiltInUi() {
    }

    /** Writes every asset of the jars in {@code lib} under {@code target}; returns how many. */
    static int extract(Path lib, Path target) throws IOException {
        Files.createDirectories(target);
        int count = 0;
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(lib, "*.jar")) {
            for (Path jar : jars) {
                count += extractFrom(jar, target);
            }
        }
        return count;
    }

    private static int extractFrom(Path jar, Path target) throws IOException {
        int count = 0;
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.isDirectory() || !entry.getName().startsWith(PREFIX)) {
                    continue;
                }
                Path destination = target.resolve(entry.getName().substring(PREFIX.length()))
                        .normalize();
                if (!destination.startsWith(target)) {
                    throw new IOException(jar + ": " + entry.getName() + " escapes ui/");
                }
                Files.createDirectories(destination.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
                }
                count++;
            }
        }
        return count;
    }
}
