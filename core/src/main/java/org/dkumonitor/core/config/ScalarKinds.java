package org.dkumonitor.core.config;

import java.util.regex.Pattern;

/**
 * The kind YAML 1.1 gives a plain (unquoted) scalar, as SnakeYAML's resolver gives it, so that
 * both readers of {@link YamlNode} agree on what {@code 1_000}, {@code yes} or {@code ~} is.
 */
final class ScalarKinds {

    private static final Pattern BOOL = Pattern.compile(
            "yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF");
    private static final Pattern INT = Pattern.compile("[-+]?0b_*[01][01_]*"
            + "|[-+]?0_*[0-7][0-7_]*|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x_*[0-9a-fA-F][0-9a-fA-F_]*"
            + "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+");
    private static final Pattern FLOAT = Pattern.compile(
            "[-+]?[0-9][0-9_]*\\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
            + "|[-+]?\\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
            + "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)");

    private ScalarKinds() {
    }

    static YamlNode.Kind ofPlain(String value) {
        if (value.isEmpty() || value.equals("~") || value.equals("null") || value.equals("Null")
                || value.equals("NULL")) {
            return YamlNode.Kind.NULL;
        }
        char first = value.charAt(0);
        boolean numeric = first == '-' || first == '+' || first == '.'
                || (first >= '0' && first <= '9');
        if (!numeric) {
            return BOOL.matcher(value).matches() ? YamlNode.Kind.BOOL : YamlNode.Kind.TEXT;
        }
        if (INT.matcher(value).matches()) {
            return YamlNode.Kind.INT;
        }
        return FLOAT.matcher(value).matches() ? YamlNode.Kind.FLOAT : YamlNode.Kind.TEXT;
    }
}
