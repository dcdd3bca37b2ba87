package io.marketintel.pipeline.codec.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Iso8601UtcTest {
    private static long parse(String text) {
        final byte[] bytes = ("xx" + text + "yy").getBytes(StandardCharsets.US_ASCII);
        return Iso8601Utc.parseEpochNanos(new UnsafeBuffer(bytes), 2, bytes.length - 4);
    }

    private static long javaTime(String text) {
        final Instant instant = OffsetDateTime.parse(text).toInstant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2014-11-07T08:19:27.028459Z", "2022-10-19T23:28:22.061769Z", "2019-08-14T20:42:27.265Z",
        "1970-01-01T00:00:00Z", "2000-02-29T23:59:59.999999999Z", "2100-03-01T00:00:00Z", "1969-12-31T23:59:59.5Z",
        "2024-02-29T12:00:00+05:30", "2024-01-01T00:30:00-08:00", "1600-03-01T00:00:00Z"})
    void shouldAgreeWithJavaTime(String text) {
        assertThat(parse(text)).isEqualTo(javaTime(text));
    }

    @Test
    void shouldTruncateDigitsBelowOneNanosecond() {
        assertThat(parse("2023-10-06T17:35:55.4402951239Z")).isEqualTo(javaTime("2023-10-06T17:35:55.440295123Z"));
    }

    @Test
    void shouldAcceptCompactOffsetAndLowercaseSeparators() {
        assertThat(parse("2024-01-01t01:00:00+0100")).isEqualTo(Instant.parse("2024-01-01T00:00:00Z")
                .truncatedTo(ChronoUnit.SECONDS).getEpochSecond() * 1_000_000_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2014-11-07T08:19:27", "2014-11-07 08:19:27Z", "2014-13-07T08:19:27Z", "2023-02-29T00:00:00Z",
        "2014-11-07T24:00:00Z", "2014-11-07T08:60:00Z", "2014-11-07T08:19:60Z", "2014-11-07T08:19:27.Z",
        "2014-11-07T08:19:27ZZ", "2014-11-07T08:19:27+1:00", "2014-11-07", "2014/11/07T08:19:27Z", "garbage-garbage-gar"})
    void shouldRefuseWhatIsNotAZonedTimestamp(String text) {
        assertThat(parse(text)).isEqualTo(Iso8601Utc.INVALID);
    }
}
