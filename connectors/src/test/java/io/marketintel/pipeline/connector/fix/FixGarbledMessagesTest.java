package io.marketintel.pipeline.connector.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketintel.pipeline.RealTimeDataPipeline;
import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.config.FixOptions;
import io.marketintel.pipeline.config.Protocol;
import io.marketintel.pipeline.connector.fix.FixScript.Kind;
import io.marketintel.pipeline.connector.fix.FixScript.Step;
import io.marketintel.pipeline.schema.v1.Envelope;
import io.marketintel.pipeline.source.SourceState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Garbled input (bad CheckSum, wrong BodyLength, header fields out of order, raw garbage) between
 * valid messages: each is skipped and counted, the expected MsgSeqNum does not move (the next
 * valid message, numbered as if nothing had come, is processed), and the session stays up.
 */
class FixGarbledMessagesTest {

    @Test
    void shouldIgnoreGarbledMessagesWithoutMovingTheExpectedSequenceNumber() throws Exception {
        final List<Step> steps = new ArrayList<>();
        steps.add(new Step(Kind.CONNECT, null, 1));
        steps.add(expect("8=FIX.4.4|35=A|34=1|49=ISLD|56=TW|98=0|108=30|"));
        steps.add(send("8=FIX.4.4|35=A|34=1|49=TW|52=<TIME>|56=ISLD|98=0|108=30|"));
        steps.add(send("8=FIX.4.4|35=0|34=2|49=TW|52=<TIME>|56=ISLD|"));
        // Raw garbage after a valid message, then 34=3 three times, each garbled differently: none
        // may count. (Garbage right after a garbled message is part of the same report.)
        steps.add(send("this is not FIX at all\n"));
        steps.add(send("8=FIX.4.4|35=0|34=3|49=TW|52=<TIME>|56=ISLD|10=0|"));                 // bad CheckSum
        steps.add(send("8=FIX.4.4|9=7|35=0|34=3|49=TW|52=<TIME>|56=ISLD|"));                 // wrong BodyLength
        steps.add(send("8=FIX.4.4|34=3|35=0|49=TW|52=<TIME>|56=ISLD|"));                     // MsgType not third
        steps.add(send("8=FIX.4.4|35=W|34=3|49=TW|52=<TIME>|56=ISLD|262=r1|55=EUR/USD|268=2|"
                + "269=0|270=1.08500|271=1000000|269=1|270=1.08510|271=2000000|"));
        steps.add(send("8=FIX.4.4|35=1|34=4|49=TW|52=<TIME>|56=ISLD|112=STILL-UP|"));
        steps.add(expect("8=FIX.4.4|35=0|34=2|49=ISLD|56=TW|112=STILL-UP|"));
        steps.add(send("8=FIX.4.4|35=5|34=5|49=TW|52=<TIME>|56=ISLD|"));
        steps.add(expect("8=FIX.4.4|35=5|34=3|49=ISLD|56=TW|"));
        steps.add(new Step(Kind.DISCONNECT, null, 99));

        try (FixScriptRunner runner = new FixScriptRunner(10_000)) {
            final RealTimeDataPipeline pipeline = RealTimeDataPipeline.builder().ioThreads(1).build();
            pipeline.addFixSource(DataSourceConfig.builder("garbled", Protocol.FIX, "127.0.0.1:" + runner.port())
                    .reconnectInterval(Duration.ofSeconds(10))
                    .fix(FixOptions.builder("ISLD", "TW").resetOnLogon(true).build()).build());
            try (EnvelopeCollector collector = new EnvelopeCollector(pipeline)) {
                pipeline.startAllReceivers();
                runner.run(new FixScript("garbled", steps));
                final FixSource source = (FixSource) pipeline.receivers().get("garbled");
                assertThat(source.sessionMetrics().garbled()).isEqualTo(4);
                assertThat(source.metrics().malformed()).isEqualTo(4);
                assertThat(source.lifecycle().reconnects()).isZero();
                await().atMost(Duration.ofSeconds(5)).until(() -> collector.envelopes.stream().anyMatch(Envelope::hasBookUpdate));
                final Envelope book = collector.envelopes.stream().filter(Envelope::hasBookUpdate).findFirst().orElseThrow();
                assertThat(book.getSourceSeq()).isEqualTo(3);
                assertThat(book.getBookUpdate().getBids(0).getPrice().getMantissa()).isEqualTo(108_500L);
                await().atMost(Duration.ofSeconds(5)).until(() -> source.state() != SourceState.LOGGED_ON);
            } finally {
                pipeline.close();
            }
        }
    }

    private static Step send(String fields) {
        return new Step(Kind.SEND, fields.replace('|', '\u0001'), 0);
    }

    private static Step expect(String fields) {
        return new Step(Kind.EXPECT, fields.replace('|', '\u0001'), 0);
    }
}
