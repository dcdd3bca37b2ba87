package io.marketintel.pipeline.connector.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The extension negotiation of an upgrade: what the venue's {@code Sec-WebSocket-Extensions}
 * answer may say to our offer (RFC 6455 section 9.1, RFC 7692 section 7), and that an inflater is
 * made only once permessage-deflate was accepted.
 */
class PerMessageDeflateOfferTest {
    private static final int MAX = 4096;
    private final List<PerMessageInflater> inflaters = new ArrayList<>();

    @AfterEach
    void releaseInflaters() {
        inflaters.forEach(PerMessageInflater::release);
    }

    @Test
    void offersPermessageDeflateWithoutParametersOrNothingWhenOff() {
        assertThat(new PerMessageDeflateOffer(true, MAX).offer()).isEqualTo("permessage-deflate");
        assertThat(new PerMessageDeflateOffer(false, MAX).offer()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "permessage-deflate",
        "permessage-deflate; server_no_context_takeover",
        "permessage-deflate;server_max_window_bits=12;client_no_context_takeover",
        "permessage-deflate; server_max_window_bits=\"10\"",
        "permessage-deflate ; server_max_window_bits = 8 ; server_no_context_takeover",
        "permessage-deflate; server_max_window_bits=15",
        // Not offered, so the venue should not send it, but it changes nothing for us (we never compress).
        "permessage-deflate; client_max_window_bits=15",
        // Empty list elements are allowed and ignored (two header lines, one of them empty).
        ",permessage-deflate",
        "permessage-deflate, "})
    void acceptsAnAnswerItCanHonourAndThenMakesAnInflater(String answer) {
        final PerMessageDeflateOffer offer = new PerMessageDeflateOffer(true, MAX);
        assertThat(offer.newInflater()).as("before the answer").isNull();

        assertThat(offer.check(answer)).isNull();

        final PerMessageInflater inflater = offer.newInflater();
        assertThat(inflater).isNotNull();
        inflaters.add(inflater);
    }

    @Test
    void aDeclinedOfferMeansUncompressedMessages() {
        final PerMessageDeflateOffer offer = new PerMessageDeflateOffer(true, MAX);
        assertThat(offer.check(null)).isNull();
        assertThat(offer.check("")).isNull();
        assertThat(offer.newInflater()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // A window size must be given, and be 8 to 15.
        "permessage-deflate; client_max_window_bits",
        "permessage-deflate; client_max_window_bits=16",
        // Section 7: an invalid value, a repeated or an unknown parameter fails the connection.
        "permessage-deflate; server_no_context_takeover=1",
        "permessage-deflate; client_no_context_takeover=true",
        "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
        "permessage-deflate; server_max_window_bits=16",
        "permessage-deflate; server_max_window_bits=7",
        "permessage-deflate; server_max_window_bits=010",
        "permessage-deflate; server_max_window_bits=+10",
        "permessage-deflate; server_max_window_bits",
        "permessage-deflate; server_max_window_bits=x",
        "permessage-deflate; something_else=1",
        // Extensions that were not offered.
        "x-webkit-deflate-frame",
        "permessage-deflate, permessage-deflate",
        "permessage-deflate, x-other",
        // Not the ABNF of RFC 6455 section 9.1.
        "permessage-deflate;",
        "permessage deflate",
        "permessage-deflate; server_max_window_bits=\"1 0\""})
    void refusesAnAnswerThatIsNotAValidAcceptanceOfItsOffer(String answer) {
        final PerMessageDeflateOffer offer = new PerMessageDeflateOffer(true, MAX);

        assertThat(offer.check(answer)).as("why \"%s\" is refused", answer).isNotNull().contains(answer);
        assertThat(offer.newInflater()).isNull();
    }

    @Test
    void refusesAnyExtensionWhenNoneWasOffered() {
        final PerMessageDeflateOffer offer = new PerMessageDeflateOffer(false, MAX);

        assertThat(offer.check("permessage-deflate")).contains("not offered").contains("permessage_deflate is off");
        assertThat(offer.check(null)).isNull();
        assertThat(offer.newInflater()).isNull();
    }

    @Test
    void headerParserKeepsParametersInOrderWithDuplicatesAndUnquotesValues() {
        assertThat(ExtensionsHeader.parse("a; x=1; y=\"2\"; x, b"))
                .containsExactly(new ExtensionsHeader.Extension("a", List.of(new ExtensionsHeader.Parameter("x", "1"),
                        new ExtensionsHeader.Parameter("y", "2"), new ExtensionsHeader.Parameter("x", null))),
                        new ExtensionsHeader.Extension("b", List.of()));
        assertThat(ExtensionsHeader.parse(null)).isEmpty();
        assertThat(ExtensionsHeader.parse("a; x=")).isNull();
        assertThat(ExtensionsHeader.parse("a; =1")).isNull();
        assertThat(ExtensionsHeader.parse("a;; x")).isNull();
    }
}
