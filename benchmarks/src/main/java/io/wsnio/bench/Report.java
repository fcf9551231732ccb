package io.wsnio.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH's JSON results ({@code -rf json}) into a markdown table comparing the two providers:
 * one row per benchmark and parameter set, the jdk and wsnio scores, wsnio/jdk as "higher is better"
 * (inverted for time-per-op modes), and {@code gc.alloc.rate.norm} for each when {@code -prof gc} ran.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.wsnio.bench.Report result.json [more.json ...] [--command "how it ran"]</pre>
 *
 * <p>Several files are joined into one table (runs of single benchmarks made at quiet moments, say);
 * a later file's result for the same benchmark, parameters and provider replaces an earlier one;
 * the run settings shown are the first file's.
 */
public final class Report {

    private Report() {
    }

    public static void main(String[] args) throws IOException {
        List<Path> files = new ArrayList<>();
        String command = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--command") && i + 1 < args.length) {
                command = args[++i];
            } else if (args[i].startsWith("--")) {
                files.clear();
                break;
            } else {
                files.add(Path.of(args[i]));
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: Report result.json [more.json ...] [--command \"the command that produced it\"]");
            System.exit(2);
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (Path file : files) {
            Object parsed = new Json(Files.readString(file)).parse();
            if (!(parsed instanceof List)) {
                throw new IllegalArgumentException(file + " is not a JMH JSON result (expected an array)");
            }
            results.addAll(cast(parsed));
        }
        System.out.print(render(results, files, command));
    }

    /** One comparison row: a benchmark (or one of its secondary counters) under one parameter set. */
    private static final class Row {
        final String name;
        final String params;
        final String mode;
        String unit;
        final Map<String, Double> score = new LinkedHashMap<>();
        final Map<String, Double> error = new LinkedHashMap<>();
        final Map<String, Double> alloc = new LinkedHashMap<>();

        Row(String name, String params, String mode) {
            this.name = name;
            this.params = params;
            this.mode = mode;
        }
    }

