package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.model.Failure.Code;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.Result;
import org.junit.jupiter.api.Test;

import static dev.pagerlab.engine.lab.Machines.a;
import static dev.pagerlab.engine.lab.Machines.s;
import static org.assertj.core.api.Assertions.assertThat;

/** Attach's argument checks and placement (docs/concepts.md, "Region maps"). */
class AttachTest {

    private final Machines m = Machines.fresh();
    private final RegionMapId rm = m.rm(0x10_0000);

    private Code refusal(Result<?> result) {
        assertThat(result).isInstanceOf(Result.Refused.class);
        return ((Result.Refused<?>) result).failure().code();
    }

    @Test
    void refusesUnalignedOrTooLargeOffsetsAndWindows() {
        var ds = m.ram(0x4000);
        assertThat(refusal(m.lab.attach(rm, AttachRequest.of(ds).window(s(0x800), s(0))))).isEqualTo(Code.INVALID_ARGUMENTS);
        assertThat(refusal(m.lab.attach(rm, AttachRequest.of(ds).window(s(0x4000), s(0))))).isEqualTo(Code.INVALID_ARGUMENTS);
        assertThat(refusal(m.lab.attach(rm, AttachRequest.of(ds).window(s(0x1000), s(0x3001))))).isEqualTo(Code.INVALID_ARGUMENTS);
        assertThat(refusal(m.lab.attach(rm, AttachRequest.of(ds).at(a(0x10))))).isEqualTo(Code.INVALID_ARGUMENTS);
        assertThat(m.lab.regions(rm).orThrow()).isEmpty();
    }

    @Test
    void roundsTheSizeUpToPagesAndDefaultsToTheRestOfTheDataspace() {
        var ds = m.ram(0x4000);
        assertThat(m.attach(rm, AttachRequest.of(ds).window(s(0x1000), s(0x1001))).size()).isEqualTo(s(0x2000));
        assertThat(m.attach(rm, AttachRequest.of(ds).window(s(0x1000), s(0))).size()).isEqualTo(s(0x3000));
    }

    @Test
    void refusesOverlapsAndRangesOutsideTheMap() {
        var ds = m.ram(0x2000);
        m.attach(rm, AttachRequest.of(ds).at(a(0x4000)));
        assertThat(refusal(m.lab.attach(rm, AttachRequest.of(ds).at(a(0x3000))))).isEqualTo(Code.REGION_CONFLICT);
        assertThat(refusal(m.lab.attach(rm, AttachRequest.of(ds).at(a(0xF_F000))))).isEqualTo(Code.REGION_CONFLICT);
        assertThat(refusal(m.lab.attach(rm, AttachRequest.of(ds).at(a(-0x1000L))))).isEqualTo(Code.REGION_CONFLICT);
        assertThat(m.attach(rm, AttachRequest.of(ds).at(a(0x2000))).at()).isEqualTo(a(0x2000));
    }

    @Test
    void placesAtTheLowestAddressWithTheStrongestAlignmentTheBackingShares() {
        m.ram(0x1000);
        var big = m.ram(0x2_0000);
        assertThat(m.lab.dataspace(big).orElseThrow().physAddr()).isEqualTo(a(0x2_0000));
        m.attach(rm, AttachRequest.of(m.ram(0x1000)).at(a(0x0)));

        assertThat(m.attach(rm, big).at()).isEqualTo(a(0x2_0000));
        // Offset 0x1000 makes the first byte 4K-aligned only, so the lowest free page wins.
        assertThat(m.attach(rm, AttachRequest.of(big).window(s(0x1000), s(0x1000))).at()).isEqualTo(a(0x1000));
    }

    @Test
    void refusesWhenNoAlignmentFindsRoom() {
        var ds = m.ram(0x10_0000);
        m.attach(rm, AttachRequest.of(m.ram(0x1000)).at(a(0x8_0000)));
        assertThat(refusal(m.lab.attach(rm, AttachRequest.of(ds)))).isEqualTo(Code.REGION_CONFLICT);
    }

    @Test
    void namesMissingObjectsByWhereTheyCameFrom() {
        var ds = m.ram(0x1000);
        assertThat(refusal(m.lab.attach(new RegionMapId(99), AttachRequest.of(ds)))).isEqualTo(Code.NOT_FOUND);
        assertThat(refusal(m.lab.attach(rm, AttachRequest.of(new dev.pagerlab.engine.model.DataspaceId(99)))))
                .isEqualTo(Code.INVALID_DATASPACE);
        assertThat(refusal(m.lab.setFaultHandler(rm, new dev.pagerlab.engine.model.HandlerId(9))))
                .isEqualTo(Code.INVALID_HANDLER);
        assertThat(refusal(m.lab.detach(rm, a(0x0)))).isEqualTo(Code.NOT_FOUND);
    }
}
