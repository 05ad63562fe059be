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
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
            assertThat(format.readRow("[" + String.join(",", written) + "]")).as("seed %d", seed).isEqualTo(row);
        }
        Operation fault = new Operation.SubmitFault(new ThreadId(3), Addr.of(0xfff0_0000_0000_1234L), Access.EXEC);
        assertThat(format.write(fault)).isEqualTo("\"th-3 EXEC 0xfff0000000001234\"");
        assertThat(format.readOperation(
                "{\"op\":\"fault\",\"thread\":\"th-3\",\"addr\":\"0xfff0000000001234\",\"type\":\"EXEC\"}"))
                .isEqualTo(fault);
    }

    @Test
    void aPackedRowReadsBackInOrderWithTheExtremesOfFaults() {
        long seed = Long.getLong("pagerlab.seed", System.nanoTime());
        RandomOperations operations = new RandomOperations(seed);
        SplittableRandom random = new SplittableRandom(seed);
        for (int r = 0; r < 300; r++) {
            List<Operation> row = new ArrayList<>();
            for (int i = random.nextInt(200); i >= 0; i--) {
                row.add(random.nextBoolean() ? operations.next() : new Operation.SubmitFault(
                        new ThreadId(1 + random.nextInt(random.nextBoolean() ? 4 : Integer.MAX_VALUE)),
                        Addr.of(random.nextLong() >>> random.nextInt(64)), Access.values()[random.nextInt(3)]));
            }
            StoredFormat.Packer packer = new StoredFormat.Packer();
            row.forEach(op -> format.pack(op, packer));
            assertThat(format.readRow(packer.toBytes(), null, row.size())).as("seed %d", seed).isEqualTo(row);
        }
        List<Operation> extremes = List.of(
                new Operation.SubmitFault(new ThreadId(1), Addr.of(0), Access.READ),
                new Operation.SubmitFault(new ThreadId(Integer.MAX_VALUE), Addr.of(-1L), Access.EXEC),
                new Operation.SubmitFault(new ThreadId(127), Addr.of(Long.MIN_VALUE), Access.WRITE),
                new Operation.SubmitFault(new ThreadId(128), Addr.of(0x7f), Access.READ));
        StoredFormat.Packer packer = new StoredFormat.Packer();
        extremes.forEach(op -> format.pack(op, packer));
        assertThat(format.unpack(packer.toBytes(), 4)).isEqualTo(extremes);
        // A fault in the low gigabytes, the journal's common case: tag, thread, address in 1 + 1 + 4 bytes.
        StoredFormat.Packer one = new StoredFormat.Packer();
        format.pack(new Operation.SubmitFault(new ThreadId(1), Addr.of(0x123456), Access.READ), one);
        assertThat(one.toBytes()).containsExactly(1, 1, 0xd6 - 256, 0xe8 - 256, 0x48);
    }

    @Test
    void aDamagedPackedRowIsRefusedNotMisread() {
        StoredFormat.Packer packer = new StoredFormat.Packer();
        format.pack(new Operation.SubmitFault(new ThreadId(2), Addr.of(0xfff0_0000_0000_1234L), Access.EXEC), packer);
        format.pack(new Operation.CreateFaultHandler("pager"), packer);
        byte[] good = packer.toBytes();
        assertThat(format.unpack(good, 2)).hasSize(2);
        for (int cut = 1; cut < good.length; cut++) {
            byte[] shorter = java.util.Arrays.copyOf(good, cut);
            assertThatThrownBy(() -> format.unpack(shorter, 2)).as("cut at %d", cut)
                    .isInstanceOf(RuntimeException.class);
        }
        assertThatThrownBy(() -> format.unpack(good, 3)).hasMessageContaining("3 operations holds 2");
        byte[] badTag = good.clone();
        badTag[0] = 9;
        assertThatThrownBy(() -> format.unpack(badTag, 2)).hasMessageContaining("tag");
        byte[] longNumber = {1, 1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0x7f};
        assertThatThrownBy(() -> format.unpack(longNumber, 1)).hasMessageContaining("64 bits");
        byte[] noThread = {2, 0, 5};
        assertThatThrownBy(() -> format.unpack(noThread, 1)).hasMessageContaining("thread number");
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
