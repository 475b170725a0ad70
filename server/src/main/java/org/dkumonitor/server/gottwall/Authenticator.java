package org.dkumonitor.server.gottwall;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Decides whether credentials grant a project, against the keys in force (re-read when
 * server.yaml changes). GottWall's order for HTTP (spec 2.5): a non-empty
 * {@code X-GottWall-Auth} is the only thing checked (a bad one never falls back to Basic);
 * without it, {@code Authorization: Basic}; without either, refused. Unlike GottWall, a signed
 * header must be recent ({@code tsWindowSeconds}), so a captured one stops working.
 */
final class Authenticator {

    static final String SIGNED_HEADER = "X-GottWall-Auth";

    /** Signatures checked already, with the keys they were checked against. */
    private static final int MAX_VERIFIED = 10_000;

    private final Supplier<GottwallConfig> keys;
    private final InstantSource clock;
    /**
     * A client signs the same header for a second (or a stream's life); its HMAC is computed
     * once, not once a request or datagram. An entry counts only while its keys are in force.
     */
    private final Map<Credentials.Signed, GottwallConfig> verified = new ConcurrentHashMap<>();

    Authenticator(Supplier<GottwallConfig> keys, InstantSource clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** The project an HTTP request may use: {@code urlProject}, if its headers prove it. */
    String http(String urlProject, String signedHeader, String authorization) {
        if (signedHeader != null && !signedHeader.isEmpty()) {
            return signed(CredentialsParser.httpHeader(signedHeader), urlProject);
        }
        if (authorization != null && !authorization.isEmpty()) {
            basic(CredentialsParser.basic(authorization), urlProject);
            return urlProject;
        }
        throw new AuthException(AuthException.Reason.MISSING, "no credentials: send "
                + SIGNED_HEADER + ": GottWallS1 <ts> <sign> <base>, or Authorization: Basic"
                + " base64(public_key:private_key)");
    }

    /**
     * The project a signed header grants. {@code expectedProject} (the URL's) must agree with
     * the header's own when both name one.
     */
    String signed(Credentials.Signed credentials, String expectedProject) {
        String project = credentials.project() != null ? credentials.project() : expectedProject;
        if (project == null) {
            throw new AuthException(AuthException.Reason.MALFORMED, "the header names no"
                    + " project");
        }
        if (expectedProject != null && !expectedProject.equals(project)) {
            throw new AuthException(AuthException.Reason.WRONG_PROJECT, "the header is for"
                    + " project " + Printable.of(project) + ", the request for "
                    + Printable.of(expectedProject));
        }
        GottwallConfig config = keys.get();
        String publicKey = knownProject(config, project);
        Credentials.Signed key = credentials.project() == null ? new Credentials.Signed(
                credentials.ts(), credentials.sign(), credentials.base(), project) : credentials;
        if (verified.get(key) != config) {
            if (!Signature.verify(config.privateKey().getBytes(StandardCharsets.UTF_8),
                    publicKey, credentials.ts(), credentials.base(), credentials.sign())) {
                throw new AuthException(AuthException.Reason.BAD_SIGNATURE, "the signature does"
                        + " not match the keys of project " + Printable.of(project));
            }
            if (verified.size() >= MAX_VERIFIED) {
                verified.clear();
            }
            verified.put(key, config);
        }
        long now = clock.instant().getEpochSecond();
        long window = config.tsWindowSeconds();
        if (window > 0 && Math.abs(credentials.ts() - now) > window) {
            throw new AuthException(AuthException.Reason.EXPIRED, "the signature's ts "
                    + credentials.ts() + " is " + (credentials.ts() - now) + " s from this"
                    + " server's clock, beyond gottwall.tsWindowSeconds (" + window + "); check"
                    + " the client's clock (stati-net signs mktime(utcnow()): run it with"
                    + " TZ=UTC)");
        }
        return project;
    }

    /** Checks Basic credentials against a project's keys (public key first). */
    void basic(Credentials.Basic credentials, String project) {
        GottwallConfig config = keys.get();
        String publicKey = knownProject(config, project);
        boolean publicMatches = same(publicKey, credentials.publicKey());
        boolean privateMatches = same(config.privateKey(), credentials.privateKey());
        if (!publicMatches || !privateMatches) {
            throw new AuthException(AuthException.Reason.BAD_KEYS, "Basic credentials do not"
                    + " match the keys of project " + Printable.of(project) + " (send"
                    + " public_key:private_key, the public key first)");
        }
    }

    private static String knownProject(GottwallConfig config, String project) {
        String publicKey = config.projects().get(project);
        if (publicKey == null) {
            throw new AuthException(AuthException.Reason.UNKNOWN_PROJECT, "no project "
                    + Printable.of(project) + " in gottwall.projects");
        }
        return publicKey;
    }

    private static boolean same(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }
}
