package org.dkumonitor.server.pickle;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For tests: reads the pickles graphite-web's peers exchange, class instances included, which
 * the receivers' {@link PickleDecoder} rightly refuses. An instance becomes a {@link Instance}
 * naming its class, with the attributes BUILD gave it; nothing is ever run. Protocols 2 to 5,
 * the opcodes Python's pickler writes for lists, dicts, tuples, str, bool, int, float, None and
 * plain objects.
 */
public final class PickledObjects {

    /** A class named by GLOBAL or STACK_GLOBAL. */
    public record PyClass(String module, String name) {
    }

    /** An instance made by NEWOBJ, its attributes set by BUILD. */
    public record Instance(PyClass type, Map<String, Object> attributes) {
    }

    private static final Object MARK = new Object();
    private final ByteBuffer in;
    private final List<Object> stack = new ArrayList<>();
    private final Map<Integer, Object> memo = new HashMap<>();

    private PickledObjects(byte[] bytes) {
        in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    public static Object read(byte[] bytes) {
        return new PickledObjects(bytes).run();
    }

    @SuppressWarnings("unchecked")
    private Object run() {
        while (true) {
            int op = in.get() & 0xFF;
            switch (op) {
                case 0x80 -> in.get();
                case 0x95 -> in.getLong();
                case '.' -> {
                    return pop();
                }
                case '(' -> stack.add(MARK);
                case ']' -> stack.add(new ArrayList<>());
                case '}' -> stack.add(new LinkedHashMap<>());
                case ')' -> stack.add(List.of());
                case 'a' -> {
                    Object item = pop();
                    ((List<Object>) peek()).add(item);
                }
                case 'e' -> {
                    List<Object> items = popMark();
                    ((List<Object>) peek()).addAll(items);
                }
                case 'u' -> {
                    List<Object> items = popMark();
                    Map<Object, Object> dict = (Map<Object, Object>) peek();
                    for (int i = 0; i < items.size(); i += 2) {
                        dict.put(items.get(i), items.get(i + 1));
                    }
                }
                case 's' -> {
                    Object value = pop();
                    Object key = pop();
                    ((Map<Object, Object>) peek()).put(key, value);
                }
                case 't' -> stack.add(List.copyOf(popMark()));
                case 0x85 -> stack.add(Arrays.asList(pop()));
                case 0x86 -> {
                    Object b = pop();
                    stack.add(Arrays.asList(pop(), b));
                }
                case 0x87 -> {
                    Object c = pop();
                    Object b = pop();
                    stack.add(Arrays.asList(pop(), b, c));
                }
                case 'N' -> stack.add(null);
                case 0x88 -> stack.add(Boolean.TRUE);
                case 0x89 -> stack.add(Boolean.FALSE);
                case 'J' -> stack.add((long) in.getInt());
                case 'K' -> stack.add((long) (in.get() & 0xFF));
                case 'M' -> stack.add((long) (in.getShort() & 0xFFFF));
                case 'G' -> stack.add(Double.longBitsToDouble(Long.reverseBytes(in.getLong())));
                case 'X' -> stack.add(utf8(in.getInt()));
                case 0x8c -> stack.add(utf8(in.get() & 0xFF));
                case 0x94 -> memo.put(memo.size(), peek());
                case 'q' -> memo.put(in.get() & 0xFF, peek());
                case 'r' -> memo.put(in.getInt(), peek());
                case 'h' -> stack.add(memo.get(in.get() & 0xFF));
                case 'j' -> stack.add(memo.get(in.getInt()));
                case 'c' -> stack.add(new PyClass(line(), line()));
                case 0x93 -> {
                    String name = (String) pop();
                    stack.add(new PyClass((String) pop(), name));
                }
                case 0x81 -> {
                    pop(); // the arguments: () for a plain object
                    stack.add(new Instance((PyClass) pop(), new LinkedHashMap<>()));
                }
                case 'b' -> {
                    Map<String, Object> state = (Map<String, Object>) pop();
                    ((Instance) peek()).attributes().putAll(state);
                }
                default -> throw new IllegalArgumentException("opcode 0x"
                        + Integer.toHexString(op) + " at " + (in.position() - 1));
            }
        }
    }

    private Object pop() {
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() {
        int mark = stack.lastIndexOf(MARK);
        List<Object> items = new ArrayList<>(stack.subList(mark + 1, stack.size()));
        stack.subList(mark, stack.size()).clear();
        return items;
    }

    private String utf8(int length) {
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private String line() {
        StringBuilder out = new StringBuilder();
        byte b;
        while ((b = in.get()) != '\n') {
            out.append((char) b);
        }
        return out.toString();
    }
}
