package dev.jobcache.benchmarks.load;

import java.util.Locale;
import java.util.Optional;

/** How figures are written in the tables: three significant digits for latencies, whole requests per second. */
final class Format {

    private Format() {
    }

    static String micros(double micros) {
        return millis(micros / 1000.0);
    }

    static String millis(Double millis) {
        if (millis == null) {
            return "–";
        }
        double ms = millis;
        if (ms < 1) {
            return String.format(Locale.ROOT, "%.3f ms", ms);
        }
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.2f ms", ms);
        }
        if (ms < 100) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        }
        return String.format(Locale.ROOT, "%.0f ms", ms);
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    static String ratio(Optional<Double> ratio) {
        return ratio.map(Format::ratio).orElse("–");
    }

    static String ratio(double ratio) {
        return ratio >= 100 ? String.format(Locale.ROOT, "%.0f×", ratio) : String.format(Locale.ROOT, "%.2f×", ratio);
    }

    static String percent(Double fraction) {
        return fraction == null ? "–" : String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
