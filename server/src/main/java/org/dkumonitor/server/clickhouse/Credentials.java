package org.dkumonitor.server.clickhouse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dkumonitor.core.DkmException;

/**
 * The ClickHouse user and password, read from their own file (the installer writes it 0600) so
 * that conf/server.yaml holds no secret. The file holds {@code user=NAME} and
 * {@code password=SECRET} lines; {@code #} starts a comment. The server checks the file's mode
 * at start with the other secrets ({@code ServerMain}, core's {@code SecretFiles}).
 */
public record Credentials(String user, String password) {

    public Credentials {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("a ClickHouse user name is needed");
        }
        password = password == null ? "" : password;
    }

    /** Reads the file. */
    public static Credentials load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DkmException("cannot read the ClickHouse credentials " + file + ": " + e
                    + "; fix storage.clickhouse.credentialsFile in conf/server.yaml");
        }
        String user = null;
        String password = null;
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            String key = equals < 0 ? trimmed : trimmed.substring(0, equals).strip();
            String value = equals < 0 ? "" : trimmed.substring(equals + 1).strip();
            switch (key) {
                case "user" -> user = value;
                case "password" -> password = value;
                default -> throw new DkmException(file + ":" + number + ": expected user=NAME"
                        + " or password=SECRET, found '" + key + "'");
            }
        }
        if (user == null || user.isEmpty()) {
            throw new DkmException(file + ": no user=NAME line");
        }
        return new Credentials(user, password);
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=***]";
    }
}
