package io.marketintel.pipeline.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The leak check this module's tests run after every class sees a buffer that was never released. */
class NettyLeakReportsTest {
    @Test
    void shouldReportABufferThatWasNeverReleased() {
        NettyLeakReports.install();
        NettyLeakReports.drain();
        leakOneBuffer();
        final List<String> reports = new ArrayList<>();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (int attempt = 0; attempt < 100 && reports.isEmpty() && System.nanoTime() < deadline; attempt++) {
            reports.addAll(NettyLeakReports.collect(1));
        }
        // Taken here, so that NettyLeakCheck does not fail this class for the leak made on purpose.
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0)).contains("LEAK").contains("release()").contains("leakOneBuffer");
    }

    private static void leakOneBuffer() {
        final ByteBuf buffer = ByteBufAllocator.DEFAULT.directBuffer(64);
        buffer.writeLong(42); // touched, so that the report has an access record
    }
}
