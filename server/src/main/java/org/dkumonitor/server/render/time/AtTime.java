package org.dkumonitor.server.render.time;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;

/**
 * graphite-web's from/until/now grammar (render/attime.py), evaluated in a time zone against a
 * reference "now". A value is a reference optionally followed by an offset, split at the first
 * {@code +} (else the first {@code -}); spaces, underscores and commas are removed first:
 *
 * <ul>
 *   <li>all digits: epoch seconds, unless it reads as YYYYMMDD (8 digits, year over 1900,
 *       month under 13, day under 32);
 *   <li>reference: {@code now} or empty; an optional time of day ({@code HH:MM}, {@code Xam},
 *       {@code Xpm}, {@code noon}, {@code midnight}, {@code teatime}) then an optional day
 *       ({@code today}, {@code yesterday}, {@code tomorrow}, {@code MM/DD/YY[YY]},
 *       {@code YYYYMMDD}, a month name and day, a weekday = its most recent occurrence);
 *       the time of day defaults to 00:00 once anything but now is given;
 *   <li>offset: a sign then number+unit groups, units by prefix: s, min, h, d, w, mon (30
 *       days), y (365 days). {@code -5m} is an error, as in graphite-web.
 * </ul>
 *
 * Offsets are absolute seconds (pytz arithmetic), the reference is wall-clock time in the zone.
 */
