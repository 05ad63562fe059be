package dev.pagerlab.app.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The API's notation for addresses and sizes. */
class UnsignedInputTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"0x0, 0", "0X1000, 4096", "0x400000, 4194304", "4096, 4096", "4K, 4096", "4k, 4096", "2M, 2097152",
            "1G, 1073741824", "1T, 1099511627776", "0xffffffffffffffff, 18446744073709551615",
            "18446744073709551615, 18446744073709551615", "16777215T, 18446742974197923840", " 0x10 , 16"})
    void readsHexDecimalAndBinarySuffixes(String text, String expected) {
        assertThat(Long.toUnsignedString(UnsignedInput.parse(text))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0x", "-1", "0x1_000", "1.5K", "4KB", "0x10000000000000000", "18446744073709551616",
            "16777216T", "1e3", "K", "0xg", "+5", "0x\u0661", "\uff11"})
    void refusesWhatIsNotAnUnsignedSixtyFourBitValue(String text) {
        assertThatThrownBy(() -> UnsignedInput.parse(text)).isInstanceOf(UnsignedInput.InvalidValue.class);
    }

    @Test
    void readsEveryHexSpellingAsTheGeneralRuleDoes() {
        // Short hex strings take a fast path; it must agree with BigInteger on every length and case.
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < 10_000; i++) {
            long value = random.nextLong() >>> random.nextInt(64);
            String hex = Long.toHexString(value);
            String text = (random.nextBoolean() ? "0x" : "0X") + (random.nextBoolean() ? hex : hex.toUpperCase());
            assertThat(UnsignedInput.parse(text)).as(text).isEqualTo(new BigInteger(hex, 16).longValue());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"9007199254740993", "-1", "18446744073709551616"})
    void refusesJsonNumbersBeyondTwoToTheFiftyThree(String number) {
        assertThatThrownBy(() -> UnsignedInput.fromJsonNumber(new BigInteger(number)))
                .isInstanceOf(UnsignedInput.InvalidValue.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "4096", "9007199254740992"})
    void acceptsJsonNumbersUpToTwoToTheFiftyThree(String number) {
        assertThat(UnsignedInput.fromJsonNumber(new BigInteger(number))).isEqualTo(Long.parseLong(number));
    }
}
