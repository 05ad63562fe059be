package dev.pagerlab.app.layout;

import dev.pagerlab.app.layout.LayoutSnapshot.Kind;
import dev.pagerlab.engine.model.Mapping;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.RegionMapView;
import dev.pagerlab.engine.model.RegionView;
import dev.pagerlab.engine.model.Rights;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Draws one region map as SVG: its range as a bar with its regions at their places (coloured and patterned by kind,
 * labelled), every managed region opened into the nested region map's bar below it, the installed mappings of the
 * address space on their own row, and an alignment grid at the platform's installable sizes.
 *
 * <p>Every region is a {@code g.region} with {@code data-at}, {@code data-size}, {@code data-kind} and
 * {@code data-dataspace}; every mapping a {@code g.mapping} with {@code data-virt}, {@code data-phys} and
 * {@code data-size-log2}; every bar a {@code g.bar} with {@code data-rm}, {@code data-path} (the {@code at} of each
 * managed region on the way down, joined by {@code /}) and {@code data-axis} (its stretches, for the page's
 * overlays).
 */
final class LayoutRenderer {

    static final double WIDTH = 1400;
    static final double MARGIN = 16;
    static final double INDENT = 32;
    static final double FONT = 12;
    /** Advance of one character of the monospace font at {@link #FONT} pixels (DejaVu Sans Mono: 0.602 em). */
    static final double CHAR_W = 7.3;
    static final double LINE = 16;
    static final double REGION_H = 52;
    static final double MAPPING_H = 24;
    static final int MAX_LABEL_LANES = 8;
    /** The strip under a bar where the alignment grid's ticks hang. */
    static final double GRID_H = 14;
    /** Genode's recursion limit: the fault path visits at most this many region maps, and so does the picture. */
    static final int RECURSION_LIMIT = 5;
    /** More bars than this (a region map attached many times) are listed as not drawn. */
    static final int MAX_BARS = 48;

    private final LayoutSnapshot snapshot;
    private final int pageLog2;
    private final Svg body = Svg.element("g").attr("class", "layout");
    private final Svg connectors = Svg.element("g").attr("class", "connectors");
    private double y;
    private int bars;
    private int numbered;

    private LayoutRenderer(LayoutSnapshot snapshot) {
        this.snapshot = snapshot;
        this.pageLog2 = snapshot.platform().pageSize().value();
    }

    /** The SVG document of the snapshot's region map. */
    static String render(LayoutSnapshot snapshot) {
        return new LayoutRenderer(snapshot).draw();
    }

    private String draw() {
        RegionMapView root = snapshot.rootView();
        Svg svg = Svg.element("svg").attr("viewBox", "0 0 " + Svg.number(WIDTH) + " 100").attr("width", WIDTH)
                .attr("role", "img").attr("aria-labelledby", "pl-title pl-desc").attr("class", "pagerlab-layout")
                .attr("font-family", "DejaVu Sans Mono, Menlo, Consolas, monospace").attr("font-size", FONT);
        svg.add("title").attr("id", "pl-title").text("Layout of region map " + root.id() + label(root));
        svg.add("desc").attr("id", "pl-desc").text(description(root));
        svg.add(style());
        svg.add(definitions());
        y = 8;
        heading(root);
        legend();
        svg.add(connectors);
        svg.add(body);
        bar(root, "", 0, 0, new ArrayList<>(List.of(root.id())), null);
        svg.add("g").attr("class", "overlay");
        double height = Math.ceil(y + 4);
        svg.attr("viewBox", "0 0 " + Svg.number(WIDTH) + " " + Svg.number(height)).attr("height", height);
        return svg.write();
    }

