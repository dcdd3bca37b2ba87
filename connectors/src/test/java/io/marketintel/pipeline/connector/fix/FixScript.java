package io.marketintel.pipeline.connector.fix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One session acceptance script in the QuickFIX/J format ({@code iCONNECT}, {@code I…} send,
 * {@code E…} expect, {@code eDISCONNECT}, {@code #} comments), read in place and turned around for
 * an initiator under test: after each connect, a leading {@code I} Logon followed by an {@code E}
 * Logon is swapped, because our side speaks first. Immutable.
 *
 * <p>One line kind is ours, not QuickFIX/J's, for scripts where the harness sends market data:
 * {@code pPUBLISHED 2,3,4} asserts the MsgSeqNums ({@code Envelope.source_seq}) of the market-data
 * envelopes the pipeline has published downstream so far, exactly and in order (no loss, no
 * duplicates); {@code pPUBLISHED} with nothing after it asserts that none was published. See
 * {@link FixScriptRunner} for how it waits.
 */
record FixScript(String name, List<Step> steps) {

    enum Kind { CONNECT, SEND, EXPECT, DISCONNECT, PUBLISHED }

    /**
     * One line: what to do and, for SEND/EXPECT, the fields as written (SOH-separated); for
     * PUBLISHED, the comma-separated MsgSeqNums as written (empty for none).
     */
    record Step(Kind kind, String fields, int line) {
        boolean isLogon() {
            return fields != null && (fields.startsWith("35=A\u0001") || fields.contains("\u000135=A\u0001"));
        }
    }

    static FixScript read(Path file) throws IOException {
        final List<Step> steps = new ArrayList<>();
        final List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        for (int i = 0; i < lines.size(); i++) {
            final String line = lines.get(i).replace("\r", "");
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("iCONNECT")) {
                steps.add(new Step(Kind.CONNECT, null, i + 1));
            } else if (line.startsWith("eDISCONNECT")) {
                steps.add(new Step(Kind.DISCONNECT, null, i + 1));
            } else if (line.startsWith("pPUBLISHED")) {
                steps.add(new Step(Kind.PUBLISHED, line.substring("pPUBLISHED".length()).strip(), i + 1));
            } else if (line.startsWith("I")) {
                steps.add(new Step(Kind.SEND, line.substring(1), i + 1));
            } else if (line.startsWith("E")) {
                steps.add(new Step(Kind.EXPECT, line.substring(1), i + 1));
            }
        }
        for (int i = 0; i + 2 < steps.size(); i++) {
            final Step connect = steps.get(i);
            final Step first = steps.get(i + 1);
            final Step second = steps.get(i + 2);
            if (connect.kind() == Kind.CONNECT && first.kind() == Kind.SEND && first.isLogon()
                    && second.kind() == Kind.EXPECT && second.isLogon()) {
                steps.set(i + 1, second);
                steps.set(i + 2, first);
            }
        }
        final String name = file.getFileName().toString().replaceFirst("\\.def$", "");
        return new FixScript(name, List.copyOf(steps));
    }

    /** The MsgSeqNums a PUBLISHED step lists, in order. */
    static List<Long> publishedSeqs(Step step) {
        final List<Long> seqs = new ArrayList<>();
        for (String seq : step.fields().split(",")) {
            if (!seq.isBlank()) {
                seqs.add(Long.parseLong(seq.strip()));
            }
        }
        return seqs;
    }

    /** HeartBtInt (108) of the first Logon we are expected to send, or 30. */
    int initiatorHeartBtInt() {
        for (Step step : steps) {
            if (step.kind() == Kind.EXPECT && step.isLogon()) {
                for (String field : step.fields().split("\u0001")) {
                    if (field.startsWith("108=")) {
                        return Integer.parseInt(field.substring(4));
                    }
                }
            }
        }
        return 30;
    }
}
