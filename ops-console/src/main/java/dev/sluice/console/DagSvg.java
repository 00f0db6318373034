package dev.sluice.console;

import static dev.sluice.console.Html.esc;
import static dev.sluice.console.Html.url;

import dev.sluice.spec.PipelineSpecs;
import dev.sluice.spec.model.DatasetSpec;
import dev.sluice.spec.model.InputSpec;
import dev.sluice.spec.model.JobSpec;
import dev.sluice.spec.model.OutputSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline as a server-side SVG: datasets (rounded) and jobs (square, coloured by health) in layers from left to
 * right, each node one layer after the furthest of its predecessors (a longest-path layering; specs are acyclic).
 * A job links to its partition grid.
 */
final class DagSvg {
    static final int COLUMN = 230;
    static final int ROW = 64;
    static final int WIDTH = 180;
    static final int HEIGHT = 38;

    private DagSvg() {
    }

    private record Node(String id, String label, boolean job) {
    }

    static String render(PipelineSpecs specs, Map<String, Health> health) {
        Map<String, Node> nodes = new LinkedHashMap<>();
        Map<String, List<String>> preds = new HashMap<>();
        List<String[]> edges = new ArrayList<>();
        for (DatasetSpec d : specs.datasets()) {
            nodes.put("d:" + d.name(), new Node("d:" + d.name(), d.name(), false));
        }
        for (JobSpec j : specs.jobs()) {
            String id = "j:" + j.name();
            nodes.put(id, new Node(id, j.name(), true));
            for (InputSpec in : j.inputs()) {
                edges.add(new String[] {"d:" + in.dataset(), id});
            }
            for (OutputSpec out : j.outputs()) {
                edges.add(new String[] {id, "d:" + out.dataset()});
            }
        }
        for (String[] e : edges) {
            nodes.putIfAbsent(e[0], new Node(e[0], e[0].substring(2), false));
            nodes.putIfAbsent(e[1], new Node(e[1], e[1].substring(2), false));
            preds.computeIfAbsent(e[1], k -> new ArrayList<>()).add(e[0]);
        }
        Map<String, Integer> layer = new HashMap<>();
        for (String id : nodes.keySet()) {
            layerOf(id, preds, layer, 0);
        }
        Map<Integer, Integer> rows = new HashMap<>();
        Map<String, int[]> at = new HashMap<>();
        for (String id : nodes.keySet()) {
            int l = layer.get(id);
            int r = rows.merge(l, 1, Integer::sum) - 1;
            at.put(id, new int[] {20 + l * COLUMN, 20 + r * ROW});
        }
        int width = 40 + (rows.keySet().stream().mapToInt(i -> i).max().orElse(0)) * COLUMN + WIDTH;
        int height = 40 + (rows.values().stream().mapToInt(i -> i).max().orElse(1) - 1) * ROW + HEIGHT;

        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns='http://www.w3.org/2000/svg' id='dag' role='img' aria-label='pipeline graph' width='").append(width)
                .append("' height='").append(height).append("' viewBox='0 0 ").append(width).append(' ').append(height).append("'>")
                .append("<defs><marker id='arrow' viewBox='0 0 10 10' refX='10' refY='5' markerWidth='7' markerHeight='7' orient='auto'>")
                .append("<path d='M0,0L10,5L0,10z' fill='#8a9099'/></marker></defs>");
        for (String[] e : edges) {
            int[] a = at.get(e[0]);
            int[] b = at.get(e[1]);
            int x1 = a[0] + WIDTH;
            int y1 = a[1] + HEIGHT / 2;
            int x2 = b[0];
            int y2 = b[1] + HEIGHT / 2;
            int mid = (x1 + x2) / 2;
            svg.append("<path class='edge' d='M").append(x1).append(',').append(y1).append(" C").append(mid).append(',').append(y1)
                    .append(' ').append(mid).append(',').append(y2).append(' ').append(x2).append(',').append(y2)
                    .append("' fill='none' stroke='#8a9099' stroke-width='1.5' marker-end='url(#arrow)'/>");
        }
        for (Node n : nodes.values()) {
            int[] p = at.get(n.id());
            if (n.job()) {
                Health h = health.getOrDefault(n.label(), Health.IDLE);
                svg.append("<a href='/jobs/").append(esc(url(n.label()))).append("' class='job' data-job='").append(esc(n.label()))
                        .append("' data-health='").append(h.name().toLowerCase()).append("'><title>").append(esc(n.label())).append(": ")
                        .append(esc(h.word)).append("</title>")
                        .append("<rect x='").append(p[0]).append("' y='").append(p[1]).append("' width='").append(WIDTH).append("' height='")
                        .append(HEIGHT).append("' fill='").append(h.colour).append("' stroke='#333' stroke-width='1'/>")
                        .append(text(p, n.label(), "#111", true)).append("</a>");
            } else {
                svg.append("<g class='dataset' data-dataset='").append(esc(n.label())).append("'><rect x='").append(p[0]).append("' y='").append(p[1])
                        .append("' rx='16' width='").append(WIDTH).append("' height='").append(HEIGHT)
                        .append("' fill='#ffffff' stroke='#6b7280' stroke-width='1'/>").append(text(p, n.label(), "#333", false)).append("</g>");
            }
        }
        return svg.append("</svg>").toString();
    }

    private static String text(int[] p, String label, String colour, boolean bold) {
        String shown = label.length() > 24 ? label.substring(0, 23) + "…" : label;
        return "<text x='" + (p[0] + WIDTH / 2) + "' y='" + (p[1] + HEIGHT / 2 + 5) + "' text-anchor='middle' font-family='sans-serif' font-size='13'"
                + (bold ? " font-weight='bold'" : "") + " fill='" + colour + "'>" + esc(shown) + "</text>";
    }

    private static int layerOf(String id, Map<String, List<String>> preds, Map<String, Integer> layer, int depth) {
        Integer known = layer.get(id);
        if (known != null) {
            return known;
        }
        int l = 0;
        if (depth < 1000) { // specs are acyclic (validated); the bound only guards against a bug looping forever
            for (String p : preds.getOrDefault(id, List.of())) {
                l = Math.max(l, layerOf(p, preds, layer, depth + 1) + 1);
            }
        }
        layer.put(id, l);
        return l;
    }
}
