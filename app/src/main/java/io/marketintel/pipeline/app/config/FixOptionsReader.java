package io.marketintel.pipeline.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketintel.pipeline.config.FixOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Reads a source's {@code fix:} block (DESIGN.md section 4.3) into {@link FixOptions}: every key
 * checked for type and range with its path, so one pass reports all the mistakes; what the
 * options' own validation still refuses is reported under the block. One instance per load; not
 * thread-safe.
 */
final class FixOptionsReader {
    static final List<String> KEYS = List.of("begin_string", "default_appl_ver_id", "sender_comp_id", "target_comp_id", "heartbeat_interval",
            "symbols", "market_depth", "entry_types", "update_type", "reset_on_logon", "store_dir", "logon_timeout",
            "logout_timeout", "sending_time_tolerance", "resend_chunk_size", "max_queued_messages",
            "emit_raw_messages");
    private static final Map<String, Boolean> UPDATE_TYPES = Map.of("incremental", true, "full_refresh", false);

    private final NodeReader reader;

    FixOptionsReader(NodeReader reader) {
        this.reader = reader;
    }

    Optional<FixOptions> read(JsonNode node, String at) {
        final int before = reader.errorCount();
        final Optional<ObjectNode> found = reader.mapping(node, at, KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        final ObjectNode fix = found.get();
        final FixOptions.Builder b = FixOptions.builder(
                reader.nonBlankText(fix, at, "sender_comp_id").orElse(FixOptions.DEFAULT_SENDER_COMP_ID),
                reader.nonBlankText(fix, at, "target_comp_id").orElse(FixOptions.DEFAULT_TARGET_COMP_ID));
        reader.value(fix, at, "begin_string", (n, p) -> reader.textOf(n, p).filter(v -> {
            if (!FixOptions.BEGIN_STRINGS.contains(v)) {
                reader.error(p, "expected one of " + String.join(", ", new TreeSet<>(FixOptions.BEGIN_STRINGS))
                        + ", got " + NodeReader.describe(n, p));
                return false;
            }
            return true;
        })).ifPresent(b::beginString);
        // A code may be written as a YAML number (8) as well as text ("8", FIX.5.0SP1).
        reader.value(fix, at, "default_appl_ver_id", (n, p) -> n.isIntegralNumber() ? Optional.of(n.asText())
                : reader.textOf(n, p)).ifPresent(b::defaultApplVerId);
        reader.duration(fix, at, "heartbeat_interval", false).ifPresent(b::heartbeatInterval);
        reader.textList(fix, at, "symbols").ifPresent(b::symbols);
        reader.integer(fix, at, "market_depth", 0, "0 (full book) or more").ifPresent(b::marketDepth);
        readEntryTypes(fix, at).ifPresent(b::entryTypes);
        reader.choice(fix, at, "update_type", UPDATE_TYPES).ifPresent(b::incrementalUpdates);
        bool(fix, at, "reset_on_logon").ifPresent(b::resetOnLogon);
        reader.nonBlankText(fix, at, "store_dir").ifPresent(b::storeDir);
        reader.duration(fix, at, "logon_timeout", false).ifPresent(b::logonTimeout);
        reader.duration(fix, at, "logout_timeout", false).ifPresent(b::logoutTimeout);
        reader.duration(fix, at, "sending_time_tolerance", false).ifPresent(b::sendingTimeTolerance);
        reader.integer(fix, at, "resend_chunk_size", 0, "0 (everything at once) or more").ifPresent(b::resendChunkSize);
        reader.integer(fix, at, "max_queued_messages", 1, "1 or more").ifPresent(b::maxQueuedMessages);
        bool(fix, at, "emit_raw_messages").ifPresent(b::emitRawMessages);
        if (!reader.isClean(before, at)) {
            return Optional.empty();
        }
        final FixOptions options = b.build();
        for (String problem : options.validate()) {
            final int colon = problem.indexOf(": ");
            reader.error(NodeReader.child(at, problem.substring(0, colon)), problem.substring(colon + 2));
        }
        return reader.isClean(before, at) ? Optional.of(options) : Optional.empty();
    }

    private Optional<List<String>> readEntryTypes(ObjectNode fix, String at) {
        return reader.textList(fix, at, "entry_types").filter(types -> {
            final List<String> unknown = new ArrayList<>(types);
            unknown.removeAll(FixOptions.ENTRY_TYPES);
            if (types.isEmpty() || !unknown.isEmpty()) {
                reader.error(NodeReader.child(at, "entry_types"),
                        "expected a non-empty list of bid, offer, trade, got " + types);
                return false;
            }
            return true;
        });
    }

    /** A YAML boolean (or the text true/false, as ${ENV} substitution yields text). */
    private Optional<Boolean> bool(ObjectNode parent, String path, String key) {
        return reader.value(parent, path, key, (node, at) -> {
            if (node.isBoolean()) {
                return Optional.of(node.booleanValue());
            }
            if (node.isTextual() && (node.textValue().equals("true") || node.textValue().equals("false"))) {
                return Optional.of(Boolean.parseBoolean(node.textValue()));
            }
            reader.error(at, "expected true or false, got " + NodeReader.describe(node, at));
            return Optional.empty();
        });
    }
}
