package org.dkumonitor.server.pickle;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes Python pickle opcodes of protocol 2, which every unpickler since Python 2.3 reads:
 * the values graphite-web's peers send each other (lists, dicts, str, bool, float, tuples) and
 * instances of a named class rebuilt from their attributes ({@link #object}), as Python pickles
 * a plain object at protocol 2. Nothing is memoised: each value is written where it appears,
 * which unpicklers accept and which keeps the writer free of state.
 */
public final class PickleWriter {

    private static final int PROTO = 0x80;
    private static final int STOP = '.';
    private static final int MARK = '(';
    private static final int EMPTY_LIST = ']';
    private static final int APPENDS = 'e';
    private static final int EMPTY_DICT = '}';
    private static final int SETITEMS = 'u';
    private static final int EMPTY_TUPLE = ')';
    private static final int TUPLE2 = 0x86;
    private static final int BINUNICODE = 'X';
    private static final int BINFLOAT = 'G';
    private static final int NEWTRUE = 0x88;
    private static final int NEWFALSE = 0x89;
    private static final int GLOBAL = 'c';
    private static final int NEWOBJ = 0x81;
    private static final int BUILD = 'b';

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Starts a pickle of protocol 2. */
    public PickleWriter() {
        out.write(PROTO);
        out.write(2);
    }

    /** Ends the pickle and returns its bytes. */
    public byte[] finish() {
        out.write(STOP);
        return out.toByteArray();
    }

    /** Opens a list; its items follow, then {@link #endList}. */
    public PickleWriter startList() {
        out.write(EMPTY_LIST);
        out.write(MARK);
        return this;
    }

    public PickleWriter endList() {
        out.write(APPENDS);
        return this;
    }

    /** Opens a dict; keys and values follow in turn, then {@link #endDict}. */
    public PickleWriter startDict() {
        out.write(EMPTY_DICT);
        out.write(MARK);
        return this;
    }

    public PickleWriter endDict() {
        out.write(SETITEMS);
        return this;
    }

    /**
     * Opens an instance of {@code module.name} made without arguments; a dict of its
     * attributes follows ({@link #startDict} .. {@link #endDict}), then {@link #endObject}.
     */
    public PickleWriter object(String module, String name) {
        out.write(GLOBAL);
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
        out.write(EMPTY_TUPLE);
        out.write(NEWOBJ);
        return this;
    }

    /** Sets the attributes given since {@link #object}. */
    public PickleWriter endObject() {
        out.write(BUILD);
        return this;
    }

    public PickleWriter string(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(BINUNICODE);
        out.write(bytes.length & 0xFF);
        out.write(bytes.length >>> 8 & 0xFF);
        out.write(bytes.length >>> 16 & 0xFF);
        out.write(bytes.length >>> 24 & 0xFF);
        out.writeBytes(bytes);
        return this;
    }

    public PickleWriter bool(boolean value) {
        out.write(value ? NEWTRUE : NEWFALSE);
        return this;
    }

    public PickleWriter number(double value) {
        long bits = Double.doubleToLongBits(value);
        out.write(BINFLOAT);
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (bits >>> shift) & 0xFF);
        }
        return this;
    }

    /** A tuple of the two values written just before. */
    public PickleWriter tuple2() {
        out.write(TUPLE2);
        return this;
    }
}
