package org.dkumonitor.server.events;

import java.util.Objects;

/** A field value of an event: what InfluxDB took as a tag or field value. */
public sealed interface JsonScalar {

    /** A string. */
    record Text(String value) implements JsonScalar {
        public Text {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A number, with its text as sent so that it is given back as it came. */
    record Number(String literal, double value) implements JsonScalar {
        public Number {
            Objects.requireNonNull(literal, "literal");
        }
    }

    /** true or false. */
    record Bool(boolean value) implements JsonScalar {
    }

    /** null: stored with the event, ignored by the series (InfluxDB dropped it). */
    record Null() implements JsonScalar {
    }

    /** The value as a tag value or annotation tag: strings as they are, the rest as JSON. */
    default String text() {
        return switch (this) {
            case Text t -> t.value();
            case Number n -> n.literal();
            case Bool b -> b.value() ? "true" : "false";
            case Null n -> "null";
        };
    }

    /** The value a series gets: numbers, and booleans as 1 or 0; NaN otherwise. */
    default double number() {
        return switch (this) {
            case Number n -> n.value();
            case Bool b -> b.value() ? 1 : 0;
            case Text t -> Double.NaN;
            case Null n -> Double.NaN;
        };
    }
}