    static String render(List<Map<String, Object>> results, List<Path> files, String command) throws IOException {
        Map<String, Row> rows = new LinkedHashMap<>();
        Map<String, Object> first = results.isEmpty() ? Map.of() : results.get(0);
        for (Map<String, Object> r : results) {
            String benchmark = shortName((String) r.get("benchmark"));
            String mode = (String) r.get("mode");
            Map<String, Object> params = r.get("params") == null ? Map.of() : cast(r.get("params"));
            String provider = String.valueOf(params.getOrDefault("provider", "?"));
            StringBuilder p = new StringBuilder();
            for (Map.Entry<String, Object> e : params.entrySet()) {
                if (!e.getKey().equals("provider")) {
                    p.append(p.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(e.getValue());
                }
            }
            String key = benchmark + '\0' + mode + '\0' + p;
            Row row = rows.computeIfAbsent(key, k -> new Row(benchmark, p.toString(), mode));
            Map<String, Object> primary = cast(r.get("primaryMetric"));
            row.unit = (String) primary.get("scoreUnit");
            row.score.put(provider, number(primary.get("score")));
            row.error.put(provider, number(primary.get("scoreError")));
            Map<String, Object> secondary = r.get("secondaryMetrics") == null ? Map.of() : cast(r.get("secondaryMetrics"));
            for (Map.Entry<String, Object> e : secondary.entrySet()) {
                String metric = e.getKey().replace("\u00b7", "");
                Map<String, Object> m = cast(e.getValue());
                if (metric.equals("gc.alloc.rate.norm")) {
                    row.alloc.put(provider, number(m.get("score")));
                } else if (!metric.startsWith("gc.")) { // an @AuxCounters counter: a row of its own
                    Row extra = rows.computeIfAbsent(key + '\0' + metric,
                            k -> new Row(benchmark + ":" + metric, p.toString(), mode));
                    extra.unit = (String) m.get("scoreUnit");
                    extra.score.put(provider, number(m.get("score")));
                    extra.error.put(provider, number(m.get("scoreError")));
                }
            }
        }

        StringBuilder out = new StringBuilder();
        out.append("## wsnio vs JDK provider (JMH)\n\n");
        out.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs (nproc), ")
                .append(cpuModel()).append(", Linux ").append(kernel()).append('\n');
        if (!first.isEmpty()) {
            out.append("- JVM: ").append(first.get("vmName")).append(' ').append(first.get("vmVersion"))
                    .append("; JMH ").append(first.get("jmhVersion")).append("; wsnio backend: ")
                    .append(backend()).append('\n');
            out.append("- run: ").append(text(first.get("forks"))).append(" fork(s), warm-up ")
                    .append(text(first.get("warmupIterations"))).append(" x ").append(first.get("warmupTime"))
                    .append(", measurement ").append(text(first.get("measurementIterations"))).append(" x ")
                    .append(first.get("measurementTime")).append(", JVM args: ")
                    .append(jvmArgs(first.get("jvmArgs"))).append('\n');
        }
        if (command != null) {
            out.append("- command: `").append(command).append("`\n");
        }
        out.append("- wsnio/jdk: above 1 means wsnio is faster (throughput ratio; for time per op, jdk/wsnio);")
                .append(" B/op is gc.alloc.rate.norm from -prof gc\n\n");
        out.append("| benchmark | params | unit | jdk | wsnio | wsnio/jdk | jdk B/op | wsnio B/op |\n");
        out.append("|---|---|---|---:|---:|---:|---:|---:|\n");
        for (Row row : rows.values()) {
            Double jdk = row.score.get("jdk");
            Double wsnio = row.score.get("wsnio");
            String ratio = "";
            if (jdk != null && wsnio != null && jdk > 0 && wsnio > 0) {
                ratio = String.format(Locale.ROOT, "%.2f", timePerOp(row.mode) ? jdk / wsnio : wsnio / jdk);
            }
            out.append("| ").append(row.name).append(" | ").append(row.params).append(" | ")
                    .append(row.unit).append(" | ")
                    .append(scoreCell(jdk, row.error.get("jdk"))).append(" | ")
                    .append(scoreCell(wsnio, row.error.get("wsnio"))).append(" | ")
                    .append(ratio).append(" | ")
                    .append(allocCell(row.alloc.get("jdk"))).append(" | ")
                    .append(allocCell(row.alloc.get("wsnio"))).append(" |\n");
        }
        return out.toString();
    }

    private static boolean timePerOp(String mode) {
        return !"thrpt".equals(mode); // avgt, sample and ss all report time per operation
    }

    private static String shortName(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        int type = benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(type + 1);
    }

    private static String scoreCell(Double score, Double error) {
        if (score == null) {
            return "—";
        }
        String s = format(score);
        return error == null || error.isNaN() ? s : s + " ± " + format(error);
    }

    private static String allocCell(Double bytes) {
        return bytes == null ? "" : String.format(Locale.ROOT, "%.1f", bytes);
    }

    static String format(double v) {
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** The wsnio backend this jar gives this JVM (run by the benchmarks' JVM: the same bridge). */
    private static String backend() {
        try {
            return new io.wsnio.WsnioSelectorProvider().backendName();
        } catch (Throwable t) {
            return "unknown (" + t + ")";
        }
    }

    private static String jvmArgs(Object list) {
        List<Object> args = list instanceof List ? cast(list) : List.of();
        StringBuilder b = new StringBuilder();
        for (Object a : args) {
            b.append(b.length() == 0 ? "" : " ").append(a);
        }
        return b.length() == 0 ? "none" : "`" + b + "`";
    }

    /** A JSON value as text, whole numbers without a trailing ".0". */
    private static String text(Object o) {
        if (o instanceof Double && (Double) o == Math.rint((Double) o)) {
            return Long.toString(((Double) o).longValue());
        }
        return String.valueOf(o);
    }

    private static Double number(Object o) {
        if (o instanceof Number) {
            return ((Number) o).doubleValue();
        }
        if (o instanceof String) { // JMH writes "NaN" as a string
            try {
                return Double.parseDouble((String) o);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return null;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    private static String kernel() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
        } catch (IOException e) {
            return System.getProperty("os.version");
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    /** Just enough JSON for JMH's output: objects (in order), arrays, strings, numbers, literals. */
    static final class Json {
        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Object parse() {
            Object v = value();
            skip();
            if (i != s.length()) {
                throw error("trailing text");
            }
            return v;
        }

        private Object value() {
            skip();
            if (i >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(i);
            switch (c) {
                case '{': return object();
                case '[': return array();
                case '"': return string();
                case 't': return literal("true", Boolean.TRUE);
                case 'f': return literal("false", Boolean.FALSE);
                case 'n': return literal("null", null);
                default: return number();
            }
        }

        private Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            i++;
            skip();
            if (peek() == '}') {
                i++;
                return m;
            }
            while (true) {
                skip();
                String k = string();
                skip();
                expect(':');
                m.put(k, value());
                skip();
                if (peek() == ',') {
                    i++;
                } else {
                    expect('}');
                    return m;
                }
            }
        }

        private List<Object> array() {
            List<Object> a = new ArrayList<>();
            i++;
            skip();
            if (peek() == ']') {
                i++;
                return a;
            }
            while (true) {
                a.add(value());
                skip();
                if (peek() == ',') {
                    i++;
                } else {
                    expect(']');
                    return a;
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                if (i >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n': b.append('\n'); break;
                    case 't': b.append('\t'); break;
                    case 'r': b.append('\r'); break;
                    case 'b': b.append('\b'); break;
                    case 'f': b.append('\f'); break;
                    case 'u': b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
                    default: b.append(e); // \" \\ \/
                }
            }
        }

        private Double number() {
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            if (start == i) {
                throw error("unexpected character '" + s.charAt(i) + "'");
            }
            return Double.valueOf(s.substring(start, i));
        }

        private Object literal(String word, Object v) {
            if (!s.startsWith(word, i)) {
                throw error("expected " + word);
            }
            i += word.length();
            return v;
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private char peek() {
            return i < s.length() ? s.charAt(i) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            i++;
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("JSON: " + what + " at offset " + i);
        }
    }
}
