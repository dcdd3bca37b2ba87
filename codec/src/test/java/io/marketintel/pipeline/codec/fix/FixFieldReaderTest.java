package io.marketintel.pipeline.codec.fix;

import static io.marketintel.pipeline.codec.fix.FixTestMessages.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FixFieldReaderTest {
    private final FixFieldReader reader = new FixFieldReader(16);

    /** Reads {@code text} ('|' for SOH) placed at offset 3 of a larger buffer; "tag=value" per field, then the end code. */
    private List<String> read(String text) {
        final byte[] b = bytes(text.replace('|', '\001'));
        final byte[] padded = new byte[b.length + 6];
        System.arraycopy(b, 0, padded, 3, b.length);
        reader.wrap(new UnsafeBuffer(padded), 3, b.length);
        final List<String> fields = new ArrayList<>();
        int tag;
        while ((tag = reader.next()) >= 0) {
            fields.add(tag + "=" + reader.buffer().getStringWithoutLengthAscii(reader.valueOffset(), reader.valueLength())
                    .replace('\001', '|'));
        }
        fields.add(tag == FixFieldReader.END ? "END" : tag == FixFieldReader.MALFORMED ? "MALFORMED" : "TOO_MANY_FIELDS");
        return fields;
    }

    @Test
    void shouldReadEveryFieldInWireOrder() {
        assertThat(read("8=FIX.4.4|9=12|35=X|58=|1003=T-1|0035=Y|"))
                .containsExactly("8=FIX.4.4", "9=12", "35=X", "58=", "1003=T-1", "35=Y", "END");
        assertThat(reader.fieldCount()).isEqualTo(6);
    }

    @Test
    void shouldTakeADataFieldByItsDeclaredLengthOnlyRightAfterItsLengthField() {
        assertThat(read("95=5|96=a|b=c|58=x|")).containsExactly("95=5", "96=a|b=c", "58=x", "END");
        assertThat(read("96=a|95=1|58=x|")).containsExactly("96=a", "95=1", "58=x", "END");
        assertThat(read("93=3|89=s|g|10=000|")).containsExactly("93=3", "89=s|g", "10=000", "END");
    }

    @ParameterizedTest
    @ValueSource(strings = {"35=X|=1|", "35=X|3a=1|", "35=X|1234567890=1|", "35=X|58", "35=X|58=abc", "35=X|5 8=1|",
        "95=x|96=a|", "95=9|96=a|", "95=1|96=ab|", "95=-1|96=a|"})
    void shouldCallMalformedWhatIsNotTagEqualsValueSoh(String text) {
        assertThat(read(text)).last().isEqualTo("MALFORMED");
    }

    @Test
    void shouldAcceptNineDigitTagsAndRefuseTheFieldPastItsLimit() {
        assertThat(read("123456789=x|")).containsExactly("123456789=x", "END");
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < 17; i++) {
            text.append("58=").append(i).append('|');
        }
        final List<String> fields = read(text.toString());
        assertThat(fields).hasSize(17).last().isEqualTo("TOO_MANY_FIELDS");
    }

    @Test
    void shouldStartAgainAfterRewind() {
        read("35=0|34=1|");
        reader.rewind();
        assertThat(reader.next()).isEqualTo(35);
        assertThat(reader.fieldCount()).isEqualTo(1);
    }

    @Test
    void shouldRefuseARangeOutsideTheBuffer() {
        assertThatThrownBy(() -> reader.wrap(new UnsafeBuffer(new byte[8]), 4, 5))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
