package org.dkumonitor.installer;

import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/** Random passwords and keys for the generated configuration; tests seed their own. */
public final class Secrets {

    private static final String ALPHABET =
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    /** 24 characters of a 57-letter alphabet: about 140 bits. */
    static final int LENGTH = 24;

    private final RandomGenerator random;

    Secrets(RandomGenerator random) {
        this.random = random;
    }

    public static Secrets secure() {
        return new Secrets(new SecureRandom());
    }

    public String next() {
        StringBuilder token = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            token.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return token.toString();
    }
}