    private void heading(RegionMapView root) {
        y += LINE;
        body.add("text").attr("class", "heading").attr("x", MARGIN).attr("y", y).attr("font-size", 15)
                .text("Region map " + root.id() + label(root) + " on " + snapshot.platform().name() + ": "
                        + root.regions().size() + " regions, " + snapshot.mappings().size()
                        + " installed mappings");
        y += LINE + 2;
        note("Axis not to scale: the range is cut at every region and mapping boundary; a stretch that holds"
                + " something is 1 unit wide per page plus 1 unit per doubling (4 KiB = 1, 4 MiB = 11),");
        note("an empty stretch at most " + Svg.number(Axis.GAP_UNITS) + " units (\u2248 marks a compressed one)."
                + " Inside a stretch the scale is linear. Addresses are written at the boundaries.");
        List<Integer> sizes = snapshot.platform().installableSizes();
        note("Grid: ticks at addresses aligned to the installable mapping sizes ("
                + snapshot.platform().mapSizes().describe() + "); a taller tick is a larger alignment.");
        if (sizes.isEmpty()) {
            note("This platform lists no installable sizes.");
        }
    }

    private void note(String text) {
        body.add("text").attr("class", "note").attr("x", MARGIN).attr("y", y).text(text);
        y += LINE;
    }

    private void legend() {
        double x = MARGIN;
        y += 4;
        Svg legend = body.add("g").attr("class", "legend");
        for (Kind kind : Kind.values()) {
            legend.add("rect").attr("class", "kind-" + kind).attr("x", x).attr("y", y).attr("width", 28)
                    .attr("height", 14).attr("fill", "url(#pl-pattern-" + kind + ")");
            String text = kind + " (" + tag(kind) + ")";
            legend.add("text").attr("x", x + 34).attr("y", y + 11).text(text);
            x += 34 + text.length() * CHAR_W + 24;
        }
        legend.add("rect").attr("class", "mapping-box").attr("x", x).attr("y", y).attr("width", 28)
                .attr("height", 14);
        legend.add("text").attr("x", x + 34).attr("y", y + 11).text("installed mapping, labelled 2^k");
        y += 14 + 12;
    }

    /**
     * Draws the bar of {@code rm} at nesting {@code depth}, then the bars of its managed regions below it.
     * {@code window} is the part of this bar the parent region shows ({@code [offset, offset+size-1]}), null for the
     * root; {@code chain} the region maps from the root down to this one (for cycles).
     */
    private void bar(RegionMapView rm, String path, int depth, double parentX0, List<RegionMapId> chain,
                     @Nullable Window window) {
        bars++;
        double x0 = MARGIN + depth * INDENT;
        double x1 = WIDTH - MARGIN;
        long last = rm.size().value() - 1;
        boolean root = depth == 0;
        List<Mapping> mappings = root ? snapshot.mappings() : List.of();

        TreeSet<Long> boundaries = new TreeSet<>(Long::compareUnsigned);
        List<long[]> occupied = new ArrayList<>();
        for (RegionView region : rm.regions()) {
            cut(boundaries, occupied, region.at().value(), region.range().end().value());
        }
        for (Mapping mapping : mappings) {
            cut(boundaries, occupied, mapping.virt().value(), mapping.virtRange().end().value());
        }
        if (window != null) {
            cut(boundaries, new ArrayList<>(), window.first, window.last);
        }
        Axis axis = Axis.of(last, boundaries, occupied, pageLog2, x0, x1);

        Svg group = body.add("g").attr("class", "bar").attr("data-rm", rm.id().toString()).attr("data-path", path)
                .attr("data-depth", Integer.toString(depth)).attr("data-size", hex(rm.size().value()))
                .attr("data-axis", axis.encoded());
        double headerY = y + 12;
        group.add("text").attr("class", "bar-title").attr("x", x0).attr("y", headerY).text(barTitle(rm, window));
        y += LINE + 2;
        addressLabels(group, axis, rm, mappings);
        double top = y;
        group.attr("data-y", Svg.number(top)).attr("data-height", Svg.number(REGION_H));
        if (window != null) {
            connectors.add("polygon").attr("class", "connector").attr("points",
                    Svg.number(window.parentX0) + "," + Svg.number(window.parentBottom) + " "
                            + Svg.number(window.parentX1) + "," + Svg.number(window.parentBottom) + " "
                            + Svg.number(axis.right(window.last)) + "," + Svg.number(top) + " "
                            + Svg.number(axis.left(window.first)) + "," + Svg.number(top));
        }
        group.add("rect").attr("class", "bar-bg").attr("x", x0).attr("y", top).attr("width", x1 - x0)
                .attr("height", REGION_H);
        for (Axis.Stretch stretch : axis.stretches()) {
            if (!stretch.occupied() && stretch.length() > 2 * Math.pow(2, pageLog2) && stretch.x1() - stretch.x0() > 14) {
                group.add("text").attr("class", "gap").attr("x", (stretch.x0() + stretch.x1()) / 2)
                        .attr("y", top + REGION_H / 2 + 5).attr("text-anchor", "middle").text("\u2248");
            }
        }
        if (window != null) {
            group.add("rect").attr("class", "window").attr("x", axis.left(window.first)).attr("y", top - 3)
                    .attr("width", axis.right(window.last) - axis.left(window.first)).attr("height", 3);
        }
        List<Label> labels = new ArrayList<>();
        for (RegionView region : rm.regions()) {
            labels.addAll(region(group, axis, rm, path, region, top));
        }
        grid(group, axis, top + REGION_H, last);
        y = top + REGION_H + GRID_H;
        y = placeNumbers(group, labels, x0, x1, y);
        y = key(group, labels, x0, x1, y);
        if (root) {
            mappingRow(group, axis, x0, x1);
        }
        y += 10;
        for (RegionView region : rm.regions()) {
            RegionMapView nested = snapshot.nested(region);
            if (nested == null) {
                continue;
            }
            double rx0 = axis.left(region.at().value());
            double rx1 = axis.right(region.range().end().value());
            String nestedPath = path.isEmpty() ? region.at().hex() : path + "/" + region.at().hex();
            String reason = chain.contains(nested.id()) ? "cycle"
                    : depth + 1 >= RECURSION_LIMIT ? "limit" : bars >= MAX_BARS ? "budget" : null;
            if (reason != null) {
                marker(rm, region, nested, nestedPath, depth + 1, rx0, rx1, top + REGION_H, reason);
                continue;
            }
            long offset = region.offset().value();
            Window nestedWindow = new Window(offset, offset + region.size().value() - 1, rx0, rx1, top + REGION_H);
            chain.add(nested.id());
            bar(nested, nestedPath, depth + 1, rx0, chain, nestedWindow);
            chain.removeLast();
        }
    }

