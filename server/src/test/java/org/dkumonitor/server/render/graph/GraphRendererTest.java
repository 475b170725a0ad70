package org.dkumonitor.server.render.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.dkumonitor.server.render.Series;
import org.junit.jupiter.api.Test;

class GraphRendererTest {

    private static final Series SERIES = new Series("a.b", 0, 600, 60,
            new double[] {1, 2, 3, 4, 5, 4, 3, 2, 1, 2});

    private static byte[] render(List<Series> series, Map<String, String> params, boolean svg)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GraphRenderer.render(series, GraphOptions.parse(params::get, svg), 0, 600,
                ZoneOffset.UTC, out);
        return out.toByteArray();
    }

    private static int count(BufferedImage image, int rgb) {
        int n = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                n += (image.getRGB(x, y) & 0xFFFFFF) == rgb ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void drawsTheSizeBackgroundAndSeriesColourAsked() throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(render(List.of(SERIES),
                Map.of("width", "400", "height", "200", "bgcolor", "000000",
                        "colorList", "ff0000", "lineWidth", "3"), false)));
        assertEquals(400, image.getWidth());
        assertEquals(200, image.getHeight());
        assertEquals(0x000000, image.getRGB(1, 1) & 0xFFFFFF);
        assertTrue(count(image, 0xFF0000) > 200, "the red line is drawn");
    }

    @Test
    void stackedAreasFillBelowTheLine() throws Exception {
        BufferedImage lines = ImageIO.read(new ByteArrayInputStream(render(List.of(SERIES),
                Map.of("colorList", "00ff00", "hideLegend", "true"), false)));
        BufferedImage areas = ImageIO.read(new ByteArrayInputStream(render(List.of(SERIES),
                Map.of("colorList", "00ff00", "areaMode", "stacked", "hideLegend", "true"),
                false)));
        assertTrue(count(areas, 0x00FF00) > 5 * count(lines, 0x00FF00));
    }

    @Test
    void svgCarriesTitlesAndLines() throws Exception {
        String svg = new String(render(List.of(SERIES), Map.of("title", "Load <1>",
                "vtitle", "per s"), true), StandardCharsets.UTF_8);
        assertTrue(svg.startsWith("<?xml"));
        assertTrue(svg.contains("Load &lt;1&gt;"));
        assertTrue(svg.contains("rotate(-90)\" fill=\"rgb(0,0,0)\" fill-opacity=\"1.000\">per s"));
        assertTrue(svg.contains("<polyline"));
        assertTrue(new String(render(List.of(), Map.of(), true), StandardCharsets.UTF_8)
                .contains("No Data"));
    }

    @Test
    void refusesBadParameters() {
        assertThrows(GraphOptionException.class, () -> render(List.of(SERIES),
                Map.of("width", "100000"), false));
        assertThrows(GraphOptionException.class, () -> render(List.of(SERIES),
                Map.of("bgcolor", "notacolour"), false));
        assertThrows(GraphOptionException.class, () -> render(List.of(SERIES),
                Map.of("areaMode", "sideways"), false));
    }
}
