package dev.pagerlab.benchmarks;

import dev.pagerlab.engine.tlb.PagerPolicy;
import dev.pagerlab.engine.tlb.PagerRun;
import dev.pagerlab.engine.tlb.TlbConfig;
import dev.pagerlab.engine.tlb.TracePattern;
import dev.pagerlab.engine.tlb.TraceRunReport;
import dev.pagerlab.engine.tlb.TraceRuns;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Prints the TLB table of BENCHMARKS.md and docs/tlb.md as Markdown: for each platform, layout and shipped trace, the
 * faults, mappings and TLB misses (64-entry LRU TLB) under BEST and SINGLE_PAGE, and SINGLE_PAGE / BEST.
 *
 * <p>Run: {@code java -cp service/benchmarks/target/benchmarks.jar dev.pagerlab.benchmarks.TlbTable [platform...]}.
 * The counts are exact and the same on every machine.
 */
public final class TlbTable {

    private static final List<String> PLATFORMS = List.of("microblaze", "x86_64", "arm_v7", "hw", "foc");

    private TlbTable() {
    }

    /** Prints the table for the named platforms, or for microblaze, x86_64, arm_v7, hw and foc. */
    public static void main(String[] args) {
        List<String> platforms = args.length == 0 ? PLATFORMS : List.of(args);
        System.out.println("| platform | layout | trace | accesses | BEST faults | BEST mappings | BEST TLB misses"
                + " | SINGLE_PAGE faults | SINGLE_PAGE mappings | SINGLE_PAGE TLB misses | ratio faults"
                + " | ratio TLB misses |");
        System.out.println("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        for (String platform : platforms) {
            for (TlbLayouts.Alignment alignment : TlbLayouts.Alignment.values()) {
                TlbLayouts.Layout layout = TlbLayouts.build(platform, alignment);
                for (TracePattern pattern : TlbLayouts.shippedTraces(layout)) {
                    TraceRunReport report = TraceRuns.run(layout.lab(), layout.thread(), pattern.trace().orThrow(),
                            TlbConfig.DEFAULT, List.of(PagerPolicy.BEST, PagerPolicy.SINGLE_PAGE)).orThrow();
                    PagerRun best = report.run(PagerPolicy.BEST).orElseThrow();
                    PagerRun single = report.run(PagerPolicy.SINGLE_PAGE).orElseThrow();
                    System.out.printf(Locale.ROOT, "| %s | %s | %s | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %s | %s |%n",
                            platform, alignment.label, TlbLayouts.describe(pattern), best.accesses(), best.faults(),
                            best.mappingsInstalled(), best.tlbMisses(), single.faults(), single.mappingsInstalled(),
                            single.tlbMisses(), ratio(report.ratios().faults()),
                            ratio(report.ratios().tlbMisses()));
                }
            }
        }
    }

    private static String ratio(OptionalDouble r) {
        if (r.isEmpty()) {
            return "-";
        }
        double v = r.getAsDouble();
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