    /** The part of a nested bar its parent region shows, and where that region sits in the parent bar. */
    private record Window(long first, long last, double parentX0, double parentX1, double parentBottom) {
    }

    private static void cut(Set<Long> boundaries, List<long[]> occupied, long first, long last) {
        boundaries.add(first);
        if (last != -1L) {
            boundaries.add(last + 1);
        }
        occupied.add(new long[]{first, last});
    }

    private String barTitle(RegionMapView rm, @Nullable Window window) {
        String dot = " \u00b7 ";
        StringBuilder title = new StringBuilder(rm.id().toString()).append(label(rm)).append(" [0x0, ")
                .append(hex(rm.size().value() - 1)).append("] ").append(human(rm.size().value()));
        if (window != null) {
            title.append(dot).append("shown from offset ").append(hex(window.first));
        }
        title.append(dot).append(rm.faultHandler() == null ? "no fault handler" : "handler " + rm.faultHandler());
        rm.state().ifPresent(f -> title.append(dot).append("state ").append(f.type()).append(' ')
                .append(f.addr().hex()));
        if (!rm.threads().isEmpty()) {
            title.append(dot).append("threads ").append(rm.threads().stream().map(Object::toString)
                    .collect(Collectors.joining(",")));
        }
        return title.toString();
    }

