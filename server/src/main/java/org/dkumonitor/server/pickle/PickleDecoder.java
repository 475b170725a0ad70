package org.dkumonitor.server.pickle;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes a Python pickle (protocols 0 to 5) into inert Java values without ever executing
 * anything: list and tuple become {@link List} (a list a {@link PickleList}, which keeps floats
 * unboxed; tuples unmodifiable), dict {@link Map}, str and
 * bytes {@link String}, int {@link Long} or {@link BigInteger}, float {@link Double}, bool
 * {@link Boolean}, None {@code null}.
 *
 * <p>Only opcodes that build plain data are accepted (the whitelist of the storage spec §3.3):
 * PROTO, FRAME, STOP, MARK, POP, POP_MARK, DUP, the list, tuple and dict builders, NONE, the
 * booleans, INT/BININT*, LONG/LONG1/LONG4, FLOAT/BINFLOAT, STRING/BINSTRING/SHORT_BINSTRING,
 * UNICODE/BINUNICODE/SHORT_BINUNICODE/BINUNICODE8, BINBYTES/SHORT_BINBYTES/BINBYTES8 and the
 * memo opcodes. GLOBAL, STACK_GLOBAL, REDUCE, INST, OBJ, NEWOBJ, BUILD, persistent ids, the
 * extension registry and anything unknown make the whole pickle fail. Every length is checked
 * against the bytes left before anything is allocated, so a frame cannot make us allocate more
 * than its own size; numbers written as text are capped at {@value #MAX_NUMBER_TEXT}
 * characters.
 *
 * <p>A caller may name classes whose instances it expects ({@link #decode(byte[], Set)}, e.g.
 * graphite-web's {@code graphite.intervals.IntervalSet} in a find answer): GLOBAL or
 * STACK_GLOBAL of such a class, NEWOBJ / NEWOBJ_EX of it without arguments and BUILD with a dict
 * make an inert {@link Map} of that dict plus {@value #CLASS_KEY} → the class name. Nothing is
 * ever instantiated; any other class still fails the pickle.
 *
 * <p>Structure is bounded too, before anything is built on it: containers nest at most
 * {@value #MAX_NESTING} deep; a container placed inside another can no longer be changed (so
 * no cycle can be built, and every shape is known when it is built; a real pickler finishes a
 * container before nesting it); a container may be shared (memo), but the structure written
 * out in full may hold at most four values per byte of the pickle (a few hundred bytes that
 * share one list in two, again and again, would describe billions); and dict keys must be
 * plain values (str, bytes, numbers, bool, None), as Python's hashable ones are. Nothing that
 * reads the result can be made to walk an exponential structure (its hash, its text).
 */
public final class PickleDecoder {

    /** The key naming the class of an object decoded as a map. */
    public static final String CLASS_KEY = "__class__";

    static final int MAX_NUMBER_TEXT = 64;
    /** Deeper than carbon's three levels (list, entry, point) by far; Python allows ~1000. */
    static final int MAX_NESTING = 32;
    private static final Object MARK = new Object();

    private final ByteBuffer in;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private final Set<String> allowedClasses;
    /** Each container built and its shape. */
    private final Map<Object, Shape> shapes = new IdentityHashMap<>();
    private final long maxExpanded;

    /** How deep a container nests, how many values it holds written out, and if frozen. */
    private static final class Shape {
        int depth = 1;
        long expanded = 1;
        boolean frozen;
    }

    /** A class named by GLOBAL, waiting for NEWOBJ. */
    private record ClassRef(String name) {
    }

    private PickleDecoder(byte[] bytes, int offset, int length, Set<String> allowedClasses) {
        this.in = ByteBuffer.wrap(bytes, offset, length).order(ByteOrder.LITTLE_ENDIAN);
        this.allowedClasses = allowedClasses;
        this.maxExpanded = 16 + 4L * length;
    }

    /** Decodes one whole pickle; bytes after STOP are an error. */
    public static Object decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    public static Object decode(byte[] bytes, int offset, int length) {
        return new PickleDecoder(bytes, offset, length, Set.of()).run();
    }

    /** Decodes a pickle that may hold instances of {@code allowedClasses} ({@code module.Name}). */
    public static Object decode(byte[] bytes, Set<String> allowedClasses) {
        return new PickleDecoder(bytes, 0, bytes.length, allowedClasses).run();
    }

    private Object run() {
        try {
            return decodeAll();
        } catch (java.nio.BufferUnderflowException e) {
            throw fail("ends inside an opcode");
        }
    }

    private Object decodeAll() {
        while (true) {
            if (!in.hasRemaining()) {
                throw fail("ends before STOP");
            }
            int position = in.position();
            int opcode = in.get() & 0xFF;
            switch (opcode) {
                case 0x80 -> { // PROTO
                    int version = u8();
                    if (version > 5) {
                        throw fail("protocol " + version + " is not 0..5");
                    }
                }
                case 0x95 -> bytes(8); // FRAME: a length hint only
                case '.' -> {
                    if (stack.size() != 1 || !marks.isEmpty()) {
                        throw fail("STOP with " + stack.size() + " values on the stack");
                    }
                    if (in.hasRemaining()) {
                        throw fail(in.remaining() + " bytes after STOP");
                    }
                    return stack.get(0);
                }
                case '(' -> {
                    if (!appendFloatRun()) {
                        marks.add(stack.size());
                        stack.add(MARK);
                    }
                }
                case '0' -> pop();
                case '1' -> popMark();
                case '2' -> push(peek());
                case ']' -> push(container(new PickleList(), List.of()));
                case 'l' -> {
                    List<Object> items = popMark();
                    PickleList list = container(new PickleList(), items);
                    list.addAll(items);
                    push(list);
                }
                case 'a' -> {
                    Object value = pop();
                    List<Object> list = list(peek());
                    nest(list, List.of(value));
                    list.add(value);
                }
                case 'e' -> appends();
                case ')' -> push(Collections.emptyList());
                case 't' -> push(tuple(popMark()));
                case 0x85 -> push(tuple(java.util.Arrays.asList(pop())));
                case 0x86 -> {
                    Object second = pop();
                    push(tuple(java.util.Arrays.asList(pop(), second)));
                }
                case 0x87 -> {
                    Object third = pop();
                    Object second = pop();
                    push(tuple(java.util.Arrays.asList(pop(), second, third)));
                }
                case '}' -> push(container(new LinkedHashMap<>(), List.of()));
                case 'd' -> {
                    List<Object> pairs = popMark();
                    Map<Object, Object> dict = container(new LinkedHashMap<>(), List.of());
                    putPairs(dict, pairs);
                    push(dict);
                }
                case 's' -> {
                    Object value = pop();
                    Object key = pop();
                    putPairs(dict(peek()), java.util.Arrays.asList(key, value));
                }
                case 'u' -> {
                    List<Object> pairs = popMark();
                    putPairs(dict(peek()), pairs);
                }
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'I' -> push(textInt(line()));
                case 'J' -> push((long) in.getInt());
                case 'K' -> push((long) u8());
                case 'M' -> push((long) (in.getShort() & 0xFFFF));
                case 'L' -> {
                    String text = line();
                    push(bigText(text.endsWith("L") ? text.substring(0, text.length() - 1)
                            : text));
                }
                case 0x8a -> push(littleEndianInt(bytes(u8())));
                case 0x8b -> push(littleEndianInt(bytes(length(in.getInt()))));
                case 'F' -> push(textFloat(line()));
                case 'G' -> push(Double.longBitsToDouble(Long.reverseBytes(in.getLong())));
                case 'S' -> push(quoted(line()));
                case 'T' -> push(latin1(bytes(length(in.getInt()))));
                case 'U' -> push(latin1(bytes(u8())));
                case 'V' -> push(rawUnicodeEscape(line()));
                case 'X' -> push(utf8(bytes(length(in.getInt()))));
                case 0x8c -> push(utf8(bytes(u8())));
                case 0x8d -> push(utf8(bytes(length(in.getLong()))));
                case 'B' -> push(latin1(bytes(length(in.getInt()))));
                case 'C' -> push(latin1(bytes(u8())));
                case 0x8e -> push(latin1(bytes(length(in.getLong()))));
                case 'p' -> memo.put(memoIndex(line()), peek());
                case 'q' -> memo.put((long) u8(), peek());
                case 'r' -> memo.put(Integer.toUnsignedLong(in.getInt()), peek());
                case 0x94 -> memo.put((long) memo.size(), peek());
                case 'g' -> push(memoGet(memoIndex(line())));
                case 'h' -> push(memoGet(u8()));
                case 'j' -> push(memoGet(Integer.toUnsignedLong(in.getInt())));
                case 'c' -> push(classRef(line(), line(), position));
                case 0x93 -> {
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw fail("STACK_GLOBAL of something that is not two strings");
                    }
                    push(classRef(m, n, position));
                }
                case 0x81 -> push(newObject(pop(), pop(), Map.of()));
                case 0x92 -> {
                    Object kwargs = pop();
                    push(newObject(pop(), pop(), kwargs));
                }
                case 'b' -> build(pop(), peek());
                default -> throw new PickleException("pickle opcode 0x"
                        + Integer.toHexString(opcode) + printable(opcode) + " at byte "
                        + position + " is not allowed: only plain data is accepted");
            }
        }
    }

    private ClassRef classRef(String module, String name, int position) {
        String full = module + "." + name;
        if (!allowedClasses.contains(full)) {
            throw new PickleException("pickle class " + full + " at byte " + position
                    + " is not allowed: only plain data" + (allowedClasses.isEmpty() ? ""
                    : " and " + allowedClasses) + " are accepted");
        }
        return new ClassRef(full);
    }

    /** NEWOBJ(_EX) of an allowed class, without arguments: an empty object map. */
    private Map<Object, Object> newObject(Object args, Object type, Object kwargs) {
        if (!(type instanceof ClassRef ref)) {
            throw fail("NEWOBJ of something that is not an allowed class");
        }
        if (!(args instanceof List<?> list) || !list.isEmpty()
                || !(kwargs instanceof Map<?, ?> map) || !map.isEmpty()) {
            throw fail("NEWOBJ of " + ref.name() + " with arguments");
        }
        Map<Object, Object> object = container(new LinkedHashMap<>(), List.of());
        object.put(CLASS_KEY, ref.name());
        return object;
    }

    /** BUILD: an object map takes the entries of its state dict. */
    private void build(Object state, Object object) {
        if (!(object instanceof Map<?, ?> target) || !target.containsKey(CLASS_KEY)
                || !(state instanceof Map<?, ?> entries)) {
            throw fail("BUILD of something that is not an object with a dict state");
        }
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            if (!(entry.getKey() instanceof String) || CLASS_KEY.equals(entry.getKey())) {
                throw fail("BUILD with a state key that is not a plain name");
            }
        }
        nest(object, new ArrayList<>(entries.values()));
        dict(object).putAll(dict(state));
    }

    private PickleException fail(String why) {
        return new PickleException("bad pickle at byte " + in.position() + ": " + why);
    }

    private static String printable(int opcode) {
        return opcode >= 0x21 && opcode < 0x7f ? " ('" + (char) opcode + "')" : "";
    }

    private void push(Object value) {
        stack.add(value);
    }

    private Object pop() {
        if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) {
            throw fail("pops an empty stack");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) {
            throw fail("needs a value on the stack");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) {
            throw fail("no MARK to pop to");
        }
        int mark = marks.remove(marks.size() - 1);
        List<Object> items = new ArrayList<>(stack.subList(mark + 1, stack.size()));
        stack.subList(mark, stack.size()).clear();
        return items;
    }

    /** APPENDS: the values above the mark go into the list below it, copied once. */
    private void appends() {
        if (marks.isEmpty()) {
            throw fail("no MARK to pop to");
        }
        int mark = marks.remove(marks.size() - 1);
        if (mark == 0) {
            throw fail("APPENDS without a list");
        }
        List<Object> values = stack.subList(mark + 1, stack.size());
        List<Object> list = list(stack.get(mark - 1));
        nest(list, values);
        list.addAll(values);
        stack.subList(mark, stack.size()).clear();
    }

    /**
     * The values of a rendered series, {@code MARK (BINFLOAT | NONE)... APPENDS} onto a list of
     * floats, read straight into the list's array: what the generic path would build, without
     * a boxed Double, a stack slot and a shape lookup per value (a front end's answer holds
     * hundreds of thousands). Called just after a MARK; false, with nothing read, when what
     * follows is anything else.
     */
    private boolean appendFloatRun() {
        if (stack.isEmpty() || !(stack.get(stack.size() - 1) instanceof PickleList list)
                || !list.isFloats()) {
            return false;
        }
        int start = in.position();
        int limit = in.limit();
        int at = start;
        int count = 0;
        while (at < limit) {
            byte opcode = in.get(at);
            if (opcode == 'G' && at + 9 <= limit) {
                at += 9;
            } else if (opcode == 'N') {
                at++;
            } else {
                break;
            }
            count++;
        }
        if (count == 0 || at >= limit || in.get(at) != 'e') {
            return false;
        }
        Shape shape = shapes.get(list);
        if (shape.frozen) {
            throw fail("changes a container already inside another (a cycle, which no carbon"
                    + " sender makes)");
        }
        shape.expanded += count;
        if (shape.expanded > maxExpanded) {
            throw fail("its shared containers would expand to over " + maxExpanded
                    + " values");
        }
        list.ensureCapacity(list.size() + count);
        for (int i = start; i < at; ) {
            if (in.get(i) == 'N') {
                list.addNone();
                i++;
            } else {
                list.addDouble(Double.longBitsToDouble(Long.reverseBytes(in.getLong(i + 1))));
                i += 9;
            }
        }
        in.position(at + 1);
        return true;
    }

    private List<Object> list(Object value) {
        if (value instanceof PickleList list) {
            return list;
        }
        throw fail("APPEND to something that is not a list");
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object value) {
        if (value instanceof LinkedHashMap<?, ?> map) {
            return (Map<Object, Object>) map;
        }
        throw fail("SETITEM on something that is not a dict");
    }

    private void putPairs(Map<Object, Object> dict, List<Object> pairs) {
        if (pairs.size() % 2 != 0) {
            throw fail("odd number of items for a dict");
        }
        for (int i = 0; i < pairs.size(); i += 2) {
            Object key = pairs.get(i);
            if (!(key == null || key instanceof String || key instanceof Long
                    || key instanceof BigInteger || key instanceof Double
                    || key instanceof Boolean)) {
                throw fail("a dict key must be a plain value, found a "
                        + key.getClass().getSimpleName());
            }
        }
        nest(dict, pairs);
        for (int i = 0; i < pairs.size(); i += 2) {
            dict.put(pairs.get(i), pairs.get(i + 1));
        }
    }

    private List<Object> tuple(List<Object> items) {
        return container(Collections.unmodifiableList(new ArrayList<>(items)), items);
    }

    /** Registers a new container holding {@code items}; returns it. */
    private <T> T container(T container, List<Object> items) {
        shapes.put(container, new Shape());
        nest(container, items);
        return container;
    }

    /**
     * Puts {@code items} inside {@code container}: refused when the container already sits
     * inside another (frozen), when an item is the container itself, or when the container
     * would nest deeper than {@value #MAX_NESTING} or expand past the bound; the containers
     * among the items are frozen.
     */
    private void nest(Object container, List<Object> items) {
        Shape shape = shapes.get(container);
        if (shape.frozen) {
            throw fail("changes a container already inside another (a cycle, which no carbon"
                    + " sender makes)");
        }
        for (Object item : items) {
            Shape inner = shapes.get(item);
            if (inner == null) {
                shape.expanded++;
            } else if (item == container) {
                throw fail("puts a container inside itself");
            } else {
                inner.frozen = true;
                shape.depth = Math.max(shape.depth, inner.depth + 1);
                shape.expanded += inner.expanded;
            }
            if (shape.depth > MAX_NESTING) {
                throw fail("containers nested deeper than " + MAX_NESTING);
            }
            if (shape.expanded > maxExpanded) {
                throw fail("its shared containers would expand to over " + maxExpanded
                        + " values");
            }
        }
    }

    private int u8() {
        need(1);
        return in.get() & 0xFF;
    }

    private int length(long length) {
        if (length < 0 || length > in.remaining()) {
            throw fail("length " + length + " exceeds the " + in.remaining() + " bytes left");
        }
        return (int) length;
    }

    private void need(int count) {
        if (in.remaining() < count) {
            throw fail("ends inside an opcode");
        }
    }

    private byte[] bytes(int count) {
        need(count);
        byte[] out = new byte[count];
        in.get(out);
        return out;
    }

    private String line() {
        int start = in.position();
        for (int i = start; i < in.limit(); i++) {
            if (in.get(i) == '\n') {
                byte[] out = new byte[i - start];
                in.get(out);
                in.get();
                return new String(out, StandardCharsets.ISO_8859_1);
            }
        }
        throw fail("text argument without its newline");
    }

    private long memoIndex(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw fail("memo index '" + text + "' is not a number");
        }
    }

    private Object memoGet(long index) {
        if (!memo.containsKey(index)) {
            throw fail("memo " + index + " was never stored");
        }
        return memo.get(index);
    }

    private Object textInt(String text) {
        if (text.equals("00")) {
            return Boolean.FALSE;
        }
        if (text.equals("01")) {
            return Boolean.TRUE;
        }
        return bigText(text);
    }

    private Object bigText(String text) {
        if (text.length() > MAX_NUMBER_TEXT) {
            throw fail("integer text of " + text.length() + " characters");
        }
        try {
            return narrow(new BigInteger(text.strip()));
        } catch (NumberFormatException e) {
            throw fail("'" + text + "' is not an integer");
        }
    }

    private double textFloat(String text) {
        if (text.length() > MAX_NUMBER_TEXT) {
            throw fail("float text of " + text.length() + " characters");
        }
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw fail("'" + text + "' is not a float");
        }
    }

    private Object littleEndianInt(byte[] bytes) {
        if (bytes.length > MAX_NUMBER_TEXT) {
            throw fail("integer of " + bytes.length + " bytes");
        }
        if (bytes.length == 0) {
            return 0L;
        }
        byte[] bigEndian = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            bigEndian[i] = bytes[bytes.length - 1 - i];
        }
        return narrow(new BigInteger(bigEndian));
    }

    private static Object narrow(BigInteger value) {
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A protocol-0 STRING argument: a Python repr in single or double quotes. */
    private String quoted(String text) {
        if (text.length() < 2 || text.charAt(0) != text.charAt(text.length() - 1)
                || (text.charAt(0) != '\'' && text.charAt(0) != '"')) {
            throw fail("STRING argument " + text + " is not quoted");
        }
        String body = text.substring(1, text.length() - 1);
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 == body.length()) {
                out.append(c);
                continue;
            }
            char next = body.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'x' -> {
                    out.append((char) hex(body, i + 1, 2));
                    i += 2;
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }

    /** A protocol-0 UNICODE argument: raw-unicode-escape (only backslash-u/U are escapes). */
    private String rawUnicodeEscape(String text) {
        byte[] raw = text.getBytes(StandardCharsets.ISO_8859_1);
        String latin = new String(raw, StandardCharsets.ISO_8859_1);
        StringBuilder out = new StringBuilder(latin.length());
        for (int i = 0; i < latin.length(); i++) {
            char c = latin.charAt(i);
            if (c == '\\' && i + 1 < latin.length()
                    && (latin.charAt(i + 1) == 'u' || latin.charAt(i + 1) == 'U')) {
                int digits = latin.charAt(i + 1) == 'u' ? 4 : 8;
                out.appendCodePoint(hex(latin, i + 2, digits));
                i += 1 + digits;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private int hex(String text, int from, int digits) {
        if (from + digits > text.length()) {
            throw fail("truncated escape in '" + text + "'");
        }
        try {
            int value = Integer.parseUnsignedInt(text.substring(from, from + digits), 16);
            if (!Character.isValidCodePoint(value)) {
                throw fail("escape beyond Unicode in '" + text + "'");
            }
            return value;
        } catch (NumberFormatException e) {
            throw fail("bad escape in '" + text + "'");
        }
    }
}
