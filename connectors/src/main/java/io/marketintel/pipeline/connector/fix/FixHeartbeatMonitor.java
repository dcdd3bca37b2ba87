package io.marketintel.pipeline.connector.fix;

import java.util.concurrent.TimeUnit;

/**
 * The liveness half of a logged-on {@link FixSession}: our Heartbeat after a HeartBtInt without
 * sending, a TestRequest after 1.5 HeartBtInt without hearing from the venue, and the verdict that
 * the connection is dead when the TestRequest is not answered within another HeartBtInt. What
 * counts as hearing from the venue is any message (the session calls {@link #onReceived}); the
 * timer folds that in at its next tick, so the per-message cost is one boolean store.
 *
 * <p>Not thread-safe: part of one session, on its source's event loop.
 */
final class FixHeartbeatMonitor {
    private final FixOutbound out;
    private final long heartbeatNs;
    private boolean receivedSinceTick;
    private long lastReceivedNs;
    private long testRequestSentNs;

    FixHeartbeatMonitor(FixOutbound out, long heartbeatNs) {
        this.out = out;
        this.heartbeatNs = heartbeatNs;
    }

    /** A new connection: silence is measured from now, no TestRequest is outstanding. */
    void onConnected(long nowNs) {
        lastReceivedNs = nowNs;
        testRequestSentNs = 0;
    }

    /** A message came from the venue (any message, valid or not). */
    void onReceived() {
        receivedSinceTick = true;
    }

    /** At every timer tick, whatever the session's state: takes in what was received since the last. */
    void onTick(long nowNs) {
        if (receivedSinceTick) {
            receivedSinceTick = false;
            lastReceivedNs = nowNs;
            testRequestSentNs = 0;
        }
    }

    /**
     * While logged on, after {@link #onTick}: sends the Heartbeat or TestRequest that is due.
     *
     * @param epochMillis the wall-clock time for the SendingTime of what is sent
     * @return null, or why the connection is to be closed (an unanswered TestRequest)
     */
    String checkLiveness(long nowNs, long epochMillis, String endpoint) {
        if (testRequestSentNs != 0 && nowNs - testRequestSentNs >= heartbeatNs) {
            return "no message from " + endpoint + " for " + TimeUnit.NANOSECONDS.toMillis(nowNs - lastReceivedNs)
                    + " ms, not even after a TestRequest; reconnecting";
        }
        if (testRequestSentNs == 0 && nowNs - lastReceivedNs >= heartbeatNs + heartbeatNs / 2) {
            testRequestSentNs = nowNs;
            out.testRequest(epochMillis, nowNs);
        } else if (nowNs - out.lastSentNs() >= heartbeatNs) {
            out.heartbeat(null, 0, 0, epochMillis, nowNs);
        }
        return null;
    }
}