    /** Boundary addresses above the bar, on one row; a boundary whose label would overlap another is left out. */
    private void addressLabels(Svg group, Axis axis, RegionMapView rm, List<Mapping> mappings) {
        TreeSet<Long> addresses = new TreeSet<>(Long::compareUnsigned);
        addresses.add(0L);
        for (RegionView region : rm.regions()) {
            addresses.add(region.at().value());
            addresses.add(region.range().end().value());
        }
        for (Mapping mapping : mappings) {
            addresses.add(mapping.virt().value());
        }
        addresses.add(rm.size().value() - 1);
        Lanes lanes = new Lanes(1);
        Svg labels = group.add("g").attr("class", "addresses");
        double baseline = y + 10;
        for (long address : addresses) {
            boolean end = address != 0 && (address == rm.size().value() - 1 || rm.regions().stream()
                    .anyMatch(r -> r.range().end().value() == address));
            double x = end ? axis.right(address) : axis.left(address);
            String text = hex(address);
            double width = text.length() * CHAR_W;
            double left = Math.max(axis.stretches().getFirst().x0(), Math.min(x - (end ? width : 0),
                    WIDTH - MARGIN - width));
            if (lanes.place(left, width) < 0) {
                continue;
            }
            labels.add("text").attr("class", "address").attr("x", left).attr("y", baseline).attr("data-addr", text)
                    .text(text);
        }
        y += LINE;
    }

    /** Draws one region; answers its label when it must go below the bar (the box is too narrow for it). */
    private List<Label> region(Svg group, Axis axis, RegionMapView rm, String path, RegionView region, double top) {
        Kind kind = snapshot.kindOf(region);
        double x = axis.left(region.at().value());
        double width = axis.right(region.range().end().value()) - x;
        String dataspace = kind == Kind.RESERVED || region.dataspace() == null ? "" : region.dataspace().toString();
        Svg g = group.add("g").attr("class", "region kind-" + kind).attr("data-rm", rm.id().toString())
                .attr("data-path", path).attr("data-at", region.at().hex()).attr("data-size", region.size().hex())
                .attr("data-kind", kind.name()).attr("data-dataspace", dataspace)
                .attr("data-offset", region.offset().hex()).attr("data-rights", rights(region.rights()))
                .attr("tabindex", "0");
        RegionMapView nested = snapshot.nested(region);
        if (nested != null) {
            g.attr("data-nested", nested.id().toString());
        }
        g.add("title").text(regionSentence(region, kind, nested));
        g.add("rect").attr("class", "box").attr("x", x).attr("y", top).attr("width", width).attr("height", REGION_H)
                .attr("fill", "url(#pl-pattern-" + kind + ")");
        String name = kind == Kind.RESERVED ? "reserved" : dataspace + " " + tag(kind)
                + (nested == null ? "" : " = " + nested.id());
        List<String> lines = List.of(name, "at " + region.at().hex(),
                human(region.size().value()) + " " + rights(region.rights()));
        int longest = lines.stream().mapToInt(String::length).max().orElse(0);
        if (longest * CHAR_W + 8 <= width) {
            for (int i = 0; i < lines.size(); i++) {
                g.add("text").attr("class", "region-label").attr("x", x + 4).attr("y", top + 15 + i * LINE)
                        .text(lines.get(i));
            }
            return List.of();
        }
        String line = name + " at " + region.at().hex() + " " + human(region.size().value()) + " "
                + rights(region.rights());
        return List.of(new Label(g, Integer.toString(++numbered), line, x + width / 2));
    }

    /**
     * A label that does not fit its box: {@code mark} goes below the bar, centred under {@code anchor} and joined
     * to it by a leader line; {@code text}, when not empty, goes into the bar's key under that mark.
     */
    private record Label(Svg owner, String mark, String text, double anchor) {
    }

    /** The marks of labels that do not fit their boxes, in rows below the bar; answers the y below them. */
    private double placeNumbers(Svg group, List<Label> labels, double x0, double x1, double top) {
        if (labels.isEmpty()) {
            return top;
        }
        Lanes lanes = new Lanes(MAX_LABEL_LANES);
        List<Label> sorted = new ArrayList<>(labels);
        sorted.sort(Comparator.comparingDouble(Label::anchor));
        for (Label label : sorted) {
            double width = label.mark.length() * CHAR_W;
            double left = Math.max(x0, Math.min(label.anchor - width / 2, x1 - width));
            int lane = lanes.place(left, width);
            if (lane < 0) {
                continue;
            }
            double baseline = top + 12 + lane * LINE;
            label.owner.add("line").attr("class", "leader").attr("x1", label.anchor).attr("y1", top - GRID_H)
                    .attr("x2", label.anchor).attr("y2", baseline - 11);
            label.owner.add("text").attr("class", "mark").attr("x", left).attr("y", baseline).text(label.mark);
        }
        return top + lanes.used() * LINE + 4;
    }

