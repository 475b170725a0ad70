package org.dkumonitor.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.dkumonitor.server.lifecycle.Expiry;
import org.dkumonitor.server.lifecycle.MetricLifecycle;
import org.dkumonitor.server.lifecycle.OnlineResize;
import org.dkumonitor.server.lifecycle.StorageCheck;
import org.dkumonitor.server.refusals.RecentRefusals;
import org.dkumonitor.server.whisper.WhisperResize;

/** The lifecycle answers as JSON, for programs. */
final class AdminJson {

    private AdminJson() {
    }

    static void deleted(JsonGenerator json, MetricLifecycle.Deleted deleted) throws IOException {
        json.writeStartObject();
        json.writeBooleanField("dryRun", deleted.dryRun());
        strings(json, "metrics", deleted.metrics());
        json.writeEndObject();
    }

    static void renamed(JsonGenerator json, MetricLifecycle.Renamed renamed) throws IOException {
        json.writeStartObject();
        json.writeBooleanField("dryRun", renamed.dryRun());
        json.writeArrayFieldStart("moves");
        for (MetricLifecycle.Move move : renamed.moves()) {
            json.writeStartObject();
            json.writeStringField("from", move.from());
            json.writeStringField("to", move.to());
            json.writeBooleanField("merged", move.merged());
            json.writeBooleanField("disagreesWithRules", move.disagrees());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    static void check(JsonGenerator json, StorageCheck.Report report) throws IOException {
        json.writeStartObject();
        checkFields(json, report);
        json.writeEndObject();
    }

    private static void checkFields(JsonGenerator json, StorageCheck.Report report)
            throws IOException {
        json.writeNumberField("files", report.files());
        json.writeArrayFieldStart("disagree");
        for (StorageCheck.Mismatch m : report.mismatches()) {
            json.writeStartObject();
            json.writeStringField("metric", m.metric());
            json.writeStringField("path", m.path().toString());
            layout(json, "has", m.actual());
            layout(json, "rulesGive", m.expected());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("byRule");
        for (StorageCheck.RuleCount rule : report.byRule()) {
            json.writeStartObject();
            json.writeStringField("file", rule.file());
            json.writeStringField("section", rule.rule());
            json.writeNumberField("line", rule.line());
            json.writeStringField("says", rule.says());
            json.writeNumberField("files", rule.files());
            json.writeStringField("example", rule.example());
            json.writeEndObject();
        }
        json.writeEndArray();
        strings(json, "unreadable", report.unreadable());
        strings(json, "leftByACrash", report.staleTemporaries().stream().map(Object::toString)
                .toList());
    }

    static void resized(JsonGenerator json, OnlineResize.Result result) throws IOException {
        json.writeStartObject();
        json.writeBooleanField("applied", result.applied());
        json.writeNumberField("resized", result.resized());
        json.writeNumberField("pointsCarried", result.pointsCarried());
        json.writeNumberField("temporariesRemoved", result.temporariesRemoved());
        json.writeNumberField("seconds", Math.round(result.seconds() * 1000) / 1000.0);
        strings(json, "failed", result.failed());
        checkFields(json, result.check());
        json.writeEndObject();
    }

    static void expired(JsonGenerator json, Expiry.Result result) throws IOException {
        json.writeStartObject();
        json.writeNumberField("olderThanSeconds", result.olderThanSeconds());
        json.writeNumberField("files", result.files());
        json.writeBooleanField("applied", result.applied());
        json.writeNumberField("writtenAfterTheClock", result.inTheFuture());
        if (result.refused() != null) {
            json.writeStringField("refused", result.refused());
        }
        strings(json, "metrics", result.metrics());
        json.writeEndObject();
    }

    static void explained(JsonGenerator json, MetricLifecycle.Explanation e) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", e.name());
        if (e.nameError() != null) {
            json.writeStringField("nameRefused", e.nameError());
        }
        rule(json, "schema", e.schema());
        rule(json, "aggregation", e.aggregation());
        if (e.file() == null) {
            json.writeNullField("file");
        } else {
            MetricLifecycle.StoredFile file = e.file();
            json.writeObjectFieldStart("file");
            json.writeStringField("path", file.path());
            json.writeStringField("archives", file.archives());
            json.writeStringField("aggregationMethod", file.aggregationMethod());
            json.writeNumberField("xFilesFactor", file.xFilesFactor());
            json.writeBooleanField("agreesWithRules", file.agreesWithRules());
            json.writeNumberField("lastModified", file.lastModified());
            json.writeNumberField("newestPoint", file.newestPoint());
            json.writeEndObject();
        }
        json.writeObjectFieldStart("waiting");
        json.writeNumberField("points", e.waiting().points());
        json.writeNumberField("oldest", e.waiting().oldest());
        json.writeNumberField("newest", e.waiting().newest());
        json.writeBooleanField("inWriteAheadLog", e.waiting().inWriteAheadLog());
        json.writeEndObject();
        if (e.quota() != null) {
            json.writeObjectFieldStart("quota");
            json.writeStringField("pattern", e.quota().pattern());
            json.writeNumberField("metrics", e.quota().metrics());
            json.writeNumberField("maxMetrics", e.quota().maxMetrics());
            json.writeNumberField("maxNewPerMinute", e.quota().maxNewPerMinute());
            json.writeEndObject();
        }
        json.writeObjectFieldStart("refusedLastHour");
        for (Map.Entry<RecentRefusals.Reason, Long> refused : e.refusedLastHour().entrySet()) {
            json.writeNumberField(refused.getKey().key(), refused.getValue());
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void rule(JsonGenerator json, String field, MetricLifecycle.Rule rule)
            throws IOException {
        json.writeObjectFieldStart(field);
        json.writeStringField("file", rule.file());
        json.writeNumberField("line", rule.line());
        json.writeStringField("section", rule.section());
        json.writeStringField("says", rule.says());
        json.writeEndObject();
    }

    private static void layout(JsonGenerator json, String field, WhisperResize.Layout layout)
            throws IOException {
        json.writeObjectFieldStart(field);
        strings(json, "archives", layout.archives().stream().map(Object::toString).toList());
        json.writeStringField("aggregationMethod", layout.method().configName());
        json.writeNumberField("xFilesFactor", layout.xFilesFactor());
        json.writeEndObject();
    }

    private static void strings(JsonGenerator json, String field, List<String> values)
            throws IOException {
        json.writeArrayFieldStart(field);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }
}
