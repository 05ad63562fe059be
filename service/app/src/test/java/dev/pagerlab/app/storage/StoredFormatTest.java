package dev.pagerlab.app.storage;

import dev.pagerlab.app.support.RandomOperations;
import dev.pagerlab.engine.addr.Log2;
import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.lab.LabConfig;
import dev.pagerlab.engine.lab.Operation;
import dev.pagerlab.engine.lab.Quotas;
import dev.pagerlab.engine.platform.MapSizeConstraint;
import dev.pagerlab.engine.platform.PlatformProfile;
import dev.pagerlab.engine.platform.Revocation;
import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.ThreadId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What is journaled reads back as the same value: every operation kind and every platform, custom ones included. */
class StoredFormatTest {

    private final StoredFormat format = new StoredFormat();

    @Test
    void randomOperationsOfEveryKindReadBackEqual() {
        long seed = Long.getLong("pagerlab.seed", System.nanoTime());
        RandomOperations operations = new RandomOperations(seed);
        for (int i = 0; i < 5_000; i++) {
            Operation op = operations.next();
            assertThat(format.readOperation(format.write(op))).as("seed %d, %s", seed, op).isEqualTo(op);
        }
    }

    @Test
    void aRowOfOperationsReadsBackInOrderAndAFaultAlsoInItsFormerShape() {
        long seed = Long.getLong("pagerlab.seed", System.nanoTime());
        RandomOperations operations = new RandomOperations(seed);
        for (int r = 0; r < 200; r++) {
            List<Operation> row = new ArrayList<>();
            for (int i = (int) (seed + r & 63); i >= 0; i--) {
                row.add(operations.next());
            }
            boolean before = r % 2 == 1;
            List<String> written = row.stream().map(op -> !before ? format.write(op)
                    : JournalMigrationTest.writtenBefore(format, op)).toList();
            assertThat(format.readRow(StoredFormat.row(written))).as("seed %d", seed).isEqualTo(row);
        }
        Operation fault = new Operation.SubmitFault(new ThreadId(3), Addr.of(0xfff0_0000_0000_1234L), Access.EXEC);
        assertThat(format.write(fault)).isEqualTo("\"th-3 EXEC 0xfff0000000001234\"");
        assertThat(format.readOperation(
                "{\"op\":\"fault\",\"thread\":\"th-3\",\"addr\":\"0xfff0000000001234\",\"type\":\"EXEC\"}"))
                .isEqualTo(fault);
    }

    @Test
    void everyBuiltInAndACustomPlatformReadBackEqual() {
        Quotas quotas = new Quotas(1, 2, 3, 4, 5, 6);
        for (PlatformProfile platform : PlatformProfile.builtIns()) {
            LabConfig config = new LabConfig(platform, LabConfig.DEFAULT_PHYSICAL_MEMORY, quotas);
            assertThat(format.readConfig(format.write(config))).isEqualTo(config);
        }
        LabConfig custom = new LabConfig(new PlatformProfile("what-if", Log2.of(16), 32,
                MapSizeConstraint.PageSizes.of(16, 20, 24), Revocation.PHYSICAL, "custom profile"),
                new AddrRange(0x8000_0000L, -1L), quotas);
        assertThat(format.readConfig(format.write(custom))).isEqualTo(custom);
    }
}