    /** The key of a bar's numbered regions, in as many columns as fit; answers the y below it. */
    private double key(Svg group, List<Label> labels, double x0, double x1, double top) {
        if (labels.isEmpty()) {
            return top;
        }
        int longest = labels.stream().mapToInt(l -> l.mark.length() + 1 + l.text.length()).max().orElse(1);
        double columnWidth = longest * CHAR_W + 24;
        int columns = Math.max(1, (int) ((x1 - x0) / columnWidth));
        int rows = (labels.size() + columns - 1) / columns;
        Svg key = group.add("g").attr("class", "key");
        for (int i = 0; i < labels.size(); i++) {
            Label label = labels.get(i);
            double x = x0 + (i / rows) * columnWidth;
            double baseline = top + 12 + (i % rows) * LINE;
            key.add("text").attr("class", "key-entry").attr("data-mark", label.mark).attr("x", x).attr("y", baseline)
                    .text(label.mark + " " + label.text);
        }
        return top + rows * LINE + 6;
    }

    private void mappingRow(Svg group, Axis axis, double x0, double x1) {
        Svg row = group.add("g").attr("class", "mappings");
        y += 6;
        row.add("text").attr("class", "row-title").attr("x", x0).attr("y", y + 10)
                .text(snapshot.mappings().isEmpty()
                        ? "Installed mappings: none yet (a fault that resolves installs one)"
                        : "Installed mappings of " + snapshot.root() + " (the page table its threads share):");
        y += LINE;
        double top = y;
        row.attr("data-y", Svg.number(top)).attr("data-height", Svg.number(MAPPING_H));
        row.add("rect").attr("class", "bar-bg mapping-bg").attr("x", x0).attr("y", top).attr("width", x1 - x0)
                .attr("height", MAPPING_H);
        List<Label> labels = new ArrayList<>();
        for (Mapping mapping : snapshot.mappings()) {
            double x = axis.left(mapping.virt().value());
            double width = axis.right(mapping.virtRange().end().value()) - x;
            Svg g = row.add("g").attr("class", "mapping").attr("data-virt", mapping.virt().hex())
                    .attr("data-phys", mapping.phys().hex())
                    .attr("data-size-log2", Integer.toString(mapping.sizeLog2().value()))
                    .attr("data-rights", rights(mapping.rights())).attr("tabindex", "0");
            g.add("title").text("mapping virt " + mapping.virt().hex() + " \u2192 phys " + mapping.phys().hex()
                    + ", 2^" + mapping.sizeLog2() + " (" + human(mapping.size().value()) + "), "
                    + rights(mapping.rights()) + (mapping.ioMem() ? ", I/O memory" : "") + ", " + mapping.cache());
            g.add("rect").attr("class", "mapping-box").attr("x", x).attr("y", top).attr("width", width)
                    .attr("height", MAPPING_H);
            String text = "2^" + mapping.sizeLog2();
            if (text.length() * CHAR_W + 6 <= width) {
                g.add("text").attr("class", "mapping-label").attr("x", x + width / 2).attr("y", top + 16)
                        .attr("text-anchor", "middle").text(text);
            } else {
                labels.add(new Label(g, text, "", x + width / 2));
            }
        }
        grid(row, axis, top + MAPPING_H, snapshot.rootView().size().value() - 1);
        y = placeNumbers(row, labels, x0, x1, top + MAPPING_H + GRID_H);
    }

