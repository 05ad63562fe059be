package dev.pagerlab.engine.platform;

import dev.pagerlab.engine.addr.Log2;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The map-size constraints of docs/concepts.md, as data. */
class PlatformProfileTest {

    @ParameterizedTest(name = "{0}: wanted 2^{1} -> 2^{2}")
    @CsvSource({
            "foc, 12, 12", "foc, 22, 22", "foc, 63, 63", "pistachio, 40, 40",
            "nova, 43, 43", "nova, 50, 43",
            "sel4, 20, 20", "sel4, 22, 21",
            "hw, 19, 12", "hw, 20, 20", "hw, 30, 20",
            "x86_32, 21, 12", "x86_32, 22, 22", "x86_32, 30, 22",
            "x86_64, 20, 12", "x86_64, 21, 21", "x86_64, 29, 21", "x86_64, 30, 30", "x86_64, 40, 30",
            "arm_v7, 15, 12", "arm_v7, 16, 16", "arm_v7, 19, 16", "arm_v7, 20, 20", "arm_v7, 23, 20",
            "arm_v7, 24, 24", "arm_v7, 30, 24",
            "microblaze, 12, 12", "microblaze, 13, 12", "microblaze, 15, 14", "microblaze, 17, 16",
            "microblaze, 19, 18", "microblaze, 21, 20", "microblaze, 23, 22", "microblaze, 24, 24",
            "microblaze, 31, 24",
    })
    void constrainsTheWantedSizeToTheLargestInstallableOne(String name, int wanted, int installed) {
        PlatformProfile profile = PlatformProfile.builtIn(name).orElseThrow();
        assertThat(profile.constrain(Log2.of(wanted))).isEqualTo(Log2.of(installed));
    }

    @Test
    void listsTheBuiltInsInTheContractsOrderWithTheirAddressWidths() {
        assertThat(PlatformProfile.builtIns()).extracting(PlatformProfile::name)
                .containsExactly("foc", "fiasco", "okl4", "pistachio", "nova", "sel4", "hw", "x86_32", "x86_64",
                        "arm_v7", "microblaze");
        assertThat(PlatformProfile.builtIn("x86_32").orElseThrow().addressBits()).isEqualTo(32);
        assertThat(PlatformProfile.builtIn("x86_64").orElseThrow().installableSizes()).containsExactly(12, 21, 30);
        assertThat(PlatformProfile.builtIn("microblaze").orElseThrow().installableSizes())
                .containsExactly(12, 14, 16, 18, 20, 22, 24);
        assertThat(PlatformProfile.builtIn("microblaze").orElseThrow().addressBits()).isEqualTo(32);
        assertThat(PlatformProfile.builtIn("nova").orElseThrow().installableSizes()).hasSize(43 - 12 + 1);
    }

    @Test
    void kernelsWithAMappingDatabaseRevokeByPhysicalRangeTheOthersByPath() {
        assertThat(PlatformProfile.builtIns()).filteredOn(p -> p.revocation() == Revocation.PHYSICAL)
                .extracting(PlatformProfile::name).containsExactly("foc", "fiasco", "pistachio");
        assertThat(new PlatformProfile("mine", Log2.of(12), 64, MapSizeConstraint.PageSizes.of(12), "")
                .revocation()).isEqualTo(Revocation.PATH);
    }

    @Test
    void aCustomProfileWithSixtyFourKilobytePagesNeverMapsLess() {
        PlatformProfile big = new PlatformProfile("64k", Log2.of(16), 64, MapSizeConstraint.PageSizes.of(16, 29),
                "what if this MMU had 64K pages?");
        assertThat(big.constrain(Log2.of(16))).isEqualTo(Log2.of(16));
        assertThat(big.constrain(Log2.of(28))).isEqualTo(Log2.of(16));
        assertThat(big.constrain(Log2.of(35))).isEqualTo(Log2.of(29));
    }

    @Test
    void refusesProfilesThatCannotInstallTheirOwnPageSize() {
        assertThatThrownBy(() -> new PlatformProfile("bad", Log2.of(12), 64, MapSizeConstraint.PageSizes.of(21), ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PlatformProfile("bad", Log2.of(12), 48,
                new MapSizeConstraint.Flexpage(Log2.of(20)), "")).isInstanceOf(IllegalArgumentException.class);
    }
}
