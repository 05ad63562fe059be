package dev.pagerlab.engine.tlb;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.Result;
import dev.pagerlab.engine.testing.SeededCases;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The named access patterns: their addresses, their sizes, and their refusals. */
class TracePatternTest {

    private static final Addr BASE = Addr.of(0x4000_0000L);

    @Test
    void aSequentialScanVisitsEveryStepOfTheRangeOncePerPass() {
        AccessTrace trace = new TracePattern.Sequential(BASE, Size.of(0x3000), Size.of(0x1000), 2, Access.WRITE)
                .trace().orThrow();
        assertThat(trace.asList()).extracting(MemoryAccess::addr).containsExactly(BASE, Addr.of(0x4000_1000L),
                Addr.of(0x4000_2000L), BASE, Addr.of(0x4000_1000L), Addr.of(0x4000_2000L));
        assertThat(trace.asList()).extracting(MemoryAccess::type).containsOnly(Access.WRITE);
        // A step that does not divide the size still touches the last part of the range.
        assertThat(new TracePattern.Sequential(BASE, Size.of(100), Size.of(64), 1, Access.READ).trace().orThrow()
                .size()).isEqualTo(2);
    }

    @Test
    void aStridedWalkWrapsAroundInsideItsRange() {
        AccessTrace trace = new TracePattern.Strided(BASE, Size.of(0x3000), Size.of(0x2000), 5, Access.READ).trace()
                .orThrow();
        assertThat(trace.asList()).extracting(a -> a.addr().value() - BASE.value())
                .containsExactly(0x0L, 0x2000L, 0x1000L, 0x0L, 0x2000L);
        // The top of the 64-bit space: the offset sum passes 2^64 and must still wrap inside the range.
        Addr top = Addr.of(0x8000_0000_0000_0000L);
        AccessTrace high = new TracePattern.Strided(top, Size.of(0x7FFF_FFFF_FFFF_F000L), Size.of(0x7FFF_FFFF_FFFF_E000L),
                3, Access.READ).trace().orThrow();
        assertThat(high.asList()).extracting(a -> a.addr().value() - top.value())
                .containsExactly(0x0L, 0x7FFF_FFFF_FFFF_E000L, 0x7FFF_FFFF_FFFF_D000L);
    }

    @Test
    void randomAccessesStayAlignedInsideTheWorkingSetAndTheSeedFixesThem() {
        SeededCases.check("random pattern", random -> {
            long size = 1 + (random.nextLong() >>> (1 + random.nextInt(60)));
            long granularity = 1L << random.nextInt(13);
            Addr base = Addr.of(random.nextLong() >>> 1);
            var pattern = new TracePattern.UniformRandom(base, Size.of(size), Size.of(granularity), 200,
                    random.nextLong(), Access.READ);
            AccessTrace trace = pattern.trace().orThrow();
            assertThat(trace).isEqualTo(pattern.trace().orThrow());
            for (int i = 0; i < trace.size(); i++) {
                long offset = trace.addr(i) - base.value();
                assertThat(Long.compareUnsigned(offset, size)).isNegative();
                assertThat(offset % granularity).isZero();
            }
        });
        // Pinned (checked against SplitMix64 written in Python), so that a change of generator cannot pass
        // unnoticed: handouts quote seeds.
        AccessTrace pinned = new TracePattern.UniformRandom(Addr.ZERO, Size.of(0x100_0000), Size.of(8), 3, 42,
                Access.READ).trace().orThrow();
        assertThat(Arrays.stream(new int[] {0, 1, 2}).mapToObj(i -> Addr.of(pinned.addr(i)).hex()).toList())
                .containsExactly("0x5b74a8", "0x378818", "0x7cfa90");
    }

