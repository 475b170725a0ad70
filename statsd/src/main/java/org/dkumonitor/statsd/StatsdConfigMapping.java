package org.dkumonitor.statsd;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dkumonitor.core.config.ConfigMapping;
import org.dkumonitor.core.config.InvalidValueException;

/**
 * Binds a {@code statsd:} section to a {@link StatsdConfig} by hand, for the agent, which binds
 * its config without reflection (see its {@code AgentConfigFile}); the server's binder reaches
 * the same record by reflection. Same keys, same rules, same located messages.
 */
public final class StatsdConfigMapping {

    /** The section's keys: the record's components. */
    public static final List<String> KEYS = List.of("listen", "port", "udp", "tcp",
            "maxConnections", "idleTimeoutSeconds", "maxLineBytes", "maxKeys", "udpThreads",
            "flushInterval", "naming", "legacyNamespace", "globalPrefix", "prefixCounter",
            "prefixTimer", "prefixGauge", "prefixSet", "prefixKv", "globalSuffix", "prefixStats",
            "percentThreshold", "histogram", "calculatedTimerMetrics", "flushCounts",
            "deleteIdleStats", "deleteCounters", "deleteTimers", "deleteGauges", "deleteSets",
            "gaugesMaxTTL");
    private static final List<String> HISTOGRAM_KEYS = List.of("metric", "bins");

    private StatsdConfigMapping() {
    }

    /** The section, or null when {@code section} is null (no StatsD). */
    public static StatsdConfig bind(ConfigMapping section) {
        if (section == null) {
            return null;
        }
        List<StatsdConfig.Histogram> histograms = null;
        List<ConfigMapping> items = section.mappings("histogram", HISTOGRAM_KEYS);
        if (items != null) {
            histograms = new ArrayList<>();
            for (ConfigMapping item : items) {
                try {
                    histograms.add(new StatsdConfig.Histogram(item.text("metric"),
                            item.texts("bins")));
                } catch (InvalidValueException e) {
                    throw item.located(e);
                }
            }
        }
        try {
            return new StatsdConfig(section.text("listen"), section.wholeNumber("port"),
                    section.bool("udp"), section.bool("tcp"), section.wholeNumber("maxConnections"),
                    section.wholeNumber("idleTimeoutSeconds"), section.wholeNumber("maxLineBytes"),
                    section.wholeNumber("maxKeys"), section.wholeNumber("udpThreads"),
                    section.wholeNumber("flushInterval"), naming(section.text("naming")),
                    section.bool("legacyNamespace"), section.text("globalPrefix"),
                    section.text("prefixCounter"), section.text("prefixTimer"),
                    section.text("prefixGauge"), section.text("prefixSet"),
                    section.text("prefixKv"), section.text("globalSuffix"),
                    section.text("prefixStats"), section.numbers("percentThreshold"),
                    histograms, section.texts("calculatedTimerMetrics"),
                    section.bool("flushCounts"), section.bool("deleteIdleStats"),
                    section.bool("deleteCounters"), section.bool("deleteTimers"),
                    section.bool("deleteGauges"), section.bool("deleteSets"),
                    section.wholeNumber("gaugesMaxTTL"));
        } catch (InvalidValueException e) {
            throw section.located(e);
        }
    }

    private static StatsdConfig.Naming naming(String text) {
        if (text == null) {
            return null;
        }
        for (StatsdConfig.Naming naming : StatsdConfig.Naming.values()) {
            if (naming.name().equalsIgnoreCase(text.strip())) {
                return naming;
            }
        }
        throw new InvalidValueException("naming", "must be one of [statsd, statsite]",
                text.toLowerCase(Locale.ROOT));
    }
}
