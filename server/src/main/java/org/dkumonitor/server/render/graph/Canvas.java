package org.dkumonitor.server.render.graph;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * What the graph renderer draws on: a Java2D image written as PNG, or SVG text. Both measure
 * text with the same Java2D font so the layouts match.
 */
sealed interface Canvas permits Canvas.Png, Canvas.Svg {

    void rect(Color color, double x, double y, double w, double h);

    void polyline(Color color, double width, double[] xs, double[] ys, int n);

    void polygon(Color color, double[] xs, double[] ys, int n);

    /** Text with its baseline at y; align -1 left, 0 centre, 1 right. */
    void text(Color color, String text, double x, double y, int align);

    /** Text rotated a quarter turn anticlockwise, centred on (x, y). */
    void verticalText(Color color, String text, double x, double y);

    double textWidth(String text);

    double textHeight();

    void finish(OutputStream out) throws IOException;

    static Canvas create(boolean svg, int width, int height, float fontSize) {
        return svg ? new Svg(width, height, fontSize) : new Png(width, height, fontSize);
    }

    /** Java2D into an ARGB image. */
    final class Png implements Canvas {

        private final BufferedImage image;
        private final Graphics2D g;

        Png(int width, int height, float fontSize) {
            image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
            g = image.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
                    RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(fontSize)));
        }

        @Override
        public void rect(Color color, double x, double y, double w, double h) {
            g.setColor(color);
            g.fill(new java.awt.geom.Rectangle2D.Double(x, y, w, h));
        }

        @Override
        public void polyline(Color color, double width, double[] xs, double[] ys, int n) {
            Path2D.Double path = new Path2D.Double();
            path.moveTo(xs[0], ys[0]);
            for (int i = 1; i < n; i++) {
                path.lineTo(xs[i], ys[i]);
            }
            g.setColor(color);
            g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_ROUND,
                    BasicStroke.JOIN_ROUND));
            g.draw(path);
        }

        @Override
        public void polygon(Color color, double[] xs, double[] ys, int n) {
            Path2D.Double path = new Path2D.Double();
            path.moveTo(xs[0], ys[0]);
            for (int i = 1; i < n; i++) {
                path.lineTo(xs[i], ys[i]);
            }
            path.closePath();
            g.setColor(color);
            g.fill(path);
        }

        @Override
        public void text(Color color, String text, double x, double y, int align) {
            g.setColor(color);
            double w = textWidth(text);
            double left = align < 0 ? x : align == 0 ? x - w / 2 : x - w;
            g.drawString(text, (float) left, (float) y);
        }

        @Override
        public void verticalText(Color color, String text, double x, double y) {
            java.awt.geom.AffineTransform saved = g.getTransform();
            g.translate(x, y);
            g.rotate(-Math.PI / 2);
            text(color, text, 0, 0, 0);
            g.setTransform(saved);
        }

        @Override
        public double textWidth(String text) {
            return g.getFontMetrics().stringWidth(text);
        }

        @Override
        public double textHeight() {
            return g.getFontMetrics().getAscent();
        }

        @Override
        public void finish(OutputStream out) throws IOException {
            g.dispose();
            ImageIO.write(image, "png", out);
        }
    }

    /** SVG 1.1 text, measured with a Java2D font of the same size. */
    final class Svg implements Canvas {

        private final StringBuilder body = new StringBuilder();
        private final int width;
        private final int height;
        private final float fontSize;
        private final Png metrics;

        Svg(int width, int height, float fontSize) {
            this.width = width;
            this.height = height;
            this.fontSize = fontSize;
            this.metrics = new Png(1, 1, fontSize);
        }

        private static String rgb(Color c) {
            return String.format(Locale.ROOT, "rgb(%d,%d,%d)\" %s-opacity=\"%.3f", c.getRed(),
                    c.getGreen(), c.getBlue(), "%s", c.getAlpha() / 255.0);
        }

        private static String paint(String attribute, Color c) {
            return attribute + "=\"" + rgb(c).formatted(attribute) + "\"";
        }

        @Override
        public void rect(Color color, double x, double y, double w, double h) {
            body.append(String.format(Locale.ROOT,
                    "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" %s/>%n", x, y, w,
                    h, paint("fill", color)));
        }

        @Override
        public void polyline(Color color, double width, double[] xs, double[] ys, int n) {
            body.append("<polyline fill=\"none\" stroke-linejoin=\"round\" stroke-width=\"")
                    .append(String.format(Locale.ROOT, "%.2f", width)).append("\" ")
                    .append(paint("stroke", color)).append(" points=\"");
            points(xs, ys, n);
            body.append("\"/>\n");
        }

        @Override
        public void polygon(Color color, double[] xs, double[] ys, int n) {
            body.append("<polygon ").append(paint("fill", color)).append(" points=\"");
            points(xs, ys, n);
            body.append("\"/>\n");
        }

        private void points(double[] xs, double[] ys, int n) {
            for (int i = 0; i < n; i++) {
                body.append(String.format(Locale.ROOT, "%.2f,%.2f ", xs[i], ys[i]));
            }
        }

        @Override
        public void text(Color color, String text, double x, double y, int align) {
            String anchor = align < 0 ? "start" : align == 0 ? "middle" : "end";
            body.append(String.format(Locale.ROOT, "<text x=\"%.2f\" y=\"%.2f\" "
                    + "text-anchor=\"%s\" %s>", x, y, anchor, paint("fill", color)))
                    .append(escape(text)).append("</text>\n");
        }

        @Override
        public void verticalText(Color color, String text, double x, double y) {
            body.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"0\" text-anchor=\"middle\" "
                    + "transform=\"translate(%.2f,%.2f) rotate(-90)\" %s>", x, y,
                    paint("fill", color))).append(escape(text)).append("</text>\n");
        }

        private static String escape(String text) {
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    .replace("\"", "&quot;");
        }

        @Override
        public double textWidth(String text) {
            return metrics.textWidth(text);
        }

        @Override
        public double textHeight() {
            return metrics.textHeight();
        }

        @Override
        public void finish(OutputStream out) throws IOException {
            String head = String.format(Locale.ROOT, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>%n"
                    + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                    + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"%.1f\">%n",
                    width, height, width, height, fontSize);
            out.write((head + body + "</svg>\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
