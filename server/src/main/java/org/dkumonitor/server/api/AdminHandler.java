package org.dkumonitor.server.api;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.dkumonitor.server.lifecycle.LifecycleException;
import org.dkumonitor.server.lifecycle.StoreAdmin;

/**
 * The store's lifecycle over HTTP, what {@code dkmadmin metrics} and {@code dkmadmin storage}
 * call:
 * <ul>
 * <li>{@code DELETE /metrics?query=GLOB[&force=1][&dryRun=1]}</li>
 * <li>{@code POST /metrics/rename} with {@code from}, {@code to} [, {@code force},
 * {@code dryRun}]</li>
 * <li>{@code POST /metrics/expire[?olderThan=30d][&apply=1][&force=1]} (a dry run unless
 * apply)</li>
 * <li>{@code GET /metrics/explain?path=NAME}</li>
 * <li>{@code GET /storage/check[?query=GLOB]}</li>
 * <li>{@code POST /storage/resize[?query=GLOB][&apply=1]} (a dry run unless apply)</li>
 * </ul>
 * Answers are JSON, or text with {@code format=text}. Whatever changes the store needs the API's
 * bearer token when one is set (the server checks it for every request) and, when none is set,
 * a client on this host: a metric tree must not be deletable by anyone who can reach the port.
 */
final class AdminHandler {

    private final StoreAdmin admin;
    private final boolean tokenRequired;

    AdminHandler(StoreAdmin admin, boolean tokenRequired) {
        this.admin = admin;
        this.tokenRequired = tokenRequired;
    }

    /** Whether this handler answers {@code method path}. */
    static boolean claims(String method, String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return switch (p) {
            case "/metrics" -> "DELETE".equalsIgnoreCase(method);
            case "/metrics/rename", "/metrics/expire", "/metrics/explain", "/metrics/delete",
                    "/storage/check", "/storage/resize" -> true;
            default -> false;
        };
    }

    ApiServer.Response handle(String method, String path, InetAddress client,
            QueryParameters parameters) throws IOException {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        boolean text = parameters.get("format", "json").equals("text");
        try {
            return switch (p) {
                case "/metrics", "/metrics/delete" -> {
                    boolean dryRun = flag(parameters, "dryRun");
                    changing(method, client, !dryRun, "DELETE", "POST");
                    var deleted = admin.lifecycle().delete(parameters.get("query", null),
                            flag(parameters, "force"), dryRun);
                    yield text ? text(AdminText.deleted(deleted))
                            : Json.response(parameters, json -> AdminJson.deleted(json, deleted));
                }
                case "/metrics/rename" -> {
                    boolean dryRun = flag(parameters, "dryRun");
                    changing(method, client, !dryRun, "POST");
                    var renamed = admin.lifecycle().rename(parameters.get("from", null),
                            parameters.get("to", null), flag(parameters, "force"), dryRun);
                    yield text ? text(AdminText.renamed(renamed))
                            : Json.response(parameters, json -> AdminJson.renamed(json, renamed));
                }
                case "/metrics/explain" -> {
                    var explained = admin.lifecycle().explain(parameters.get("path", null));
                    yield text ? text(AdminText.explained(explained))
                            : Json.response(parameters, json -> AdminJson.explained(json,
                                    explained));
                }
                case "/metrics/expire" -> {
                    whisperOnly(admin.expiry());
                    boolean apply = flag(parameters, "apply");
                    changing(method, client, apply, "POST");
                    long age = age(parameters.get("olderThan", null));
                    var expired = admin.expiry().run(age, apply, flag(parameters, "force"));
                    yield text ? text(AdminText.expired(expired))
                            : Json.response(parameters, json -> AdminJson.expired(json, expired));
                }
                case "/storage/check" -> {
                    whisperOnly(admin.resize());
                    var checked = admin.resize().run(parameters.get("query", null), false);
                    yield text ? text(AdminText.check(checked.check()))
                            : Json.response(parameters, json -> AdminJson.check(json,
                                    checked.check()));
                }
                case "/storage/resize" -> {
                    whisperOnly(admin.resize());
                    boolean apply = flag(parameters, "apply");
                    changing(method, client, apply, "POST");
                    var resized = admin.resize().run(parameters.get("query", null), apply);
                    yield text ? text(AdminText.resized(resized))
                            : Json.response(parameters, json -> AdminJson.resized(json, resized));
                }
                default -> ApiServer.Response.text(404, "no such endpoint: " + path);
            };
        } catch (LifecycleException e) {
            throw new BadRequestException(e.getMessage());
        } catch (IllegalStateException e) {
            throw new RefusedException(503, e.getMessage()); // starting or stopping
        }
    }

    /** A request that changes the store: the right method, and a trusted client. */
    private void changing(String method, InetAddress client, boolean changes,
            String... methods) {
        if (!changes) {
            return;
        }
        boolean allowed = false;
        for (String m : methods) {
            allowed |= m.equalsIgnoreCase(method);
        }
        if (!allowed) {
            throw new RefusedException(405, "use " + String.join(" or ", methods)
                    + ": this request changes the stored metrics");
        }
        if (!tokenRequired && (client == null || !client.isLoopbackAddress())) {
            throw new RefusedException(403, "refused: without api.bearerToken in"
                    + " conf/server.yaml, metrics can only be changed from this host"
                    + " (dkmadmin on the server); set a token to allow other hosts");
        }
    }

    private long age(String olderThan) {
        if (olderThan == null) {
            if (admin.expireAfterSeconds() > 0) {
                return admin.expireAfterSeconds();
            }
            throw new BadRequestException("olderThan is missing: give an age such as 30d (or"
                    + " set storage.expireAfter in conf/server.yaml)");
        }
        try {
            return org.dkumonitor.server.lifecycle.ExpiryAge.seconds(olderThan);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("olderThan '" + olderThan + "' " + e.getMessage());
        }
    }

    private static void whisperOnly(Object part) {
        if (part == null) {
            throw new BadRequestException("this store has no such operation (whisper only)");
        }
    }

    private static boolean flag(QueryParameters parameters, String name) {
        String value = parameters.get(name, "");
        return value.equals("1") || value.equalsIgnoreCase("true");
    }

    private static ApiServer.Response text(String body) {
        return new ApiServer.Response(200, "text/plain; charset=utf-8",
                body.getBytes(StandardCharsets.UTF_8));
    }

    /** A request refused with its own status (403, 405). */
    static final class RefusedException extends RuntimeException {
        private final int status;

        RefusedException(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
