package org.dkumonitor.supervisor.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dkumonitor.supervisor.program.ProgramStatus;

/**
 * The control socket's wire format: one request as a line of JSON from dkm, one response as a
 * line of JSON from the supervisor, then the connection closes.
 *
 * <pre>
 * request:  {"command":"status","names":["server"]}
 * response: {"programs":[{"name":"server","state":"RUNNING","pid":12,"uptimeSeconds":5,
 *            "description":"pid 12, uptime 0:00:05","logFile":"/d/run/server.log"}],
 *            "lines":[],"exitCode":0,"supervisorPid":10}
 * </pre>
 *
 * <p>Written and read by hand rather than by a JSON library: dkm is a short-lived process, and
 * loading and introspecting a data-binding library cost it more time than anything else it
 * does. The reader accepts any JSON (RFC 8259) and ignores keys it does not know, so that either
 * side may add fields; anything else is a {@link ControlException}.
 */
public final class ControlProtocol {

    private ControlProtocol() {
    }

    public static String encode(ControlRequest request) {
        StringBuilder out = new StringBuilder("{\"command\":");
        JsonText.string(out, request.command());
        out.append(",\"names\":");
        JsonText.strings(out, request.names());
        return out.append("}\n").toString();
    }

    public static String encode(ControlResponse response) {
        StringBuilder out = new StringBuilder("{\"programs\":");
        programs(out, response.programs());
        out.append(",\"lines\":");
        JsonText.strings(out, response.lines());
        out.append(",\"exitCode\":").append(response.exitCode());
        out.append(",\"supervisorPid\":").append(response.supervisorPid());
        return out.append("}\n").toString();
    }

    /** {@code dkm status --json}: the programs, the error lines and the exit code. */
    public static String encodeStatus(List<ProgramStatus> programs, List<String> lines,
            int exitCode) {
        StringBuilder out = new StringBuilder("{\"programs\":");
        programs(out, programs);
        out.append(",\"lines\":");
        JsonText.strings(out, lines);
        out.append(",\"exitCode\":").append(exitCode);
        return out.append("}\n").toString();
    }

    public static ControlRequest decodeRequest(String line) {
        Map<String, Object> json = object(JsonText.parse(line), "request");
        return new ControlRequest(string(json, "command"), strings(json, "names"));
    }

    public static ControlResponse decodeResponse(String line) {
        Map<String, Object> json = object(JsonText.parse(line), "response");
        List<ProgramStatus> programs = new ArrayList<>();
        for (Object program : list(json, "programs")) {
            Map<String, Object> p = object(program, "program");
            programs.add(new ProgramStatus(string(p, "name"), string(p, "state"),
                    number(p, "pid"), number(p, "uptimeSeconds"), string(p, "description"),
                    string(p, "logFile")));
        }
        return new ControlResponse(programs, strings(json, "lines"),
                (int) number(json, "exitCode"), number(json, "supervisorPid"));
    }

    private static void programs(StringBuilder out, List<ProgramStatus> programs) {
        out.append('[');
        for (int i = 0; i < programs.size(); i++) {
            ProgramStatus p = programs.get(i);
            out.append(i == 0 ? "{\"name\":" : ",{\"name\":");
            JsonText.string(out, p.name());
            out.append(",\"state\":");
            JsonText.string(out, p.state());
            out.append(",\"pid\":").append(p.pid());
            out.append(",\"uptimeSeconds\":").append(p.uptimeSeconds());
            out.append(",\"description\":");
            JsonText.string(out, p.description());
            out.append(",\"logFile\":");
            JsonText.string(out, p.logFile());
            out.append('}');
        }
        out.append(']');
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String what) {
        if (value instanceof LinkedHashMap<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new ControlException("malformed control message: the " + what
                + " is not a JSON object");
    }

    private static String string(Map<String, Object> json, String key) {
        Object value = json.get(key);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new ControlException("malformed control message: " + key + " is not a string");
    }

    private static long number(Map<String, Object> json, String key) {
        Object value = json.get(key);
        if (value == null) {
            return 0;
        }
        if (value instanceof Long number) {
            return number;
        }
        throw new ControlException("malformed control message: " + key
                + " is not a whole number");
    }

    private static List<?> list(Map<String, Object> json, String key) {
        Object value = json.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list;
        }
        throw new ControlException("malformed control message: " + key + " is not a list");
    }

    private static List<String> strings(Map<String, Object> json, String key) {
        List<String> strings = new ArrayList<>();
        for (Object value : list(json, key)) {
            if (!(value instanceof String text)) {
                throw new ControlException("malformed control message: " + key
                        + " holds something other than strings");
            }
            strings.add(text);
        }
        return strings;
    }
}
