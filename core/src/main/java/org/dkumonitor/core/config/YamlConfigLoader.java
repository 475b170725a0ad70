package org.dkumonitor.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Binds a YAML file to an immutable config record, once, at start. Unknown keys are errors, and
 * every error names the file, line:column, the key path, the rule and the value found.
 */
public final class YamlConfigLoader {

    private static final ObjectMapper MAPPER = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private YamlConfigLoader() {
    }

    public static <T> T load(Path file, Class<T> type) {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": file not found; reinstall the configuration or"
                    + " restore it from a backup");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(file.getFileName().toString(), yaml, type);
    }

    /** Parses YAML text; {@code name} is what error messages call the file. */
    public static <T> T parse(String name, String yaml, Class<T> type) {
        try {
            T value = MAPPER.readValue(yaml, type);
            if (value == null) {
                throw new ConfigException(name + ": the file is empty");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new ConfigException(describe(name, yaml, e), e);
        }
    }

    private static String describe(String name, String yaml, JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            JsonLocation key = locate(yaml, path(unknown), false);
            return at(name, key == null ? unknown.getLocation() : key) + " " + path(unknown)
                    + ": unknown key; known keys are " + sorted(unknown.getKnownPropertyIds());
        }
        if (e instanceof ValueInstantiationException failed
                && failed.getCause() instanceof InvalidValueException invalid) {
            String key = join(path(failed), invalid.key());
            JsonLocation location = locate(yaml, key, true);
            return at(name, location == null ? failed.getLocation() : location) + " " + key + ": "
                    + invalid.rule() + ", found " + invalid.renderedValue();
        }
        if (e instanceof InvalidFormatException format) {
            return at(name, format.getLocation()) + " " + path(format) + ": must be "
                    + expected(format.getTargetType()) + ", found '" + format.getValue() + "'";
        }
        if (e instanceof MismatchedInputException mismatch) {
            return at(name, mismatch.getLocation()) + " " + path(mismatch) + ": must be "
                    + expected(mismatch.getTargetType());
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return at(name, mapping.getLocation()) + " " + path(mapping) + ": "
                    + mapping.getOriginalMessage();
        }
        return at(name, e.getLocation()) + " " + firstLine(e.getOriginalMessage());
    }

    private static String at(String name, JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return name + ":";
        }
        return name + ":" + location.getLineNr() + ":" + location.getColumnNr();
    }

    static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "(top level)" : path.toString();
    }

    private static String join(String parent, String key) {
        return parent.equals("(top level)") ? key : parent + "." + key;
    }

    /**
     * Finds where a dotted key path (with [i] indexes) is in the YAML text: its value with
     * {@code value}, else the key itself.
     */
    private static JsonLocation locate(String yaml, String keyPath, boolean value) {
        JsonPointer target = JsonPointer.compile(
                "/" + keyPath.replace("[", ".").replace("]", "").replace('.', '/'));
        try (JsonParser parser = MAPPER.getFactory().createParser(yaml)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME
                        && parser.getParsingContext().pathAsPointer().equals(target)) {
                    if (value) {
                        parser.nextToken();
                    }
                    return parser.currentTokenLocation();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "a value of another kind";
        }
        if (type == int.class || type == Integer.class || type == long.class
                || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a text";
        }
        if (type.isEnum()) {
            return "one of " + List.of(type.getEnumConstants()).stream().map(Object::toString)
                    .map(String::toLowerCase).toList();
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a mapping of keys to values";
    }

    private static String sorted(Collection<Object> keys) {
        return keys.stream().map(String::valueOf).sorted()
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
