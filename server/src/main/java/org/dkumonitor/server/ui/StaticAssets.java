package org.dkumonitor.server.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The UI's files, read once from the class path: our own pages under
 * {@code org/dkumonitor/server/ui/}, and uPlot from its WebJar under {@code vendor/}. Nothing is
 * fetched at run time and nothing outside this fixed list is ever served, so a request path can
 * never reach another resource of the class path.
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

    private final Map<String, Asset> assets;

    private StaticAssets(Map<String, Asset> assets) {
        this.assets = Map.copyOf(assets);
    }

    /** Loads every asset; a missing one is a packaging defect and fails at start. */
    static StaticAssets load(ClassLoader loader) {
        Map<String, Asset> assets = new LinkedHashMap<>();
        for (String name : OWN_FILES) {
            assets.put(name, Asset.of(name, read(loader, OWN_ROOT + name)));
        }
        String uplot = uplotVersion(loader);
        UPLOT_FILES.forEach((name, file) -> assets.put(name,
                Asset.of(name, read(loader, UPLOT_ROOT + uplot + "/" + file))));
        return new StaticAssets(assets);
    }

    Optional<Asset> get(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    /** The total size of the files a page loads, for the size budget. */
    long totalBytes() {
        return assets.values().stream().mapToLong(Asset::length).sum();
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