public final class AtTime {

    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun",
            "jul", "aug", "sep", "oct", "nov", "dec");
    private static final List<String> WEEKDAYS = List.of("sun", "mon", "tue", "wed", "thu",
            "fri", "sat");
    /** Python's datetime range: years 1 to 9999. */
    private static final long MIN_EPOCH = -62_135_596_800L;
    private static final long MAX_EPOCH = 253_402_300_799L;

    private AtTime() {
    }

    /** The epoch second the text means in {@code zone}, with {@code now} as the reference. */
    public static long parse(String text, ZoneId zone, long now) {
        try {
            long result = parseUnchecked(text, zone, now);
            if (result < MIN_EPOCH || result > MAX_EPOCH) {
                throw new TimeFormatException(text, "outside the years 1 to 9999");
            }
            return result;
        } catch (NumberFormatException | DateTimeException | ArithmeticException
                | IndexOutOfBoundsException e) {
            throw new TimeFormatException(text, e.getMessage() == null ? e.toString()
                    : e.getMessage());
        }
    }

    private static long parseUnchecked(String text, ZoneId zone, long now) {
        String s = text.strip().toLowerCase(Locale.ROOT).replace("_", "").replace(",", "")
                .replace(" ", "");
        if (!s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            boolean dateLike = s.length() == 8 && Integer.parseInt(s.substring(0, 4)) > 1900
                    && Integer.parseInt(s.substring(4, 6)) < 13
                    && Integer.parseInt(s.substring(6)) < 32;
            if (!dateLike) {
                if (s.length() > 12) {
                    throw new TimeFormatException(text, "epoch seconds out of range");
                }
                return Long.parseLong(s);
            }
        }
        String ref = s;
        String offset = "";
        int plus = s.indexOf('+');
        int minus = s.indexOf('-');
        if (plus >= 0) {
            ref = s.substring(0, plus);
            offset = s.substring(plus);
        } else if (minus >= 0) {
            ref = s.substring(0, minus);
            offset = s.substring(minus);
        }
        return reference(ref, text, zone, now) + offsetSeconds(offset, text);
    }

    private static long reference(String ref, String text, ZoneId zone, long now) {
        if (ref.isEmpty() || ref.equals("now")) {
            return now;
        }
        int hour = 0;
        int minute = 0;
        int colon = ref.indexOf(':');
        if (colon > 0 && colon < 3) {
            hour = Integer.parseInt(ref.substring(0, colon));
            minute = Integer.parseInt(ref.substring(colon + 1, Math.min(ref.length(), colon + 3)));
            ref = ref.substring(Math.min(ref.length(), colon + 3));
            if (ref.startsWith("am")) {
                ref = ref.substring(2);
            } else if (ref.startsWith("pm")) {
                hour = (hour + 12) % 24;
                ref = ref.substring(2);
            }
        }
        int am = ref.indexOf("am");
        if (am > 0 && am < 3) {
            hour = Integer.parseInt(ref.substring(0, am));
            ref = ref.substring(am + 2);
        }
        int pm = ref.indexOf("pm");
        if (pm > 0 && pm < 3) {
            hour = (Integer.parseInt(ref.substring(0, pm)) + 12) % 24;
            ref = ref.substring(pm + 2);
        }
        if (ref.startsWith("noon")) {
            hour = 12;
            minute = 0;
            ref = ref.substring(4);
        } else if (ref.startsWith("midnight")) {
            hour = 0;
            minute = 0;
            ref = ref.substring(8);
        } else if (ref.startsWith("teatime")) {
            hour = 16;
            minute = 0;
            ref = ref.substring(7);
        }
        LocalDate today = Instant.ofEpochSecond(now).atZone(zone).toLocalDate();
        LocalDate day = day(ref, text, today);
        LocalDateTime wallClock = day.atTime(hour, minute);
        return ZonedDateTime.ofLocal(wallClock, zone, null).toEpochSecond();
    }

    private static LocalDate day(String ref, String text, LocalDate today) {
        switch (ref) {
            case "", "today" -> {
                return today;
            }
            case "yesterday" -> {
                return today.minusDays(1);
            }
            case "tomorrow" -> {
                return today.plusDays(1);
            }
            default -> {
            }
        }
        if (ref.chars().filter(c -> c == '/').count() == 2) {
            String[] parts = ref.split("/", -1);
            int year = Integer.parseInt(parts[2]);
            if (year < 1900) {
                year += 1900;
            }
            if (year < 1970) {
                year += 100;
            }
            return LocalDate.of(year, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        }
        if (ref.length() == 8 && ref.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return LocalDate.of(Integer.parseInt(ref.substring(0, 4)),
                    Integer.parseInt(ref.substring(4, 6)), Integer.parseInt(ref.substring(6)));
        }
        String prefix = ref.length() >= 3 ? ref.substring(0, 3) : ref;
        if (MONTHS.contains(prefix)) {
            String tail = ref.substring(Math.max(0, ref.length() - 2));
            int dayOfMonth;
            if (tail.chars().allMatch(Character::isDigit) && tail.length() == 2) {
                dayOfMonth = Integer.parseInt(tail);
            } else if (Character.isDigit(ref.charAt(ref.length() - 1))) {
                dayOfMonth = ref.charAt(ref.length() - 1) - '0';
            } else {
                throw new TimeFormatException(text, "day of month required after month name");
            }
            return LocalDate.of(today.getYear(), MONTHS.indexOf(prefix) + 1, dayOfMonth);
        }
        if (WEEKDAYS.contains(prefix)) {
            int todayIndex = today.getDayOfWeek() == DayOfWeek.SUNDAY ? 0
                    : today.getDayOfWeek().getValue();
            int offset = todayIndex - WEEKDAYS.indexOf(prefix);
            if (offset < 0) {
                offset += 7;
            }
            return today.minusDays(offset);
        }
        throw new TimeFormatException(text, "unknown day reference '" + ref + "'");
    }

    /** A signed sum of number+unit groups such as {@code -1h30min}; "" is zero. */
    public static long offsetSeconds(String offset, String text) {
        if (offset.isEmpty()) {
            return 0;
        }
        int sign = 1;
        int i = 0;
        if (!Character.isDigit(offset.charAt(0))) {
            char c = offset.charAt(0);
            if (c != '+' && c != '-') {
                throw new TimeFormatException(text, "invalid offset '" + offset + "'");
            }
            sign = c == '-' ? -1 : 1;
            i = 1;
        }
        long total = 0;
        while (i < offset.length()) {
            int digits = i;
            while (digits < offset.length() && Character.isDigit(offset.charAt(digits))) {
                digits++;
            }
            if (digits == i) {
                throw new TimeFormatException(text, "expected a number in offset '" + offset
                        + "'");
            }
            long number = Long.parseLong(offset.substring(i, Math.min(digits, i + 12)));
            int letters = digits;
            while (letters < offset.length() && Character.isLetter(offset.charAt(letters))) {
                letters++;
            }
            String unit = offset.substring(digits, letters);
            total = Math.addExact(total, Math.multiplyExact(number, unitSeconds(unit, text)));
            i = letters;
        }
        return sign * total;
    }

    /** Seconds in one unit, matched by prefix as graphite-web's getUnitString does. */
    public static long unitSeconds(String unit, String text) {
        if (unit.startsWith("s")) {
            return 1;
        }
        if (unit.startsWith("min")) {
            return 60;
        }
        if (unit.startsWith("h")) {
            return 3600;
        }
        if (unit.startsWith("d")) {
            return 86_400;
        }
        if (unit.startsWith("w")) {
            return 604_800;
        }
        if (unit.startsWith("mon")) {
            return 30 * 86_400;
        }
        if (unit.startsWith("y")) {
            return 365 * 86_400;
        }
        throw new TimeFormatException(text, "invalid offset unit '" + unit + "'");
    }
}
