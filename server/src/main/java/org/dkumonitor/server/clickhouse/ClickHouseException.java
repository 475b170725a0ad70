package org.dkumonitor.server.clickhouse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dkumonitor.server.render.StoreReadException;

/**
 * ClickHouse could not do what was asked: it could not be reached, it answered with an error
 * (its code and message kept), or the query ran past its time limit. The message names the
 * server and says what to check.
 */
public final class ClickHouseException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    /** ClickHouse's error answer: "Code: 60, e.displayText() = DB::Exception: ..., e.what()". */
    private static final Pattern ANSWER = Pattern.compile(
            "Code: (\\d+), e\\.displayText\\(\\) = (?:DB::Exception: )?(.*?)(?:, e\\.what\\(\\) = .*)?",
            Pattern.DOTALL);
    /** ClickHouse's codes for a query stopped by its time limit. */
    private static final int TIMEOUT_EXCEEDED = 159;
    private static final int QUERY_WAS_CANCELLED = 394;

    /** What went wrong, which decides the HTTP status the API answers with. */
    public enum Kind {
        /** No server could be reached: 503. */
        UNREACHABLE(503),
        /** A server answered with an error: 502. */
        ERROR(502),
        /** The query ran past its time limit and was cancelled: 504. */
        TIMEOUT(504);

        private final int status;

        Kind(int status) {
            this.status = status;
        }
    }

    private final Kind kind;
    private final int code;

    ClickHouseException(Kind kind, int code, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.code = code;
    }

    static ClickHouseException unreachable(String url, Throwable cause) {
        return new ClickHouseException(Kind.UNREACHABLE, 0, "ClickHouse at " + url
                + " cannot be reached (" + describe(cause) + "); check that it runs and that"
                + " storage.clickhouse.urls in conf/server.yaml names it", cause);
    }

    static ClickHouseException timeout(String url, long millis, String queryId) {
        return new ClickHouseException(Kind.TIMEOUT, TIMEOUT_EXCEEDED, "ClickHouse at " + url
                + " did not answer within " + millis + " ms (storage.clickhouse."
                + "queryTimeoutSeconds); the query " + queryId + " was cancelled there", null);
    }

    /** An error answer: HTTP {@code status} with ClickHouse's text as the body. */
    static ClickHouseException answered(String url, int status, String body) {
        String text = body.strip();
        int code = 0;
        String message = text;
        Matcher matcher = ANSWER.matcher(text);
        if (matcher.matches()) {
            code = Integer.parseInt(matcher.group(1));
            message = matcher.group(2);
        }
        message = message.replaceAll("\\s+", " ").strip();
        if (message.length() > 500) {
            message = message.substring(0, 500) + "...";
        }
        Kind kind = code == TIMEOUT_EXCEEDED || code == QUERY_WAS_CANCELLED ? Kind.TIMEOUT
                : Kind.ERROR;
        return new ClickHouseException(kind, code, "ClickHouse at " + url + " answered HTTP "
                + status + (code > 0 ? ", error " + code : "") + ": " + message + hint(code),
                null);
    }

    private static String hint(int code) {
        return switch (code) {
            case 60, 81 -> " (create the tables: dkmadmin clickhouse init)";
            case 192, 193, 516 -> " (check storage.clickhouse.credentialsFile)";
            case 241 -> " (ClickHouse's max_memory_usage: narrow the request or raise it)";
            default -> "";
        };
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    public Kind kind() {
        return kind;
    }

    /** ClickHouse's error code, 0 when it gave none. */
    public int code() {
        return code;
    }

    /** This failure as the render API reports it: a 5xx naming ClickHouse. */
    public StoreReadException forReaders() {
        return new StoreReadException(kind.status, getMessage(), this);
    }
}
