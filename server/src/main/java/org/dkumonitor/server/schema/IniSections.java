package org.dkumonitor.server.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dkumonitor.core.config.ConfigException;

/**
 * Reads carbon's INI-style files (storage-schemas.conf, storage-aggregation.conf): {@code [name]}
 * sections of {@code key = value} lines, keys case-insensitive, whole-line comments starting with
 * {@code #} or {@code ;}. Sections keep file order, because the first matching one wins.
 */
final class IniSections {

    /** One section with the line each key was found on, for error messages. */
    record Section(String name, int line, Map<String, String> values, Map<String, Integer> lines) {
    }

    private IniSections() {
    }

    static List<Section> parse(String fileName, String text) {
        List<Section> sections = new ArrayList<>();
        String name = null;
        int sectionLine = 0;
        Map<String, String> values = null;
        Map<String, Integer> lines = null;
        String[] rows = text.split("\r?\n", -1);
        for (int i = 0; i < rows.length; i++) {
            String row = rows[i].strip();
            int lineNumber = i + 1;
            if (row.isEmpty() || row.startsWith("#") || row.startsWith(";")) {
                continue;
            }
            if (row.startsWith("[")) {
                if (!row.endsWith("]") || row.length() < 3) {
                    throw new ConfigException(fileName + ":" + lineNumber + " '" + row
                            + "': a section header must be [name]");
                }
                if (name != null) {
                    sections.add(new Section(name, sectionLine, values, lines));
                }
                name = row.substring(1, row.length() - 1).strip();
                sectionLine = lineNumber;
                values = new LinkedHashMap<>();
                lines = new LinkedHashMap<>();
                continue;
            }
            int equals = row.indexOf('=');
            if (equals < 0) {
                throw new ConfigException(fileName + ":" + lineNumber + " '" + row
                        + "': expected key = value");
            }
            if (name == null) {
                throw new ConfigException(fileName + ":" + lineNumber + " '" + row
                        + "': key outside of any [section]");
            }
            String key = row.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            values.put(key, row.substring(equals + 1).strip());
            lines.put(key, lineNumber);
        }
        if (name != null) {
            sections.add(new Section(name, sectionLine, values, lines));
        }
        return sections;
    }
}