    /**
     * Ticks at the addresses aligned to each installable size, from the largest size down, inside every stretch
     * that holds something, as long as they stay at least 6 px apart; each address gets the tick of its largest
     * installable alignment.
     */
    private void grid(Svg group, Axis axis, double bottom, long last) {
        List<Integer> sizes = new ArrayList<>(snapshot.platform().installableSizes());
        sizes.removeIf(s -> s >= 64);
        sizes.sort(Comparator.reverseOrder());
        if (sizes.isEmpty()) {
            return;
        }
        Svg grid = group.add("g").attr("class", "grid");
        // Tick heights span the alignments this bar can show, not 2^63 on a flexpage kernel.
        int largest = Math.min(sizes.getFirst(), 64 - Long.numberOfLeadingZeros(last));
        int smallest = sizes.getLast();
        for (Axis.Stretch stretch : axis.stretches()) {
            if (!stretch.occupied()) {
                continue;
            }
            Set<Long> drawn = new HashSet<>();
            double pixels = stretch.x1() - stretch.x0();
            for (int s : sizes) {
                double count = stretch.length() / Math.pow(2, s);
                if (count > pixels / 6 + 1) {
                    break;
                }
                long step = 1L << s;
                long mask = step - 1;
                long first = (stretch.first() & mask) == 0 ? stretch.first() : (stretch.first() | mask) + 1;
                if (first == 0 && stretch.first() != 0) {
                    continue;
                }
                for (long a = first; Long.compareUnsigned(a, stretch.last()) <= 0; a += step) {
                    if (drawn.add(a)) {
                        double x = axis.left(a);
                        double height = 4 + (GRID_H - 6) * (largest <= smallest ? 1
                                : (double) (Math.min(s, largest) - smallest) / (largest - smallest));
                        grid.add("line").attr("class", "tick").attr("data-addr", hex(a))
                                .attr("data-align-log2", Integer.toString(s)).attr("x1", x).attr("x2", x)
                                .attr("y1", bottom).attr("y2", bottom + height);
                    }
                    if (a + step == 0) {
                        break;
                    }
                }
            }
        }
    }

    private void marker(RegionMapView parent, RegionView region, RegionMapView nested, String path, int depth,
                        double rx0, double rx1, double parentBottom, String reason) {
        double x0 = MARGIN + depth * INDENT;
        String text = switch (reason) {
            case "cycle" -> "\u21bb " + nested.id() + " again: a cycle (" + parent.id() + " at "
                    + region.at().hex() + " shows a region map already drawn above; the fault path would go round"
                    + " until the recursion limit " + RECURSION_LIMIT + ")";
            case "limit" -> "\u2193 " + nested.id() + " is deeper than the recursion limit " + RECURSION_LIMIT
                    + ": a fault through here ends in RECURSION_LIMIT; not drawn";
            default -> "\u2193 " + nested.id() + " not drawn: the picture holds " + MAX_BARS + " bars at most";
        };
        connectors.add("line").attr("class", "connector-line").attr("x1", (rx0 + rx1) / 2).attr("y1", parentBottom)
                .attr("x2", x0 + 6).attr("y2", y + 4);
        body.add("text").attr("class", "marker " + reason).attr("data-rm", nested.id().toString())
                .attr("data-path", path).attr("data-depth", Integer.toString(depth)).attr("x", x0).attr("y", y + 14)
                .text(text);
        y += LINE + 10;
    }

    private static Svg style() {
        return Svg.element("style").text("""
                .pagerlab-layout { --fg: #1b1b1b; --muted: #555; --bg: #ffffff; --bar: #f1f1f1; --ram: #9ecae1;
                  --io: #fdae6b; --managed: #a1d99b; --reserved: #cfcfcf; --mapping: #bcbddc; --hl: #d62728; }
                @media (prefers-color-scheme: dark) {
                  .pagerlab-layout { --fg: #e8e8e8; --muted: #b0b0b0; --bg: #1e1e1e; --bar: #2c2c2c;
                    --ram: #3b6f8f; --io: #9a5a1f; --managed: #3f7a3a; --reserved: #5a5a5a; --mapping: #5b5b8c; }
                }
                .pagerlab-layout text { fill: var(--fg); }
                .pagerlab-layout .note, .pagerlab-layout .address { fill: var(--muted); }
                .pagerlab-layout .heading { font-weight: bold; }
                .pagerlab-layout .bar-title, .pagerlab-layout .row-title { font-weight: bold; }
                .pagerlab-layout .bar-bg { fill: var(--bar); stroke: var(--muted); stroke-width: 1; }
                .pagerlab-layout .box { stroke: var(--fg); stroke-width: 1; }
                .pagerlab-layout .mapping-box { fill: var(--mapping); stroke: var(--fg); stroke-width: 1; }
                .pagerlab-layout .tick { stroke: var(--fg); stroke-width: 1.2; opacity: 0.7; }
                .pagerlab-layout .leader { stroke: var(--muted); stroke-width: 1; }
                .pagerlab-layout .mark { font-weight: bold; }
                .pagerlab-layout .connector { fill: var(--managed); opacity: 0.25; stroke: var(--muted);
                  stroke-dasharray: 4 3; }
                .pagerlab-layout .connector-line { stroke: var(--muted); stroke-dasharray: 4 3; }
                .pagerlab-layout .window { fill: var(--fg); }
                .pagerlab-layout .gap { fill: var(--muted); font-size: 18px; }
                .pagerlab-layout .marker { fill: var(--hl); }
                .pagerlab-layout .region:focus .box, .pagerlab-layout .mapping:focus .mapping-box {
                  stroke: var(--hl); stroke-width: 3; }
                """);
    }

