package io.marketintel.pipeline.connector.fix;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketintel.pipeline.config.FixOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

/**
 * MarketDataRequest ids: new for each request of a run, and not the previous run's after a
 * restart, although a file store carries the sequence numbers on (a venue may still hold the old
 * ids and reject a repeat as a duplicate).
 */
class FixOutboundMdReqIdTest {
    private static final Pattern MD_REQ_ID = Pattern.compile("\u0001262=([^\u0001]*)\u0001");
    private static final long RUN_1_MS = 1_764_000_000_000L;
    private static final long RUN_2_MS = RUN_1_MS + 65_000;

    @Test
    void eachRequestOfARunAndEachRunHasItsOwnId() {
        final SequenceStore store = SequenceStore.inMemory(); // kept across the "restart", as a file store is
        final List<String> first = requests(store, RUN_1_MS);
        final List<String> second = requests(store, RUN_2_MS);

        assertThat(first.get(0)).startsWith("fix_1-1-").isNotEqualTo(first.get(1));
        assertThat(first.get(1)).startsWith("fix_1-2-");
        assertThat(second.get(0)).startsWith("fix_1-1-");
        assertThat(second).doesNotContainAnyElementsOf(first);
    }

    /** Two requests (a subscription and a snapshot) from a new outbound side, as a restarted source makes. */
    private static List<String> requests(SequenceStore store, long startMs) {
        final FixOptions options = FixOptions.builder("CLIENT1", "VENUE").symbols(List.of("EUR/USD")).build();
        final FixOutbound out = new FixOutbound(options, null, store);
        final List<String> ids = new ArrayList<>();
        out.connection(new FixConnection() {
            @Override
            public void send(DirectBuffer buffer, int offset, int length) {
                final Matcher m = MD_REQ_ID.matcher(buffer.getStringWithoutLengthAscii(offset, length));
                if (m.find()) {
                    ids.add(m.group(1));
                }
            }

            @Override
            public void close(String reason) {
            }
        });
        out.marketDataRequest("fix_1", false, startMs, 0);
        out.marketDataRequest("fix_1", true, startMs + 1_000, 0);
        return ids;
    }
}
