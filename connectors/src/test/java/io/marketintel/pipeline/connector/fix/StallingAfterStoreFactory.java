package io.marketintel.pipeline.connector.fix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import quickfix.MemoryStore;
import quickfix.MessageStore;
import quickfix.MessageStoreFactory;
import quickfix.SessionID;

/**
 * QuickFIX/J memory stores that stop the acceptor's market-data publisher right after it has
 * stored message {@code stallSeq} and before it writes it to the socket, until {@link #release()}
 * (or a deadline). QuickFIX/J 2.3.2 stores an application message before sending it and answers
 * a ResendRequest from the store without the send lock, so a resend can carry a PossDup copy of
 * that message out before the original: this store makes that window as wide as a test needs.
 * Thread-safe.
 */
final class StallingAfterStoreFactory implements MessageStoreFactory {
    private static final long MAX_STALL_SECONDS = 20;

    private final int stallSeq;
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicBoolean stalled = new AtomicBoolean();

    StallingAfterStoreFactory(int stallSeq) {
        this.stallSeq = stallSeq;
    }

    /** Lets the publisher send the stalled message. */
    void release() {
        released.countDown();
    }

    /** Whether the publisher was held at {@code stallSeq} at all. */
    boolean stalled() {
        return stalled.get();
    }

    @Override
    public MessageStore create(SessionID sessionId) {
        try {
            return new MemoryStore(sessionId) {
                @Override
                public void incrNextSenderMsgSeqNum() throws IOException {
                    super.incrNextSenderMsgSeqNum();
                    if (getNextSenderMsgSeqNum() == stallSeq + 1
                            && QuickFixJAcceptor.PUBLISHER_THREAD.equals(Thread.currentThread().getName())) {
                        stalled.set(true);
                        awaitRelease();
                    }
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitRelease() {
        try {
            released.await(MAX_STALL_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
