import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.dkumonitor.supervisor.control.ControlProtocol;
import org.dkumonitor.supervisor.control.ControlRequest;
import org.dkumonitor.supervisor.control.ControlResponse;
import org.dkumonitor.supervisor.program.ProgramStatus;

/**
 * What {@code dkm status} does with JSON, in a JVM of its own: the request written, a
 * supervisor's answer for three programs read into records and printed. {@code hand} uses
 * ControlProtocol (JsonText), {@code jackson} jackson-core's streaming API, {@code none} no
 * JSON at all (the JVM's and the records' share). Run by dkm-status-json.sh.
 */
public final class StatusJsonProbe {

    static final String ANSWER = "{\"programs\":["
            + "{\"name\":\"agent\",\"state\":\"RUNNING\",\"pid\":4121,\"uptimeSeconds\":86391,"
            + "\"description\":\"pid 4121, uptime 23:59:51\",\"logFile\":\"/srv/dkm/run/agent.log\"},"
            + "{\"name\":\"grafana\",\"state\":\"STOPPED\",\"pid\":0,\"uptimeSeconds\":0,"
            + "\"description\":\"Not started\",\"logFile\":\"/srv/dkm/run/grafana.log\"},"
            + "{\"name\":\"server\",\"state\":\"RUNNING\",\"pid\":4120,\"uptimeSeconds\":86392,"
            + "\"description\":\"pid 4120, uptime 23:59:52\",\"logFile\":\"/srv/dkm/run/server.log\"}"
            + "],\"lines\":[],\"exitCode\":3,\"supervisorPid\":4100}";

    public static void main(String[] args) throws IOException {
        String mode = args[0];
        ControlRequest request = new ControlRequest("status", List.of());
        String sent;
        ControlResponse response;
        switch (mode) {
            case "hand" -> {
                sent = ControlProtocol.encode(request);
                response = ControlProtocol.decodeResponse(ANSWER);
            }
            case "jackson" -> {
                sent = encode(request);
                response = decode(ANSWER);
            }
            default -> {
                sent = "{\"command\":\"status\",\"names\":[]}\n";
                response = new ControlResponse(List.of(new ProgramStatus("agent", "RUNNING",
                        4121, 86391, "pid 4121, uptime 23:59:51", "/srv/dkm/run/agent.log")),
                        List.of(), 3, 4100);
            }
        }
        StringBuilder out = new StringBuilder(sent.length());
        for (ProgramStatus p : response.programs()) {
            out.append(p.name()).append("  ").append(p.state()).append("  ")
                    .append(p.description()).append('\n');
        }
        System.out.print(out);
        System.exit(response.exitCode() == 3 ? 0 : 1);
    }

    private static final JsonFactory JSON = new JsonFactory();

    static String encode(ControlRequest request) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator out = JSON.createGenerator(text)) {
            out.writeStartObject();
            out.writeStringField("command", request.command());
            out.writeArrayFieldStart("names");
            for (String name : request.names()) {
                out.writeString(name);
            }
            out.writeEndArray();
            out.writeEndObject();
        }
        return text.append('\n').toString();
    }

    static ControlResponse decode(String line) throws IOException {
        List<ProgramStatus> programs = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        int exitCode = 0;
        long supervisorPid = 0;
        try (JsonParser in = JSON.createParser(line)) {
            expect(in.nextToken(), JsonToken.START_OBJECT);
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String key = in.currentName();
                JsonToken value = in.nextToken();
                switch (key) {
                    case "programs" -> {
                        expect(value, JsonToken.START_ARRAY);
                        while (in.nextToken() == JsonToken.START_OBJECT) {
                            programs.add(program(in));
                        }
                    }
                    case "lines" -> {
                        expect(value, JsonToken.START_ARRAY);
                        while (in.nextToken() == JsonToken.VALUE_STRING) {
                            lines.add(in.getText());
                        }
                    }
                    case "exitCode" -> exitCode = in.getIntValue();
                    case "supervisorPid" -> supervisorPid = in.getLongValue();
                    default -> in.skipChildren();
                }
            }
        }
        return new ControlResponse(programs, lines, exitCode, supervisorPid);
    }

    private static ProgramStatus program(JsonParser in) throws IOException {
        String name = null;
        String state = null;
        String description = null;
        String logFile = null;
        long pid = 0;
        long uptime = 0;
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String key = in.currentName();
            in.nextToken();
            switch (key) {
                case "name" -> name = in.getValueAsString();
                case "state" -> state = in.getValueAsString();
                case "description" -> description = in.getValueAsString();
                case "logFile" -> logFile = in.getValueAsString();
                case "pid" -> pid = in.getLongValue();
                case "uptimeSeconds" -> uptime = in.getLongValue();
                default -> in.skipChildren();
            }
        }
        return new ProgramStatus(name, state, pid, uptime, description, logFile);
    }

    private static void expect(JsonToken token, JsonToken expected) throws IOException {
        if (token != expected) {
            throw new IOException("expected " + expected + ", found " + token);
        }
    }
}
