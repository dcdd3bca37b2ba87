package io.marketintel.pipeline.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The FIX session and market-data settings of a {@code protocol: fix} source (the YAML {@code fix:}
 * block of DESIGN.md section 4.3): who we are and whom we talk to (BeginString, SenderCompID,
 * TargetCompID, and under FIXT.1.1 the DefaultApplVerID), session timing (HeartBtInt, logon/logout timeouts, SendingTime tolerance),
 * sequence-number handling (reset on logon, the file store directory, resend chunking, the bound
 * on messages held while a gap is filled) and the MarketDataRequest to send after logon. Build with
 * {@link #builder(String, String)}; {@link #validate()} lists every problem, each prefixed with
 * its key. Immutable and thread-safe.
 */
public record FixOptions(
        String beginString,
        String defaultApplVerId,
        String senderCompId,
        String targetCompId,
        Duration heartbeatInterval,
        List<String> symbols,
        int marketDepth,
        List<String> entryTypes,
        boolean incrementalUpdates,
        boolean resetOnLogon,
        String storeDir,
        Duration logonTimeout,
        Duration logoutTimeout,
        Duration sendingTimeTolerance,
        int resendChunkSize,
        int maxQueuedMessages,
        boolean emitRawMessages) {

    public static final String DEFAULT_BEGIN_STRING = "FIX.4.4";
    /** Used only when built without comp ids (the seed's API example); configs name them. */
    public static final String DEFAULT_SENDER_COMP_ID = "CLIENT";
    public static final String DEFAULT_TARGET_COMP_ID = "VENUE";
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(30);
    public static final List<String> DEFAULT_ENTRY_TYPES = List.of("bid", "offer", "trade");
    public static final String DEFAULT_STORE_DIR = "data/fix-sessions";
    public static final Duration DEFAULT_LOGON_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_LOGOUT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_SENDING_TIME_TOLERANCE = Duration.ofSeconds(120);
    public static final int DEFAULT_MAX_QUEUED_MESSAGES = 10_000;
    public static final String FIXT_BEGIN_STRING = "FIXT.1.1";
    public static final Set<String> BEGIN_STRINGS = Set.of("FIX.4.2", "FIX.4.4", FIXT_BEGIN_STRING);
    /** The application version of current FIXT venues, sent when {@code default_appl_ver_id} is not set. */
    public static final String DEFAULT_APPL_VER_ID = "FIX.5.0SP2";
    /**
     * DefaultApplVerID (1137) values by the name of the application version, as QuickFIX/J and
     * QuickFIX/Go take them in their settings; the wire codes themselves are accepted too.
     */
    public static final Map<String, String> APPL_VER_IDS = Map.of("FIX.4.0", "2", "FIX.4.1", "3", "FIX.4.2", "4",
            "FIX.4.3", "5", "FIX.4.4", "6", "FIX.5.0", "7", "FIX.5.0SP1", "8", "FIX.5.0SP2", "9");
    public static final Set<String> ENTRY_TYPES = Set.of("bid", "offer", "trade");
    private static final Pattern COMP_ID = Pattern.compile("[\\x21-\\x7e]{1,64}");

    public FixOptions {
        symbols = List.copyOf(symbols);
        entryTypes = List.copyOf(entryTypes);
    }

    public static Builder builder(String senderCompId, String targetCompId) {
        return new Builder(senderCompId, targetCompId);
    }

    /** Every default, with the placeholder comp ids. */
    public static FixOptions defaults() {
        return builder(DEFAULT_SENDER_COMP_ID, DEFAULT_TARGET_COMP_ID).build();
    }

    /** A copy with other market-data symbols. */
    public FixOptions withSymbols(List<String> newSymbols) {
        return toBuilder().symbols(newSymbols).build();
    }

    public Builder toBuilder() {
        return builder(senderCompId, targetCompId).beginString(beginString).defaultApplVerId(defaultApplVerId)
                .heartbeatInterval(heartbeatInterval)
                .symbols(symbols).marketDepth(marketDepth).entryTypes(entryTypes)
                .incrementalUpdates(incrementalUpdates).resetOnLogon(resetOnLogon).storeDir(storeDir)
                .logonTimeout(logonTimeout).logoutTimeout(logoutTimeout).sendingTimeTolerance(sendingTimeTolerance)
                .resendChunkSize(resendChunkSize).maxQueuedMessages(maxQueuedMessages)
                .emitRawMessages(emitRawMessages);
    }

    /**
     * The DefaultApplVerID (1137) a FIXT.1.1 Logon carries, as its wire code ("9" for FIX.5.0SP2,
     * the default); null under FIX.4.x BeginStrings, whose Logon has none.
     */
    public String applVerIdCode() {
        if (!FIXT_BEGIN_STRING.equals(beginString)) {
            return null;
        }
        final String name = defaultApplVerId == null ? DEFAULT_APPL_VER_ID : defaultApplVerId;
        return APPL_VER_IDS.getOrDefault(name, name);
    }

    /** The FIX MDEntryType (269) code of a configured entry type name. */
    public static char entryTypeCode(String name) {
        return switch (name) {
            case "bid" -> '0';
            case "offer" -> '1';
            case "trade" -> '2';
            default -> throw new IllegalArgumentException("unknown entry type " + name);
        };
    }

    /** Every problem, as {@code key: what was expected, got what}; empty when valid. */
    public List<String> validate() {
        final List<String> errors = new ArrayList<>();
        if (beginString == null || !BEGIN_STRINGS.contains(beginString)) {
            errors.add("begin_string: expected one of " + new java.util.TreeSet<>(BEGIN_STRINGS) + ", got "
                    + (beginString == null ? "nothing" : "\"" + beginString + "\""));
        }
        if (defaultApplVerId != null && !APPL_VER_IDS.containsKey(defaultApplVerId)
                && !APPL_VER_IDS.containsValue(defaultApplVerId)) {
            errors.add("default_appl_ver_id: expected one of " + new java.util.TreeSet<>(APPL_VER_IDS.keySet())
                    + " (or its ApplVerID code 2 to 9), got \"" + defaultApplVerId + "\"");
        } else if (defaultApplVerId != null && !FIXT_BEGIN_STRING.equals(beginString)) {
            errors.add("default_appl_ver_id: only FIXT.1.1 sessions carry an application version"
                    + " (begin_string is " + beginString + "), remove the key or use begin_string FIXT.1.1");
        }
        checkCompId(errors, "sender_comp_id", senderCompId);
        checkCompId(errors, "target_comp_id", targetCompId);
        if (heartbeatInterval == null || heartbeatInterval.toSeconds() < 1 || heartbeatInterval.toSeconds() > 3600) {
            errors.add("heartbeat_interval: expected 1s to 1h (whole seconds on the wire), got " + heartbeatInterval);
        }
        for (String symbol : symbols) {
            if (symbol == null || symbol.isBlank() || symbol.indexOf('\u0001') >= 0) {
                errors.add("symbols: expected non-blank symbols without SOH, got \"" + symbol + "\"");
            }
        }
        if (marketDepth < 0) {
            errors.add("market_depth: expected 0 (full book) or more, got " + marketDepth);
        }
        if (entryTypes.isEmpty() || !ENTRY_TYPES.containsAll(entryTypes)) {
            errors.add("entry_types: expected a non-empty list of bid, offer, trade, got " + entryTypes);
        }
        checkPositive(errors, "logon_timeout", logonTimeout);
        checkPositive(errors, "logout_timeout", logoutTimeout);
        checkPositive(errors, "sending_time_tolerance", sendingTimeTolerance);
        if (!resetOnLogon && (storeDir == null || storeDir.isBlank())) {
            errors.add("store_dir: expected a directory for the sequence-number store (or reset_on_logon: true)");
        }
        if (resendChunkSize < 0) {
            errors.add("resend_chunk_size: expected 0 (everything at once) or more, got " + resendChunkSize);
        }
        if (maxQueuedMessages < 1 || maxQueuedMessages > 1_000_000) {
            errors.add("max_queued_messages: expected 1 to 1000000, got " + maxQueuedMessages);
        }
        return errors;
    }

    private static void checkCompId(List<String> errors, String key, String value) {
        if (value == null || !COMP_ID.matcher(value).matches()) {
            errors.add(key + ": expected 1-64 printable ASCII characters without spaces, got "
                    + (value == null ? "nothing" : "\"" + value + "\""));
        }
    }

    private static void checkPositive(List<String> errors, String key, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            errors.add(key + ": expected a positive duration, got " + value);
        }
    }

    /** Collects the options; {@link #build()} does not validate (see {@link FixOptions#validate()}). Not thread-safe. */
    public static final class Builder {
        private String beginString = DEFAULT_BEGIN_STRING;
        private String defaultApplVerId;
        private final String senderCompId;
        private final String targetCompId;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private List<String> symbols = List.of();
        private int marketDepth;
        private List<String> entryTypes = DEFAULT_ENTRY_TYPES;
        private boolean incrementalUpdates = true;
        private boolean resetOnLogon;
        private String storeDir = DEFAULT_STORE_DIR;
        private Duration logonTimeout = DEFAULT_LOGON_TIMEOUT;
        private Duration logoutTimeout = DEFAULT_LOGOUT_TIMEOUT;
        private Duration sendingTimeTolerance = DEFAULT_SENDING_TIME_TOLERANCE;
        private int resendChunkSize;
        private int maxQueuedMessages = DEFAULT_MAX_QUEUED_MESSAGES;
        private boolean emitRawMessages;

        private Builder(String senderCompId, String targetCompId) {
            this.senderCompId = senderCompId;
            this.targetCompId = targetCompId;
        }

        public Builder beginString(String value) {
            beginString = value;
            return this;
        }

        /**
         * DefaultApplVerID (1137) of a FIXT.1.1 Logon, by name ({@code FIX.5.0SP1}) or code
         * ({@code 8}); null (the default) sends {@link #DEFAULT_APPL_VER_ID}. Only for FIXT.1.1.
         */
        public Builder defaultApplVerId(String value) {
            defaultApplVerId = value;
            return this;
        }

        public Builder heartbeatInterval(Duration value) {
            heartbeatInterval = value;
            return this;
        }

        public Builder symbols(List<String> value) {
            symbols = Objects.requireNonNull(value);
            return this;
        }

        /** MarketDepth (264): 0 is the full book, 1 top of book. */
        public Builder marketDepth(int value) {
            marketDepth = value;
            return this;
        }

        /** Names among {@code bid}, {@code offer}, {@code trade}. */
        public Builder entryTypes(List<String> value) {
            entryTypes = Objects.requireNonNull(value);
            return this;
        }

        /** MDUpdateType (265): incremental refreshes (1, default) or full refreshes only (0). */
        public Builder incrementalUpdates(boolean value) {
            incrementalUpdates = value;
            return this;
        }

        /** Send ResetSeqNumFlag (141=Y) and start both sequences at 1 on every logon; no file store. */
        public Builder resetOnLogon(boolean value) {
            resetOnLogon = value;
            return this;
        }

        public Builder storeDir(String value) {
            storeDir = value;
            return this;
        }

        public Builder logonTimeout(Duration value) {
            logonTimeout = value;
            return this;
        }

        public Builder logoutTimeout(Duration value) {
            logoutTimeout = value;
            return this;
        }

        public Builder sendingTimeTolerance(Duration value) {
            sendingTimeTolerance = value;
            return this;
        }

        /** Largest ResendRequest range; 0 asks for everything at once (EndSeqNo 0). */
        public Builder resendChunkSize(int value) {
            resendChunkSize = value;
            return this;
        }

        /** Bound on messages held back while a sequence gap is being filled. */
        public Builder maxQueuedMessages(int value) {
            maxQueuedMessages = value;
            return this;
        }

        /** Also publish every application message as a {@code FixMessage} payload. */
        public Builder emitRawMessages(boolean value) {
            emitRawMessages = value;
            return this;
        }

        public FixOptions build() {
            return new FixOptions(beginString, defaultApplVerId, senderCompId, targetCompId, heartbeatInterval, symbols, marketDepth,
                    entryTypes, incrementalUpdates, resetOnLogon, storeDir, logonTimeout, logoutTimeout,
                    sendingTimeTolerance, resendChunkSize, maxQueuedMessages, emitRawMessages);
        }
    }
}
