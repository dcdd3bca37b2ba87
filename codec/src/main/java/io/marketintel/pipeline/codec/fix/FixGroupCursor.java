package io.marketintel.pipeline.codec.fix;

/**
 * Walks the entries of one repeating group of a {@link FixMessageView} (see {@link
 * FixMessageView#group}): {@link #next()} moves to the next entry, {@link #indexOf(int)} finds a
 * field inside it, and the view's index-based typed reads ({@code decimalAt}, {@code charAt}, …)
 * read it. Entries are ranges of the view's field index, so walking allocates nothing and can be
 * repeated with {@link #rewind()}.
 *
 * <p>Not thread-safe; valid until the view is wrapped again.
 */
public final class FixGroupCursor {
    private FixMessageView view;
    private int delimiterTag;
    private int entryCount;
    private int firstIndex;
    private int groupEnd;
    private int entryNumber;
    private int entryStart;
    private int entryEnd;

    void reset(FixMessageView view, int delimiterTag, int entryCount, int firstIndex, int groupEnd) {
        this.view = view;
        this.delimiterTag = delimiterTag;
        this.entryCount = entryCount;
        this.firstIndex = firstIndex;
        this.groupEnd = groupEnd;
        rewind();
    }

    /** Back to before the first entry. */
    public void rewind() {
        entryNumber = 0;
        entryStart = firstIndex;
        entryEnd = firstIndex;
    }

    /** The number of entries (NoMDEntries and the like). */
    public int entryCount() {
        return entryCount;
    }

    /** 0-based number of the current entry, valid after {@link #next()} returned true. */
    public int entryNumber() {
        return entryNumber - 1;
    }

    /** Moves to the next entry; false when there is none. */
    public boolean next() {
        if (entryNumber == entryCount) {
            return false;
        }
        entryStart = entryEnd;
        int i = entryStart + 1;
        while (i < groupEnd && view.tagAt(i) != delimiterTag) {
            i++;
        }
        entryEnd = i;
        entryNumber++;
        return true;
    }

    /** First index of {@code tag} within the current entry, or -1. */
    public int indexOf(int tag) {
        return view.indexOf(tag, entryStart, entryEnd);
    }

    /** Field index of the entry's first field (its delimiter). */
    public int entryStart() {
        return entryStart;
    }

    /** Field index just past the entry's last field. */
    public int entryEnd() {
        return entryEnd;
    }
}
