package dev.pagerlab.app.storage;

import dev.pagerlab.engine.addr.Log2;
import dev.pagerlab.engine.lab.LabConfig;
import dev.pagerlab.engine.lab.Operation;
import dev.pagerlab.engine.lab.Quotas;
import dev.pagerlab.engine.lab.RandomScenario;
import dev.pagerlab.engine.platform.MapSizeConstraint;
import dev.pagerlab.engine.platform.PlatformProfile;
import dev.pagerlab.engine.platform.Revocation;
import dev.pagerlab.engine.testing.SeededCases;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal's format reads back exactly what it wrote: every operation of seeded random labs (every kind, with the
 * cache attribute left to the dataspace kind's default or given), and every platform, built-in or made up with either
 * revocation rule, so that a lab rebuilt after a restart runs on the same machine.
 */
class StoredFormatTest {

    private final StoredFormat format = new StoredFormat();

    @Test
    void everyOperationOfARandomLabReadsBackAsItWasWritten() {
        SeededCases.check("stored-operations", random -> {
            RandomScenario scenario = new RandomScenario(random);
            for (int i = 0; i < 40; i++) {
                scenario.step();
            }
            scenario.lab().deliverSignal(new dev.pagerlab.engine.model.HandlerId(1));
            for (Operation op : scenario.lab().history()) {
                assertThat(format.readOperation(format.write(op))).isEqualTo(op);
            }
        });
    }

    @Test
    void everyPlatformReadsBackWithItsRevocationRule() {
        List<PlatformProfile> platforms = new ArrayList<>(PlatformProfile.builtIns());
        platforms.add(new PlatformProfile("mmu64k", Log2.of(16), 64, MapSizeConstraint.PageSizes.of(16, 21, 30),
                Revocation.PHYSICAL, "custom profile"));
        platforms.add(new PlatformProfile("flex18", Log2.of(12), 32, new MapSizeConstraint.Flexpage(Log2.of(18)),
                "custom profile"));
        for (PlatformProfile platform : platforms) {
            LabConfig config = new LabConfig(platform, LabConfig.DEFAULT_PHYSICAL_MEMORY, Quotas.DEFAULT);
            assertThat(format.readConfig(format.write(config))).as(platform.name()).isEqualTo(config);
        }
        assertThat(platforms).extracting(PlatformProfile::revocation).contains(Revocation.PHYSICAL, Revocation.PATH);
    }
}
