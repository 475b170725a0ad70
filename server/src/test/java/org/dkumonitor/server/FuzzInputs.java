package org.dkumonitor.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Seeded inputs for the parse-or-throw tests: valid samples with a few random edits (most of a
 * parser's paths are reached only by input that is nearly right), or noise. A {@link Tally}
 * counts what the parser made of them and fails a run where too few parsed or too few were
 * refused: a generator of pure garbage, or of valid input only, tests one path.
 */
public final class FuzzInputs {

    private FuzzInputs() {
    }

    /** One of the samples with one to three characters inserted, deleted or replaced. */
    public static String mutate(List<String> samples, Random random, String alphabet) {
        byte[] bytes = mutate(samples.get(random.nextInt(samples.size()))
                .getBytes(StandardCharsets.ISO_8859_1), random,
                alphabet.getBytes(StandardCharsets.ISO_8859_1));
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** The bytes with one to three bytes inserted, deleted or replaced, from the alphabet. */
    public static byte[] mutate(byte[] valid, Random random, byte[] alphabet) {
        byte[] out = valid;
        for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
            int at = out.length == 0 ? 0 : random.nextInt(out.length);
            byte b = alphabet[random.nextInt(alphabet.length)];
            byte[] next;
            switch (random.nextInt(3)) {
                case 0 -> {
                    next = new byte[out.length + 1];
                    System.arraycopy(out, 0, next, 0, at);
                    next[at] = b;
                    System.arraycopy(out, at, next, at + 1, out.length - at);
                }
                case 1 -> {
                    if (out.length == 0) {
                        continue;
                    }
                    next = new byte[out.length - 1];
                    System.arraycopy(out, 0, next, 0, at);
                    System.arraycopy(out, at + 1, next, at, out.length - at - 1);
                }
                default -> {
                    if (out.length == 0) {
                        continue;
                    }
                    next = out.clone();
                    next[at] = b;
                }
            }
            out = next;
        }
        return out;
    }

    /** Text of up to {@code maxLength} characters from the alphabet. */
    public static String noise(Random random, String alphabet, int maxLength) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /** How many inputs parsed and how many were refused. */
    public static final class Tally {

        private int parsed;
        private int refused;

        public void parsed() {
            parsed++;
        }

        public void refused() {
            refused++;
        }

        /** Fails unless at least {@code share} of the inputs parsed and as many were refused. */
        public void assertMixed(double share) {
            int total = parsed + refused;
            assertTrue(parsed >= share * total, "only " + parsed + " of " + total
                    + " inputs parsed: the generator tests the error paths only");
            assertTrue(refused >= share * total, "only " + refused + " of " + total
                    + " inputs were refused: the generator tests valid input only");
        }

        @Override
        public String toString() {
            return parsed + " parsed, " + refused + " refused";
        }
    }
}
