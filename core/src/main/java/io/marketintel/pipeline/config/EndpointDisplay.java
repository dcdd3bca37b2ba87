package io.marketintel.pipeline.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * How a source's endpoint is shown in logs, status reasons, metrics, the monitoring API and errors,
 * because venues put API keys, passwords and tokens into the URL. The rules:
 *
 * <ul>
 *   <li>Text without {@code ://} is shown as it is when it is a {@code host:port} (TCP, FIX,
 *       UDP). Otherwise (a URL missing its scheme) only its host part is shown: user info up to
 *       the last {@code @} as {@code ***@}, and anything from the first {@code /}, {@code ?} or
 *       {@code #} as {@code /***}.
 *   <li>A URL is parsed with {@link URI} as a server-based authority. When that fails, or it has
 *       no host, only the scheme is shown ({@code wss://***}): an unencoded {@code /}, {@code ?}
 *       or {@code #} in a password moves the end of the user info, so no part of such text is
 *       safe to show.
 *   <li>A parsed URL is rebuilt from its raw parts: scheme, host, port, path and query. The user
 *       info is dropped. A path segment that looks like a token (at least 20 characters, only
 *       {@code A-Z a-z 0-9 _ - . ~ = + % : ,}, with at least one digit and one letter, such as a
 *       Binance listen key, an API key or a UUID) is shown as {@code ***}, while market-data
 *       paths such as {@code /ws/btcusdt@trade} or {@code /ws/v5/public} stay readable; what
 *       follows a {@code ;} in a segment (matrix parameters) is shown as {@code ***}. Every
 *       query value is masked ({@code key=***}, a parameter without {@code =} as {@code ***}).
 *       The fragment is dropped: clients never send it, and it may carry a token.
 * </ul>
 *
 * <p>A password that is all digits (or empty) up to an unencoded {@code /}, {@code ?} or {@code
 * #} ({@code wss://user:1234/rest@stream.example.com/ws}) does parse: as host {@code user}, port
 * {@code 1234} and a path, query or fragment holding the rest of the password. A URL whose
 * authority ends with a colon and digits is taken for that, and shown as the scheme only, when
 * what follows the authority has an {@code @} followed by a host (a name with a dot and a last
 * label of two or more characters starting with a letter, an IPv4 or IPv6 address, or any name
 * with a port) and then a {@code /}, {@code ?}, {@code #} or the end. Market-data paths such as
 * {@code /ws/btcusdt@depth20@100ms} do not look so; a path such as {@code /ws/trade@BRK.BA} on a
 * URL with a port does, and is hidden too (this only changes how the endpoint is shown, never
 * whether it is accepted). A password of digits followed by a bare host name without a dot or a
 * port after the {@code @} ({@code wss://user:12/x@venue}) is still beyond what can be told from
 * a real URL.
 *
 * <p>Stateless and thread-safe.
 */
public final class EndpointDisplay {
    /** RFC 3986 scheme: only such text before {@code ://} is shown as a scheme. */
    private static final Pattern URI_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
    private static final Pattern TOKEN_CHARS = Pattern.compile("[A-Za-z0-9_\\-.~=+%:,]+");
    private static final int MIN_TOKEN_SEGMENT_CHARS = 20;
    /**
     * After a URL's authority, an {@code @} followed by a host, with or without a port, then a
     * {@code /}, {@code ?}, {@code #} or the end: the rest of a user info that an unencoded
     * reserved character in a password of digits moved out of the authority (class comment).
     */
    private static final Pattern HOST_AFTER_AT = Pattern.compile("@(?:"
            + "(?:[A-Za-z0-9_-]+\\.)+[A-Za-z][A-Za-z0-9_-]+(?::[0-9]*)?"
            + "|[0-9]{1,3}(?:\\.[0-9]{1,3}){3}(?::[0-9]*)?"
            + "|\\[[0-9A-Fa-f:.]+\\](?::[0-9]*)?"
            + "|[A-Za-z0-9_.-]+:[0-9]+"
            + ")(?:[/?#]|$)");
    /** An authority that ends with a colon and digits: a port, or a password cut short. */
    private static final Pattern ENDS_WITH_PORT = Pattern.compile(".*:[0-9]*");

    private EndpointDisplay() {
    }

    /** The display form of {@code endpoint} (see the class comment). */
    public static String of(String endpoint) {
        final int schemeEnd = endpoint.indexOf("://");
        if (schemeEnd < 0) {
            return withoutScheme(endpoint);
        }
        final String scheme = endpoint.substring(0, schemeEnd);
        if (!URI_SCHEME.matcher(scheme).matches()) {
            return "***";
        }
        final URI uri = parseUrl(endpoint);
        if (uri == null || looksLikeCutUserInfo(endpoint, uri)) {
            return scheme + "://***";
        }
        final StringBuilder shown = new StringBuilder(endpoint.length()).append(scheme).append("://").append(uri.getHost());
        if (uri.getPort() >= 0) {
            shown.append(':').append(uri.getPort());
        }
        appendMaskedPath(shown, uri.getRawPath());
        if (uri.getRawQuery() != null) {
            appendMaskedQuery(shown.append('?'), uri.getRawQuery());
        }
        return shown.toString();
    }

    /**
     * Text without a scheme: as it is when it is a {@code host:port}; otherwise (a URL whose scheme
     * was forgotten, or mistyped as {@code wss:/}) only up to the first {@code /}, {@code ?} or
     * {@code #}, the rest shown as {@code /***}, and after the last {@code @}, user info before it
     * shown as {@code ***@}: without a scheme nothing says where a path with its tokens starts or
     * where a password with an unencoded {@code /} ends.
     */
    private static String withoutScheme(String endpoint) {
        if (Endpoint.parseHostPort(endpoint).isPresent()) {
            return endpoint;
        }
        final int at = endpoint.lastIndexOf('@');
        final String rest = at < 0 ? endpoint : endpoint.substring(at + 1);
        int cut = rest.length();
        for (int i = 0; i < rest.length(); i++) {
            if ("/?#".indexOf(rest.charAt(i)) >= 0) {
                cut = i;
                break;
            }
        }
        return (at < 0 ? "" : "***@") + rest.substring(0, cut) + (cut < rest.length() ? "/***" : "");
    }

    /**
     * What an error about an endpoint that is not the URL its protocol needs says after the quoted
     * {@link #of display form}: empty when that form shows the problem, else why
     * the rest is hidden and what to fix, since the form is then only the scheme. Has no semicolon
     * (the config loader splits builder errors on them).
     */
    public static String invalidUrlAdvice(String endpoint) {
        if (!displaysSchemeOnly(endpoint)) {
            return "";
        }
        return endpoint.indexOf('@') >= 0
                ? " (the rest is hidden as it may hold a password: percent-encode reserved characters such as"
                        + " / ? # @ in the user name or password, / as %2F, ? as %3F, # as %23, @ as %40)"
                : " (the rest is hidden as it does not parse: check the scheme and host, and percent-encode"
                        + " spaces and reserved characters)";
    }

    private static boolean displaysSchemeOnly(String endpoint) {
        final int schemeEnd = endpoint.indexOf("://");
        if (schemeEnd < 0) {
            return false;
        }
        final URI uri = parseUrl(endpoint);
        return !URI_SCHEME.matcher(endpoint.substring(0, schemeEnd)).matches() || uri == null
                || looksLikeCutUserInfo(endpoint, uri);
    }

    /**
     * Whether the parsed {@code url} looks like user info cut short by an unencoded {@code /},
     * {@code ?} or {@code #} in a password of digits (see the class comment).
     */
    private static boolean looksLikeCutUserInfo(String url, URI uri) {
        final String authority = uri.getRawAuthority();
        if (authority == null || !ENDS_WITH_PORT.matcher(authority).matches()) {
            return false;
        }
        final int afterAuthority = url.indexOf(authority, url.indexOf("://") + 3) + authority.length();
        return HOST_AFTER_AT.matcher(url).region(afterAuthority, url.length()).find();
    }

    /** The URL with a server-based authority and a host, or null when the text is not one. */
    static URI parseUrl(String text) {
        try {
            final URI uri = new URI(text).parseServerAuthority();
            return uri.getHost() == null ? null : uri;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static void appendMaskedPath(StringBuilder shown, String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return;
        }
        final String[] segments = rawPath.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            // Parameters after a ';' (a matrix parameter such as ;token=...) are hidden like query values.
            final int parameters = segments[i].indexOf(';');
            final String name = parameters < 0 ? segments[i] : segments[i].substring(0, parameters);
            shown.append(i == 0 ? "" : "/").append(looksLikeToken(name) ? "***" : name).append(parameters < 0 ? "" : ";***");
        }
    }

    /**
     * A listen key, API key or UUID, as opposed to a market-data name such as {@code btcusdt@trade},
     * {@code v5} or {@code realtime}: long, of token characters only, mixing digits and letters.
     */
    private static boolean looksLikeToken(String segment) {
        if (segment.length() < MIN_TOKEN_SEGMENT_CHARS || !TOKEN_CHARS.matcher(segment).matches()) {
            return false;
        }
        return segment.chars().anyMatch(Character::isDigit) && segment.chars().anyMatch(Character::isLetter);
    }

    private static void appendMaskedQuery(StringBuilder shown, String rawQuery) {
        final String[] parameters = rawQuery.split("&", -1);
        for (int i = 0; i < parameters.length; i++) {
            final int equals = parameters[i].indexOf('=');
            shown.append(i == 0 ? "" : "&").append(equals < 0 ? "***" : parameters[i].substring(0, equals + 1) + "***");
        }
    }
}
