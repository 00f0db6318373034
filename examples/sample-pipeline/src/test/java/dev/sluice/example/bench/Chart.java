package dev.sluice.example.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The scale benchmark's chart, as plain SVG: the distribution of the per-job orchestration overhead (a histogram with
 * p50/p95/p99), and a timeline of one partition's critical path (per job: released → received → transform → load →
 * finished).
 */
final class Chart {
    private static final int WIDTH = 960;
    private static final int LEFT = 150;
    private static final int PLOT = WIDTH - LEFT - 30;

    private Chart() {
    }

    static void write(Path file, ScaleBenchmark.Phase one, List<ScaleBenchmark.JobRun> path, ScaleBenchmark.Phase many) throws IOException {
        StringBuilder s = new StringBuilder();
        int histTop = 50;
        int histHeight = 220;
        int rowHeight = 22;
        int pathTop = histTop + histHeight + 110;
        int height = pathTop + 40 + path.size() * rowHeight + 70;
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                WIDTH, height));
        s.append(String.format("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));

        ScaleBenchmark.Phase h = many != null && !many.runs().isEmpty() ? many : one;
        long[] v = h.runs().stream().mapToLong(ScaleBenchmark.JobRun::overheadMs).sorted().toArray();
        text(s, 10, 24, 15, "bold", "Orchestration overhead per job run (release → finished − transform and load work), "
                + h.name() + ", n = " + v.length);
        if (v.length > 0) {
            long p50 = ScaleBenchmark.pct(v, 50);
            long p95 = ScaleBenchmark.pct(v, 95);
            long p99 = ScaleBenchmark.pct(v, 99);
            long max = Math.max(1, Math.max(p99 + p99 / 5, 100));
            int bins = 60;
            double width = max / (double) bins;
            int[] counts = new int[bins];
            int over = 0;
            for (long x : v) {
                int b = (int) (x / width);
                if (b >= bins) {
                    over++;
                } else {
                    counts[Math.max(0, b)]++;
                }
            }
            int top = Arrays.stream(counts).max().orElse(1);
            double bw = PLOT / (double) bins;
            for (int b = 0; b < bins; b++) {
                double bh = counts[b] * (histHeight - 10.0) / top;
                s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#5b8def\"/>%n",
                        LEFT + b * bw, histTop + histHeight - bh, Math.max(1, bw - 1), bh));
            }
            axis(s, histTop + histHeight, max, "ms");
            text(s, 10, histTop + histHeight / 2, 12, "normal", "job runs (max " + top + ")");
            marker(s, p50, max, histTop, histHeight, "#1a7f37", "p50 " + p50 + " ms");
            marker(s, p95, max, histTop, histHeight, "#bf8700", "p95 " + p95 + " ms");
            marker(s, p99, max, histTop, histHeight, "#cf222e", "p99 " + p99 + " ms");
            if (over > 0) {
                text(s, LEFT + PLOT - 150, histTop + 12, 11, "normal", over + " run(s) beyond " + max + " ms (max " + v[v.length - 1] + ")");
            }
        }

        if (!path.isEmpty()) {
            Instant t0 = one.start();
            long end = ScaleBenchmark.ms(t0, path.getLast().finished());
            text(s, 10, pathTop - 30, 15, "bold", "Critical path of one partition (" + one.name() + "): " + path.size() + " jobs, "
                    + end + " ms from the first upstream data-ready");
            String[][] legend = {{"#d0d7de", "waiting for inputs / data-ready → tracker release"}, {"#f4a261", "job-released → stage received"},
                    {"#8c959f", "DynamoDB claim, stage-completed hop, publish"}, {"#5b8def", "transform work"}, {"#2da44e", "load work"}};
            for (int i = 0; i < legend.length; i++) {
                int x = LEFT + (i % 3) * 260;
                int y = pathTop - 14 + (i / 3) * 14;
                s.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>%n", x, y - 9, legend[i][0]));
                text(s, x + 14, y, 11, "normal", legend[i][1]);
            }
            int y = pathTop + 20;
            Instant prevReady = t0;
            for (ScaleBenchmark.JobRun r : path) {
                text(s, 10, y + 14, 11, "normal", r.job());
                bar(s, t0, prevReady, r.released(), end, y, "#d0d7de");
                bar(s, t0, r.released(), r.received(), end, y, "#f4a261");
                bar(s, t0, r.received(), r.transform().startedAt(), end, y, "#8c959f");
                bar(s, t0, r.transform().startedAt(), r.transform().finishedAt(), end, y, "#5b8def");
                bar(s, t0, r.transform().finishedAt(), r.load().startedAt(), end, y, "#8c959f");
                bar(s, t0, r.load().startedAt(), r.load().finishedAt(), end, y, "#2da44e");
                bar(s, t0, r.load().finishedAt(), r.finished(), end, y, "#8c959f");
                prevReady = r.load().finishedAt();
                y += rowHeight;
            }
            axis(s, y + 4, end, "ms since the first upstream data-ready");
        }
        s.append("</svg>\n");
        Files.writeString(file, s);
    }

    private static void bar(StringBuilder s, Instant t0, Instant from, Instant to, long end, int y, String color) {
        double x1 = LEFT + ScaleBenchmark.ms(t0, from) * (double) PLOT / Math.max(1, end);
        double x2 = LEFT + ScaleBenchmark.ms(t0, to) * (double) PLOT / Math.max(1, end);
        if (x2 > x1) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"%s\"/>%n", x1, y, Math.max(0.8, x2 - x1), color));
        }
    }

    private static void axis(StringBuilder s, int y, long max, String unit) {
        s.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", LEFT, y, LEFT + PLOT, y));
        for (int i = 0; i <= 5; i++) {
            int x = LEFT + PLOT * i / 5;
            s.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", x, y, x, y + 4));
            text(s, x - 12, y + 17, 11, "normal", Long.toString(max * i / 5));
        }
        text(s, LEFT + PLOT / 2 - 40, y + 32, 11, "normal", unit);
    }

    private static void marker(StringBuilder s, long value, long max, int top, int height, String color, String label) {
        double x = LEFT + value * (double) PLOT / max;
        s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>%n",
                x, top, x, top + height, color));
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"%s\">%s</text>%n", x + 3,
                top + 12 + (label.startsWith("p50") ? 0 : label.startsWith("p95") ? 14 : 28), color, escape(label)));
    }

    private static void text(StringBuilder s, int x, int y, int size, String weight, String text) {
        s.append(String.format("<text x=\"%d\" y=\"%d\" font-size=\"%d\" font-weight=\"%s\">%s</text>%n", x, y, size, weight, escape(text)));
    }

    private static String escape(String t) {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