    @Test
    void aTransposeReadsRowsOfAAndWritesColumnsOfB() {
        AccessTrace trace = new TracePattern.Transpose(Addr.of(0x1000), 2, Size.of(8)).trace().orThrow();
        // A = [a00 a01; a10 a11] at 0x1000, B right after it at 0x1020.
        assertThat(trace.asList()).containsExactly(
                new MemoryAccess(Access.READ, Addr.of(0x1000)), new MemoryAccess(Access.WRITE, Addr.of(0x1020)),
                new MemoryAccess(Access.READ, Addr.of(0x1008)), new MemoryAccess(Access.WRITE, Addr.of(0x1030)),
                new MemoryAccess(Access.READ, Addr.of(0x1010)), new MemoryAccess(Access.WRITE, Addr.of(0x1028)),
                new MemoryAccess(Access.READ, Addr.of(0x1018)), new MemoryAccess(Access.WRITE, Addr.of(0x1038)));
        AccessTrace big = new TracePattern.Transpose(Addr.ZERO, 512, Size.of(32)).trace().orThrow();
        Set<Long> pages = new HashSet<>();
        for (int i = 0; i < big.size(); i++) {
            pages.add(big.addr(i) >>> 12);
        }
        assertThat(big.size()).isEqualTo(2 * 512 * 512);
        assertThat(pages).hasSize(0x100_0000 >> 12); // the two matrices fill 16 MiB
    }

    @Test
    void aNamedPatternTakesItsDefaultsAndRefusesParametersItDoesNotTake() {
        var given = new TracePattern.Parameters(BASE, Size.of(0x10_0000), null, null, null, null, null, null, null,
                null, null);
        assertThat(TracePattern.named("Sequential", given).orThrow()).isEqualTo(new TracePattern.Sequential(BASE,
                Size.of(0x10_0000), Size.of(64), 1, Access.READ));
        assertThat(TracePattern.named("random", given).orThrow()).isEqualTo(new TracePattern.UniformRandom(BASE,
                Size.of(0x10_0000), Size.of(8), 100_000, 1, Access.READ));
        assertThat(detail(TracePattern.named("zigzag", given)))
                .isEqualTo("unknown trace pattern 'zigzag'; known: sequential, strided, random, transpose");
        assertThat(detail(TracePattern.named("transpose", given)))
                .isEqualTo("transpose takes no 'size' (it takes base, rows, elementSize)");
        var withStep = new TracePattern.Parameters(BASE, Size.of(0x1000), Size.of(8), null, null, null, null, null,
                null, null, null);
        assertThat(detail(TracePattern.named("strided", withStep)))
                .isEqualTo("strided takes no 'step' (it takes base, size, stride, accesses, type)");
        assertThat(detail(TracePattern.named("strided", TracePattern.Parameters.NONE)))
                .isEqualTo("strided needs 'base'; strided needs 'size' (it takes base, size, stride, accesses, type)");
    }

    @Test
    void refusesPatternsThatPassTwoToTheSixtyFourOrTheLimitOfAccesses() {
        List<TracePattern> bad = List.of(
                new TracePattern.Sequential(Addr.of(-4096L), Size.of(0x2000), Size.of(64), 1, Access.READ),
                new TracePattern.Sequential(BASE, Size.of(0x100_0000), Size.of(8), 1, Access.READ),
                new TracePattern.Sequential(BASE, Size.of(0x1000), Size.of(64), 20_000, Access.READ),
                new TracePattern.Sequential(BASE, Size.ZERO, Size.of(64), 1, Access.READ),
                new TracePattern.Strided(BASE, Size.of(0x1000), Size.ZERO, 10, Access.READ),
                new TracePattern.UniformRandom(BASE, Size.of(0x1000), Size.of(8), 1_000_001, 1, Access.READ),
                new TracePattern.Transpose(BASE, 708, Size.of(8)),
                new TracePattern.Transpose(Addr.of(-0x20L), 2, Size.of(8)),
                new TracePattern.Transpose(BASE, 2, Size.of(0x4000_0000_0000_0000L)));
        for (TracePattern p : bad) {
            assertThat(p.trace()).as(p.toString()).isInstanceOf(Result.Refused.class);
        }
        assertThat(detail(bad.get(1).trace())).isEqualTo("sequential pattern: size / step x passes is more than"
                + " 1000000 accesses");
    }

    private static String detail(Result<?> result) {
        return ((Result.Refused<?>) result).failure().detail();
    }
}
