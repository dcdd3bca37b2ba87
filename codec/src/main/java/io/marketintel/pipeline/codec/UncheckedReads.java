package io.marketintel.pipeline.codec;

import java.nio.ByteOrder;
import org.agrona.BufferUtil;
import org.agrona.UnsafeApi;

/**
 * Reads of a buffer's memory without the bounds check that {@code DirectBuffer}'s accessors make
 * on every call, for scanners that check their whole range once and then read it many times: on
 * a trade frame the per-read checks measured about a fifth of the decode. Words are read
 * little-endian on every host, so that the byte at the lowest address is the lowest byte (what
 * {@link AsciiSwar} expects). The memory is addressed as {@code DirectBuffer} addresses it:
 * {@code byteArray()} (null for off-heap memory) and {@code addressOffset() + index}.
 *
 * <p>The caller guarantees {@code 0 <= index} and {@code index + size <= capacity}: an address
 * outside the buffer reads memory that is not the buffer's, or crashes the JVM. Because a slip
 * in that arithmetic would not show as an exception, the tests (and anyone chasing a suspected
 * one) run with {@code -Dpipeline.checkedReads=true}: every read of a {@code byte[]} is then
 * checked against the array's bounds and one outside them throws {@link
 * IndexOutOfBoundsException}. The flag is a static final, so without it the check is compiled
 * away. (Off-heap memory has no bounds to check here; the decoders' arithmetic is the same for
 * both, so the heap-backed tests and the fuzz campaign stand for it.) Stateless and thread-safe.
 */
public final class UncheckedReads {
    /** Whether reads are checked against their array's bounds ({@code -Dpipeline.checkedReads=true}). */
    public static final boolean CHECKED = Boolean.getBoolean("pipeline.checkedReads");
    private static final boolean LITTLE_ENDIAN_HOST = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private UncheckedReads() {
    }

    public static byte byteAt(byte[] array, long address) {
        if (CHECKED) {
            check(array, address, Byte.BYTES);
        }
        return UnsafeApi.getByte(array, address);
    }

    public static short shortLittleEndian(byte[] array, long address) {
        if (CHECKED) {
            check(array, address, Short.BYTES);
        }
        final short value = UnsafeApi.getShort(array, address);
        return LITTLE_ENDIAN_HOST ? value : Short.reverseBytes(value);
    }

    public static int intLittleEndian(byte[] array, long address) {
        if (CHECKED) {
            check(array, address, Integer.BYTES);
        }
        final int value = UnsafeApi.getInt(array, address);
        return LITTLE_ENDIAN_HOST ? value : Integer.reverseBytes(value);
    }

    public static long longLittleEndian(byte[] array, long address) {
        if (CHECKED) {
            check(array, address, Long.BYTES);
        }
        final long value = UnsafeApi.getLong(array, address);
        return LITTLE_ENDIAN_HOST ? value : Long.reverseBytes(value);
    }

    private static void check(byte[] array, long address, int size) {
        if (array == null) {
            return;
        }
        final long index = address - BufferUtil.ARRAY_BASE_OFFSET;
        if (index < 0 || index > array.length - size) {
            throw new IndexOutOfBoundsException("unchecked read of " + size + " bytes at index " + index
                    + " of a " + array.length + "-byte array");
        }
    }
}
