package io.wsnio.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart's numbers (ratio, propagated error, time-per-op inversion) and that it renders. */
class ChartsTest {
    private static String result(String bench, String mode, String provider, String param, double score, double error) {
        return "{\"benchmark\": \"io.wsnio.bench." + bench + "\", \"mode\": \"" + mode + "\", \"params\": {\"provider\": \""
                + provider + "\"" + param + "}, \"primaryMetric\": {\"score\": " + score + ", \"scoreError\": " + error
                + ", \"scoreUnit\": \"ops/s\"}}";
    }

    @Test
    void ratiosAndErrorsComeFromBothScores(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        Files.writeString(json, "[" + String.join(",",
                result("TcpPingPong.pingPong", "thrpt", "jdk", "", 100, 10),
                result("TcpPingPong.pingPong", "thrpt", "wsnio", "", 120, 6),
                result("SelectorIdle.select", "avgt", "jdk", ", \"idle\": \"1000\"", 2.0, 0),
                result("SelectorIdle.select", "avgt", "wsnio", ", \"idle\": \"1000\"", 1.6, 0)) + "]");
        List<String> names = new ArrayList<>();
        List<double[]> ratios = new ArrayList<>();
        Charts.ratios(json, names, ratios);
        assertEquals(List.of("TcpPingPong.pingPong", "SelectorIdle.select idle=1000"), names);
        assertEquals(1.2, ratios.get(0)[0], 1e-9);
        assertEquals(1.2 * Math.sqrt(0.05 * 0.05 + 0.1 * 0.1), ratios.get(0)[1], 1e-9);
        assertEquals(1.25, ratios.get(1)[0], 1e-9, "time per op: jdk/wsnio");

        Path png = dir.resolve("c.png");
        System.setProperty("java.awt.headless", "true");
        Charts.main(new String[] {png.toString(), "JDK 17=" + json});
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img);
        assertEquals(1000, img.getWidth());
        assertTrue(img.getHeight() > 160);
    }
}
