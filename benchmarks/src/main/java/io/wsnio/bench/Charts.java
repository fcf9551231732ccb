package io.wsnio.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

/**
 * Draws the wsnio/JDK ratio of every benchmark of one or more JMH JSON results (one per JDK) as a
 * bar chart with error bars, with JFreeChart, into a PNG:
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.wsnio.bench.Charts out.png "JDK 17=a.json" "JDK 25=b.json"</pre>
 *
 * <p>The ratio is wsnio's score over the JDK's (the JDK's over wsnio's for time per operation), so
 * above 1 means wsnio is faster; the error bar is the ratio's error propagated from both scores'
 * 99.9% confidence intervals ({@code scoreError}): {@code r * sqrt((ew/w)^2 + (ej/j)^2)}. A
 * vertical line marks parity.
 */
public final class Charts {
    private Charts() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: Charts out.png \"label=result.json\" [\"label=result.json\" ...]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        Map<String, Path> runs = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("not label=file: " + args[i]);
            }
            runs.put(args[i].substring(0, eq), Path.of(args[i].substring(eq + 1)));
        }
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        int categories = 0;
        for (Map.Entry<String, Path> run : runs.entrySet()) {
            List<double[]> ratios = new ArrayList<>();
            List<String> names = new ArrayList<>();
            ratios(run.getValue(), names, ratios);
            for (int i = 0; i < names.size(); i++) {
                data.add(ratios.get(i)[0], ratios.get(i)[1], run.getKey(), names.get(i));
            }
            categories = Math.max(categories, data.getColumnCount());
        }
        CategoryAxis axis = new CategoryAxis("benchmark");
        NumberAxis ratio = new NumberAxis("wsnio / JDK (above 1: wsnio faster)");
        ratio.setAutoRangeIncludesZero(true);
        StatisticalBarRenderer bars = new StatisticalBarRenderer();
        bars.setErrorIndicatorPaint(Color.BLACK);
        CategoryPlot plot = new CategoryPlot(data, axis, ratio, bars);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        ValueMarker parity = new ValueMarker(1.0, Color.DARK_GRAY, new BasicStroke(1.5f));
        plot.addRangeMarker(parity);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        double top = 0;
        for (int r = 0; r < data.getRowCount(); r++) {
            for (int c = 0; c < data.getColumnCount(); c++) {
                Number m = data.getMeanValue(r, c);
                if (m != null) {
                    top = Math.max(top, m.doubleValue());
                }
            }
        }
        ratio.setRange(0, Math.max(1.2, Math.ceil(top * 1.5 * 10) / 10)); // bars whole; long error bars clipped
        JFreeChart chart = new JFreeChart("wsnio vs the JDK's provider (JMH, same machine, same run)",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        int height = 160 + categories * 18 * Math.max(1, runs.size());
        ChartUtils.saveChartAsPNG(out.toFile(), chart, 1000, height);
        System.out.println("chart: " + out + " (" + categories + " benchmarks, " + runs.size() + " run(s))");
    }

    /** The ratio and its error per benchmark (with its non-provider parameters) of one JMH JSON file. */
    static void ratios(Path file, List<String> names, List<double[]> ratios) throws IOException {
        Object parsed = new Report.Json(Files.readString(file)).parse();
        if (!(parsed instanceof List)) {
            throw new IllegalArgumentException(file + " is not a JMH JSON result (expected an array)");
        }
        Map<String, double[]> jdk = new LinkedHashMap<>();
        Map<String, double[]> wsnio = new LinkedHashMap<>();
        Map<String, Boolean> timePerOp = new LinkedHashMap<>();
        for (Object o : (List<?>) parsed) {
            Map<?, ?> r = (Map<?, ?>) o;
            String benchmark = (String) r.get("benchmark");
            String name = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
            Map<?, ?> params = r.get("params") == null ? Map.of() : (Map<?, ?>) r.get("params");
            StringBuilder key = new StringBuilder(name);
            for (Map.Entry<?, ?> e : params.entrySet()) {
                if (!"provider".equals(e.getKey())) {
                    key.append(' ').append(e.getKey()).append('=').append(e.getValue());
                }
            }
            Map<?, ?> primary = (Map<?, ?>) r.get("primaryMetric");
            double[] score = {number(primary.get("score")), number(primary.get("scoreError"))};
            String k = key.toString();
            timePerOp.put(k, !"thrpt".equals(r.get("mode")));
            if ("jdk".equals(params.get("provider"))) {
                jdk.put(k, score);
            } else if ("wsnio".equals(params.get("provider"))) {
                wsnio.put(k, score);
            }
        }
        for (Map.Entry<String, double[]> e : wsnio.entrySet()) {
            double[] j = jdk.get(e.getKey());
            double[] w = e.getValue();
            if (j == null || j[0] <= 0 || w[0] <= 0) {
                continue;
            }
            double r = timePerOp.get(e.getKey()) ? j[0] / w[0] : w[0] / j[0];
            double rel = Math.sqrt(sq(err(w) / w[0]) + sq(err(j) / j[0]));
            names.add(e.getKey());
            ratios.add(new double[] {r, r * rel});
        }
    }

    private static double err(double[] score) {
        return Double.isNaN(score[1]) ? 0 : score[1];
    }

    private static double sq(double v) {
        return v * v;
    }

    private static double number(Object o) {
        if (o instanceof Number) {
            return ((Number) o).doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(o));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
