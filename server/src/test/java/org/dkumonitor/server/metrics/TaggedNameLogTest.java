package org.dkumonitor.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaggedNameLogTest {

    @TempDir
    Path root;

    @Test
    void aNameRecordedByOneInstanceIsSeenByAnother() {
        TaggedNameLog writer = new TaggedNameLog(root);
        TaggedNameLog reader = new TaggedNameLog(root);
        assertEquals(List.of(), reader.names());
        writer.record("cpu;host=a");
        writer.record("cpu;host=a");
        writer.record("cpu;host=b");
        assertEquals(List.of("cpu;host=a", "cpu;host=b"), reader.names());
        new TaggedNameLog(root).record("cpu;host=a");
        assertEquals(2, Files.exists(root.resolve("_tagged/names.txt"))
                ? reader.names().size() : -1);
    }

    @Test
    void aForgottenNameIsGoneForEveryReaderEvenAfterLaterAppends() {
        TaggedNameLog writer = new TaggedNameLog(root);
        TaggedNameLog reader = new TaggedNameLog(root);
        writer.record("cpu;host=a");
        writer.record("cpu;host=b");
        assertEquals(List.of("cpu;host=a", "cpu;host=b"), reader.names());
        assertEquals(true, writer.forget("cpu;host=a"));
        assertEquals(false, writer.forget("cpu;host=zz"));
        // the rewritten list is shorter, then longer again than what the reader had read
        writer.record("cpu;host=c");
        writer.record("cpu;host=dddddddddddddddddddddd");
        assertEquals(List.of("cpu;host=b", "cpu;host=c", "cpu;host=dddddddddddddddddddddd"),
                reader.names());
        writer.record("cpu;host=a");
        assertEquals(4, reader.names().size(), "listed again when the persister opens it");
    }

    @Test
    void aLineStillBeingWrittenIsReadOnceComplete() throws Exception {
        TaggedNameLog reader = new TaggedNameLog(root);
        Path file = root.resolve("_tagged/names.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "a;x=1\nb;x=");
        assertEquals(List.of("a;x=1"), reader.names());
        Files.writeString(file, "2\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertEquals(List.of("a;x=1", "b;x=2"), reader.names());
    }

    @Test
    void theTreeListsTaggedSeriesByNameAndHidesTheirHashedFiles() throws Exception {
        Files.createDirectories(root.resolve("_tagged/abc/def"));
        Files.createFile(root.resolve("_tagged/abc/def/abcdef.wsp"));
        Files.createDirectories(root.resolve("servers"));
        Files.createFile(root.resolve("servers/load.wsp"));
        new TaggedNameLog(root).record("disk;dev=sda");
        MetricTree tree = new MetricTree(root,
                () -> new TreeSet<>(List.of("cpu;host=a", "new.metric")));
        assertEquals(List.of("new", "servers"), tree.find("*").stream().map(MetricNode::path)
                .toList());
        assertEquals(List.of(), tree.find("_tagged"));
        assertEquals(List.of("disk;dev=sda", "cpu;host=a"), tree.taggedNames());
    }
}
