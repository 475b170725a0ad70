package org.dkumonitor.server.events.access;

import java.util.List;
import java.util.Objects;

/**
 * One user of stats-service's {@code access.json}: an id ({@code user_<hex>}), a username, a
 * display name and the token pairs it holds.
 */
public record AccessUser(String id, String username, String name, List<TokenPair> tokens) {

    public AccessUser {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        name = name == null ? "" : name;
        tokens = List.copyOf(tokens);
    }

    /** An access token and the secret that signs it. */
    public record TokenPair(String accessToken, String accessSecret) {

        public TokenPair {
            Objects.requireNonNull(accessToken, "accessToken");
            Objects.requireNonNull(accessSecret, "accessSecret");
        }

        /** A short name for the token that tells nothing about it: for lists and logs. */
        public String fingerprint() {
            try {
                byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                        .digest(accessToken.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return java.util.HexFormat.of().formatHex(digest, 0, 6);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The same user with other tokens. */
    public AccessUser withTokens(List<TokenPair> replaced) {
        return new AccessUser(id, username, name, replaced);
    }
}
