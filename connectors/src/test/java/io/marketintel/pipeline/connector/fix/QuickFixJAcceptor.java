package io.marketintel.pipeline.connector.fix;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.awaitility.core.ConditionTimeoutException;
import quickfix.Application;
import quickfix.ConfigError;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.Group;
import quickfix.MemoryStoreFactory;
import quickfix.Message;
import quickfix.MessageStoreFactory;
import quickfix.RejectLogon;
import quickfix.ScreenLogFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionNotFound;
import quickfix.SessionSettings;
import quickfix.SocketAcceptor;
import quickfix.field.MDEntryType;
import quickfix.field.MDReqID;
import quickfix.field.MDUpdateAction;
import quickfix.field.MsgType;
import quickfix.field.Password;
import quickfix.field.SubscriptionRequestType;
import quickfix.field.Symbol;
import quickfix.field.Username;
import quickfix.fix44.MarketDataIncrementalRefresh;
import quickfix.fix44.MarketDataRequest;
import quickfix.fix44.MarketDataSnapshotFullRefresh;

/**
 * A real QuickFIX/J 2.3.2 acceptor for the session tests: {@code VENUE} accepting {@code CLIENT1}
 * on loopback with a MemoryStore (so ResendRequests are answered with PossDup resends). Its
 * application checks Username/Password on Logon and answers a MarketDataRequest with one 35=W
 * snapshot and then {@code incrementals} 35=X refreshes whose prices and sizes are exact decimal
 * texts ({@link #price(int)}, {@link #size(int)}). Thread-safe: QuickFIX/J calls it on its threads.
 */
final class QuickFixJAcceptor implements Application, AutoCloseable {
    static final String USERNAME = "user123";
    static final String PASSWORD = "pass123";
    static final String SYMBOL = "EUR/USD";
    /** The thread that sends the snapshot and the incremental refreshes. */
    static final String PUBLISHER_THREAD = "qfj-md-publisher";
    private static final Duration MAX_HOLD = Duration.ofSeconds(30);

    private final int port;
    private final int incrementals;
    private final SocketAcceptor acceptor;
    final List<String> logonUsers = new CopyOnWriteArrayList<>();
    final Set<String> rejectedLogons = ConcurrentHashMap.newKeySet();
    /** Each MarketDataRequest as {@code MDReqID:SubscriptionRequestType}. */
    final List<String> marketDataRequests = new CopyOnWriteArrayList<>();
    final AtomicBoolean logoutReceived = new AtomicBoolean();
    final AtomicBoolean finishedSending = new AtomicBoolean();
    private final NavigableMap<Integer, BooleanSupplier> holds = new ConcurrentSkipListMap<>();

    QuickFixJAcceptor(int incrementals) throws ConfigError, IOException {
        this(incrementals, new MemoryStoreFactory());
    }

    /** With the session's message store from {@code stores} (to widen QuickFIX/J's own timing windows). */
    QuickFixJAcceptor(int incrementals, MessageStoreFactory stores) throws ConfigError, IOException {
        this(incrementals, stores, true);
    }

    /**
     * @param persistMessages false for QuickFIX/J's {@code PersistMessages=N}: it keeps nothing to
     *     resend and answers every ResendRequest with a gap fill, as venues that do not store their
     *     market data do
     */
    QuickFixJAcceptor(int incrementals, MessageStoreFactory stores, boolean persistMessages)
            throws ConfigError, IOException {
        this.port = freePort();
        this.incrementals = incrementals;
        final SessionSettings settings = new SessionSettings();
        final SessionID id = new SessionID("FIX.4.4", "VENUE", "CLIENT1");
        settings.setString("ConnectionType", "acceptor");
        settings.setString("StartTime", "00:00:00");
        settings.setString("EndTime", "00:00:00");
        settings.setString("SocketAcceptAddress", "127.0.0.1");
        settings.setLong("SocketAcceptPort", port);
        settings.setString("UseDataDictionary", "Y");
        settings.setString("ResetOnLogon", "Y");
        settings.setString("PersistMessages", persistMessages ? "Y" : "N");
        settings.setString(id, "BeginString", "FIX.4.4");
        this.acceptor = new SocketAcceptor(this, stores, settings,
                new ScreenLogFactory(false, false, false), new DefaultMessageFactory());
        acceptor.start();
    }

    /** A loopback port free at the time of asking, for an acceptor to listen on. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    /**
     * Makes the publisher wait, before it sends the message numbered {@code msgSeqNum}, until
     * {@code until} holds (at most {@link #MAX_HOLD}): a test can order the venue's stream after
     * what the initiator has done, whatever the speed of the machine. Set before the subscription.
     */
    void holdBefore(int msgSeqNum, BooleanSupplier until) {
        holds.put(msgSeqNum, until);
    }

