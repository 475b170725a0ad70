package org.dkumonitor.installer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of the templates module, rendered: every {@code {{NAME}}} is replaced by its value.
 * A placeholder without a value is a bug in the installer, never left in a user's file.
 */
final class Templates {

    private static final String ROOT = "org/dkumonitor/templates/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z_]+)}}");

    private Templates() {
    }

    static String render(String template, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(read(template));
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException("template " + template + " uses {{"
                        + matcher.group(1) + "}}, which the installer does not set");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    static String read(String template) {
        try (InputStream in = Templates.class.getClassLoader()
                .getResourceAsStream(ROOT + template)) {
            if (in == null) {
                throw new IllegalStateException("template " + template + " is not in the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
