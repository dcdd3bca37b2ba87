package io.marketintel.pipeline.connector.fix;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketintel.pipeline.codec.fix.FixMessageView;
import io.marketintel.pipeline.codec.fix.FixWrapResult;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The body fingerprint behind {@link FixPossResendFilter}: a PossResend copy of a message already
 * received is recognised whatever the body's length, and a body that differs from it in any one
 * byte is not taken for a copy (every lane of the fingerprint and its tail count).
 */
class FixPossResendFilterTest {
    private final SplittableRandom random = new SplittableRandom(3);

    @Test
    void shouldRecogniseAnExactCopyAndNoCopyThatDiffersInOneByteAtAnyLength() {
        for (int length = 1; length <= 100; length++) {
            final byte[] text = randomText(length);
            for (int changed = 0; changed < length; changed++) {
                final FixPossResendFilter filter = new FixPossResendFilter();
                assertThat(filter.admit(view(2, false, text))).isTrue();
                final byte[] other = text.clone();
                other[changed] = (byte) (other[changed] == 'a' ? 'b' : 'a');
                assertThat(filter.admit(view(3, true, other)))
                        .as("length %d, byte %d changed", length, changed).isTrue();
                assertThat(filter.admit(view(4, true, text))).as("an exact copy, length %d", length).isFalse();
            }
        }
    }

    @Test
    void shouldForgetOriginalsOlderThanItsWindow() {
        final FixPossResendFilter filter = new FixPossResendFilter();
        final byte[] first = randomText(40);
        assertThat(filter.admit(view(2, false, first))).isTrue();
        for (int i = 0; i < FixPossResendFilter.WINDOW; i++) {
            assertThat(filter.admit(view(3 + i, false, randomText(40)))).isTrue();
        }
        assertThat(filter.admit(view(5_000, true, first))).isTrue();
    }

    private byte[] randomText(int length) {
        final byte[] text = new byte[length];
        for (int i = 0; i < length; i++) {
            text[i] = (byte) ('a' + random.nextInt(26));
        }
        return text;
    }

    /** An application message with MsgSeqNum {@code seq}, PossResend if asked, and {@code text} in field 58. */
    private static FixMessageView view(int seq, boolean possResend, byte[] text) {
        final String message = "8=FIX.4.4|9=0|35=B|34=" + seq + "|49=VENUE|56=CLIENT|52=20240102-03:04:05.678|"
                + (possResend ? "97=Y|122=20240102-03:04:05.000|" : "") + "148=headline|58="
                + new String(text, StandardCharsets.US_ASCII) + "|10=000|";
        final byte[] bytes = message.replace('|', '\001').getBytes(StandardCharsets.US_ASCII);
        final FixMessageView view = new FixMessageView();
        assertThat(view.wrap(new UnsafeBuffer(bytes), 0, bytes.length)).isEqualTo(FixWrapResult.OK);
        return view;
    }
}
