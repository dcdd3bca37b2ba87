package io.marketintel.pipeline.codec.json.dialect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Random valid JSON in and around the shapes Binance sends: trades, aggregate trades, depth
 * updates and book tickers, raw or combined, mostly in the venue's key order with plausible values, and with some
 * probability prices and quantities of 1 to 20 characters (signs, points, exponents, too many
 * digits), very long or negative ids and times, zero-level sides, unknown extra keys, missing
 * or repeated keys, keys in another order, and values of other types. For differential tests.
 */
final class BinanceMessageGenerator {
    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String EXTRA_SINGLE_KEYS = "MfFlkKnNxyzBAP";
    private static final String[] EXTRA_LONG_KEYS = {"stream", "foo", "id", "code", "result", "ee"};

    private final SplittableRandom random;

    BinanceMessageGenerator(SplittableRandom random) {
        this.random = random;
    }

    String next() {
        final int kind = random.nextInt(20);
        final List<String> members = kind < 7 ? trade("trade", "t") : kind < 10 ? trade("aggTrade", "a")
                : kind < 16 ? depthUpdate() : bookTicker();
        perturb(members);
        final String payload = "{" + String.join(",", members) + "}";
        return chance(10) ? "{\"stream\":\"" + symbol().toLowerCase() + "@x\",\"data\":" + payload + "}" : payload;
    }

    private List<String> trade(String type, String idKey) {
        final List<String> members = new ArrayList<>();
        members.add(member("e", "\"" + type + "\""));
        members.add(member("E", time()));
        members.add(member("s", "\"" + symbol() + "\""));
        members.add(member(idKey, id()));
        members.add(member("p", decimal()));
        members.add(member("q", decimal()));
        members.add(member(idKey.equals("t") ? "b" : "f", id()));
        members.add(member(idKey.equals("t") ? "a" : "l", id()));
        members.add(member("T", time()));
        members.add(member("m", bool()));
        members.add(member("M", bool()));
        return members;
    }

    /** No event type: "u" first (perturbing may move or drop it). */
    private List<String> bookTicker() {
        final List<String> members = new ArrayList<>();
        members.add(member("u", id()));
        members.add(member("s", "\"" + symbol() + "\""));
        members.add(member("b", decimal()));
        members.add(member("B", decimal()));
        members.add(member("a", decimal()));
        members.add(member("A", decimal()));
        return members;
    }

    private List<String> depthUpdate() {
        final List<String> members = new ArrayList<>();
        members.add(member("e", "\"depthUpdate\""));
        members.add(member("E", time()));
        members.add(member("s", "\"" + symbol() + "\""));
        members.add(member("U", id()));
        members.add(member("u", id()));
        members.add(member("b", levels()));
        members.add(member("a", levels()));
        return members;
    }

    private void perturb(List<String> members) {
        if (chance(8)) {
            members.remove(1 + random.nextInt(members.size() - 1));
        }
        if (chance(8)) {
            members.add(1 + random.nextInt(members.size()), extraMember());
        }
        if (chance(4)) {
            members.add(random.nextInt(members.size() + 1), members.get(random.nextInt(members.size())));
        }
        if (chance(5)) {
            Collections.shuffle(members, new Random(random.nextLong()));
        } else if (chance(5)) {
            Collections.shuffle(members.subList(1, members.size()), new Random(random.nextLong()));
        }
    }

    private String extraMember() {
        final String key = chance(60)
                ? String.valueOf(EXTRA_SINGLE_KEYS.charAt(random.nextInt(EXTRA_SINGLE_KEYS.length())))
                : EXTRA_LONG_KEYS[random.nextInt(EXTRA_LONG_KEYS.length)];
        final String value = switch (random.nextInt(8)) {
            case 0 -> "\"" + symbol() + "\"";
            case 1 -> "null";
            case 2 -> "true";
            case 3 -> "false";
            case 4 -> "[1,{\"a\":2}]";
            case 5 -> "{\"b\":[]}";
            default -> id();
        };
        return member(key, value);
    }

    private String levels() {
        final int count = chance(10) ? 0 : random.nextInt(13);
        final StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append('[').append(decimal()).append(',').append(decimal());
            if (chance(2)) {
                json.append(",[]");
            }
            json.append(']');
        }
        return json.append(']').toString();
    }

    /** Mostly a decimal string of 1 to 20 characters as Binance writes them, sometimes odder. */
    private String decimal() {
        if (chance(3)) {
            return (chance(30) ? "-" : "") + digits(1 + random.nextInt(12)) + (chance(50) ? "." + digits(1 + random.nextInt(8)) : "")
                    + (chance(30) ? "e-" + (1 + random.nextInt(9)) : "");
        }
        final int length = 1 + random.nextInt(20);
        final StringBuilder text = new StringBuilder();
        if (chance(10)) {
            text.append(chance(80) ? '-' : '+');
        }
        final int exponent = chance(8) && length > 3 ? 1 + random.nextInt(2) : 0;
        final int body = Math.max(1, length - text.length() - (exponent > 0 ? exponent + 1 : 0));
        final int point = chance(75) && body > 1 ? random.nextInt(body) : -1;
        for (int i = 0; i < body; i++) {
            text.append(i == point ? '.' : (char) ('0' + random.nextInt(10)));
        }
        if (exponent > 0) {
            text.append(chance(50) ? 'e' : 'E').append(chance(50) ? "-" : "").append(digits(exponent));
        }
        if (chance(1)) {
            text.append(chance(50) ? "x" : ".");
        }
        return "\"" + text + "\"";
    }

    /** Epoch milliseconds, sometimes of any length or type. */
    private String time() {
        if (chance(5)) {
            return switch (random.nextInt(5)) {
                case 0 -> "-" + digits(13);
                case 1 -> "\"" + digits(13) + "\"";
                case 2 -> digits(1 + random.nextInt(22));
                case 3 -> "1672515782136.5";
                default -> "0";
            };
        }
        return "1" + digits(12);
    }

    /** A whole number, sometimes very long, negative, a string or a fraction. */
    private String id() {
        if (chance(6)) {
            return switch (random.nextInt(5)) {
                case 0 -> digits(19 + random.nextInt(30));
                case 1 -> "-" + digits(1 + random.nextInt(10));
                case 2 -> "\"" + digits(5) + "\"";
                case 3 -> "12.5";
                default -> "0";
            };
        }
        return digits(1 + random.nextInt(12));
    }

    private String bool() {
        if (chance(3)) {
            return random.nextBoolean() ? "null" : "1";
        }
        return random.nextBoolean() ? "true" : "false";
    }

    private String symbol() {
        final int length = chance(2) ? 0 : 1 + random.nextInt(12);
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return text.toString();
    }

    /** {@code count} digits without a leading zero (JSON forbids one). */
    private String digits(int count) {
        final StringBuilder text = new StringBuilder().append((char) ('1' + random.nextInt(9)));
        for (int i = 1; i < count; i++) {
            text.append((char) ('0' + random.nextInt(10)));
        }
        return text.toString();
    }

    private static String member(String key, String value) {
        return "\"" + key + "\":" + value;
    }

    private boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }
}
