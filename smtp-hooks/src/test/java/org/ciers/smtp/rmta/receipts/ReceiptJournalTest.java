package org.ciers.smtp.rmta.receipts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.ciers.protocol.message.ValidationReceiptsRequest.Receipt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receipt journal's files: what a reopened journal finds, and which segments go when answered. */
class ReceiptJournalTest {
    @TempDir
    Path directory;

    List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }

    @Test
    void aReopenedJournalHoldsEveryReceiptNotAnsweredAndNoneAnswered() throws Exception {
        List<Receipt> receipts = ReceiptOutboxTest.receipts(5);
        List<ReceiptJournal.Entry> entries = new ArrayList<>();
        try (ReceiptJournal journal = ReceiptJournal.open(directory, 1_000_000)) {
            for (Receipt receipt : receipts) {
                entries.add(journal.append(receipt));
            }
            journal.acknowledge(List.of(entries.get(1), entries.get(3)));
        }

        try (ReceiptJournal reopened = ReceiptJournal.open(directory, 1_000_000)) {
            assertThat(reopened.takeRecovered()).extracting(ReceiptJournal.Entry::receipt)
                .containsExactly(receipts.get(0), receipts.get(2), receipts.get(4));
            assertThat(reopened.outstanding()).isEqualTo(3);
            assertThat(reopened.takeRecovered()).isEmpty();
        }
    }

    @Test
    void aLineCutByACrashIsSkippedAndTheRestRecoveredAndAnsweredAfterwards() throws Exception {
        List<Receipt> receipts = ReceiptOutboxTest.receipts(2);
        try (ReceiptJournal journal = ReceiptJournal.open(directory, 1_000_000)) {
            journal.append(receipts.get(0));
            journal.append(receipts.get(1));
        }
        Path segment = segments().get(0);
        Files.writeString(segment, "ciers.RECEIPT0000000000000000000000002 2026-12-0", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);

        try (ReceiptJournal reopened = ReceiptJournal.open(directory, 1_000_000)) {
            List<ReceiptJournal.Entry> recovered = reopened.takeRecovered();
            assertThat(recovered).extracting(ReceiptJournal.Entry::receipt).containsExactlyElementsOf(receipts);
            reopened.acknowledge(recovered.subList(0, 1));
        }
        // the note of the answer starts a line of its own after the cut one
        try (ReceiptJournal reopened = ReceiptJournal.open(directory, 1_000_000)) {
            assertThat(reopened.takeRecovered()).extracting(ReceiptJournal.Entry::receipt).containsExactly(receipts.get(1));
        }
    }

    @Test
    void bytesACrashLeftInASegmentDoNotStopTheJournalFromOpening() throws Exception {
        Receipt receipt = ReceiptOutboxTest.receipts(1).get(0);
        Files.write(directory.resolve("receipts-0000000000000000007.log"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, '\n'});
        Files.writeString(directory.resolve("receipts-0000000000000000007.log"), receipt.messageId().asString() + " "
            + receipt.validatedAt() + "\n", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);

        try (ReceiptJournal reopened = ReceiptJournal.open(directory, 1_000_000)) {
            assertThat(reopened.takeRecovered()).extracting(ReceiptJournal.Entry::receipt).containsExactly(receipt);
        }
    }

    @Test
    void pastItsMostOutstandingReceiptsTheJournalTakesNoneUntilOneIsAnswered() throws Exception {
        List<Receipt> receipts = ReceiptOutboxTest.receipts(3);
        try (ReceiptJournal journal = ReceiptJournal.open(directory, 2)) {
            ReceiptJournal.Entry first = journal.append(receipts.get(0));
            journal.append(receipts.get(1));

            assertThatThrownBy(() -> journal.append(receipts.get(2))).isInstanceOf(IOException.class)
                .hasMessageContaining("rmta.receipts.max.outstanding");

            journal.acknowledge(List.of(first));
            journal.append(receipts.get(2));
            assertThat(journal.outstanding()).isEqualTo(2);
        }
    }

    @Test
    void aSegmentWhollyAnsweredIsDeletedAndAppendsGoToANewOne() throws Exception {
        try (ReceiptJournal journal = ReceiptJournal.open(directory, 1_000_000)) {
            ReceiptJournal.Entry first = journal.append(ReceiptOutboxTest.receipts(1).get(0));
            Path firstSegment = segments().get(0);

            journal.acknowledge(List.of(first));

            assertThat(segments()).isEmpty();
            journal.append(ReceiptOutboxTest.receipts(2).get(1));
            assertThat(segments()).hasSize(1).doesNotContain(firstSegment);
        }
    }

    @Test
    void aFullSegmentIsFollowedByANewOneAndDeletedWhenAllOfItIsAnswered() throws Exception {
        List<Receipt> receipts = ReceiptOutboxTest.receipts(ReceiptJournal.SEGMENT_RECEIPTS + 1);
        try (ReceiptJournal journal = ReceiptJournal.open(directory, 1_000_000)) {
            List<ReceiptJournal.Entry> entries = new ArrayList<>();
            for (Receipt receipt : receipts) {
                entries.add(journal.append(receipt));
            }
            assertThat(segments()).hasSize(2);

            journal.acknowledge(entries.subList(0, ReceiptJournal.SEGMENT_RECEIPTS));

            assertThat(segments()).hasSize(1);
            assertThat(Files.readAllLines(segments().get(0))).hasSize(1);
            assertThat(journal.outstanding()).isEqualTo(1);
        }
    }
}
