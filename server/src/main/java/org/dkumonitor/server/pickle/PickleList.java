package org.dkumonitor.server.pickle;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * A Python list decoded by {@link PickleDecoder}. While it holds only floats and None (the
 * values of a rendered series: hundreds of thousands in a front end's answer) they are kept in a
 * {@code double[]}, unboxed, None as a NaN of its own bit pattern; the first other value turns
 * it into an ordinary list of objects. Either way it reads as a {@link List} of Double and null.
 */
public final class PickleList extends AbstractList<Object> implements RandomAccess {

    /** None among the doubles: a NaN payload no arithmetic produces. */
    private static final long NONE = 0x7ff8_0000_0000_0badL;

    private double[] doubles = new double[8];
    private List<Object> objects;
    private int size;

    @Override
    public Object get(int index) {
        if (objects != null) {
            return objects.get(index);
        }
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        double value = doubles[index];
        return Double.doubleToRawLongBits(value) == NONE ? null : value;
    }

    @Override
    public int size() {
        return objects != null ? objects.size() : size;
    }

    @Override
    public boolean add(Object value) {
        if (objects != null) {
            return objects.add(value);
        }
        if (value != null && !(value instanceof Double)) {
            List<Object> inflated = new ArrayList<>(Math.max(10, size * 2));
            for (int i = 0; i < size; i++) {
                inflated.add(get(i));
            }
            objects = inflated;
            doubles = null;
            return objects.add(value);
        }
        if (size == doubles.length) {
            doubles = Arrays.copyOf(doubles, size * 2);
        }
        doubles[size++] = value == null ? Double.longBitsToDouble(NONE)
                : canonical((Double) value);
        modCount++;
        return true;
    }

    /** Room for {@code capacity} values without growing (a list of floats only). */
    void ensureCapacity(int capacity) {
        if (objects == null && capacity > doubles.length) {
            doubles = Arrays.copyOf(doubles, capacity);
        }
    }

    /** A float, as {@code add(Double)} would keep it, without the box: floats only. */
    void addDouble(double value) {
        if (size == doubles.length) {
            doubles = Arrays.copyOf(doubles, size * 2);
        }
        doubles[size++] = canonical(value);
        modCount++;
    }

    /** None, as {@code add(null)} would keep it: floats only. */
    void addNone() {
        if (size == doubles.length) {
            doubles = Arrays.copyOf(doubles, size * 2);
        }
        doubles[size++] = Double.longBitsToDouble(NONE);
        modCount++;
    }

    /** A NaN read from the pickle must not pass for None. */
    private static double canonical(double value) {
        return Double.isNaN(value) ? Double.NaN : value;
    }

    /** Whether every value is a float or None. */
    public boolean isFloats() {
        return objects == null;
    }

    /**
     * The values as doubles, None as NaN, handed over without a copy (a front end's answer
     * holds megabytes of them): only for a list of floats, which is empty afterwards.
     */
    public double[] takeDoubles() {
        if (objects != null) {
            throw new IllegalStateException("the list holds more than floats");
        }
        double[] out = size == doubles.length ? doubles : Arrays.copyOf(doubles, size);
        for (int i = 0; i < size; i++) {
            if (Double.doubleToRawLongBits(out[i]) == NONE) {
                out[i] = Double.NaN;
            }
        }
        doubles = new double[8];
        size = 0;
        modCount++;
        return out;
    }

    /** The values as doubles, None as NaN: only for a list of floats. */
    public double[] toDoubles() {
        if (objects != null) {
            throw new IllegalStateException("the list holds more than floats");
        }
        double[] out = Arrays.copyOf(doubles, size);
        for (int i = 0; i < size; i++) {
            if (Double.doubleToRawLongBits(out[i]) == NONE) {
                out[i] = Double.NaN;
            }
        }
        return out;
    }
}
