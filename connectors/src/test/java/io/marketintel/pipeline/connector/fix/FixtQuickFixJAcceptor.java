package io.marketintel.pipeline.connector.fix;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import quickfix.Application;
import quickfix.ConfigError;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.Group;
import quickfix.MemoryStoreFactory;
import quickfix.Message;
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
import quickfix.field.Symbol;
import quickfix.field.Username;
import quickfix.fix50sp1.MarketDataIncrementalRefresh;
import quickfix.fix50sp1.MarketDataRequest;
import quickfix.fix50sp1.MarketDataSnapshotFullRefresh;

/**
 * A real QuickFIX/J 2.3.2 acceptor speaking FIXT.1.1 whose application messages are FIX 5.0 SP1,
 * validated against QuickFIX/J's FIXT11.xml and FIX50SP1.xml: {@code VENUE} accepting {@code
 * CLIENT1} on loopback. QuickFIX/J takes the initiator's application version from the
 * DefaultApplVerID (1137) of its Logon and parses every application message under that version's
 * dictionary; it records what the Logon announced. Answers a MarketDataRequest with one 35=W and
 * {@code incrementals} 35=X with the decimals of {@link QuickFixJAcceptor#price(int)} and {@link
 * QuickFixJAcceptor#size(int)}. Thread-safe: QuickFIX/J calls it on its threads.
 */
final class FixtQuickFixJAcceptor implements Application, AutoCloseable {
    private final int port;
    private final int incrementals;
    private final SocketAcceptor acceptor;
    /** DefaultApplVerID (1137) of every Logon received. */
    final List<String> logonApplVerIds = new CopyOnWriteArrayList<>();
    /** The session's target application version once logged on, as QuickFIX/J understood it. */
    final List<String> sessionApplVerIds = new CopyOnWriteArrayList<>();
    final List<String> marketDataRequests = new CopyOnWriteArrayList<>();
    final AtomicBoolean logoutReceived = new AtomicBoolean();

    FixtQuickFixJAcceptor(int incrementals) throws ConfigError, IOException {
        this.port = QuickFixJAcceptor.freePort();
        this.incrementals = incrementals;
        final SessionSettings settings = new SessionSettings();
        final SessionID id = new SessionID("FIXT.1.1", "VENUE", "CLIENT1");
        settings.setString("ConnectionType", "acceptor");
        settings.setString("StartTime", "00:00:00");
        settings.setString("EndTime", "00:00:00");
        settings.setString("SocketAcceptAddress", "127.0.0.1");
        settings.setLong("SocketAcceptPort", port);
        settings.setString("UseDataDictionary", "Y");
        settings.setString("ResetOnLogon", "Y");
        settings.setString(id, "BeginString", "FIXT.1.1");
        settings.setString(id, "TransportDataDictionary", "FIXT11.xml");
        // Only 5.0 SP1 is known to this venue: a message under another version has no dictionary.
        settings.setString(id, "AppDataDictionary.FIX.5.0SP1", "FIX50SP1.xml");
        settings.setString(id, "DefaultApplVerID", "FIX.5.0SP1");
        this.acceptor = new SocketAcceptor(this, new MemoryStoreFactory(), settings,
                new ScreenLogFactory(false, false, false), new DefaultMessageFactory());
        acceptor.start();
    }

    int port() {
        return port;
    }

    @Override
    public void fromAdmin(Message message, SessionID sessionId) throws FieldNotFound, RejectLogon {
        final String type = message.getHeader().getString(MsgType.FIELD);
        if (MsgType.LOGON.equals(type)) {
            logonApplVerIds.add(message.isSetField(1137) ? message.getString(1137) : "none");
            if (!QuickFixJAcceptor.USERNAME.equals(message.isSetField(Username.FIELD) ? message.getString(Username.FIELD) : "")
                    || !QuickFixJAcceptor.PASSWORD.equals(message.isSetField(Password.FIELD) ? message.getString(Password.FIELD) : "")) {
                throw new RejectLogon("Invalid username or password");
            }
        } else if (MsgType.LOGOUT.equals(type)) {
            logoutReceived.set(true);
        }
    }

    @Override
    public void onLogon(SessionID sessionId) {
        sessionApplVerIds.add(Session.lookupSession(sessionId).getTargetDefaultApplicationVersionID().getValue());
    }

    @Override
    public void fromApp(Message message, SessionID sessionId) throws FieldNotFound {
        if (message instanceof MarketDataRequest request) {
            marketDataRequests.add(request.getString(MDReqID.FIELD));
            final Thread publisher = new Thread(() -> publish(sessionId, request), "qfj-fixt-publisher");
            publisher.setDaemon(true);
            publisher.start();
        }
    }

    private void publish(SessionID sessionId, MarketDataRequest request) {
        try {
            final MarketDataSnapshotFullRefresh snapshot = new MarketDataSnapshotFullRefresh();
            snapshot.setString(MDReqID.FIELD, request.getString(MDReqID.FIELD));
            snapshot.setString(Symbol.FIELD, QuickFixJAcceptor.SYMBOL);
            snapshot.addGroup(QuickFixJAcceptor.snapshotEntry(new MarketDataSnapshotFullRefresh.NoMDEntries(), MDEntryType.BID, "1.085000", "1000000"));
            snapshot.addGroup(QuickFixJAcceptor.snapshotEntry(new MarketDataSnapshotFullRefresh.NoMDEntries(), MDEntryType.OFFER, "1.085100", "2000000"));
            Session.sendToTarget(snapshot, sessionId);
            for (int i = 0; i < incrementals; i++) {
                final MarketDataIncrementalRefresh refresh = new MarketDataIncrementalRefresh();
                refresh.setString(MDReqID.FIELD, request.getString(MDReqID.FIELD));
                final Group g = new MarketDataIncrementalRefresh.NoMDEntries();
                g.setChar(MDUpdateAction.FIELD, MDUpdateAction.CHANGE);
                g.setChar(MDEntryType.FIELD, i % 2 == 0 ? MDEntryType.BID : MDEntryType.OFFER);
                g.setString(Symbol.FIELD, QuickFixJAcceptor.SYMBOL);
                g.setString(270, QuickFixJAcceptor.price(i));
                g.setString(271, QuickFixJAcceptor.size(i));
                refresh.addGroup(g);
                if (!Session.sendToTarget(refresh, sessionId)) {
                    return;
                }
            }
        } catch (FieldNotFound | SessionNotFound e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void onCreate(SessionID sessionId) {
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