    private static Svg definitions() {
        Svg defs = Svg.element("defs");
        pattern(defs, Kind.RAM, "var(--ram)", null);
        pattern(defs, Kind.IO_MEM, "var(--io)", "M0,8 L8,0");
        pattern(defs, Kind.MANAGED, "var(--managed)", "M0,4 L8,4 M4,0 L4,8");
        pattern(defs, Kind.RESERVED, "var(--reserved)", "M0,0 L8,8 M0,8 L8,0");
        return defs;
    }

    /** One fill per kind: a colour, and a line pattern so that the kinds differ without colour too. */
    private static void pattern(Svg defs, Kind kind, String colour, @Nullable String lines) {
        Svg pattern = defs.add("pattern").attr("id", "pl-pattern-" + kind).attr("width", 8).attr("height", 8)
                .attr("patternUnits", "userSpaceOnUse");
        pattern.add("rect").attr("width", 8).attr("height", 8).attr("style", "fill: " + colour);
        if (lines != null) {
            pattern.add("path").attr("d", lines).attr("style", "stroke: var(--fg); stroke-width: 0.8; opacity: 0.45");
        }
    }

    private String description(RegionMapView root) {
        StringBuilder text = new StringBuilder("Region map ").append(root.id()).append(" of size ")
                .append(root.size().hex()).append(". ");
        for (RegionView region : root.regions()) {
            text.append(regionSentence(region, snapshot.kindOf(region), snapshot.nested(region))).append(". ");
        }
        for (Mapping mapping : snapshot.mappings()) {
            text.append("Mapping virt ").append(mapping.virt().hex()).append(" to phys ").append(mapping.phys().hex())
                    .append(", 2^").append(mapping.sizeLog2()).append(". ");
        }
        return text.toString().trim();
    }

    private static String regionSentence(RegionView region, Kind kind, @Nullable RegionMapView nested) {
        String what = kind == Kind.RESERVED ? "reserved region (its dataspace was destroyed)"
                : kind + " dataspace " + region.dataspace() + (nested == null ? "" : " (region map " + nested.id()
                + ")");
        return what + " at " + region.at().hex() + ", size " + region.size().hex() + " ("
                + human(region.size().value()) + "), offset " + region.offset().hex() + ", "
                + rights(region.rights());
    }

    private static String tag(Kind kind) {
        return switch (kind) {
            case RAM -> "RAM";
            case IO_MEM -> "IO";
            case MANAGED -> "MGD";
            case RESERVED -> "RSV";
        };
    }

    private static String label(RegionMapView rm) {
        return rm.label().isEmpty() ? "" : " \u201c" + rm.label() + "\u201d";
    }

    static String rights(Rights rights) {
        return "r" + (rights.writable() ? "w" : "-") + (rights.executable() ? "x" : "-");
    }

    static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    /** A size for people: in KiB, MiB, ... when it is a whole number of them, else in hex. */
    static String human(long size) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int unit = 0;
        long value = size;
        while (unit < units.length - 1 && value != 0 && (value & 1023) == 0) {
            value >>>= 10;
            unit++;
        }
        if (unit == 0 || value >= 10_000) {
            return hex(size);
        }
        return Long.toUnsignedString(value) + " " + units[unit];
    }
}
