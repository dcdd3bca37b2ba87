package io.marketintel.pipeline.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Test support for the decoders' fuzz tests: turns a valid message into a few-times-mutated one,
 * the way a broken link, a buggy venue or an attacker would: bytes flipped, overwritten with the
 * format's own punctuation, runs of digits made huge, ranges cut, doubled or moved, a token of
 * the format inserted, the end cut off, two messages spliced. Mutations that keep most of the
 * structure are favoured, because a mutant that no longer looks like the format stops at the
 * first byte and tests nothing deeper. The same seed and generator state give the same mutant.
 *
 * <p>Not thread-safe: one per test.
 */
public final class FuzzMutator {
    private static final byte[] BOUNDARY = {0, 1, '0', '9', 0x7F, (byte) 0x80, (byte) 0xC3, (byte) 0xFF};

    private final byte[] punctuation;
    private final List<byte[]> tokens;
    private final List<byte[]> seeds;
    /** The generator of the mutant being made. */
    private SplittableRandom random;

    /**
     * @param punctuation single bytes that matter to the format (delimiters, signs, quotes)
     * @param tokens short byte strings of the format (keys, literals, huge numbers) to insert
     * @param seeds the valid messages, for splicing
     */
    public FuzzMutator(String punctuation, List<String> tokens, List<byte[]> seeds) {
        this.punctuation = punctuation.getBytes(StandardCharsets.ISO_8859_1);
        this.tokens = tokens.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
        this.seeds = seeds;
    }

    /** {@code seed} with one to four mutations drawn from {@code random}. */
    public byte[] mutate(byte[] seed, SplittableRandom random) {
        this.random = random;
        byte[] bytes = seed;
        final int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            bytes = mutateOnce(bytes);
        }
        return bytes;
    }

    private byte[] mutateOnce(byte[] in) {
        if (in.length == 0) {
            return insert(in, 0, token());
        }
        final int at = random.nextInt(in.length);
        return switch (random.nextInt(11)) {
            case 0 -> set(in, at, (byte) (in[at] ^ (1 << random.nextInt(8))));
            case 1 -> set(in, at, punctuation[random.nextInt(punctuation.length)]);
            case 2 -> set(in, at, BOUNDARY[random.nextInt(BOUNDARY.length)]);
            case 3 -> set(in, at, (byte) random.nextInt(256));
            case 4 -> insert(in, at, token());
            case 5 -> remove(in, at, 1 + random.nextInt(Math.min(16, in.length - at)));
            case 6 -> duplicate(in, at, 1 + random.nextInt(Math.min(32, in.length - at)));
            case 7 -> Arrays.copyOf(in, random.nextInt(in.length)); // cut short
            case 8 -> longDigits(in);
            case 9 -> splice(in, at);
            default -> insert(in, at, new byte[] {punctuation[random.nextInt(punctuation.length)]});
        };
    }

    private byte[] token() {
        return tokens.get(random.nextInt(tokens.size()));
    }

    private static byte[] set(byte[] in, int at, byte value) {
        final byte[] out = in.clone();
        out[at] = value;
        return out;
    }

    private static byte[] insert(byte[] in, int at, byte[] what) {
        final byte[] out = new byte[in.length + what.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(in, at, out, at + what.length, in.length - at);
        return out;
    }

    private static byte[] remove(byte[] in, int at, int length) {
        final byte[] out = new byte[in.length - length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(in, at + length, out, at, in.length - at - length);
        return out;
    }

    private static byte[] duplicate(byte[] in, int at, int length) {
        return insert(in, at, Arrays.copyOfRange(in, at, at + length));
    }

    /** A digit (if any) grown into a run of 1 to 40 digits: overflows, long ids, long fractions. */
    private byte[] longDigits(byte[] in) {
        final int start = random.nextInt(in.length);
        for (int i = 0; i < in.length; i++) {
            final int at = (start + i) % in.length;
            if (in[at] >= '0' && in[at] <= '9') {
                final byte[] digits = new byte[1 + random.nextInt(40)];
                for (int k = 0; k < digits.length; k++) {
                    digits[k] = (byte) ('0' + (k == 0 ? 1 + random.nextInt(9) : random.nextInt(10)));
                }
                return insert(in, at, digits);
            }
        }
        return insert(in, start, token());
    }

    /** The head of this message up to {@code at}, then the tail of another (or the same) seed. */
    private byte[] splice(byte[] in, int at) {
        final byte[] other = seeds.get(random.nextInt(seeds.size()));
        if (other.length == 0) {
            return Arrays.copyOf(in, at);
        }
        final int from = random.nextInt(other.length);
        final byte[] out = Arrays.copyOf(in, at + other.length - from);
        System.arraycopy(other, from, out, at, other.length - from);
        return out;
    }

    /** Printable form of bytes for failure messages: ASCII as is, SOH as '|', the rest as \xNN. */
    public static String describe(byte[] bytes) {
        final StringBuilder text = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            if (b == 1) {
                text.append('|');
            } else if (b >= 0x20 && b < 0x7F && b != '\\') {
                text.append((char) b);
            } else {
                text.append(String.format("\\x%02X", b & 0xFF));
            }
        }
        return text.toString();
    }
}
