package dev.pagerlab.app.layout;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.lab.AttachRequest;
import dev.pagerlab.engine.lab.DataspaceRequest;
import dev.pagerlab.engine.lab.Explain;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.lab.LabConfig;
import dev.pagerlab.engine.lab.Quotas;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.DataspaceId;
import dev.pagerlab.engine.model.FaultReport;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.RegionMapView;
import dev.pagerlab.engine.model.RegionView;
import dev.pagerlab.engine.model.Rights;
import dev.pagerlab.engine.model.ThreadId;
import dev.pagerlab.engine.platform.PlatformProfile;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.util.List;

import static dev.pagerlab.app.layout.Picture.num;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The picture of the worked checks of docs/concepts.md, parsed back: where the boxes are, what they say, what nests. */
class LayoutRendererTest {

    /** A fresh machine (4 GiB of RAM at 0, P = 12) and short verbs for the worked checks. */
    static final class Machine {
        final Lab lab;

        Machine(String platform) {
            lab = Lab.create(new LabConfig(PlatformProfile.builtIn(platform).orElseThrow(),
                    LabConfig.DEFAULT_PHYSICAL_MEMORY, Quotas.DEFAULT), e -> { }).orThrow();
        }

        DataspaceId ram(long size) {
            return lab.allocateRam(DataspaceRequest.of(Size.of(size))).orThrow().id();
        }

        RegionMapId rm(long size, String label) {
            return lab.createRegionMap(Size.of(size), label).orThrow().id();
        }

        DataspaceId managed(RegionMapId rm) {
            return lab.regionMap(rm).map(RegionMapView::dataspace).orElseThrow();
        }

        RegionView attach(RegionMapId into, AttachRequest request) {
            return lab.attach(into, request).orThrow().region();
        }

        ThreadId thread(RegionMapId as) {
            return lab.createThread(as, "main").orThrow().id();
        }

        FaultReport read(ThreadId t, long addr) {
            return lab.fault(t, Addr.of(addr), Access.READ, Explain.NO_TRACE).orThrow();
        }

        Picture picture(RegionMapId rm) {
            String svg = LayoutRenderer.render(LayoutSnapshot.of(lab, rm).orThrow());
            saved(svg);
            return new Picture(svg);
        }
    }

