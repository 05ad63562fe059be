package dev.pagerlab.engine.addr;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The unsigned arithmetic of ranges and sizes, checked against BigInteger over boundary values. */
class AddrRangeTest {

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final List<Long> BOUNDARIES = List.of(0L, 1L, 0xFFFL, 0x1000L, 0x1001L,
            Long.MAX_VALUE - 3, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 3, -0x1000L, -2L, -1L);

    private static BigInteger u(long value) {
        return new BigInteger(Long.toUnsignedString(value));
    }

    @Test
    void rangeOfBaseAndSizeIsInvalidExactlyWhenItWouldPassTwoToTheSixtyFour() {
        for (long base : BOUNDARIES) {
            for (long size : BOUNDARIES) {
                AddrRange range = AddrRange.of(Addr.of(base), Size.of(size));
                BigInteger last = u(base).add(u(size)).subtract(BigInteger.ONE);
                boolean fits = size != 0 && last.compareTo(TWO_64) < 0;
                assertThat(range.valid()).as("%s + %s", Long.toUnsignedString(base), Long.toUnsignedString(size))
                        .isEqualTo(fits);
                if (fits) {
                    assertThat(u(range.last())).isEqualTo(last);
                }
            }
        }
    }

    @Test
    void shiftsNeverWrap() {
        for (long first : BOUNDARIES) {
            for (long last : BOUNDARIES) {
                AddrRange range = new AddrRange(first, last);
                for (long delta : BOUNDARIES) {
                    AddrRange up = range.increasedBy(delta);
                    AddrRange down = range.reducedBy(delta);
                    boolean upFits = range.valid() && u(last).add(u(delta)).compareTo(TWO_64) < 0;
                    boolean downFits = range.valid() && u(first).compareTo(u(delta)) >= 0;
                    assertThat(up.valid()).isEqualTo(upFits);
                    assertThat(down.valid()).isEqualTo(downFits);
                    if (upFits) {
                        assertThat(u(up.first())).isEqualTo(u(first).add(u(delta)));
                    }
                    if (downFits) {
                        assertThat(u(down.last())).isEqualTo(u(last).subtract(u(delta)));
                    }
                }
            }
        }
    }

    @Test
    void intersectionKeepsTheCommonAddressesComparedUnsigned() {
        for (long a : BOUNDARIES) {
            for (long b : BOUNDARIES) {
                for (long c : BOUNDARIES) {
                    AddrRange left = new AddrRange(a, b);
                    AddrRange right = new AddrRange(c, -1L);
                    AddrRange both = left.intersected(right);
                    BigInteger lo = u(a).max(u(c));
                    BigInteger hi = u(b);
                    boolean expected = left.valid() && lo.compareTo(hi) <= 0;
                    assertThat(both.valid()).isEqualTo(expected);
                    if (expected) {
                        assertThat(u(both.first())).isEqualTo(lo);
                        assertThat(u(both.last())).isEqualTo(hi);
                    }
                }
            }
        }
    }

    @Test
    void theWholeSpaceHasNoSizeButContainsTheTopByte() {
        assertThat(AddrRange.ALL.size()).isEmpty();
        assertThat(AddrRange.ALL.contains(-1L)).isTrue();
        assertThat(AddrRange.INVALID.contains(0)).isFalse();
        assertThat(AddrRange.INVALID.intersected(AddrRange.ALL).valid()).isFalse();
    }

    @Test
    void sizeArithmeticRefusesToWrap() {
        for (long a : BOUNDARIES) {
            for (long b : BOUNDARIES) {
                BigInteger sum = u(a).add(u(b));
                assertThat(Size.of(a).plus(Size.of(b)).map(s -> u(s.value())))
                        .isEqualTo(sum.compareTo(TWO_64) < 0 ? java.util.Optional.of(sum) : java.util.Optional.empty());
                BigInteger diff = u(a).subtract(u(b));
                assertThat(Size.of(a).minus(Size.of(b)).map(s -> u(s.value())))
                        .isEqualTo(diff.signum() >= 0 ? java.util.Optional.of(diff) : java.util.Optional.empty());
            }
            BigInteger page = BigInteger.valueOf(0x1000);
            BigInteger up = u(a).add(page).subtract(BigInteger.ONE).divide(page).multiply(page);
            assertThat(Size.of(a).alignedUp(Log2.of(12)).map(s -> u(s.value())))
                    .isEqualTo(up.compareTo(TWO_64) < 0 ? java.util.Optional.of(up) : java.util.Optional.empty());
        }
    }

    @Test
    void flexpagesAroundTheTopOfTheSpaceStayInside() {
        Log2Range top = Log2Range.largestWithin(Addr.MAX, AddrRange.ALL, Log2.of(12));
        assertThat(top).isEqualTo(new Log2Range(Addr.of(Long.MIN_VALUE), Log2.of(63)));
        Log2Range lastPage = Log2Range.largestWithin(Addr.of(-0x800L),
                new AddrRange(-0x1000L, -1L), Log2.of(12));
        assertThat(lastPage).isEqualTo(new Log2Range(Addr.of(-0x1000L), Log2.of(12)));
        assertThat(Log2Range.largestWithin(Addr.of(0x1800), new AddrRange(0x1000, 0x1fff), Log2.of(13))).isNull();
    }

    @Test
    void commonLog2IsTheNumberOfLowBitsTwoAddressesShare() {
        assertThat(Log2Range.commonLog2(Addr.of(0x7000), Addr.of(0x0), Log2.of(13))).isEqualTo(Log2.of(12));
        assertThat(Log2Range.commonLog2(Addr.of(0x0), Addr.of(0x40_0000), Log2.of(22))).isEqualTo(Log2.of(22));
        assertThat(Log2Range.commonLog2(Addr.of(0x1020_0000), Addr.of(0x60_1000), Log2.of(21)))
                .isEqualTo(Log2.of(12));
        assertThat(Log2Range.commonLog2(Addr.MAX, Addr.MAX, Log2.of(63))).isEqualTo(Log2.of(63));
    }
}
