package io.marketintel.pipeline.connector;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Collects the leak reports of Netty's {@code ResourceLeakDetector} (paranoid in the tests, see the
 * root pom), which Netty only logs: a logback appender on that logger ({@link #install()}), read
 * by {@link NettyLeakCheck} after every test class so that a {@code ByteBuf} that is never
 * released fails the build instead of scrolling past in the log.
 *
 * <p>Netty reports a leak when the buffer has been garbage-collected unreleased and a later
 * allocation polls the detector's queue; {@link #collect(int)} brings both about. Thread-safe.
 */
public final class NettyLeakReports extends AppenderBase<ILoggingEvent> {
    /** The logger Netty reports leaks on (its {@code InternalLoggerFactory} names it after the class). */
    private static final String LEAK_LOGGER = "io.netty.util.ResourceLeakDetector";
    private static final List<String> REPORTS = new ArrayList<>();
    private static boolean installed;

    /** Attaches the collector to Netty's leak logger, once per JVM. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        final Logger logger = (Logger) LoggerFactory.getLogger(LEAK_LOGGER);
        final NettyLeakReports collector = new NettyLeakReports();
        collector.setContext(logger.getLoggerContext());
        collector.setName("netty-leak-reports");
        collector.start();
        logger.addAppender(collector);
        installed = true;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(Level.ERROR) && event.getFormattedMessage().contains("LEAK")) {
            synchronized (REPORTS) {
                REPORTS.add(event.getFormattedMessage());
            }
        }
    }

    /**
     * Runs {@code rounds} of a full GC followed by tracked allocations (each polls the detector's
     * queue of collected, unreleased buffers), then returns and forgets the reports so far.
     */
    public static List<String> collect(int rounds) {
        for (int i = 0; i < rounds; i++) {
            System.gc();
            ByteBufAllocator.DEFAULT.buffer(1).release();
            Unpooled.buffer(1).release();
        }
        return drain();
    }

    /** The reports so far, forgotten. */
    public static List<String> drain() {
        synchronized (REPORTS) {
            final List<String> reports = new ArrayList<>(REPORTS);
            REPORTS.clear();
            return reports;
        }
    }
}
