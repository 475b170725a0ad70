package org.dkumonitor.server.ui;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The dashboards the UI offers: JSON files in {@code DATA_DIR/conf/dashboards/}, which the user
 * edits and adds to, over the ones shipped in the bundle (the templates jar), which serve when
 * the install has no file of that name. The directory is read on every request, so a new file
 * shows up on the next page load without a restart.
 *
 * <p>The server checks only that a file is a JSON object and reads its {@code title}; the
 * browser interprets the rest (variables, rows, panels, targets, units).
 */
final class Dashboards {

    static final String BUNDLED_ROOT = "org/dkumonitor/templates/dashboards/";
    private static final String BUNDLED_INDEX = BUNDLED_ROOT + "index.txt";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");
    private static final String SUFFIX = ".json";
    private static final int MAX_BYTES = 1024 * 1024;
    private static final JsonFactory JSON = new JsonFactory();

    /** One dashboard in the list: where it comes from, its title, or why it cannot be shown. */
    record Entry(String name, String title, String origin, String error) {
    }

    private final Path directory;
    private final ClassLoader bundle;

    Dashboards(Path directory, ClassLoader bundle) {
        this.directory = directory;
        this.bundle = bundle;
    }

    static boolean isValidName(String name) {
        return NAME.matcher(name).matches();
    }

    /** Every dashboard by name; a file in conf/dashboards wins over the bundled one. */
    List<Entry> list() throws IOException {
        TreeMap<String, Entry> entries = new TreeMap<>();
        for (String name : bundledNames()) {
            entries.put(name, entry(name, "bundle"));
        }
        for (String name : installedNames()) {
            entries.put(name, entry(name, "conf"));
        }
        return List.copyOf(entries.values());
    }

    /** The JSON of one dashboard, checked; empty when no dashboard has that name. */
    Optional<byte[]> read(String name) throws IOException {
        if (!isValidName(name)) {
            return Optional.empty();
        }
        Optional<byte[]> body = readInstalled(name);
        String origin = "conf/dashboards/" + name + SUFFIX;
        if (body.isEmpty()) {
            body = readBundled(name);
            origin = "bundled dashboard " + name + SUFFIX;
        }
        if (body.isPresent()) {
            titleOf(body.get(), origin);
        }
        return body;
    }

    /**
     * The list as JSON: {@code [{"name":…,"title":…,"origin":"conf"|"bundle","error":…}]}.
     */
    byte[] listJson() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartArray();
            for (Entry entry : list()) {
                json.writeStartObject();
                json.writeStringField("name", entry.name());
                json.writeStringField("title", entry.title());
                json.writeStringField("origin", entry.origin());
                if (entry.error() != null) {
                    json.writeStringField("error", entry.error());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        return out.toByteArray();
    }

    private Entry entry(String name, String origin) throws IOException {
        try {
            byte[] body = origin.equals("conf") ? readInstalled(name).orElseThrow()
                    : readBundled(name).orElseThrow();
            String where = origin.equals("conf") ? "conf/dashboards/" + name + SUFFIX
                    : "bundled dashboard " + name + SUFFIX;
            return new Entry(name, titleOf(body, where).orElse(name), origin, null);
        } catch (DashboardException e) {
            return new Entry(name, name, origin, e.getMessage());
        }
    }

    private List<String> installedNames() throws IOException {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return names;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                String name = fileName.substring(0, fileName.length() - SUFFIX.length());
                if (isValidName(name) && Files.isRegularFile(file)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private List<String> bundledNames() {
        try (InputStream in = bundle.getResourceAsStream(BUNDLED_INDEX)) {
            if (in == null) {
                return List.of();
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .filter(Dashboards::isValidName)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + BUNDLED_INDEX, e);
        }
    }

    private Optional<byte[]> readInstalled(String name) throws IOException {
        Path file = directory.resolve(name + SUFFIX);
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new DashboardException("conf/dashboards/" + name + SUFFIX + " is over "
                        + MAX_BYTES + " bytes; a dashboard is a small JSON file");
            }
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private Optional<byte[]> readBundled(String name) throws IOException {
        if (!bundledNames().contains(name)) {
            return Optional.empty();
        }
        try (InputStream in = bundle.getResourceAsStream(BUNDLED_ROOT + name + SUFFIX)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        }
    }

    /**
     * Checks that the body is one JSON object and returns its top-level {@code title}; a syntax
     * error names the file, line and column.
     */
    static Optional<String> titleOf(byte[] body, String where) {
        String title = null;
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new DashboardException(where + ": must be a JSON object {...}");
            }
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_OBJECT) {
                if (token != JsonToken.FIELD_NAME) {
                    throw new DashboardException(where + ": unexpected " + token);
                }
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("title") && value == JsonToken.VALUE_STRING) {
                    title = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new DashboardException(where + ": text after the closing }");
            }
        } catch (JsonParseException e) {
            JsonLocation at = e.getLocation();
            throw new DashboardException(where + ":" + at.getLineNr() + ":" + at.getColumnNr()
                    + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new DashboardException(where + ": " + e.getMessage());
        }
        return Optional.ofNullable(title);
    }
}
