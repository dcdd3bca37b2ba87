package io.marketintel.pipeline.app;

import com.google.protobuf.InvalidProtocolBufferException;
import io.marketintel.pipeline.schema.v1.Envelope;
import io.marketintel.pipeline.sink.journal.JournalReader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pipeline tail PATH}: prints a journal (a directory: every segment in order; or one
 * segment file), one envelope per line, as text or as protobuf's canonical JSON.
 */
@Command(name = "tail", description = "Print a journal, one envelope per line.")
final class TailCommand implements Callable<Integer> {
    enum Format { text, json }

    @Parameters(index = "0", description = "journal directory or segment file")
    Path path;

    @Option(names = "--format", defaultValue = "text", description = "text or json (canonical protobuf JSON)")
    Format format;

    @Option(names = {"-f", "--follow"}, description = "keep printing what is appended, until interrupted")
    boolean follow;

    @Override
    public Integer call() {
        final PrintStream out = System.out;
        final ShutdownSignal signal = follow ? ShutdownSignal.install() : null;
        try (JournalReader reader = JournalReader.open(path)) {
            final byte[][] scratch = {new byte[4096]};
            while (true) {
                final int n = reader.poll((buffer, offset, length, segment, segmentOffset) -> {
                    if (scratch[0].length < length) {
                        scratch[0] = new byte[Math.max(length, scratch[0].length * 2)];
                    }
                    buffer.getBytes(offset, scratch[0], 0, length);
                    out.println(render(scratch[0], length, segment, segmentOffset));
                }, 1024);
                if (n == 0) {
                    out.flush();
                    if (!follow || signalled(signal)) {
                        return PipelineCli.EXIT_OK;
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                }
            }
        }
    }

    private static boolean signalled(ShutdownSignal signal) {
        try {
            return signal.await(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private String render(byte[] bytes, int length, Path segment, long segmentOffset) {
        final Envelope envelope;
        try {
            envelope = Envelope.parser().parseFrom(bytes, 0, length);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("record at " + segment + " offset " + segmentOffset
                    + " is not an Envelope: " + e.getMessage(), e);
        }
        return format == Format.json ? EnvelopeFormatter.json(envelope) : EnvelopeFormatter.text(envelope);
    }
}
