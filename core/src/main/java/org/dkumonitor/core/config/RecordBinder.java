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
import org.dkumonitor.core.config.YamlNode.Kind;
import org.dkumonitor.core.config.YamlNode.Scalar;

/**
 * Binds a composed YAML node tree to a record type through its canonical constructor, so the
 * record's compact constructor applies defaults and rules. Keys are the component names (or
 * their {@link ConfigKey}); values may be text, whole numbers, numbers, booleans, enums (by name,
 * any case), lists, maps with text keys, and nested records.
 */
final class RecordBinder {

    private final String file;

    RecordBinder(String file) {
        this.file = file;
    }

    <T> T bind(YamlNode root, Class<T> type) {
        return type.cast(value(root, type, ""));
    }

    private Object value(YamlNode node, Type type, String path) {
        Class<?> raw = raw(type);
        if (node == null || ConfigMapping.isNull(node)) {
            if (raw.isPrimitive()) {
                throw invalid(node, path, "must be " + expected(raw) + ", found nothing");
            }
            return null;
        }
        if (raw.isRecord()) {
            return record(node, raw, path);
        }
        if (List.class.isAssignableFrom(raw)) {
            return list(node, argument(type, 0), path);
        }
        if (Map.class.isAssignableFrom(raw)) {
            return map(node, argument(type, 1), path);
        }
        if (!(node instanceof Scalar scalar)) {
            throw invalid(node, path, "must be " + expected(raw));
        }
        return scalar(scalar, raw, path);
    }

    private Object record(YamlNode node, Class<?> type, String path) {
        RecordComponent[] components = type.getRecordComponents();
        List<String> keys = new ArrayList<>(components.length);
        for (RecordComponent component : components) {
            keys.add(keyOf(component));
        }
        ConfigMapping mapping = ConfigMapping.of(file, node, path, keys);
        Object[] arguments = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            YamlNode value = mapping.node(keys.get(i));
            arguments[i] = value == null && components[i].getType().isPrimitive()
                    ? zero(components[i].getType())
                    : value(value, components[i].getGenericType(), mapping.path(keys.get(i)));
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(parameterTypes(components));
            constructor.setAccessible(true);
            return constructor.newInstance(arguments);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof InvalidValueException invalid) {
                throw mapping.located(invalid);
            }
            throw mapping.refused(String.valueOf(e.getCause().getMessage()), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build config record " + type.getName(), e);
        }
    }

    private List<Object> list(YamlNode node, Type element, String path) {
        if (!(node instanceof YamlNode.Sequence sequence)) {
            throw invalid(node, path, "must be a list");
        }
        List<Object> values = new ArrayList<>();
        List<YamlNode> items = sequence.items();
        for (int i = 0; i < items.size(); i++) {
            values.add(value(items.get(i), element, path + "[" + i + "]"));
        }
        return Collections.unmodifiableList(values);
    }

    /** A map's keys are free: any plain word, each once. */
    private Map<String, Object> map(YamlNode node, Type valueType, String path) {
        if (!(node instanceof YamlNode.Mapping mapping)) {
            throw invalid(node, path, "must be " + expected(Map.class));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (YamlNode.Entry entry : mapping.entries()) {
            if (!(entry.key() instanceof Scalar key)) {
                throw invalid(entry.key(), path, "keys must be plain words");
            }
            String name = key.value();
            String keyPath = path.isEmpty() ? name : path + "." + name;
            if (values.containsKey(name)) {
                throw invalid(key, keyPath, "given twice; keep one");
            }
            values.put(name, value(entry.value(), valueType, keyPath));
        }
        return Collections.unmodifiableMap(values);
    }

    private Object scalar(Scalar node, Class<?> type, String path) {
        String text = node.value();
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
                return Integer.parseInt(ConfigMapping.digits(node));
            }
            if (type == Long.class || type == long.class) {
                return Long.parseLong(ConfigMapping.digits(node));
            }
            if (type == Double.class || type == double.class) {
                return Double.parseDouble(ConfigMapping.digits(node));
            }
        } catch (NumberFormatException e) {
            throw invalid(node, path, "must be " + expected(type) + ", found '" + text + "'");
        }
        if (type == Boolean.class || type == boolean.class) {
            if (node.kind() == Kind.BOOL) {
                String word = text.toLowerCase(Locale.ROOT);
                return word.equals("true") || word.equals("yes") || word.equals("on");
            }
            throw invalid(node, path, "must be true or false, found '" + text + "'");
        }
        throw invalid(node, path, "must be " + expected(type));
    }

    private ConfigException invalid(YamlNode node, String path, String rule) {
        return ConfigMapping.error(file, node.start(), path, rule);
    }

    private static String keyOf(RecordComponent component) {
        ConfigKey key = component.getAnnotation(ConfigKey.class);
        return key == null ? component.getName() : key.value();
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
