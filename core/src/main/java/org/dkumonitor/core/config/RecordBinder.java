package org.dkumonitor.core.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Binds a composed YAML node tree to a record type through its canonical constructor, so the
 * record's compact constructor applies defaults and rules. Keys are the component names (or
 * their {@link ConfigKey}); values may be text, whole numbers, numbers, booleans, enums (by name,
 * any case), lists, maps with text keys, and nested records.
 */
final class RecordBinder {

    private static final String TOP = "(top level)";

    private final String file;

    RecordBinder(String file) {
        this.file = file;
    }

    <T> T bind(Node root, Class<T> type) {
        return type.cast(value(root, type, ""));
    }

    private Object value(Node node, Type type, String path) {
        Class<?> raw = raw(type);
        if (isNull(node)) {
            if (raw.isPrimitive()) {
                throw invalid(node, path, "must be " + expected(raw) + ", found nothing");
            }
            return null;
        }
        if (raw.isRecord()) {
            return record(mapping(node, path, raw), raw, path);
        }
        if (List.class.isAssignableFrom(raw)) {
            return list(node, argument(type, 0), path);
        }
        if (Map.class.isAssignableFrom(raw)) {
            return map(mapping(node, path, raw), argument(type, 1), path);
        }
        if (!(node instanceof ScalarNode scalar)) {
            throw invalid(node, path, "must be " + expected(raw));
        }
        return scalar(scalar, raw, path);
    }

