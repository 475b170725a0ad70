package org.dkumonitor.dist;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bundle's {@code ui/}: the built-in UI's files exactly as the server serves them (its pages
 * and uPlot), written by the server code of the bundle's own {@code lib/} (its
 * {@code BuiltInUi.writeAssets}), so the two cannot drift and the packager compiles against
 * none of the programs it packs. An install links {@code static/} to it, and the server serves
 * {@code static/}'s files over its own: editing {@code ui/app.css} changes the page without a
 * rebuild.
 */
final class BuiltInUi {

    static final String SERVER_UI = "org.dkumonitor.server.ui.BuiltInUi";

    private BuiltInUi() {
    }

    /** Writes every UI file under {@code target} with the jars of {@code lib}; how many. */
    static int write(Path lib, Path target) throws IOException {
        try (URLClassLoader jars = new URLClassLoader(urls(lib),
                ClassLoader.getPlatformClassLoader())) {
            Class<?> ui = Class.forName(SERVER_UI, true, jars);
            ui.getMethod("writeAssets", Path.class).invoke(null, target);
            return ((List<?>) ui.getMethod("assetNames").invoke(null)).size();
        } catch (InvocationTargetException e) {
            throw new IOException("writing the built-in UI's files: " + e.getCause(),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IOException(lib + " holds no server with " + SERVER_UI
                    + ".writeAssets: " + e, e);
        }
    }

    private static URL[] urls(Path lib) throws IOException {
        List<URL> urls = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(lib, "*.jar")) {
            for (Path jar : jars) {
                try {
                    urls.add(jar.toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new IOException(jar + ": " + e.getMessage(), e);
                }
            }
        }
        return urls.toArray(URL[]::new);
    }
}
