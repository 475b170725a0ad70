package org.dkumonitor.installer.admin;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.random.RandomGenerator;
import org.dkumonitor.core.DkmException;
import org.dkumonitor.core.layout.DataDir;
import org.dkumonitor.server.events.access.AccessFile;
import org.dkumonitor.server.events.access.AccessToken;
import org.dkumonitor.server.events.access.AccessUser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dkmadmin events token create|list|revoke}: the tokens of the event log API, in
 * conf/access.json (stats-service's format, written 0600). A token is minted as apiaccesstoken
 * mints it, for the user's username, with the user's secret (128 hex characters, drawn when the
 * user has none), and printed once; lists show a fingerprint, never a token. The server rereads
 * the file within a second.
 */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "The event log (stats-service's API on PORT+6).",
        subcommands = {EventTokenCommands.Token.class})
final class EventTokenCommands {

    private EventTokenCommands() {
    }

    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "Access tokens of the event log API, in conf/access.json.",
            subcommands = {Create.class, ListTokens.class, Revoke.class})
    static final class Token {
    }

    /** Where access.json is: the install's, or the one given (tests, other layouts). */
    static final class Where {
        @Option(names = "--access-file", paramLabel = "FILE",
                description = "The access file (default: DATA_DIR/conf/access.json).")
        Path file;

        Path file() {
            if (file != null) {
                return file;
            }
            return new DataDir(Path.of(DkmAdminCommand.required("DKM_DATA_DIR")))
                    .confFile("access.json");
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Mints a token for NAME (a new user unless one has that username or"
                    + " id) and prints it once. Clients send it as 'Authorization: Token <t>'.",
                    "Exit codes: 0 created; 1 the access file cannot be read or written."})
    static final class Create implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @picocli.CommandLine.Mixin
        private Where where = new Where();
        @Option(names = "--identity", required = true, paramLabel = "NAME",
                description = "The user's username (letters, digits, '.', '_', '@' or '-').")
        private String identity;
        @Option(names = "--name", paramLabel = "TEXT", description = "The user's display name.")
        private String displayName;

        private final RandomGenerator random;

        Create() {
            this(new SecureRandom());
        }

        Create(RandomGenerator random) {
            this.random = random;
        }

        @Override
        public Integer call() {
            if (!identity.matches("[A-Za-z0-9._@-]{1,100}")) {
                throw new DkmException("--identity '" + identity + "': use 1..100 letters,"
                        + " digits, '.', '_', '@' or '-'");
            }
            Path file = where.file();
            List<AccessUser> users = new ArrayList<>(AccessFile.read(file));
            int at = indexOf(users, identity);
            AccessUser user = at >= 0 ? users.get(at) : new AccessUser("user_"
                    + UUID.randomUUID().toString().replace("-", ""), identity,
                    displayName == null ? identity : displayName, List.of());
            String secret = user.tokens().isEmpty() ? hex(64) : user.tokens().getFirst()
                    .accessSecret();
            String token = AccessToken.mint(secret, user.username(), hex(3),
                    AccessToken.DEFAULT_EXPIRES);
            List<AccessUser.TokenPair> tokens = new ArrayList<>(user.tokens());
            AccessUser.TokenPair pair = new AccessUser.TokenPair(token, secret);
            tokens.add(pair);
            if (at >= 0) {
                users.set(at, user.withTokens(tokens));
            } else {
                users.add(user.withTokens(tokens));
            }
            AccessFile.write(file, users);
            PrintWriter out = spec.commandLine().getOut();
            out.println("token " + pair.fingerprint() + " for " + user.username() + " ("
                    + user.id() + ") added to " + file + "; it is shown this once:");
            out.println(token);
            out.println("Clients send it as 'Authorization: Token <token>' to PORT+6"
                    + " (stats-client: access_token).");
            out.flush();
            return 0;
        }

        private String hex(int bytes) {
            byte[] drawn = new byte[bytes];
            random.nextBytes(drawn);
            return HexFormat.of().formatHex(drawn);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the users and their tokens' fingerprints (never the tokens).")
    static final class ListTokens implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @picocli.CommandLine.Mixin
        private Where where = new Where();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<AccessUser> users = AccessFile.read(where.file());
            if (users.isEmpty()) {
                out.println("no tokens in " + where.file() + "; make one with dkmadmin events"
                        + " token create --identity NAME");
            }
            for (AccessUser user : users) {
                out.printf("%-20s %-38s %d token%s%n", user.username(), user.id(),
                        user.tokens().size(), user.tokens().size() == 1 ? "" : "s");
                for (AccessUser.TokenPair pair : user.tokens()) {
                    out.println("  " + pair.fingerprint());
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = {"Removes tokens: by fingerprint (as list shows it) or the token"
                    + " itself, or all of a user's with --identity NAME --all.",
                    "Exit codes: 0 revoked; 1 no such token or user."})
    static final class Revoke implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @picocli.CommandLine.Mixin
        private Where where = new Where();
        @Parameters(arity = "0..1", paramLabel = "TOKEN_ID",
                description = "A fingerprint from 'list', or the token.")
        private String tokenId;
        @Option(names = "--identity", paramLabel = "NAME",
                description = "With --all: the user whose tokens go.")
        private String identity;
        @Option(names = "--all", description = "Every token of --identity.")
        private boolean all;

        @Override
        public Integer call() {
            if ((tokenId == null) == !(all && identity != null)) {
                throw new DkmException("give a TOKEN_ID, or --identity NAME --all");
            }
            Path file = where.file();
            List<AccessUser> users = new ArrayList<>(AccessFile.read(file));
            int removed = 0;
            for (int i = 0; i < users.size(); i++) {
                AccessUser user = users.get(i);
                List<AccessUser.TokenPair> kept = new ArrayList<>();
                for (AccessUser.TokenPair pair : user.tokens()) {
                    boolean goes = tokenId != null ? pair.fingerprint().equals(tokenId)
                            || pair.accessToken().equals(tokenId)
                            : user.username().equals(identity) || user.id().equals(identity);
                    if (goes) {
                        removed++;
                    } else {
                        kept.add(pair);
                    }
                }
                users.set(i, user.withTokens(kept));
            }
            if (removed == 0) {
                throw new DkmException("no such token in " + file + (tokenId != null
                        ? ": '" + (tokenId.length() > 12 ? tokenId.substring(0, 12) + "..."
                        : tokenId) + "' (see dkmadmin events token list)"
                        : " for " + identity));
            }
            AccessFile.write(file, users);
            PrintWriter out = spec.commandLine().getOut();
            out.println("revoked " + removed + " token" + (removed == 1 ? "" : "s") + " in "
                    + file + "; the server refuses " + (removed == 1 ? "it" : "them")
                    + " within a second");
            out.flush();
            return 0;
        }
    }

    private static int indexOf(List<AccessUser> users, String identity) {
        for (int i = 0; i < users.size(); i++) {
            if (users.get(i).username().equals(identity) || users.get(i).id().equals(identity)) {
                return i;
            }
        }
        return -1;
    }
}
