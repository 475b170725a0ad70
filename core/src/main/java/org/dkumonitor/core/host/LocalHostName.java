package org.dkumonitor.core.host;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * This host's name, found one way for every program: the agent's metric paths
 * ({@code collectd.<host>.…}) and the server's self-metrics ({@code carbon.agents.<host>.…})
 * name the same host the same way.
 *
 * <p>The kernel's host name, when it is already qualified ({@code web1.example.com}); else its
 * fully qualified form as {@code hostname -f} and collectd's {@code FQDNLookup} find it: the
 * addresses the name resolves to, looked up back to names, the first one that extends the
 * kernel's name ({@code web1} to {@code web1.example.com}). A loopback name is never taken:
 * {@code /etc/hosts} often lists {@code localhost} first for 127.0.0.1 beside the host's own
 * name, and Java's canonical host name then says {@code localhost} on a host called {@code vm}.
 * When no qualified form is found the kernel's name stands; {@code localhost} only when the
 * kernel has no name at all.
 */
public final class LocalHostName {

    /** Names the addresses of a host name resolve back to. */
    public interface Resolver {
        List<String> canonicalNames(String hostName) throws UnknownHostException;
    }

    private static final Path KERNEL_HOST_NAME = Path.of("/proc/sys/kernel/hostname");

    private LocalHostName() {
    }

    /** This host's name, qualified when it can be. */
    public static String fqdn() {
        // a class, not a method reference: the agent loads this and runs no invokedynamic
        return fqdn(kernelName(), new Dns());
    }

    /** {@code kernelName}'s qualified form found through {@code resolver}, or itself. */
    public static String fqdn(String kernelName, Resolver resolver) {
        String name = kernelName == null ? "" : kernelName.strip();
        if (name.isEmpty()) {
            return "localhost";
        }
        if (name.indexOf('.') > 0 || isLoopbackName(name)) {
            return name;
        }
        String prefix = name.toLowerCase(Locale.ROOT) + ".";
        try {
            for (String candidate : resolver.canonicalNames(name)) {
                String lower = candidate.toLowerCase(Locale.ROOT);
                if (lower.startsWith(prefix) && lower.length() > prefix.length()
                        && !isLoopbackName(lower)) {
                    return candidate.endsWith(".") ? candidate.substring(0,
                            candidate.length() - 1) : candidate;
                }
            }
        } catch (UnknownHostException e) {
            // the name does not resolve: it stands as it is
        }
        return name;
    }

    /** The kernel's host name (what gethostname(2) returns), or "" when there is none. */
    static String kernelName() {
        try {
            return Files.readString(KERNEL_HOST_NAME, StandardCharsets.US_ASCII).strip();
        } catch (IOException | RuntimeException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException unknown) {
                String env = System.getenv("HOSTNAME");
                return env == null ? "" : env.strip();
            }
        }
    }

    private static boolean isLoopbackName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals("localhost") || lower.startsWith("localhost.")
                || lower.startsWith("localhost6") || lower.startsWith("ip6-localhost")
                || lower.startsWith("ip6-loopback");
    }

    /** The reverse-resolved names of every address of a host name; literals left out. */
    private static final class Dns implements Resolver {

        @Override
        public List<String> canonicalNames(String hostName) throws UnknownHostException {
            List<String> names = new ArrayList<>();
            for (InetAddress address : InetAddress.getAllByName(hostName)) {
                String canonical = address.getCanonicalHostName();
                if (!canonical.equals(address.getHostAddress())) {
                    names.add(canonical);
                }
            }
            return names;
        }
    }
}
