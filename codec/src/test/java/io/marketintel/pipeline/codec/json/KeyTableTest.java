package io.marketintel.pipeline.codec.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class KeyTableTest {
    private static final String[] NAMES = {
        "e", "E", "s", "t", "a", "", "result", "eightchr", "ninechars", "product_id", "product_ix"};
    private final KeyTable keys = new KeyTable(NAMES);

    /** Looks {@code key} up as it sits in a frame: quoted, with {@code after} following it. */
    private int lookup(String key, String after) {
        final byte[] frame = ("{\"" + key + "\"" + after).getBytes(StandardCharsets.US_ASCII);
        return keys.lookup(new UnsafeBuffer(frame), 2, key.length());
    }

    @Test
    void shouldFindEveryNameWhateverFollowsItAndWhereverTheBufferEnds() {
        for (int id = 0; id < NAMES.length; id++) {
            assertThat(lookup(NAMES[id], ":1,\"x\":2}")).as(NAMES[id]).isEqualTo(id);
            // The buffer ends right after the quote: no whole word can be read past the key.
            assertThat(lookup(NAMES[id], "")).as(NAMES[id] + " at the end").isEqualTo(id);
        }
    }

    @Test
    void shouldNotFindPrefixesExtensionsOrCaseVariants() {
        for (String unknown : new String[] {"M", "ee", "resul", "results", "Result", "eightchrs",
                "ninechar", "ninecharz", "product_iy", "product_id_"}) {
            assertThat(lookup(unknown, ":1}")).as(unknown).isEqualTo(KeyTable.UNKNOWN);
            assertThat(lookup(unknown, "")).as(unknown + " at the end").isEqualTo(KeyTable.UNKNOWN);
        }
    }

    @Test
    void shouldTellNamesApartByLengthWhenTheirFirstEightBytesAgree() {
        final KeyTable table = new KeyTable("abcdefgh", "abcdefghi", "abcdefghij");
        final UnsafeBuffer frame = new UnsafeBuffer("abcdefghij".getBytes(StandardCharsets.US_ASCII));
        assertThat(table.lookup(frame, 0, 8)).isEqualTo(0);
        assertThat(table.lookup(frame, 0, 9)).isEqualTo(1);
        assertThat(table.lookup(frame, 0, 10)).isEqualTo(2);
        assertThat(table.lookup(frame, 0, 7)).isEqualTo(KeyTable.UNKNOWN);
    }
}
