package dev.pagerlab.engine.tlb;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The runs of one trace, one per pager in the order asked, and how many times more TLB misses and faults the
 * single-page pager needed than the best-mapping one.
 */
public record TraceRunReport(List<PagerRun> runs, Ratios ratios) {

    /** The runs are copied. */
    public TraceRunReport {
        runs = List.copyOf(runs);
    }

    /** The run of {@code pager}, if it was asked for. */
    public Optional<PagerRun> run(PagerPolicy pager) {
        return runs.stream().filter(r -> r.pager() == pager).findFirst();
    }

    /**
     * SINGLE_PAGE / BEST for TLB misses and faults; empty when either pager did not run or BEST's count is zero.
     */
    public record Ratios(OptionalDouble tlbMisses, OptionalDouble faults) {

        static Ratios of(List<PagerRun> runs) {
            Optional<PagerRun> best = runs.stream().filter(r -> r.pager() == PagerPolicy.BEST).findFirst();
            Optional<PagerRun> single = runs.stream().filter(r -> r.pager() == PagerPolicy.SINGLE_PAGE).findFirst();
            if (best.isEmpty() || single.isEmpty()) {
                return new Ratios(OptionalDouble.empty(), OptionalDouble.empty());
            }
            return new Ratios(ratio(single.get().tlbMisses(), best.get().tlbMisses()),
                    ratio(single.get().faults(), best.get().faults()));
        }

        private static OptionalDouble ratio(long singlePage, long best) {
            return best == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) singlePage / best);
        }
    }
}
