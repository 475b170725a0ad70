package org.dkumonitor.server.events.access;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may post events: the users of one reading of access.json, and how a request's
 * {@code Authorization} header maps to one of them, as apiaccesstoken's middleware does it:
 * the token is looked up by its exact text, verified with the secret stored beside it, and the
 * identity in its payload is looked up first as a user id, then as a username, across all users.
 *
 * <p>Verification has a fixed "now", so its outcome for a token never changes while the table
 * lives: it is computed once per token and kept, and a request costs a map lookup.
 */
public final class AccessTable {

    private record Entry(AccessUser owner, String secret) {
    }

    /** A verified token's outcome: the user it names, or why it names none. */
    private record Outcome(AccessUser user, String refusal) {
    }

    private final List<AccessUser> users;
    private final Map<String, Entry> byToken = new HashMap<>();
    private final Map<String, AccessUser> byId = new HashMap<>();
    private final Map<String, AccessUser> byUsername = new HashMap<>();
    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    private final String source;

    public AccessTable(List<AccessUser> users, String source) {
        this.users = List.copyOf(users);
        this.source = source;
        for (AccessUser user : this.users) {
            byId.putIfAbsent(user.id(), user);
            byUsername.putIfAbsent(user.username(), user);
            for (AccessUser.TokenPair pair : user.tokens()) {
                byToken.putIfAbsent(pair.accessToken(), new Entry(user, pair.accessSecret()));
            }
        }
    }

    public List<AccessUser> users() {
        return users;
    }

    /**
     * The user an {@code Authorization} header value authenticates.
     *
     * @throws AccessDeniedException saying why not
     */
    public AccessUser authenticate(String authorization) {
        if (authorization == null) {
            throw new AccessDeniedException("no Authorization header: send 'Authorization:"
                    + " Token <access token>'" + mintHint());
        }
        String token = AccessToken.fromHeader(authorization);
        Entry entry = byToken.get(token);
        if (entry == null) {
            throw new AccessDeniedException((token.isEmpty() ? "empty token"
                    : "unknown token (not in " + source + ")") + mintHint());
        }
        Outcome outcome = outcomes.computeIfAbsent(token, t -> verify(t, entry));
        if (outcome.user == null) {
            throw new AccessDeniedException(outcome.refusal);
        }
        return outcome.user;
    }

    private String mintHint() {
        return users.isEmpty() ? "; " + source + " holds no tokens yet: make one with"
                + " DATA_DIR/bin/dkmadmin events token create --identity NAME" : "";
    }

    private Outcome verify(String token, Entry entry) {
        String identity;
        try {
            identity = AccessToken.identity(token, AccessToken.signingKey(entry.secret));
        } catch (TokenException e) {
            return new Outcome(null, e.getMessage());
        }
        AccessUser user = byId.get(identity);
        if (user == null) {
            user = byUsername.get(identity);
        }
        if (user == null) {
            return new Outcome(null, "the token's identity is neither the id nor the username"
                    + " of a user in " + source);
        }
        return new Outcome(user, null);
    }
}
