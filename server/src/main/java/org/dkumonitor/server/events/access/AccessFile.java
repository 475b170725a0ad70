package org.dkumonitor.server.events.access;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * stats-service's {@code access.json}, read and written: a JSON array of users
 * {@code {"id", "username", "name", "tokens": [{"access_token", "access_secret"}]}}, so that the
 * file of an existing deployment works when copied to conf/. Keys other than these are ignored
 * on reading and not written back. The file holds secrets: it is written 0600, atomically
 * (a new file renamed over the old one), so a reader never sees half of it.
 */
public final class AccessFile {

    private static final JsonFactory JSON = new JsonFactory();

    private AccessFile() {
    }

    /** The users in the file; none when it does not exist. */
    public static List<AccessUser> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new AccessFileException("cannot read " + file + ": " + e.getMessage());
        }
        return parse(file.toString(), bytes);
    }

    static List<AccessUser> parse(String source, byte[] bytes) {
        try (JsonParser parser = JSON.createParser(bytes)) {
            List<AccessUser> users = new ArrayList<>();
            expect(parser, parser.nextToken(), JsonToken.START_ARRAY, source, "the file",
                    "must be a JSON array of users");
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                users.add(user(parser, source, "users[" + users.size() + "]"));
            }
            if (parser.nextToken() != null) {
                throw error(source, parser.currentLocation(), "the file",
                        "has text after the array of users");
            }
            return users;
        } catch (JsonProcessingException e) {
            throw error(source, e.getLocation(), "the file", "is not valid JSON ("
                    + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new AccessFileException("cannot read " + source + ": " + e.getMessage());
        }
    }

    private static AccessUser user(JsonParser parser, String source, String where)
            throws IOException {
        expect(parser, parser.currentToken(), JsonToken.START_OBJECT, source, where,
                "must be an object with id, username and tokens");
        JsonLocation start = parser.currentTokenLocation();
        String id = null;
        String username = null;
        String name = null;
        List<AccessUser.TokenPair> tokens = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (key) {
                case "id" -> id = string(parser, value, source, where + ".id");
                case "username" -> username = string(parser, value, source, where + ".username");
                case "name" -> name = value == JsonToken.VALUE_NULL ? null
                        : string(parser, value, source, where + ".name");
                case "tokens" -> {
                    expect(parser, value, JsonToken.START_ARRAY, source, where + ".tokens",
                            "must be an array of {access_token, access_secret}");
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        tokens.add(pair(parser, source, where + ".tokens[" + tokens.size()
                                + "]"));
                    }
                }
                default -> parser.skipChildren();
            }
        }
        if (id == null || username == null) {
            throw error(source, start, where, "lacks " + (id == null ? "id" : "username"));
        }
        return new AccessUser(id, username, name, tokens);
    }

    private static AccessUser.TokenPair pair(JsonParser parser, String source, String where)
            throws IOException {
        expect(parser, parser.currentToken(), JsonToken.START_OBJECT, source, where,
                "must be an object with access_token and access_secret");
        JsonLocation start = parser.currentTokenLocation();
        String token = null;
        String secret = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (key) {
                case "access_token" -> token = string(parser, value, source,
                        where + ".access_token");
                case "access_secret" -> secret = string(parser, value, source,
                        where + ".access_secret");
                default -> parser.skipChildren();
            }
        }
        if (token == null || secret == null) {
            throw error(source, start, where, "lacks " + (token == null ? "access_token"
                    : "access_secret"));
        }
        return new AccessUser.TokenPair(token, secret);
    }

    private static String string(JsonParser parser, JsonToken value, String source,
            String where) throws IOException {
        expect(parser, value, JsonToken.VALUE_STRING, source, where, "must be a string");
        return parser.getText();
    }

    private static void expect(JsonParser parser, JsonToken found, JsonToken wanted,
            String source, String where, String rule) {
        if (found != wanted) {
            throw error(source, parser.currentTokenLocation(), where, rule + ", found "
                    + (found == null ? "the end of the file" : found.asString() == null
                    ? found.name() : found.asString()));
        }
    }

    private static AccessFileException error(String source, JsonLocation at, String where,
            String rule) {
        String place = at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
        return new AccessFileException(source + place + " " + where + ": " + rule);
    }

    /** The users as JSON, indented as stats-service's accesshelper writes them. */
    static byte[] format(List<AccessUser> users) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("    ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("    ", "\n"));
            json.setPrettyPrinter(pretty);
            json.writeStartArray();
            for (AccessUser user : users) {
                json.writeStartObject();
                json.writeStringField("id", user.id());
                json.writeStringField("username", user.username());
                json.writeStringField("name", user.name());
                json.writeArrayFieldStart("tokens");
                for (AccessUser.TokenPair pair : user.tokens()) {
                    json.writeStartObject();
                    json.writeStringField("access_token", pair.accessToken());
                    json.writeStringField("access_secret", pair.accessSecret());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** Replaces the file with these users: a 0600 file written, synced and renamed over it. */
    public static void write(Path file, List<AccessUser> users) {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".new");
        try {
            Files.deleteIfExists(temporary);
            try (FileChannel channel = FileChannel.open(temporary,
                    java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")))) {
                ByteBuffer bytes = ByteBuffer.wrap(format(users));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            throw new AccessFileException("cannot write " + file + ": " + temporary
                    + " appeared while writing; is another dkmadmin running?");
        } catch (IOException e) {
            throw new AccessFileException("cannot write " + file + ": " + e);
        }
    }
}
