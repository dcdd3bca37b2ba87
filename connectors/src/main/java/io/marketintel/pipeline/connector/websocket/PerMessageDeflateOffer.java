package io.marketintel.pipeline.connector.websocket;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The extension negotiation of one upgrade (RFC 6455 section 9.1, RFC 7692 section 7): what we
 * offer, and the check of the venue's {@code Sec-WebSocket-Extensions} answer before the
 * upgrade completes, so that the connection's {@link WebSocketFrameReader} gets a {@link
 * PerMessageInflater} ({@link #newInflater()}) exactly when permessage-deflate was accepted.
 *
 * <p>We offer {@code permessage-deflate} with no parameters, or nothing when it is off. We send
 * uncompressed (our messages are a few small subscriptions, and compressing is optional per
 * message), so of the venue's answer only {@code server_no_context_takeover} changes anything;
 * its {@code server_max_window_bits} is within what a 15-bit inflater reads, and the {@code
 * client_*} parameters apply to compression we do not do. {@code client_max_window_bits} should
 * not come back since we did not offer it (RFC 7692 section 7.1.2.2), but it is defined for a
 * response and changes nothing for us, so it is accepted (with a valid value) rather than
 * leaving a venue that sends it unreachable. Anything else fails the upgrade, as the RFCs require
 * of a client: an extension that was not offered (or any, when none was), an unknown or repeated
 * parameter, a value where none belongs or a window size that is not 8 to 15 written plainly, and
 * a header that does not parse.
 *
 * <p>One per connection attempt, used on its event loop.
 */
final class PerMessageDeflateOffer {
    static final String NAME = "permessage-deflate";
    private static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    private static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
    private static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
    private static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";

    private final boolean offered;
    private final int maxMessageBytes;
    private boolean accepted;
    private boolean noContextTakeover;

    /** @param offered whether permessage-deflate is offered ({@code websocket.permessage_deflate}) */
    PerMessageDeflateOffer(boolean offered, int maxMessageBytes) {
        this.offered = offered;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** The request's {@code Sec-WebSocket-Extensions} value, null when nothing is offered. */
    String offer() {
        return offered ? NAME : null;
    }

    /**
     * Checks the venue's answer.
     *
     * @param answer the response's {@code Sec-WebSocket-Extensions} (header lines joined with
     *     commas), null when it sent none
     * @return null when the answer is acceptable (permessage-deflate accepted or declined), else
     *     why it is refused, for the upgrade's failure reason
     */
    String check(String answer) {
        final List<ExtensionsHeader.Extension> extensions = ExtensionsHeader.parse(answer);
        if (extensions == null) {
            return "malformed Sec-WebSocket-Extensions answer \"" + answer + "\" (RFC 6455 section 9.1)";
        }
        if (extensions.isEmpty()) {
            return null; // declined, or nothing offered: messages come uncompressed
        }
        if (!offered) {
            return "the venue answered with extension(s) \"" + answer + "\" that were not offered"
                    + " (websocket.permessage_deflate is off; RFC 6455 section 9.1)";
        }
        if (extensions.size() > 1 || !NAME.equals(extensions.get(0).name())) {
            return "the venue answered with extension(s) \"" + answer + "\"; only " + NAME + " was offered";
        }
        final String refused = checkParameters(extensions.get(0).parameters());
        if (refused != null) {
            return "permessage-deflate answer \"" + answer + "\" refused: " + refused + " (RFC 7692 section 7)";
        }
        accepted = true;
        return null;
    }

    private String checkParameters(List<ExtensionsHeader.Parameter> parameters) {
        final Set<String> seen = new HashSet<>();
        for (ExtensionsHeader.Parameter parameter : parameters) {
            final String name = parameter.name();
            if (!seen.add(name)) {
                return name + " given twice";
            }
            switch (name) {
                case SERVER_NO_CONTEXT_TAKEOVER, CLIENT_NO_CONTEXT_TAKEOVER -> {
                    if (parameter.value() != null) {
                        return name + " takes no value";
                    }
                    noContextTakeover |= name.equals(SERVER_NO_CONTEXT_TAKEOVER);
                }
                case SERVER_MAX_WINDOW_BITS, CLIENT_MAX_WINDOW_BITS -> {
                    if (!isWindowBits(parameter.value())) {
                        return name + " must be 8 to 15";
                    }
                }
                default -> {
                    return name + " was not offered or is unknown";
                }
            }
        }
        return null;
    }

    /** 8 to 15 in decimal without a sign or leading zero (RFC 7692 section 7.1.2.1). */
    private static boolean isWindowBits(String value) {
        return value != null && (value.length() == 1 ? value.charAt(0) >= '8' && value.charAt(0) <= '9'
                : value.length() == 2 && value.charAt(0) == '1' && value.charAt(1) >= '0' && value.charAt(1) <= '5');
    }

    /** An inflater for the connection if the venue accepted permessage-deflate, else null. */
    PerMessageInflater newInflater() {
        return accepted ? new PerMessageInflater(noContextTakeover, maxMessageBytes) : null;
    }
}
