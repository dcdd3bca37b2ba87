package io.marketintel.pipeline.connector;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a leaked buffer by its end. Registered for every test
 * class of the modules whose tests run Netty (connectors, and app through this module's test jar)
 * by their {@code META-INF/services} entry and {@code junit-platform.properties}.
 * A leak is reported once the buffer has been collected, so it may surface after the class that
 * leaked it: the report's access records say where the buffer was allocated and last touched.
 */
public final class NettyLeakCheck implements BeforeAllCallback, AfterAllCallback {
    /** Full GCs per check: enough for a buffer dropped during the class to be collected and reported. */
    private static final int GC_ROUNDS = 3;

    @Override
    public void beforeAll(ExtensionContext context) {
        NettyLeakReports.install();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        final List<String> leaks = NettyLeakReports.collect(GC_ROUNDS);
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty buffer(s) leaked in " + context.getDisplayName()
                    + " or a test class run before it in this JVM:\n" + String.join("\n\n", leaks));
        }
    }
}