    static String price(int i) {
        return "1." + String.format("%05d", 10_000 + i % 90_000) + "0"; // six decimals, trailing zero kept
    }

    static String size(int i) {
        return (i % 50 + 1) + ".25";
    }

    @Override
    public void fromAdmin(Message message, SessionID sessionId) throws FieldNotFound, RejectLogon {
        final String type = message.getHeader().getString(MsgType.FIELD);
        if (MsgType.LOGON.equals(type)) {
            final String user = message.isSetField(Username.FIELD) ? message.getString(Username.FIELD) : "";
            final String password = message.isSetField(Password.FIELD) ? message.getString(Password.FIELD) : "";
            if (!USERNAME.equals(user) || !PASSWORD.equals(password)) {
                rejectedLogons.add(user);
                throw new RejectLogon("Invalid username or password");
            }
            logonUsers.add(user);
        } else if (MsgType.LOGOUT.equals(type)) {
            logoutReceived.set(true);
        }
    }

    @Override
    public void fromApp(Message message, SessionID sessionId) throws FieldNotFound {
        if (message instanceof MarketDataRequest request) {
            marketDataRequests.add(request.getString(MDReqID.FIELD) + ":" + request.getChar(SubscriptionRequestType.FIELD));
            if (request.getChar(SubscriptionRequestType.FIELD) == SubscriptionRequestType.SNAPSHOT) {
                // A snapshot alone (a client bringing its books back after lost data), not a new stream.
                try {
                    sendSnapshot(sessionId, request);
                } catch (SessionNotFound e) {
                    throw new IllegalStateException(e);
                }
                return;
            }
            final Thread publisher = new Thread(() -> publish(sessionId, request), PUBLISHER_THREAD);
            publisher.setDaemon(true);
            publisher.start();
        }
    }

    private void publish(SessionID sessionId, MarketDataRequest request) {
        try {
            sendSnapshot(sessionId, request);
            for (int i = 0; i < incrementals; i++) {
                final MarketDataIncrementalRefresh refresh = new MarketDataIncrementalRefresh();
                refresh.setString(MDReqID.FIELD, request.getString(MDReqID.FIELD));
                final Group g = new MarketDataIncrementalRefresh.NoMDEntries();
                g.setChar(MDUpdateAction.FIELD, MDUpdateAction.CHANGE);
                g.setChar(MDEntryType.FIELD, i % 2 == 0 ? MDEntryType.BID : MDEntryType.OFFER);
                g.setString(Symbol.FIELD, SYMBOL);
                g.setString(270, price(i));
                g.setString(271, size(i));
                refresh.addGroup(g);
                awaitHolds(sessionId);
                if (!Session.sendToTarget(refresh, sessionId)) {
                    return;
                }
            }
            finishedSending.set(true);
        } catch (FieldNotFound | SessionNotFound e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sendSnapshot(SessionID sessionId, MarketDataRequest request) throws FieldNotFound, SessionNotFound {
        final MarketDataSnapshotFullRefresh snapshot = new MarketDataSnapshotFullRefresh();
        snapshot.setString(MDReqID.FIELD, request.getString(MDReqID.FIELD));
        snapshot.setString(Symbol.FIELD, SYMBOL);
        snapshot.addGroup(snapshotEntry(new MarketDataSnapshotFullRefresh.NoMDEntries(), MDEntryType.BID, "1.085000", "1000000"));
        snapshot.addGroup(snapshotEntry(new MarketDataSnapshotFullRefresh.NoMDEntries(), MDEntryType.OFFER, "1.085100", "2000000"));
        Session.sendToTarget(snapshot, sessionId);
    }

    private void awaitHolds(SessionID sessionId) {
        final int next = Session.lookupSession(sessionId).getExpectedSenderNum();
        while (!holds.isEmpty() && holds.firstKey() <= next) {
            final BooleanSupplier until = holds.pollFirstEntry().getValue();
            try {
                await().atMost(MAX_HOLD).pollInterval(Duration.ofMillis(1)).until(until::getAsBoolean);
            } catch (ConditionTimeoutException e) {
                // Send on: the test's own assertions report what the missing ordering caused.
            }
        }
    }

    /** {@code g} (a snapshot's NoMDEntries group of the acceptor's FIX version) with its type, price and size. */
    static Group snapshotEntry(Group g, char entryType, String px, String size) {
        g.setChar(MDEntryType.FIELD, entryType);
        g.setString(270, px);
        g.setString(271, size);
        return g;
    }

    @Override
    public void onCreate(SessionID sessionId) {
    }

    @Override
    public void onLogon(SessionID sessionId) {
    }

    @Override
    public void onLogout(SessionID sessionId) {
    }

    @Override
    public void toAdmin(Message message, SessionID sessionId) {
    }

    @Override
    public void toApp(Message message, SessionID sessionId) {
    }

    @Override
    public void close() {
        acceptor.stop(true);
    }
}
