package dev.pagerlab.app.config;

import dev.pagerlab.app.web.Dto;
import dev.pagerlab.engine.event.LabEvent;
import dev.pagerlab.engine.event.LabEventListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import dev.pagerlab.engine.platform.PlatformProfile;
import org.springframework.stereotype.Component;

import java.time.Duration;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The numbers an instructor graphs: faults by outcome and platform, mapping sizes, attaches and detaches, and how
 * long the pager takes.
 */
@Component
public class LabMetrics {

    // A handful of buckets over the range a fault takes (a microsecond to a slow, contended millisecond or more):
    // a percentile histogram would add about 70 series per platform.
    private static final Duration[] FAULT_BUCKETS = {Duration.ofNanos(10_000), Duration.ofNanos(100_000),
            Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofMillis(100)};

    private final MeterRegistry registry;
    private final Map<String, Timer> faultTimers = new ConcurrentHashMap<>();

    LabMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * The {@code platform} tag of a lab: a built-in profile's name, or {@code custom} for a made-up one, so that no
     * client-chosen text becomes a label (each would add series that never go away).
     */
    static String platformTag(PlatformProfile platform) {
        for (PlatformProfile builtIn : PlatformProfile.builtIns()) {
            // Labs made from a built-in share its instance; equality is for one read back from the journal.
            if (builtIn == platform) {
                return platform.name();
            }
        }
        return PlatformProfile.builtIns().contains(platform) ? platform.name() : "custom";
    }

    /** A listener that counts one lab's events under its platform's tag (see {@link #platformTag}). */
    public LabEventListener listenerFor(PlatformProfile profile) {
        String platform = platformTag(profile);
        Counter attached = Counter.builder("pagerlab.regions.attached").tag("platform", platform)
                .description("Regions attached").register(registry);
        Counter detached = Counter.builder("pagerlab.regions.detached").tag("platform", platform)
                .description("Regions detached").register(registry);
        // A counter per mapping size (log2, at most 64 of them) rather than a distribution summary: a summary reads
        // the clock on every record to rotate its time windows, which was 7% of a fault batch's time.
        Counter[] sizes = new Counter[64];
        // One counter per outcome, registered when first used and then found by the resolution's kind: a batch
        // counts 10,000 faults, and neither a registration nor a map lookup per fault is needed.
        Counter[] faults = new Counter[Dto.FaultResultDto.OUTCOMES.size()];
        return new LabEventListener() {
            @Override
            public void on(LabEvent event) {
                switch (event) {
                    case LabEvent.FaultAnswered f -> count(Dto.FaultResultDto.outcomeIndex(f.resolution()));
                    case LabEvent.MappingInstalled m -> installed(m.mapping().sizeLog2().value());
                    case LabEvent.RegionAttached a -> attached.increment();
                    case LabEvent.RegionDetached d -> detached.increment();
                    default -> { }
                }
            }

            /** The fault's events were not built; it counts as they would have. */
            @Override
            public void resolvedUnheard(int flushed, int sizeLog2) {
                installed(sizeLog2);
                count(RESOLVED);
            }

            private void installed(int sizeLog2) {
                Counter counter = sizes[sizeLog2];
                if (counter == null) {
                    counter = Counter.builder("pagerlab.mappings.installed").tag("platform", platform)
                            .tag("size_log2", Integer.toString(sizeLog2))
                            .description("Mappings installed, by the log2 of their size").register(registry);
                    sizes[sizeLog2] = counter;
                }
                counter.increment();
            }

            private void count(int outcome) {
                Counter counter = faults[outcome];
                if (counter == null) {
                    counter = Counter.builder("pagerlab.faults").tag("platform", platform)
                            .tag("outcome", Dto.FaultResultDto.OUTCOMES.get(outcome))
                            .description("Faults by outcome").register(registry);
                    faults[outcome] = counter;
                }
                counter.increment();
            }
        };
    }

    /** The index of a resolved fault's outcome among {@link Dto.FaultResultDto#OUTCOMES}. */
    private static final int RESOLVED = Dto.FaultResultDto.OUTCOMES.indexOf("RESOLVED");

    /** Runs a fault through the pager and records how long it took. */
    public <T> T timeFault(PlatformProfile platform, Supplier<T> fault) {
        // Registered once per tag: building and registering the timer on every fault cost more than the fault.
        return faultTimers.computeIfAbsent(platformTag(platform), tag -> Timer.builder("pagerlab.fault.resolution")
                .tag("platform", tag).description("Time to answer a fault, the retried ones of an attach not included")
                .serviceLevelObjectives(FAULT_BUCKETS).register(registry)).record(fault);
    }
}