    /** Keeps each test's picture under target/layout/ for a reviewer to open. */
    static void saved(String svg) {
        String test = StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::getMethodName)
                .filter(name -> !name.equals("saved") && !name.equals("picture")).findFirst().orElse("picture"));
        try {
            java.nio.file.Path dir = java.nio.file.Path.of("target", "layout");
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.writeString(dir.resolve(test + ".svg"), svg);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Element rect(Element group, String cls) {
        for (Element child : new Picture.Children(group)) {
            if (child.getTagName().equals("rect") && child.getAttribute("class").contains(cls)) {
                return child;
            }
        }
        throw new AssertionError("no rect." + cls + " in " + group.getAttribute("class"));
    }

    @Test
    void theSuperpageIsOneRegionAndOne2To22MappingOfExactlyItsWidth() {
        Machine m = new Machine("foc");
        m.ram(0x1000);
        DataspaceId big = m.ram(0x40_0000);
        RegionMapId as = m.rm(0x4000_0000L, "AS");
        m.attach(as, AttachRequest.of(big));
        m.read(m.thread(as), 0x12_3456);

        Picture p = m.picture(as);

        Element region = p.one("//g[contains(@class,'region')]");
        assertThat(region.getAttribute("data-at")).isEqualTo("0x0");
        assertThat(region.getAttribute("data-size")).isEqualTo("0x400000");
        assertThat(region.getAttribute("data-kind")).isEqualTo("RAM");
        assertThat(region.getAttribute("data-dataspace")).isEqualTo(big.toString());
        Element mapping = p.one("//g[@class='mapping']");
        assertThat(mapping.getAttribute("data-virt")).isEqualTo("0x0");
        assertThat(mapping.getAttribute("data-phys")).isEqualTo("0x400000");
        assertThat(mapping.getAttribute("data-size-log2")).isEqualTo("22");
        assertThat(p.all("//g[@class='mapping']/text").getFirst().getTextContent()).isEqualTo("2^22");

        Element regionBox = rect(region, "box");
        Element mappingBox = rect(mapping, "mapping-box");
        assertThat(num(regionBox, "x")).isEqualTo(LayoutRenderer.MARGIN);
        assertThat(num(mappingBox, "x")).isEqualTo(num(regionBox, "x"));
        assertThat(num(mappingBox, "width")).isCloseTo(num(regionBox, "width"), within(0.01));
        assertThat(num(mappingBox, "y")).isGreaterThan(num(regionBox, "y") + num(regionBox, "height"));
        // The 4 MiB region dominates the 1 GiB bar: 11 units against at most 2 for the empty rest.
        assertThat(num(regionBox, "width")).isGreaterThan(0.8 * (LayoutRenderer.WIDTH - 2 * LayoutRenderer.MARGIN));
        assertThat(p.all("//text").stream().map(Element::getTextContent)).contains("at 0x0", "4 MiB rw-");
        assertThat(p.overlappingLabels()).isEmpty();
        assertThat(p.labelsOutside()).isEmpty();
    }

    @Test
    void theGridTicksTheRegionAtEveryInstallableAlignmentOfX8664() {
        Machine m = new Machine("x86_64");
        m.ram(0x1000);
        RegionMapId as = m.rm(0x4000_0000L, "AS");
        m.attach(as, AttachRequest.of(m.ram(0x40_0000)));

        Picture p = m.picture(as);

        Element region = p.one("//g[contains(@class,'region')]");
        Element box = rect(region, "box");
        List<Element> ticks = p.all("//g[@class='bar']/g[@class='grid']/line");
        // 0x0 is 2^30-aligned, 0x200000 is the one 2^21 boundary inside, the 4K ticks inside are too dense (1024).
        assertThat(ticks).extracting(t -> t.getAttribute("data-addr") + "@" + t.getAttribute("data-align-log2"))
                .contains("0x0@30", "0x200000@21").noneMatch(t -> t.endsWith("@12") || t.endsWith("@22"));
        Element middle = ticks.stream().filter(t -> t.getAttribute("data-addr").equals("0x200000")).findFirst()
                .orElseThrow();
        assertThat(num(middle, "x1")).isCloseTo(num(box, "x") + num(box, "width") / 2, within(0.01));
        Element zero = ticks.stream().filter(t -> t.getAttribute("data-addr").equals("0x0")).findFirst().orElseThrow();
        assertThat(num(zero, "y2") - num(zero, "y1")).isGreaterThan(num(middle, "y2") - num(middle, "y1"));
    }

    @Test
    void anOffsetRegionShowsTwoPageMappingsInsideItsOwnBox() {
        Machine m = new Machine("foc");
        m.ram(0x1000);
        DataspaceId big = m.ram(0x40_0000);
        RegionMapId as = m.rm(0x4000_0000L, "AS");
        m.attach(as, AttachRequest.of(big));
        ThreadId t = m.thread(as);
        m.read(t, 0x12_3456);
        m.attach(as, AttachRequest.of(big).window(Size.of(0x1000), Size.of(0x3F_F000)).at(Addr.of(0x1000_0000)));
        m.read(t, 0x1000_0000);
        m.read(t, 0x1020_0000);

        Picture p = m.picture(as);

        Element second = p.one("//g[contains(@class,'region') and @data-at='0x10000000']");
        assertThat(second.getAttribute("data-size")).isEqualTo("0x3ff000");
        assertThat(second.getAttribute("data-offset")).isEqualTo("0x1000");
        Element box = rect(second, "box");
        List<Element> pages = p.all("//g[@class='mapping' and @data-size-log2='12']");
        assertThat(pages).extracting(e -> e.getAttribute("data-virt") + "->" + e.getAttribute("data-phys"))
                .containsExactly("0x10000000->0x401000", "0x10200000->0x601000");
        for (Element page : pages) {
            Element pageBox = rect(page, "mapping-box");
            assertThat(num(pageBox, "x")).isBetween(num(box, "x"), num(box, "x") + num(box, "width"));
            assertThat(num(pageBox, "x") + num(pageBox, "width"))
                    .isLessThanOrEqualTo(num(box, "x") + num(box, "width") + 0.01);
        }
        Element first = rect(pages.getFirst(), "mapping-box");
        assertThat(num(first, "x")).isEqualTo(num(box, "x"));
        // A 4 KiB page is one unit, the 2 MiB - 4 KiB that follow ten: the page is visibly the smaller.
        assertThat(num(first, "width")).isLessThan(num(box, "width") / 10);
        assertThat(p.all("//g[@class='mapping']//text").stream().map(Element::getTextContent))
                .containsExactlyInAnyOrder("2^22", "2^12", "2^12");
        assertThat(p.overlappingLabels()).isEmpty();
    }

    @Test
    void theNestingCheckOpensEveryManagedRegionIntoItsRegionMapBelowIt() {
        Machine m = new Machine("foc");
        RegionMapId as = m.rm(0x4000_0000L, "AS");
        RegionMapId top = m.rm(0xA000, "top");
        RegionMapId shim1 = m.rm(0x6000, "shim1");
        RegionMapId shim2 = m.rm(0x4000, "shim2");
        m.attach(as, AttachRequest.of(m.managed(top)));
        m.attach(top, AttachRequest.of(m.managed(shim1)));
        assertThat(m.attach(top, AttachRequest.of(m.managed(shim2))).at()).isEqualTo(Addr.of(0x6000));
        DataspaceId ram = m.ram(0x2000);
        m.attach(shim2, AttachRequest.of(ram).at(Addr.of(0x1000)).rights(Rights.READ_ONLY));
        m.read(m.thread(as), 0x7000);

        Picture p = m.picture(as);

        List<Element> bars = p.all("//g[@class='bar']");
        assertThat(bars).extracting(b -> b.getAttribute("data-rm") + "|" + b.getAttribute("data-path") + "|"
                + b.getAttribute("data-depth")).containsExactly(
                as + "||0", top + "|0x0|1", shim1 + "|0x0/0x0|2", shim2 + "|0x0/0x6000|2");
        Element topRegion = p.one("//g[@data-path='' and contains(@class,'region')]");
        assertThat(topRegion.getAttribute("data-kind")).isEqualTo("MANAGED");
        assertThat(topRegion.getAttribute("data-nested")).isEqualTo(top.toString());
        Element leaf = p.one("//g[contains(@class,'region') and @data-rm='" + shim2 + "']");
        assertThat(leaf.getAttribute("data-at")).isEqualTo("0x1000");
        assertThat(leaf.getAttribute("data-kind")).isEqualTo("RAM");
        assertThat(leaf.getAttribute("data-dataspace")).isEqualTo(ram.toString());
        assertThat(leaf.getAttribute("data-rights")).isEqualTo("r--");

        // Each nested bar is indented one step per level and lies below its parent.
        for (int i = 1; i < bars.size(); i++) {
            Element bg = rect(bars.get(i), "bar-bg");
            int depth = Integer.parseInt(bars.get(i).getAttribute("data-depth"));
            assertThat(num(bg, "x")).isEqualTo(LayoutRenderer.MARGIN + depth * LayoutRenderer.INDENT);
            assertThat(num(bg, "y")).isGreaterThan(num(rect(bars.get(i - 1), "bar-bg"), "y"));
        }
        // Four bars, three connectors: AS->top, top->shim1, top->shim2, each ending on the top edge of its bar.
        List<Element> connectors = p.all("//polygon[@class='connector']");
        assertThat(connectors).hasSize(3);
        double shim2Top = num(rect(bars.get(3), "bar-bg"), "y");
        assertThat(connectors.get(2).getAttribute("points")).endsWith("," + Svg.number(shim2Top));
        Element mapping = p.one("//g[@class='mapping']");
        assertThat(mapping.getAttribute("data-virt") + " " + mapping.getAttribute("data-phys") + " "
                + mapping.getAttribute("data-size-log2") + " " + mapping.getAttribute("data-rights"))
                .isEqualTo("0x7000 0x0 12 r--");
        assertThat(p.overlappingLabels()).isEmpty();
        assertThat(p.labelsOutside()).isEmpty();
    }

    @Test
    void aCycleIsDrawnOnceAndMarked() {
        Machine m = new Machine("foc");
        RegionMapId as = m.rm(0x4000_0000L, "AS");
        RegionMapId s = m.rm(0x1_0000, "s");
        m.attach(s, AttachRequest.of(m.managed(s)).at(Addr.of(0)));
        m.attach(as, AttachRequest.of(m.managed(s)).at(Addr.of(0x2000_0000)));

        Picture p = m.picture(as);

        assertThat(p.all("//g[@class='bar']")).extracting(b -> b.getAttribute("data-rm"))
                .containsExactly(as.toString(), s.toString());
        Element marker = p.one("//text[contains(@class,'marker')]");
        assertThat(marker.getAttribute("class")).contains("cycle");
        assertThat(marker.getTextContent()).contains(s + " again: a cycle");
    }

    @Test
    void aChainDeeperThanTheRecursionLimitStopsAtTheLimitAndSaysSo() {
        Machine m = new Machine("foc");
        RegionMapId as = m.rm(0x10_0000, "AS");
        RegionMapId outer = as;
        for (int i = 0; i < 6; i++) {
            RegionMapId inner = m.rm(0x1_0000, "level" + (i + 1));
            m.attach(outer, AttachRequest.of(m.managed(inner)));
            outer = inner;
        }

        Picture p = m.picture(as);

        assertThat(p.all("//g[@class='bar']")).hasSize(LayoutRenderer.RECURSION_LIMIT);
        assertThat(p.one("//text[contains(@class,'marker')]").getAttribute("class")).contains("limit");
    }

    @Test
    void threePagesInA64BitAddressSpaceStayReadable() {
        Machine m = new Machine("foc");
        RegionMapId as = m.rm(0xFFFF_FFFF_FFFF_F000L, "AS");
        DataspaceId page = m.ram(0x1000);
        for (long at : new long[]{0x1000, 0x7FFF_0000_0000L, 0xFFFF_FFFF_FFFF_E000L}) {
            m.attach(as, AttachRequest.of(page).at(Addr.of(at)));
        }

        Picture p = m.picture(as);

        List<Element> regions = p.all("//g[contains(@class,'region')]");
        assertThat(regions).extracting(r -> r.getAttribute("data-at"))
                .containsExactly("0x1000", "0x7fff00000000", "0xffffffffffffe000");
        for (Element region : regions) {
            assertThat(num(rect(region, "box"), "width")).as("a page is drawn wide enough to click and label")
                    .isGreaterThan(80);
        }
        assertThat(p.all("//text[@class='gap']")).isNotEmpty();
        assertThat(p.source).contains("Axis not to scale");
        assertThat(p.overlappingLabels()).isEmpty();
        assertThat(p.labelsOutside()).isEmpty();
    }

    @Test
    void sixtyFourRegionsEachGetALabelAndNoLabelsOverlap() {
        Machine m = new Machine("foc");
        RegionMapId as = m.rm(0xFFFF_FFFF_FFFF_F000L, "AS");
        ThreadId t = m.thread(as);
        java.util.Random random = new java.util.Random(64);
        long cursor = 0;
        for (int i = 0; i < 64; i++) {
            long size = 0x1000L << random.nextInt(8);
            // Neighbours touch now and then; other gaps range from a page to 2^40 bytes.
            cursor += random.nextInt(4) == 0 ? 0 : 0x1000L << random.nextInt(29);
            m.attach(as, AttachRequest.of(m.ram(size)).at(Addr.of(cursor)));
            cursor += size;
        }
        List<RegionView> regions = m.lab.regions(as).orThrow();
        for (int i = 0; i < regions.size(); i += 3) {
            m.read(t, regions.get(i).at().value());
        }

        Picture p = m.picture(as);

        List<Element> drawn = p.all("//g[contains(@class,'region')]");
        assertThat(drawn).hasSize(64);
        int keyed = 0;
        for (Element region : drawn) {
            String at = region.getAttribute("data-at");
            List<Element> marks = p.all("//g[contains(@class,'region') and @data-at='" + at + "']/text[@class='mark']");
            if (marks.isEmpty()) {
                assertThat(p.all("//g[contains(@class,'region') and @data-at='" + at + "']/text"))
                        .as("label inside " + at).extracting(Element::getTextContent).contains("at " + at);
                continue;
            }
            keyed++;
            Element entry = p.one("//text[@class='key-entry' and @data-mark='" + marks.getFirst().getTextContent()
                    + "']");
            assertThat(entry.getTextContent()).as("key entry of " + at).contains(" at " + at + " ")
                    .contains(region.getAttribute("data-dataspace"));
        }
        assertThat(keyed).as("most of 64 regions in 1400 px are too narrow for their label").isGreaterThan(32);
        assertThat(p.all("//g[@class='mapping']")).hasSize(22);
        assertThat(p.overlappingLabels()).isEmpty();
        assertThat(p.labelsOutside()).isEmpty();
    }

    @Test
    void theRegionOfADestroyedDataspaceIsDrawnReserved() {
        Machine m = new Machine("foc");
        RegionMapId as = m.rm(0x10_0000, "AS");
        DataspaceId ds = m.ram(0x1000);
        DataspaceId other = m.ram(0x2000);
        m.attach(as, AttachRequest.of(ds));
        m.attach(as, AttachRequest.of(other).at(Addr.of(0x4000)));
        m.read(m.thread(as), 0x0);
        m.lab.destroyDataspace(ds).orThrow();

        Picture p = m.picture(as);

        Element region = p.one("//g[contains(@class,'region') and @data-at='0x0']");
        assertThat(region.getAttribute("data-kind")).isEqualTo("RESERVED");
        assertThat(region.getAttribute("data-dataspace")).isEmpty();
        assertThat(region.getAttribute("data-size")).isEqualTo("0x1000");
        assertThat(rect(region, "box").getAttribute("fill")).isEqualTo("url(#pl-pattern-RESERVED)");
        assertThat(p.all("//g[contains(@class,'region') and @data-at='0x4000']").getFirst().getAttribute("data-kind"))
                .isEqualTo("RAM");
        assertThat(p.all("//g[@class='mapping']")).as("destroying the dataspace flushed its mapping").isEmpty();
        assertThat(p.all("//text").stream().map(Element::getTextContent)).anyMatch(t -> t.startsWith("reserved"));
    }

    @Test
    void everyKindHasItsOwnPatternAndLegendEntry() {
        Machine m = new Machine("foc");
        Picture p = m.picture(m.rm(0x1000, "empty"));

        for (LayoutSnapshot.Kind kind : LayoutSnapshot.Kind.values()) {
            assertThat(p.all("//pattern[@id='pl-pattern-" + kind + "']")).hasSize(1);
            assertThat(p.all("//g[@class='legend']/text").stream().map(Element::getTextContent))
                    .anyMatch(text -> text.startsWith(kind.name()));
        }
        assertThat(p.all("//pattern/path")).hasSize(3);
        assertThat(p.source).contains("prefers-color-scheme: dark");
    }
}