    private Object record(MappingNode node, Class<?> type, String path) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] arguments = new Object[components.length];
        Node[] valueNodes = new Node[components.length];
        for (NodeTuple tuple : node.getValue()) {
            String key = keyText(tuple.getKeyNode(), path);
            int index = componentIndex(components, key);
            if (index < 0) {
                throw invalid(tuple.getKeyNode(), join(path, key),
                        "unknown key; known keys are " + keys(components));
            }
            if (valueNodes[index] != null) {
                throw duplicate(tuple.getKeyNode(), join(path, key));
            }
            valueNodes[index] = tuple.getValueNode();
            arguments[index] = value(tuple.getValueNode(), components[index].getGenericType(),
                    join(path, key));
        }
        for (int i = 0; i < components.length; i++) {
            if (valueNodes[i] == null && components[i].getType().isPrimitive()) {
                arguments[i] = zero(components[i].getType());
            }
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(parameterTypes(components));
            constructor.setAccessible(true);
            return constructor.newInstance(arguments);
        } catch (InvocationTargetException e) {
            throw refused(e.getCause(), node, components, valueNodes, path);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build config record " + type.getName(), e);
        }
    }

    private ConfigException refused(Throwable cause, MappingNode node,
            RecordComponent[] components, Node[] valueNodes, String path) {
        if (cause instanceof InvalidValueException invalid) {
            // the value that broke the rule, or where a missing key would go: the mapping's end
            int index = componentIndex(components, invalid.key());
            Mark at = index >= 0 && valueNodes[index] != null
                    ? valueNodes[index].getStartMark() : node.getEndMark();
            return new ConfigException(at(file, at) + " "
                    + join(path, invalid.key()) + ": " + invalid.rule() + ", found "
                    + invalid.renderedValue(), invalid);
        }
        String message = cause == null ? "invalid value" : String.valueOf(cause.getMessage());
        return new ConfigException(at(file, node.getStartMark()) + " " + shown(path) + ": "
                + message, cause);
    }

    private List<Object> list(Node node, Type element, String path) {
        if (!(node instanceof SequenceNode sequence)) {
            throw invalid(node, path, "must be a list");
        }
        List<Object> values = new ArrayList<>();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            values.add(value(items.get(i), element, path + "[" + i + "]"));
        }
        return Collections.unmodifiableList(values);
    }

    private Map<String, Object> map(MappingNode node, Type valueType, String path) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (NodeTuple tuple : node.getValue()) {
            String key = keyText(tuple.getKeyNode(), path);
            if (values.containsKey(key)) {
                throw duplicate(tuple.getKeyNode(), join(path, key));
            }
            values.put(key, value(tuple.getValueNode(), valueType, join(path, key)));
        }
        return Collections.unmodifiableMap(values);
    }

    private Object scalar(ScalarNode node, Class<?> type, String path) {
        String text = node.getValue();
        if (type == String.class || type == Object.class) {
            return text;
        }
        if (type.isEnum()) {
            for (Object constant : type.getEnumConstants()) {
                if (((Enum<?>) constant).name().equalsIgnoreCase(text.strip())) {
                    return constant;
                }
            }
            throw invalid(node, path, "must be " + expected(type) + ", found '" + text + "'");
        }
        try {
            if (type == Integer.class || type == int.class) {
                return Integer.parseInt(number(node));
            }
            if (type == Long.class || type == long.class) {
                return Long.parseLong(number(node));
            }
            if (type == Double.class || type == double.class) {
                return Double.parseDouble(number(node));
            }
        } catch (NumberFormatException e) {
            throw invalid(node, path, "must be " + expected(type) + ", found '" + text + "'");
        }
        if (type == Boolean.class || type == boolean.class) {
            if (node.getTag().equals(Tag.BOOL)) {
                String word = text.toLowerCase(Locale.ROOT);
                return word.equals("true") || word.equals("yes") || word.equals("on");
            }
            throw invalid(node, path, "must be true or false, found '" + text + "'");
        }
        throw invalid(node, path, "must be " + expected(type));
    }

    /** YAML allows 1_000; Java's parsers do not. */
    private static String number(ScalarNode node) {
        String text = node.getValue().strip();
        return node.getTag().equals(Tag.INT) || node.getTag().equals(Tag.FLOAT)
                ? text.replace("_", "") : text;
    }

    private MappingNode mapping(Node node, String path, Class<?> type) {
        if (node instanceof MappingNode mapping) {
            return mapping;
        }
        throw invalid(node, path, "must be " + expected(type));
    }

    private String keyText(Node key, String path) {
        if (key instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        throw invalid(key, path, "keys must be plain words");
    }

    private ConfigException duplicate(Node key, String path) {
        return invalid(key, path, "given twice; keep one");
    }

    private ConfigException invalid(Node node, String path, String rule) {
        return new ConfigException(at(file, node.getStartMark()) + " " + shown(path) + ": "
                + rule);
    }

    static String at(String file, Mark mark) {
        if (mark == null) {
            return file + ":";
        }
        return file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    }

    private static boolean isNull(Node node) {
        return node == null || node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    private static int componentIndex(RecordComponent[] components, String key) {
        for (int i = 0; i < components.length; i++) {
            if (keyOf(components[i]).equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private static String keyOf(RecordComponent component) {
        ConfigKey key = component.getAnnotation(ConfigKey.class);
        return key == null ? component.getName() : key.value();
    }

    private static String keys(RecordComponent[] components) {
        TreeSet<String> keys = new TreeSet<>();
        for (RecordComponent component : components) {
            keys.add(keyOf(component));
        }
        return keys.toString();
    }

    private static Class<?>[] parameterTypes(RecordComponent[] components) {
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        return types;
    }

    private static Object zero(Class<?> primitive) {
        if (primitive == boolean.class) {
            return false;
        }
        if (primitive == long.class) {
            return 0L;
        }
        if (primitive == double.class) {
            return 0.0;
        }
        return 0;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> raw) {
            return raw;
        }
        if (type instanceof ParameterizedType parameterized) {
            return (Class<?>) parameterized.getRawType();
        }
        return Object.class;
    }

    private static Type argument(Type type, int index) {
        if (type instanceof ParameterizedType parameterized
                && parameterized.getActualTypeArguments().length > index) {
            return parameterized.getActualTypeArguments()[index];
        }
        return String.class;
    }

    private static String join(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    private static String shown(String path) {
        return path.isEmpty() ? TOP : path;
    }

    private static String expected(Class<?> type) {
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
            List<String> names = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                names.add(((Enum<?>) constant).name().toLowerCase(Locale.ROOT));
            }
            return "one of " + names;
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a mapping of keys to values";
    }
}
