package io.marketintel.pipeline.connector.fix;

import com.google.protobuf.InvalidProtocolBufferException;
import io.marketintel.pipeline.RealTimeDataPipeline;
import io.marketintel.pipeline.schema.v1.Envelope;
import io.marketintel.pipeline.schema.v1.StreamStatus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test consumer: polls a pipeline on its own thread and keeps every envelope, parsed with the
 * generated classes. Thread-safe to read while it runs.
 */
final class EnvelopeCollector implements AutoCloseable {
    final List<Envelope> envelopes = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    EnvelopeCollector(RealTimeDataPipeline pipeline) {
        thread = new Thread(() -> {
            while (running) {
                final int n = pipeline.poll((id, buffer, offset, length) -> {
                    final byte[] bytes = new byte[length];
                    buffer.getBytes(offset, bytes);
                    try {
                        envelopes.add(Envelope.parseFrom(bytes));
                    } catch (InvalidProtocolBufferException e) {
                        throw new IllegalStateException(e);
                    }
                }, 256);
                if (n == 0) {
                    Thread.onSpinWait();
                }
            }
        }, "envelope-collector");
        thread.setDaemon(true);
        thread.start();
    }

    List<Envelope> incrementalBooks() {
        return envelopes.stream().filter(e -> e.hasBookUpdate() && !e.getBookUpdate().getSnapshot()).toList();
    }

    /**
     * MsgSeqNum (source_seq) of every market-data envelope (book update, trade, quote, ticker) in
     * arrival order; statuses, FixMessage and Raw payloads are not market data. A message that
     * yields several envelopes (several symbols) appears once per envelope.
     */
    List<Long> marketDataSeqs() {
        return envelopes.stream().filter(e -> e.hasBookUpdate() || e.hasTrade() || e.hasQuote() || e.hasTicker())
                .map(Envelope::getSourceSeq).toList();
    }

    List<StreamStatus> statuses(StreamStatus.State state) {
        return envelopes.stream().filter(Envelope::hasStatus).map(Envelope::getStatus)
                .filter(s -> s.getState() == state).toList();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
