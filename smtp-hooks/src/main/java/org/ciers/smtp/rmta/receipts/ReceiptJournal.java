package org.ciers.smtp.rmta.receipts;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.ciers.protocol.message.ValidationReceiptsRequest.Receipt;
import org.ciers.protocol.model.MessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receipts this server has recorded and not yet seen answered, on its own disk: append-only
 * segment files with a line per receipt ({@code <message_id> <validated_at>}) and a line per
 * receipt the authority answered for ({@code - <message_id>}, in the receipt's own segment, one
 * write per batch). A segment is deleted once every receipt in it was answered; appends then go to
 * a new one.
 *
 * <p>A receipt is written (one {@code write}) before the sender gets its 250, so a James that is
 * killed loses none; {@link #force()} puts the written lines on the disk itself, so a machine that
 * loses power loses at most what was written since the last call. After a restart the receipts of
 * the segments left that have no answered line are sent again; should the authority have counted
 * one whose answered line was not written, it comes back {@code duplicate}, which counts nothing
 * (spec §10). A line cut by a crash in the middle of its write was never followed by a 250, and is
 * skipped.
 */
final class ReceiptJournal implements Closeable {
    /** Receipts per segment: a segment of about 2 MB is deleted as soon as its last receipt is answered. */
    static final int SEGMENT_RECEIPTS = 10_000;
    private static final String PREFIX = "receipts-";
    private static final String SUFFIX = ".log";
    private static final String ANSWERED = "- ";
    private static final Logger LOGGER = LoggerFactory.getLogger(ReceiptJournal.class);

    /** A recorded receipt, and the segment that holds it until it is answered. */
    record Entry(Receipt receipt, Segment segment) {
    }

    /** One file of receipts, open for appends until all of it was answered; only the journal's lock reads or changes it. */
    static final class Segment {
        private final Path file;
        private final FileChannel channel;
        private int appended;
        private int outstanding;
        /** A write failed part way: the next one starts a line of its own, so the cut line cannot swallow it. */
        private boolean cut;

        private Segment(Path file) throws IOException {
            this.file = file;
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }

        private void write(String lines) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(((cut ? "\n" : "") + lines).getBytes(StandardCharsets.US_ASCII));
            try {
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                cut = false;
            } catch (IOException e) {
                cut = true;
                throw e;
            }
        }
    }

    private final Path directory;
    private final List<Entry> recovered = new ArrayList<>();
    private final List<Segment> open = new ArrayList<>();
    private Segment current;
    private long nextNumber;
    private int outstanding;
    private boolean closed;

    private final int maxOutstanding;

    private ReceiptJournal(Path directory, long nextNumber, int maxOutstanding) {
        this.directory = directory;
        this.nextNumber = nextNumber;
        this.maxOutstanding = maxOutstanding;
    }

    /**
     * Opens the journal in {@code directory} (created if missing) with the receipts its segments
     * still hold; it takes no more than {@code maxOutstanding} unanswered receipts at once.
     */
    static ReceiptJournal open(Path directory, int maxOutstanding) throws IOException {
        Files.createDirectories(directory);
        List<Path> segments;
        try (Stream<Path> files = Files.list(directory)) {
            segments = files.filter(file -> number(file) >= 0).sorted((x, y) -> Long.compare(number(x), number(y))).toList();
        }
        long nextNumber = segments.isEmpty() ? 0 : number(segments.get(segments.size() - 1)) + 1;
        ReceiptJournal journal = new ReceiptJournal(directory, nextNumber, maxOutstanding);
        synchronized (journal) {
            for (Path file : segments) {
                journal.recover(file);
            }
            if (!journal.recovered.isEmpty()) {
                LOGGER.info("CIERS: {} receipts recorded before the restart are to be sent from {}", journal.recovered.size(), directory);
            }
        }
        return journal;
    }

    /** The receipts found at opening, once. */
    synchronized List<Entry> takeRecovered() {
        List<Entry> taken = List.copyOf(recovered);
        recovered.clear();
        return taken;
    }

    /** Writes the receipt; when this returns, a killed James still has it. */
    synchronized Entry append(Receipt receipt) throws IOException {
        if (closed) {
            throw new IOException("the receipt journal in " + directory + " is closed");
        }
        if (outstanding >= maxOutstanding) {
            throw new IOException(outstanding + " receipts wait for the authority already (rmta.receipts.max.outstanding)");
        }
        if (current != null && current.appended >= SEGMENT_RECEIPTS) {
            current.channel.force(false);
            current = null;
        }
        if (current == null) {
            current = new Segment(directory.resolve(PREFIX + String.format("%019d", nextNumber++) + SUFFIX));
            open.add(current);
        }
        current.write(receipt.messageId().asString() + " " + receipt.validatedAt() + "\n");
        current.appended++;
        current.outstanding++;
        outstanding++;
        return new Entry(receipt, current);
    }

    /**
     * The authority answered for these receipts: each segment notes it in one write, and goes once
     * all of it was answered. A note that cannot be written costs only a duplicate after a restart.
     */
    synchronized void acknowledge(List<Entry> entries) {
        Map<Segment, StringBuilder> notes = new LinkedHashMap<>();
        for (Entry entry : entries) {
            notes.computeIfAbsent(entry.segment(), any -> new StringBuilder())
                .append(ANSWERED).append(entry.receipt().messageId().asString()).append('\n');
            entry.segment().outstanding--;
            outstanding--;
        }
        notes.forEach((segment, lines) -> {
            if (segment.outstanding == 0) {
                delete(segment);
            } else if (!closed) {
                try {
                    segment.write(lines.toString());
                } catch (IOException e) {
                    LOGGER.warn("CIERS: could not note answered receipts in {}; they are sent again after a restart", segment.file, e);
                }
            }
        });
    }

    /** Puts every line written so far on the disk itself. */
    synchronized void force() throws IOException {
        if (!closed) {
            for (Segment segment : open) {
                segment.channel.force(false);
            }
        }
    }

    /** Receipts recorded and not yet answered. */
    synchronized int outstanding() {
        return outstanding;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            for (Segment segment : open) {
                try {
                    segment.channel.force(false);
                    segment.channel.close();
                } catch (IOException e) {
                    LOGGER.warn("CIERS: could not close the receipt segment {}", segment.file, e);
                }
            }
        }
    }

    private void recover(Path file) throws IOException {
        Map<MessageId, Receipt> unanswered = new LinkedHashMap<>();
        // any byte a crash left is read, and the line holding it skipped
        String content = Files.readString(file, StandardCharsets.ISO_8859_1);
        for (String line : content.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            try {
                if (line.startsWith(ANSWERED)) {
                    unanswered.remove(MessageId.of(line.substring(ANSWERED.length())));
                    continue;
                }
                String[] fields = line.split(" ", -1);
                if (fields.length != 2) {
                    throw new IllegalArgumentException("not two fields");
                }
                Receipt receipt = new Receipt(MessageId.of(fields[0]), Instant.parse(fields[1]));
                unanswered.put(receipt.messageId(), receipt);
            } catch (IllegalArgumentException | DateTimeException cut) {
                LOGGER.warn("CIERS: skipped a line of {} cut by a crash: {}", file, cut.getMessage());
            }
        }
        if (unanswered.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        Segment segment = new Segment(file);
        open.add(segment);
        if (!content.endsWith("\n")) {
            // the cut line ends here, so that the next note starts a line of its own
            segment.write("\n");
        }
        segment.outstanding = unanswered.size();
        outstanding += unanswered.size();
        unanswered.values().forEach(receipt -> recovered.add(new Entry(receipt, segment)));
    }

    private void delete(Segment segment) {
        open.remove(segment);
        if (segment == current) {
            // appends go to a new segment: a restart then finds nothing of this one
            current = null;
        }
        try {
            segment.channel.close();
            Files.deleteIfExists(segment.file);
        } catch (IOException e) {
            LOGGER.warn("CIERS: could not delete the answered receipts of {}; they are sent again after a restart", segment.file, e);
        }
    }

    /** A segment file's number, or -1 for any other file. */
    private static long number(Path file) {
        String name = file.getFileName().toString();
        if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
