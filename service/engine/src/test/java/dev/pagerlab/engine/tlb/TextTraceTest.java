package dev.pagerlab.engine.tlb;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.Failure;
import dev.pagerlab.engine.model.Failure.Code;
import dev.pagerlab.engine.model.Result;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The text form of a trace: one access per line, and refusals that name the line. */
class TextTraceTest {

    @Test
    void readsOneAccessPerLineSkippingBlankAndCommentLines() {
        AccessTrace trace = TextTrace.parse("# converted from lackey\nREAD 0x1000\r\n\n  write\t4096  \nEXEC 0xFFFFFFFFFFFFFFFF\n")
                .orThrow();
        assertThat(trace.asList()).containsExactly(
                new MemoryAccess(Access.READ, Addr.of(0x1000)),
                new MemoryAccess(Access.WRITE, Addr.of(4096)),
                new MemoryAccess(Access.EXEC, Addr.MAX));
    }

    @Test
    void aLineThatDoesNotParseIsRefusedByItsNumber() {
        assertThat(failure("READ 0x1000\nREED 0x2000\n")).isEqualTo(new Failure(Code.VALIDATION_FAILED,
                "trace line 2: 'REED 0x2000' is not 'READ|WRITE|EXEC address' (such as 'READ 0x1000')"));
        assertThat(failure("READ 0x1000 8").detail()).startsWith("trace line 1: ");
        assertThat(failure("\n\nREAD").detail()).startsWith("trace line 3: ");
        assertThat(failure("READ 0x10000000000000000").detail())
                .isEqualTo("trace line 1: '0x10000000000000000' is not an unsigned 64-bit address (0x hex or decimal)");
        for (String bad : List.of("READ -1", "READ +1", "READ 0x+1", "READ 0x", "READ 12K", "READ 18446744073709551616")) {
            assertThat(failure(bad).detail()).as(bad).startsWith("trace line 1: ");
        }
    }

    @Test
    void refusesMoreAccessesThanARunReplays() {
        String line = "READ 0x0\n";
        assertThat(TextTrace.parse(line.repeat(AccessTrace.MAX_ACCESSES)).orThrow().size())
                .isEqualTo(AccessTrace.MAX_ACCESSES);
        assertThat(failure(line.repeat(AccessTrace.MAX_ACCESSES + 1)).detail())
                .startsWith("trace line " + (AccessTrace.MAX_ACCESSES + 1) + ": more than");
    }

    private static Failure failure(String text) {
        return ((Result.Refused<AccessTrace>) TextTrace.parse(text)).failure();
    }
}
