package org.dkumonitor.server.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The UI's files: our own pages under {@code org/dkumonitor/server/ui/} of the class path and
 * uPlot from its WebJar under {@code vendor/}, each replaced by the file of the same name in the
 * install's {@code static/} directory when there is one (the bundle's {@code ui/}, which holds
 * these same files, so an operator can change the page without rebuilding). A file of
 * {@code static/} is read again when its size or modification time changes, so an edit shows on
 * the next load; one that is removed or unreadable falls back to the class path's. Nothing
 * outside the fixed list {@link #NAMES} is ever served, so a request path can reach no other
 * file or resource.
 */
final class StaticAssets {

    static final String OWN_ROOT = "org/dkumonitor/server/ui/";
    static final List<String> OWN_FILES = List.of("index.html", "app.js", "app.css",
            "favicon.svg");
    private static final String UPLOT_POM =
            "META-INF/maven/org.webjars.npm/uplot/pom.properties";
    private static final String UPLOT_ROOT = "META-INF/resources/webjars/uplot/";
    private static final Map<String, String> UPLOT_FILES = Map.of(
            "vendor/uPlot.iife.min.js", "dist/uPlot.iife.min.js",
            "vendor/uPlot.min.css", "dist/uPlot.min.css");
    /** Every file the UI serves, as named under {@code /ui/} and in {@code static/}. */
    static final List<String> NAMES = names();

    /** A file read from {@code static/}, with what it looked like when read. */
    private record OnDisk(Asset asset, FileTime modified, long size) {
    }

    private final Map<String, Asset> bundled;
    private final Path directory;
    private final Map<String, OnDisk> onDisk = new ConcurrentHashMap<>();

    private StaticAssets(Map<String, Asset> bundled, Path directory) {
        this.bundled = Map.copyOf(bundled);
        this.directory = directory;
    }

    /** The class path's files only. */
    static StaticAssets load(ClassLoader loader) {
        return load(loader, null);
    }

    /**
     * The class path's files, each overridden by {@code directory}'s (null: none). A file
     * missing from the class path is a packaging defect and fails at start.
     */
    static StaticAssets load(ClassLoader loader, Path directory) {
        Map<String, Asset> assets = new LinkedHashMap<>();
        for (String name : OWN_FILES) {
            assets.put(name, Asset.of(name, read(loader, OWN_ROOT + name)));
        }
        String uplot = uplotVersion(loader);
        UPLOT_FILES.forEach((name, file) -> assets.put(name,
                Asset.of(name, read(loader, UPLOT_ROOT + uplot + "/" + file))));
        return new StaticAssets(assets, directory);
    }

    Optional<Asset> get(String name) {
        Asset fallback = bundled.get(name);
        if (fallback == null) {
            return Optional.empty();
        }
        return Optional.of(fromDirectory(name).orElse(fallback));
    }

    /** The file of {@code static/}, read again if it changed since; empty if there is none. */
    private Optional<Asset> fromDirectory(String name) {
        if (directory == null) {
            return Optional.empty();
        }
        Path file = directory.resolve(name);
        try {
            BasicFileAttributes attributes = Files.readAttributes(file,
                    BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return Optional.empty();
            }
            OnDisk known = onDisk.get(name);
            if (known != null && known.modified().equals(attributes.lastModifiedTime())
                    && known.size() == attributes.size()) {
                return Optional.of(known.asset());
            }
            Asset asset = Asset.of(name, Files.readAllBytes(file));
            onDisk.put(name, new OnDisk(asset, attributes.lastModifiedTime(), asset.length()));
            return Optional.of(asset);
        } catch (IOException e) {
            onDisk.remove(name);
            return Optional.empty();
        }
    }

    /** The total size of the files a page loads, for the size budget. */
    long totalBytes() {
        return NAMES.stream().mapToLong(name -> get(name).orElseThrow().length()).sum();
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>(OWN_FILES);
        names.addAll(UPLOT_FILES.keySet().stream().sorted().toList());
        return List.copyOf(names);
    }

    private static String uplotVersion(ClassLoader loader) {
        Properties properties = new Properties();
        try (InputStream in = open(loader, UPLOT_POM)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + UPLOT_POM, e);
        }
        String version = properties.getProperty("version");
        if (version == null || version.isBlank()) {
            throw new IllegalStateException(UPLOT_POM + " names no version");
        }
        return version;
    }

    private static byte[] read(ClassLoader loader, String resource) {
        try (InputStream in = open(loader, resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading UI asset " + resource, e);
        }
    }

    private static InputStream open(ClassLoader loader, String resource) {
        InputStream in = loader.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("UI asset " + resource + " is not on the class path;"
                    + " the server jar or the uPlot WebJar is missing from the bundle's lib/");
        }
        return in;
    }
}
