package dev.pagerlab.app.web;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WellFormedUtf8#isAscii}, which tests eight bytes at once, finds a non-ASCII byte wherever it lies: in any
 * word or in the tail after the last whole word. Prints the seed of a failure.
 */
class WellFormedUtf8AsciiTest {

    @Test
    void aNonAsciiByteAnywhereIsFound() {
        long base = "isAscii".hashCode() * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < 2000; i++) {
            long seed = base + i;
            Random random = new Random(seed);
            byte[] body = new byte[random.nextInt(40)];
            for (int b = 0; b < body.length; b++) {
                body[b] = (byte) random.nextInt(0x80);
            }
            boolean ascii = body.length == 0 || random.nextBoolean();
            if (!ascii) {
                body[random.nextInt(body.length)] = (byte) (0x80 + random.nextInt(0x80));
            }
            assertThat(WellFormedUtf8.isAscii(body)).as("seed %d", seed).isEqualTo(ascii);
        }
    }
}
